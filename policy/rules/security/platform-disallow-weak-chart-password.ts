import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { isChart } from "../../lib/charts-helm";
import { CHART_DEFAULT_PASSWORDS, chartBaseName } from "../../lib/security-charts";
import {
    isWellKnown,
    leavesOf,
    plaintextSecret,
    WELL_KNOWN_PASSWORDS,
    wellKnownPasswordsProperty,
} from "../../lib/security-secrets";
import type { Props } from "../../lib/resources";
import { valueAt } from "../../../contract/json";

const DEFAULTS = { wellKnownPasswords: [...WELL_KNOWN_PASSWORDS] };

/** adminPassword, rootPassword, auth.password, GF_SECURITY_ADMIN_PASSWORD; not passwordKey or existingSecret. */
const PASSWORD_KEY = /(password|passwd)$/i;

const isSet = (value: unknown) => value !== undefined && value !== null && value !== "";

export const platformDisallowWeakChartPassword: PlatformResourcePolicy = {
    name: "platform-disallow-weak-chart-password",
    description:
        "No Helm chart or release sets a password to a well-known value, leaves a chart's published default password in place or carries a secret in its values, named like one (password, token, key) or shaped like one (private key, URL password, known token format, high-entropy string).",
    severity: "critical",
    tags: [Topic.security],
    remediationSteps:
        "Point the chart at an existing Secret (e.g. grafana.admin.existingSecret) filled from random.RandomPassword instead of putting a password, token or key in its values; an empty password value lets most charts generate one.",
    configSchema: { properties: wellKnownPasswordsProperty },
    validateResource: (args, report) => {
        if (!isChart(args.type)) {
            return;
        }
        const { wellKnownPasswords } = withDefaults(DEFAULTS, args.getConfig);
        const values: Props = args.props.values ?? {};
        for (const leaf of leavesOf(values)) {
            const value = PASSWORD_KEY.test(leaf.name) ? leaf.node[leaf.key] : undefined;
            const secret = plaintextSecret(leaf.node, leaf.key, leaf.name);
            if (typeof value === "string" && isWellKnown(value, wellKnownPasswords)) {
                report(`values.${leaf.path} holds a well-known password`);
            } else if (secret !== undefined) {
                report(`values.${leaf.path} holds ${secret.phrase}; reference an existing Secret instead`);
            }
        }
        const chart = args.props.chart;
        if (typeof chart !== "string") {
            return;
        }
        const name = chartBaseName(chart);
        for (const known of CHART_DEFAULT_PASSWORDS.filter((d) => d.chart === name)) {
            const disabled = known.enabled !== undefined && valueAt(values, known.enabled) === false;
            // An explicit password, even "", replaces the default (an empty one makes the chart generate one).
            const overridden =
                valueAt(values, known.password) !== undefined ||
                known.overriddenBy.some((path) => isSet(valueAt(values, path)));
            if (!disabled && !overridden) {
                report(
                    `chart "${name}" leaves values.${known.password.join(".")} at its default "${known.value}"; set it or ${known.overriddenBy[0].join(".")}`,
                );
            }
        }
    },
};
