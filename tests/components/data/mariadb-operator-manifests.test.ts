import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import {
    MARIADB_OPERATOR_FULLNAME,
    MARIADB_OPERATOR_POD_LABELS,
    MARIADB_OPERATOR_RESOURCES,
    mariadbOperatorBudget,
    mariadbOperatorPods,
    mariadbOperatorProblem,
    mariadbOperatorValues,
} from "../../../components/data/mariadb-operator-manifests";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { quantity } from "../../../contract/quantity";
import { CHARTS, imageRef, type ChartPin } from "../../../contract/versions";
import { chartImages } from "../../../policy/lib/images";
import { platformDisallowLatestChartImageTag } from "../../../policy/rules/charts/platform-disallow-latest-chart-image-tag";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { kubernetesCoreV1ContainerDisallowUntrustedRegistry } from "../../../policy/rules/security/kubernetes-core-v1-container-disallow-untrusted-registry";
import { chartValuesProblems, keyProblems } from "../../../tools/validate/chart-values";
import { upstreamDataDir } from "../../../tools/validate/upstream-data";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.mariadbOperator;
const MIRROR = "harbor.example.com/mirror";
const CHART_DIR = path.join(upstreamDataDir("charts"), PIN.chart, PIN.version);
/** The chart's stored default values and its CRDs subchart's (empty upstream), read in place (never copied). */
const DEFAULTS = YAML.parse(fs.readFileSync(path.join(CHART_DIR, "values.yaml"), "utf8")) as Record<string, unknown>;
const APP_VERSION = String(
    (YAML.parse(fs.readFileSync(path.join(CHART_DIR, "Chart.yaml"), "utf8")) as { appVersion: string }).appVersion,
);

const VARIANTS = [1, 2, 3].flatMap((replicas) =>
    [undefined, MIRROR].map((mirror) => mariadbOperatorValues({ replicas, mirror })),
);
const ROLES = [
    ["controller", ""],
    ["webhook", "webhook."],
    ["certController", "certController."],
] as const;

describe("mariadb-operator chart values", () => {
    it("sets only keys the chart's stored 26.6.0 defaults have, or free-form blocks the pin lists", () => {
        for (const values of VARIANTS) {
            expect(chartValuesProblems(checkFor(PIN, values))).toEqual([]);
        }
        expect(keyProblems(checkFor(PIN, { webhook: { ha: { replica: 2 } } }))).toEqual([
            expect.stringContaining("values path webhook.ha.replica is neither a key"),
        ]);
        // The securityContext and affinity blocks default to `{}`: only the pin's free-form prefixes admit them.
        const strict = { ...checkFor(PIN, mariadbOperatorValues({ replicas: 2 })), freeform: [] };
        expect(keyProblems(strict)).toEqual(
            expect.arrayContaining([expect.stringContaining("values path webhook.podSecurityContext.runAsNonRoot")]),
        );
    });

    it("leaves the CRDs to their own chart and fixes the object names, whatever the release is called", () => {
        const values = mariadbOperatorValues({ replicas: 2 });
        expect(values).toMatchObject({
            fullnameOverride: "mariadb-operator",
            crds: { enabled: false },
            currentNamespaceOnly: false,
            rbac: { enabled: true, aggregation: { enabled: false } },
            metrics: { enabled: false },
            webhook: { enabled: true, port: 9443, cert: { certManager: { enabled: false } } },
            certController: { enabled: true },
        });
        // The chart's selectorLabels: `app.kubernetes.io/name` is the chart name, or with -webhook/-cert-controller.
        expect(MARIADB_OPERATOR_POD_LABELS).toEqual({
            controller: { "app.kubernetes.io/name": "mariadb-operator" },
            webhook: { "app.kubernetes.io/name": "mariadb-operator-webhook" },
            certController: { "app.kubernetes.io/name": "mariadb-operator-cert-controller" },
        });
        expect(MARIADB_OPERATOR_FULLNAME).toBe(PIN.chart);
    });

    it.each([1, 2, 3])("runs %i replica(s) of each Deployment, with leader election and a budget from two", (n) => {
        const values = mariadbOperatorValues({ replicas: n });
        for (const [, prefix] of ROLES) {
            expect(valueAt(values, `${prefix}ha`)).toEqual({ enabled: n > 1, replicas: n });
            expect(valueAt(values, `${prefix}pdb`)).toEqual({ enabled: n > 1, maxUnavailable: 1 });
        }
    });

    it("gives every container resources and the restricted contexts, and spreads each Deployment over nodes", () => {
        const values = mariadbOperatorValues({ replicas: 2 });
        for (const [role, prefix] of ROLES) {
            expect(valueAt(values, `${prefix}resources`)).toEqual(
                withEphemeralStorage(MARIADB_OPERATOR_RESOURCES[role]),
            );
            expect(valueAt(values, `${prefix}podSecurityContext`)).toMatchObject({
                runAsNonRoot: true,
                runAsUser: 65532,
                seccompProfile: { type: "RuntimeDefault" },
            });
            expect(valueAt(values, `${prefix}securityContext`)).toMatchObject({
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
            });
            const term = valueAt(
                values,
                `${prefix}affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`,
            );
            expect(term).toEqual([
                {
                    weight: 100,
                    podAffinityTerm: {
                        labelSelector: { matchLabels: MARIADB_OPERATOR_POD_LABELS[role] },
                        topologyKey: "kubernetes.io/hostname",
                    },
                },
            ]);
        }
    });

    it("pulls every image the chart runs or hands on through the mirror, at the chart's own tags", () => {
        const values = mariadbOperatorValues({ replicas: 2, mirror: MIRROR });
        // What the 26.6.0 templates write: `<repository>:<tag or the appVersion>`.
        for (const image of PIN.images) {
            const written = (key: string) =>
                valueAt(values, `${image.path}.${key}`) ?? valueAt(DEFAULTS, `${image.path}.${key}`);
            const tag = String(written("tag") || APP_VERSION);
            expect(`${written("repository")}:${tag}`).toBe(imageRef({ ...image.upstream, tag }, MIRROR));
        }
        expect(valueAt(values, "config.mariadbImage.repository")).toBe(`${MIRROR}/docker.io/library/mariadb`);
        const found = chartImages({ chart: PIN.chart, values });
        expect(found.map((i) => i.path).sort()).toEqual(PIN.images.map((i) => `values.${i.path}`).sort());
        expect(found.every((i) => i.image?.startsWith(`${MIRROR}/`))).toBe(true);
    });

    it("leaves the upstream registries without a mirror", () => {
        const images = chartImages({ chart: PIN.chart, values: mariadbOperatorValues({ replicas: 2 }) });
        expect(images.map((i) => i.image).sort()).toEqual([
            "docker.io/library/mariadb",
            "docker.io/mariadb/maxscale",
            "docker.io/mariadb/maxscale-prometheus-exporter-ubi",
            "docker.io/prom/mysqld-exporter",
            "ghcr.io/mariadb-operator/mariadb-operator",
            "ghcr.io/mariadb-operator/mariadb-operator",
            "ghcr.io/mariadb-operator/mariadb-operator",
        ]);
    });

    it("passes the pack's chart rules: declared resources, no latest tag, images only from the mirror", async () => {
        const chart = fixture(K8sType.chartV4, "mariadb-operator-chart", {
            chart: PIN.chart,
            values: mariadbOperatorValues({ replicas: 2, mirror: MIRROR }),
        });
        expect(await messages(platformMissingChartContainerResources, [chart])).toEqual([]);
        expect(await messages(platformDisallowLatestChartImageTag, [chart])).toEqual([]);
        const registry = kubernetesCoreV1ContainerDisallowUntrustedRegistry;
        expect(await messages(registry, [chart], { allowedRegistries: [MIRROR] })).toEqual([]);
        const upstream = { ...chart, props: { chart: PIN.chart, values: mariadbOperatorValues({ replicas: 2 }) } };
        expect(await messages(registry, [upstream], { allowedRegistries: [MIRROR] })).toHaveLength(PIN.images.length);
        const crds = fixture(K8sType.chartV4, "mariadb-operator-crds", { chart: CHARTS.mariadbOperatorCrds.chart });
        expect(await messages(platformMissingChartContainerResources, [crds])).toEqual([]);
        expect(await messages(registry, [crds], { allowedRegistries: [MIRROR] })).toEqual([]);
    });
});

describe("mariadb-operator budget", () => {
    it("holds each Deployment's replicas and a rollout's surge pod, and one Service", () => {
        expect(mariadbOperatorPods(2).map((p) => p.copies)).toEqual([3, 3, 3]);
        expect(mariadbOperatorBudget(2).quota).toEqual({
            // 3 × (50m + 10m + 10m), 3 × (128Mi + 32Mi + 32Mi); limits 3 × (500m + 2 × 100m), 3 × (512Mi + 2 × 128Mi).
            requestsCpu: "210m",
            requestsMemory: "576Mi",
            limitsCpu: "2100m",
            limitsMemory: "2304Mi",
            pods: 9,
            services: 1,
            persistentVolumeClaims: 0,
            requestsStorage: "0",
            gpus: 0,
        });
        expect(mariadbOperatorBudget(1).quota).toMatchObject({ pods: 6, requestsCpu: "140m" });
    });

    it("keeps every container within its LimitRange", () => {
        const { limits } = mariadbOperatorBudget(2);
        for (const c of Object.values(MARIADB_OPERATOR_RESOURCES)) {
            for (const key of ["cpu", "memory"] as const) {
                expect(quantity(c.requests[key])).toBeGreaterThanOrEqual(quantity(limits.min[key]));
                expect(quantity(c.limits[key])).toBeLessThanOrEqual(quantity(limits.max[key]));
                expect(quantity(c.requests[key])).toBeLessThanOrEqual(quantity(c.limits[key]));
            }
        }
    });

    it("refuses a replica count that is not a whole number of at least 1", () => {
        expect(mariadbOperatorProblem({ replicas: 2 })).toBeUndefined();
        expect(mariadbOperatorProblem({ replicas: 0 })).toBe(
            "args.replicas must be a whole number of at least 1, not 0",
        );
        expect(mariadbOperatorProblem({ replicas: 1.5 })).toMatch(/not 1\.5$/);
    });
});
