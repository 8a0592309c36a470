import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import type { KedaArgs } from "../../../components/inference/keda";
import {
    KEDA_METRICS_APISERVER_PORT,
    KEDA_OPERATOR_GRPC_PORT,
    KEDA_POD_LABELS,
    KEDA_REPLICAS,
    KEDA_WEBHOOK_PORT,
    kedaBudget,
    kedaFlows,
    kedaValues,
} from "../../../components/inference/keda-manifests";
import type { Endpoint } from "../../../components/network/flows";
import { valueAt } from "../../../contract/json";
import { KEDA_API_VERSION, KEDA_NAMESPACE } from "../../../contract/keda";
import { quantity } from "../../../contract/quantity";
import { CHARTS, enabledIn, imageRepository, type ChartPin } from "../../../contract/versions";
import { evaluatePolicies } from "../../../policy/harness/evaluate";
import { loadProfile } from "../../../policy/harness/profile";
import { chartImages } from "../../../policy/lib/images";
import { policies } from "../../../policy/pack";
import { ROOT, toHarnessResource } from "../../../tools/render/render";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { chartValuesProblems, mergeValues } from "../../../tools/validate/chart-values";
import { upstreamDataDir } from "../../../tools/validate/upstream-data";
import { capture, findResource } from "../../helpers/capture";
import { checkFor } from "../../helpers/chart-defaults";
import { chartRuleFindings } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.keda;
const MIRROR = "harbor.platform.example.com/mirror"; // the prod profile's allowed mirror
const DEFAULTS = YAML.parse(
    fs.readFileSync(path.join(upstreamDataDir("charts"), PIN.chart, PIN.version, "values.yaml"), "utf8"),
) as Record<string, unknown>;
const VARIANTS = [{}, { registryMirror: MIRROR }];
/** The values' block of each component in the security contexts (and resources and budgets). */
const BLOCKS = ["operator", "metricServer", "webhooks"];

/** The values as Helm sees them: the program's merged over the chart's defaults. */
const merged = (values: Record<string, unknown>) => mergeValues(DEFAULTS, values);

describe("keda chart values", () => {
    it("sets only keys the stored 2.20.2 chart reads, with and without a mirror", () => {
        for (const settings of VARIANTS) {
            expect([settings, chartValuesProblems(checkFor(PIN, kedaValues(settings)))]).toEqual([settings, []]);
        }
    });

    it("declares the operator, the metrics API server and the webhooks, and runs all three", () => {
        const values = kedaValues({});
        expect(PIN.containers.filter((c) => enabledIn(values, c)).map((c) => c.name)).toEqual([
            "keda-operator",
            "keda-operator-metrics-apiserver",
            "keda-admission-webhooks",
        ]);
        expect(PIN.containers.map((c) => c.resources)).toEqual(BLOCKS.map((b) => `resources.${b}`));
    });

    it("sets requests, a cpu and memory limit and ephemeral storage for every container", () => {
        const values = kedaValues({});
        for (const container of PIN.containers) {
            const pair = {
                cpu: expect.any(String),
                memory: expect.any(String),
                "ephemeral-storage": expect.any(String),
            };
            const resources = valueAt(values, container.resources);
            expect([container.name, resources]).toEqual([container.name, { requests: pair, limits: pair }]);
        }
    });

    it("runs every pod non-root on a read-only root filesystem without capabilities under RuntimeDefault", () => {
        const values = merged(kedaValues({}));
        for (const block of BLOCKS) {
            expect([block, valueAt(values, `podSecurityContext.${block}`)]).toEqual([
                block,
                expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }),
            ]);
            expect([block, valueAt(values, `securityContext.${block}`)]).toEqual([
                block,
                expect.objectContaining({
                    runAsNonRoot: true,
                    readOnlyRootFilesystem: true,
                    allowPrivilegeEscalation: false,
                    privileged: false,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                }),
            ]);
        }
    });

    it("runs two of each Deployment behind a budget, spread over the nodes by the chart's own pod labels", () => {
        const values = kedaValues({});
        for (const container of PIN.containers) {
            const { replicas } = container;
            const count = "valuesPath" in replicas ? valueAt(values, replicas.valuesPath) : undefined;
            expect([container.name, count]).toEqual([container.name, KEDA_REPLICAS]);
        }
        expect(KEDA_REPLICAS).toBe(2);
        expect(valueAt(values, "podDisruptionBudget")).toEqual(
            Object.fromEntries(BLOCKS.map((b) => [b, { maxUnavailable: 1 }])),
        );
        // The Deployments select `app: <operator.name>`, `<operator.name>-metrics-apiserver` and `<webhooks.name>`.
        const operator = String(valueAt(DEFAULTS, "operator.name"));
        expect(KEDA_POD_LABELS).toEqual({
            operator: { app: operator },
            metricsApiServer: { app: `${operator}-metrics-apiserver` },
            webhooks: { app: String(valueAt(DEFAULTS, "webhooks.name")) },
        });
        const spread = (key: string) => valueAt(values, `topologySpreadConstraints.${key}`) as Record<string, any>[];
        for (const [key, labels] of [
            ["operator", KEDA_POD_LABELS.operator],
            ["metricsServer", KEDA_POD_LABELS.metricsApiServer],
            ["webhooks", KEDA_POD_LABELS.webhooks],
        ] as const) {
            expect([key, spread(key)]).toEqual([
                key,
                [
                    {
                        maxSkew: 1,
                        topologyKey: "kubernetes.io/hostname",
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: labels },
                    },
                ],
            ]);
        }
    });

    it("installs the CRDs, watches every namespace, names the platform class and narrows the chart's RBAC", () => {
        const values = kedaValues({});
        expect(values).toMatchObject({
            crds: { install: true },
            watchNamespace: "",
            priorityClassName: "platform-critical",
            rbac: { aggregateToDefaultRoles: false, enabledCustomScaledRefKinds: false },
            permissions: { operator: { restrict: { secret: true } }, metricServer: { restrict: { secret: true } } },
            enableServiceLinks: false,
        });
        expect(PIN.priorityClasses).toEqual([{ path: "priorityClassName" }]);
    });

    it("names the ScaledObject API the stored CRDs serve", () => {
        const crd = YAML.parse(
            fs.readFileSync(
                path.join(upstreamDataDir("crds"), "keda", "v2.20.2", "keda.sh_scaledobjects.yaml"),
                "utf8",
            ),
        );
        const served = (crd.spec.versions as { name: string; served: boolean }[])
            .filter((v) => v.served)
            .map((v) => `${crd.spec.group}/${v.name}`);
        expect(served).toContain(KEDA_API_VERSION);
        expect(crd.spec.names.kind).toBe("ScaledObject");
    });

    it("sets the listening ports the flows open, the metrics API server's being the chart's own", () => {
        const values = kedaValues({});
        expect(valueAt(values, "service.portHttpsTarget")).toBe(KEDA_METRICS_APISERVER_PORT);
        expect(valueAt(DEFAULTS, "service.portHttpsTarget")).toBe(KEDA_METRICS_APISERVER_PORT);
        expect(valueAt(values, "webhooks.port")).toBe(KEDA_WEBHOOK_PORT);
        expect([KEDA_METRICS_APISERVER_PORT, KEDA_WEBHOOK_PORT, KEDA_OPERATOR_GRPC_PORT]).toEqual([6443, 9443, 9666]);
    });

    it("pulls every image through the mirror as <mirror>/ghcr.io plus the chart's repository", () => {
        const values = kedaValues({ registryMirror: MIRROR });
        for (const image of PIN.images) {
            const block = valueAt(values, image.path) as Record<string, unknown>;
            expect([image.path, `${String(block.registry)}/${String(block.repository)}`]).toEqual([
                image.path,
                imageRepository(image.upstream, MIRROR),
            ]);
            expect(block.tag).toBeUndefined();
        }
        expect(valueAt(values, "global.image.registry")).toBeUndefined();
        const found = chartImages({ chart: PIN.chart, values });
        expect(found).toHaveLength(3);
        for (const image of found) {
            expect([image.path, image.image?.startsWith(`${MIRROR}/ghcr.io/kedacore/`)]).toEqual([image.path, true]);
        }
    });

    it("leaves the upstream images without a mirror, as the pack reads them", () => {
        const found = chartImages({ chart: PIN.chart, values: kedaValues({}) });
        expect(found.map((i) => i.image).sort()).toEqual([
            "ghcr.io/kedacore/keda",
            "ghcr.io/kedacore/keda-admission-webhooks",
            "ghcr.io/kedacore/keda-metrics-apiserver",
        ]);
    });

    it("passes the pack's chart rules", async () => {
        for (const settings of VARIANTS) {
            expect([settings, await chartRuleFindings(PIN, "keda-chart", kedaValues(settings))]).toEqual([
                settings,
                [],
            ]);
        }
    });
});

describe("keda budget and flows", () => {
    it("sums each Deployment's two replicas and a surge pod into the quota, and bounds every container", () => {
        const budget = kedaBudget();
        // 3 × (50m + 50m + 10m) and 3 × (128Mi + 64Mi + 32Mi).
        expect(budget.quota).toMatchObject({
            pods: 9,
            services: 3,
            gpus: 0,
            requestsCpu: "330m",
            requestsMemory: "672Mi",
        });
        const values = kedaValues({});
        for (const container of PIN.containers) {
            const limits = valueAt(values, `${container.resources}.limits`) as Record<string, string>;
            const requests = valueAt(values, `${container.resources}.requests`) as Record<string, string>;
            expect(quantity(limits.cpu)).toBeLessThanOrEqual(quantity(budget.limits.max.cpu));
            expect(quantity(limits.memory)).toBeLessThanOrEqual(quantity(budget.limits.max.memory));
            expect(quantity(requests.cpu)).toBeGreaterThanOrEqual(quantity(budget.limits.min.cpu));
            expect(quantity(requests.memory)).toBeGreaterThanOrEqual(quantity(budget.limits.min.memory));
        }
    });

    it("opens the API server both ways, Prometheus to the operator and the operator's gRPC to the metrics server", () => {
        const addresses = { apiServers: ["10.0.0.10"], apiServiceIp: "10.96.0.1", nodeSources: ["10.0.0.0/24"] };
        const prometheus: Endpoint = {
            kind: "pods",
            name: "monitoring/prometheus",
            namespaces: ["monitoring"],
            labels: { "app.kubernetes.io/name": "prometheus" },
        };
        const flows = kedaFlows(addresses, prometheus);
        const pods = (app: string) => ({ kind: "pods", name: `keda/${app}`, namespaces: ["keda"], labels: { app } });
        const nodes = { kind: "cidrs", name: "cluster-nodes", cidrs: ["10.0.0.0/24"] };
        expect(flows.map((f) => [f.name, f.from, f.to, f.ports.map((p) => `${p.port}/${p.protocol}`)])).toEqual([
            [
                "keda-to-kube-apiserver",
                { kind: "pods", name: "keda", namespaces: ["keda"], labels: {} },
                { kind: "cidrs", name: "kube-apiserver", cidrs: ["10.0.0.10/32", "10.96.0.1/32"] },
                ["443/TCP", "6443/TCP"],
            ],
            ["nodes-to-keda-metrics-apiserver", nodes, pods("keda-operator-metrics-apiserver"), ["6443/TCP"]],
            ["nodes-to-keda-admission-webhooks", nodes, pods("keda-admission-webhooks"), ["9443/TCP"]],
            ["keda-operator-to-prometheus", pods("keda-operator"), prometheus, ["9090/TCP"]],
            [
                "keda-metrics-apiserver-to-keda-operator",
                pods("keda-operator-metrics-apiserver"),
                pods("keda-operator"),
                ["9666/TCP"],
            ],
        ]);
        expect(KEDA_NAMESPACE).toBe("keda");
    });
});

async function run(args: KedaArgs, inStack = false) {
    const { Keda } = await import("../../../components/inference/keda");
    const { ClusterInventory, PriorityClasses } = await import("../../../components/cluster");
    let namespaces: string[] = [];
    const { resources } = await capture(() => {
        if (inStack) {
            new PriorityClasses("platform");
            const node = { role: "worker", schedulable: true, cpu: "4", memory: "8Gi", gpus: 0 };
            new ClusterInventory("platform", {
                nodes: [1, 2].map((i) => ({ ...node, name: `node${i}`, ip: `10.0.0.${20 + i}` })),
                capacity: { cpu: 8, memory: 2 * 8 * 2 ** 30, gpus: 0 },
                registryMirror: MIRROR,
                namespaces: [KEDA_NAMESPACE],
                offline: false,
                networks: ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"],
            });
        }
        namespaces = [...new Keda("keda", args).namespaces.keys()];
    });
    return { resources, namespaces };
}

describe("Keda through mirrors", () => {
    let resources: readonly CapturedResource[];
    let namespaces: string[];

    beforeAll(async () => {
        ({ resources, namespaces } = await run({ registryMirror: MIRROR, chartMirror: MIRROR }));
    });

    it("creates keda as a restricted governed namespace sized by the budget", () => {
        expect(namespaces).toEqual(["keda"]);
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "keda");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "keda-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "9", services: "3", "requests.cpu": "330m" });
    });

    it("installs the pinned chart from the mirror as release keda after its namespace", () => {
        const chart = findResource(resources, "kubernetes:helm.sh/v4:Chart", "keda-chart");
        expect(chart.inputs).toMatchObject({
            chart: `oci://${MIRROR}/charts/keda`,
            version: "2.20.2",
            namespace: "keda",
            name: "keda",
        });
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "keda");
        expect(chart.dependencies).toContain(ns.urn);
        expect(valueAt(chart.inputs.values, "image.keda.registry")).toBe(`${MIRROR}/ghcr.io`);
    });
});

describe("Keda in a stack, and from upstream", () => {
    it("passes the whole pack under the prod profile", async () => {
        const { resources } = await run({ registryMirror: MIRROR, chartMirror: MIRROR }, true);
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    });

    it("pulls the chart from kedacore's repository and keeps the upstream images", async () => {
        const { resources } = await run({});
        const chart = findResource(resources, "kubernetes:helm.sh/v4:Chart", "keda-chart");
        expect(chart.inputs).toMatchObject({
            chart: "keda",
            version: "2.20.2",
            repositoryOpts: { repo: "https://kedacore.github.io/charts" },
        });
        expect(valueAt(chart.inputs.values, "image.keda")).toBeUndefined();
    });
});
