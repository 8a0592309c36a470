import { exporterPodLabels, jobPodLabels, mariadbPodLabels, valkeyPodLabels } from "../../components/data";
import { renderStack } from "../../tools/render/render";
import type { CapturedResource } from "../../tools/runtime/capture";
import { ofType } from "../helpers/capture";

type Labels = Readonly<Record<string, string>>;

const WEB = "web";
const POD_TEMPLATE_TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"];

/**
 * Pods no render shows, each with the labels its operator (or chart) documents and the rendered resource it comes
 * from: mariadb-operator's members, its exporter and its backup and restore Jobs (components/data/mariadb*.ts), the valkey
 * chart's pods (its templates, whose children a render does not expand).
 */
function operatorPods(resources: readonly CapturedResource[]): { what: string; from: string; labels: Labels }[] {
    const named = (type: string, name: string) =>
        ofType(resources, type).some((r) => (r.inputs as any).metadata?.name === name || r.name === name);
    return [
        {
            what: "MariaDB members",
            from: "MariaDB mariadb",
            labels: mariadbPodLabels("mariadb"),
            ok: named("kubernetes:k8s.mariadb.com/v1alpha1:MariaDB", "mariadb"),
        },
        {
            what: "backup Job pods",
            from: "Backup mariadb-backup",
            labels: jobPodLabels("mariadb", "backup"),
            ok: named("kubernetes:k8s.mariadb.com/v1alpha1:Backup", "mariadb-backup"),
        },
        {
            what: "restore Job pods",
            from: "MariaDB mariadb (restoreSpec)",
            labels: jobPodLabels("mariadb", "restore"),
            ok: named("kubernetes:k8s.mariadb.com/v1alpha1:MariaDB", "mariadb"),
        },
        {
            what: "metrics exporter pods",
            from: "MariaDB mariadb (spec.metrics)",
            labels: exporterPodLabels("mariadb"),
            ok: ofType(resources, "kubernetes:k8s.mariadb.com/v1alpha1:MariaDB").some(
                (r) => (r.inputs as any).spec.metrics?.enabled === true,
            ),
        },
        {
            what: "Valkey pods",
            from: "Chart valkey-chart",
            labels: valkeyPodLabels("valkey"),
            ok: named("kubernetes:helm.sh/v4:Chart", "valkey-chart"),
        },
    ]
        .filter((p) => p.ok)
        .map(({ what, from, labels }) => ({ what, from, labels }));
}

function selects(selector: Labels, labels: Labels): boolean {
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Every pod selector a policy in `web` uses for pods in `web`: its own, and its peers' without another namespace. */
function selectors(policy: any): Labels[] {
    const own = policy.spec.podSelector?.matchLabels ?? {};
    const peers = [
        ...(policy.spec.ingress ?? []).flatMap((r: any) => r.from ?? []),
        ...(policy.spec.egress ?? []).flatMap((r: any) => r.to ?? []),
    ]
        .filter((p: any) => p.podSelector !== undefined && p.namespaceSelector === undefined)
        .map((p: any) => p.podSelector.matchLabels ?? {});
    return [own, ...peers].filter((s: Labels) => Object.keys(s).length > 0);
}

describe.each(["stage", "prod"])("the %s stack's NetworkPolicies in web", (stack) => {
    it("select pods the render declares or pods an operator creates from a rendered resource", async () => {
        const { resources } = await renderStack({ stack });
        const declared: Labels[] = resources
            .filter((r) => POD_TEMPLATE_TYPES.includes(r.type) && (r.inputs as any).metadata?.namespace === WEB)
            .map((r) => (r.inputs as any).spec.template.metadata.labels);
        const operated = operatorPods(resources);
        expect(operated.map((p) => `${p.what} from ${p.from}`)).toEqual([
            "MariaDB members from MariaDB mariadb",
            "backup Job pods from Backup mariadb-backup",
            "restore Job pods from MariaDB mariadb (restoreSpec)",
            "metrics exporter pods from MariaDB mariadb (spec.metrics)",
            "Valkey pods from Chart valkey-chart",
        ]);
        const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").filter(
            (r) => (r.inputs as any).metadata.namespace === WEB,
        );
        expect(policies.length).toBeGreaterThan(10);
        const unmatched = policies.flatMap((p) =>
            selectors(p.inputs)
                .filter((s) => !declared.some((l) => selects(s, l)) && !operated.some((o) => selects(s, o.labels)))
                .map((s) => `${(p.inputs as any).metadata.name}: ${JSON.stringify(s)}`),
        );
        expect(unmatched).toEqual([]);
    });
});
