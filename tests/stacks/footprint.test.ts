import { readInventoryData } from "../../contract/inventory";
import {
    add,
    commitments,
    eligibleNodes,
    entryTotal,
    footprintEntries,
    nodeCapacities,
    podResources,
    schedulableRequests,
    ZERO,
    type Amount,
    type FootprintEntry,
    type NodeCapacity,
    type Resources,
} from "../../contract/footprint";
import { K8sType } from "../../contract/k8s-types";
import { footprintReport, toFootprintResource, type FootprintReport } from "../../tools/render/footprint";
import { formatMemoryBytes, formatMilliCpu, reportMarkdown } from "../../tools/render/footprint-markdown";
import { renderStack } from "../../tools/render/render";
import type { ChartPin } from "../../contract/pins";
import { chart, container, DEMO_PIN, DEMO_VALUES, LAB, LAB_PINS, inventory, res, workload } from "./footprint-fixtures";

const MI = 2 ** 20;
const GI = 2 ** 30;
/** The platform's requests on schedulable nodes, summed over the report's entries. */
function schedulablePlatform(report: FootprintReport): Amount {
    return report.areas
        .flatMap((a) => a.components.flatMap((c) => c.entries))
        .reduce((t, e) => add(t, schedulableRequests(e)), ZERO);
}

const nodes = nodeCapacities(readInventoryData(inventory().inputs.data).nodes) as NodeCapacity[];
const resources = LAB.map(toFootprintResource);

/** An entry's [name, replicas, cpu m, memory Mi] for compact exact assertions. */
function brief(e: FootprintEntry): [string, number, number, number] {
    const total = entryTotal(e);
    return [e.name, e.replicas, total.requests.milliCpu, total.requests.memoryBytes / MI];
}

function requests(r: Resources): [number, number] {
    return [r.requests.milliCpu, r.requests.memoryBytes / MI];
}

describe("podResources", () => {
    it("takes the larger of the app containers' sum and the largest init container, per resource", () => {
        const r = podResources({
            initContainers: [container("init", { cpu: "500m", memory: "32Mi" }, { cpu: "1", memory: "64Mi" })],
            containers: [
                container("a", { cpu: "100m", memory: "128Mi" }, { cpu: "200m", memory: "256Mi" }),
                container("b", { cpu: "200m", memory: "64Mi" }, { cpu: "300m", memory: "128Mi" }),
            ],
        });
        expect(r).toEqual({
            requests: { milliCpu: 500, memoryBytes: 192 * MI },
            limits: { milliCpu: 1000, memoryBytes: 384 * MI },
            unbounded: { cpu: false, memory: false },
        });
    });

    it("adds sidecars to the app containers and to the init containers started after them, and the overhead", () => {
        const r = podResources({
            initContainers: [
                container("proxy", { cpu: "50m", memory: "32Mi" }, { memory: "32Mi" }, { restartPolicy: "Always" }),
                container("setup", { cpu: "400m", memory: "16Mi" }, { memory: "16Mi" }),
            ],
            containers: [container("app", { cpu: "100m", memory: "64Mi" }, { memory: "64Mi" })],
            overhead: { cpu: "10m", memory: "8Mi" },
        });
        expect(requests(r)).toEqual([460, 104]);
        expect(r.unbounded).toEqual({ cpu: true, memory: false });
    });

    it("defaults a missing request to its limit, as the API server does", () => {
        expect(
            requests(podResources({ containers: [container("a", undefined, { cpu: "1", memory: "1Gi" })] })),
        ).toEqual([1000, 1024]);
    });
});

describe("eligibleNodes", () => {
    const names = (spec: object) => eligibleNodes(spec, nodes).map((n) => n.name);

    it("puts a DaemonSet on the workers only, unless it tolerates the control-plane or GPU taint", () => {
        expect(names({})).toEqual(["w1", "w2"]);
        expect(
            names({ tolerations: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }),
        ).toEqual(["cp1", "w1", "w2"]);
        expect(names({ tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }] })).toEqual(["w1", "w2", "gpu1"]);
        expect(names({ tolerations: [{ operator: "Exists" }] })).toEqual(["cp1", "w1", "w2", "gpu1"]);
    });

    it("keeps a DaemonSet that selects GPU nodes on them", () => {
        const spec = {
            nodeSelector: { accelerator: "nvidia" },
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }],
        };
        expect(names(spec)).toEqual(["gpu1"]);
    });
});

describe("footprintEntries", () => {
    const { entries, charts } = footprintEntries(resources, nodes, LAB_PINS);

    it("counts workloads, HPA minReplicas, jobs' parallelism, and chart containers from values", () => {
        expect(entries.map(brief)).toEqual([
            ["etl", 1, 250, 512],
            ["agent", 2, 20, 32],
            ["controller", 2, 200, 256],
            ["speaker", 4, 200, 256],
            ["webhook", 1, 0, 0],
            ["collector", 2, 1000, 512],
            ["site", 3, 300, 384],
        ]);
        expect(entries.map((e) => [e.source, e.basis])).toEqual([
            ["pod", "parallelism"],
            ["pod", "one per eligible node"],
            ["chart", "controller.replicas"],
            ["chart", "one per node"],
            ["chart", "fixed"],
            ["pod", 'HPA "collector" minReplicas'],
            ["pod", "spec.replicas"],
        ]);
    });

    it("places a per-node chart container on every node, and counts only its schedulable copies as such", () => {
        const speaker = entries.find((e) => e.name === "speaker")!;
        expect(speaker.placement).toEqual({ pods: { "control-plane": 1, worker: 2, gpu: 1 }, schedulable: 3 });
    });

    it("places a per-GPU-node chart container on the GPU nodes only", () => {
        const pin: ChartPin = {
            ...DEMO_PIN,
            chart: "gpu-agents",
            containers: [{ name: "device-plugin", resources: "plugin.resources", replicas: { perNode: "gpu" } }],
        };
        const agents = chart("gpu-agents", "gpu-operator", "gpu-agents", {
            plugin: { resources: { requests: { cpu: "20m", memory: "64Mi" } } },
        });
        const [plugin] = footprintEntries([toFootprintResource(agents)], nodes, [pin]).entries;
        expect([plugin.basis, plugin.replicas, plugin.placement]).toEqual([
            "one per GPU node",
            1,
            { pods: { "control-plane": 0, worker: 0, gpu: 1 }, schedulable: 1 },
        ]);
    });

    it("flags a declared container whose values set no requests", () => {
        expect(entries.filter((e) => !e.declared).map((e) => e.name)).toEqual(["webhook"]);
    });

    it("matches a chart pulled through a mirror to its pin by chart name", () => {
        expect(charts.map((c) => [c.name, c.chart, c.counted])).toEqual([["demo-chart", "demo", "values"]]);
    });

    it("prefers spec.replicas over an HPA's minReplicas", () => {
        const withReplicas = LAB.map((r) =>
            r.name === "collector" && r.type === K8sType.deployment
                ? { ...r, inputs: { ...r.inputs, spec: { ...(r.inputs.spec as object), replicas: 5 } } }
                : r,
        );
        const found = footprintEntries(withReplicas.map(toFootprintResource), nodes, LAB_PINS).entries;
        expect(brief(found.find((e) => e.name === "collector")!)).toEqual(["collector", 5, 2500, 1280]);
    });

    it("counts a chart with children (a real preview) from its children, not its values", () => {
        const c = chart("demo-chart", "demo-system", "demo", DEMO_VALUES);
        const child = workload(
            K8sType.deployment,
            "demo-system",
            "demo-controller",
            { replicas: 1, template: { spec: { containers: [container("c", { cpu: "300m", memory: "300Mi" })] } } },
            c.urn,
        );
        const found = footprintEntries([c, child].map(toFootprintResource), nodes, [DEMO_PIN]);
        expect(found.entries.map((e) => [e.source, ...brief(e)])).toEqual([["chart", "demo-controller", 1, 300, 300]]);
        expect(found.charts.map((c) => c.counted)).toEqual(["children"]);
    });

    it("counts nothing for a chart without a pin, and says so", () => {
        const found = footprintEntries(
            [chart("bare", "default", "oci://registry.example.com/bare", {})].map(toFootprintResource),
            nodes,
            LAB_PINS,
        );
        expect([found.entries, found.charts.map((c) => c.counted)]).toEqual([[], ["undeclared"]]);
    });

    it("counts a per-node container once without an inventory", () => {
        const found = footprintEntries(resources, undefined, LAB_PINS).entries;
        expect(found.filter((e) => ["agent", "speaker"].includes(e.name)).map(brief)).toEqual([
            ["agent", 1, 10, 16],
            ["speaker", 1, 50, 64],
        ]);
    });

    it("counts the Envoy proxies an EnvoyProxy asks Envoy Gateway for", () => {
        const proxy = res("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "proxy", {
            metadata: { name: "platform", namespace: "envoy-gateway-system" },
            spec: {
                provider: {
                    kubernetes: {
                        envoyDeployment: {
                            replicas: 2,
                            container: { resources: { requests: { cpu: "100m", memory: "128Mi" } } },
                        },
                    },
                },
            },
        });
        const found = footprintEntries([toFootprintResource(proxy)], nodes, []).entries;
        expect(found.map((e) => [e.source, e.kind, ...brief(e)])).toEqual([
            ["managed", "EnvoyProxy", "envoy", 2, 200, 256],
        ]);
    });
});

describe("commitments", () => {
    const { entries } = footprintEntries(resources, nodes, LAB_PINS);

    it("counts the platform's schedulable requests per area, then each tenant's quota or unquota'd pods", () => {
        expect(commitments(resources, entries, "cpu")).toEqual({
            platform: [
                { label: "platform network", value: 370 },
                { label: "platform observability", value: 1000 },
            ],
            tenants: [
                { label: "workloads in batch", value: 250 },
                { label: "quota web/web-quota", value: 2000 },
            ],
        });
        expect(commitments(resources, entries, "memory").tenants).toEqual([
            { label: "workloads in batch", value: 512 * MI },
            { label: "quota web/web-quota", value: 4 * GI },
        ]);
    });
});

describe("footprintReport", () => {
    const report: FootprintReport = footprintReport("lab", LAB, LAB_PINS);

    it("totals the platform per area and source, leaving tenant namespaces to their quotas", () => {
        expect(report.areas.map((a) => [a.area, ...requests(a.split.total)])).toEqual([
            ["network", 420, 544],
            ["observability", 1000, 512],
        ]);
        expect([
            requests(report.platform.pod),
            requests(report.platform.chart),
            requests(report.platform.total),
        ]).toEqual([
            [1020, 544],
            [400, 512],
            [1420, 1056],
        ]);
        expect(report.tenantWorkloads.map((e) => e.name)).toEqual(["etl", "site"]);
    });

    it("sums limits, marking those some container leaves unbounded", () => {
        expect(report.platform.total.limits).toEqual({ milliCpu: 1040, memoryBytes: 2112 * MI });
        expect(report.platform.total.unbounded).toEqual({ cpu: true, memory: true });
    });

    it("compares the platform's requests with each node role's declared capacity", () => {
        expect(report.roles!.map((r) => [r.role, r.nodes, r.capacity.milliCpu, r.platform.milliCpu])).toEqual([
            ["control-plane", 1, 2000, 50],
            ["worker", 2, 4000, 1320],
            ["gpu", 1, 4000, 50],
        ]);
        expect(schedulablePlatform(report)).toEqual({ milliCpu: 1370, memoryBytes: 992 * MI });
    });

    it("shows each system namespace's budget against what its pods request", () => {
        expect(report.budgets).toEqual([
            {
                namespace: "demo-system",
                quota: "demo-system-quota",
                budget: { milliCpu: 1000, memoryBytes: GI },
                requested: { milliCpu: 420, memoryBytes: 544 * MI },
            },
        ]);
    });

    it("checks that the platform plus the tenants' quotas fit the schedulable capacity", () => {
        expect(report.fit!.cpu).toMatchObject({ capacity: 8000, committed: 3620, free: 4380, fits: true });
        expect(report.fit!.memory).toMatchObject({ capacity: 20 * GI, committed: 5600 * MI, fits: true });
    });

    it("writes the tables with cpu in cores or millicores and memory in Mi or Gi", () => {
        const md = reportMarkdown(report);
        expect(md).toContain("| **platform** | 1.42 | ≥ 1.04 | 1.03Gi | ≥ 2.06Gi |");
        expect(md).toContain("| worker | 2 | 4 | 1.32 | 33.0% | 4Gi | 928Mi | 22.7% |");
        expect(md).toContain("| quota web/web-quota | 2 | 4Gi |");
        expect(md).toContain("| **committed** | 3.62 | 5.47Gi |");
        expect(md).toContain("- demo-system/webhook (demo)");
    });
});

describe("formatting", () => {
    it("prints cpu as cores from one core up and millicores below", () => {
        expect([0, 5, 580, 1000, 1250, 3000].map(formatMilliCpu)).toEqual(["0", "5m", "580m", "1", "1.25", "3"]);
    });

    it("prints memory in Gi from one GiB up and Mi below", () => {
        expect([0, 512, 64 * MI, 1.5 * MI, GI, 3.75 * GI].map(formatMemoryBytes)).toEqual([
            "0",
            "512",
            "64Mi",
            "1.5Mi",
            "1Gi",
            "3.75Gi",
        ]);
    });
});

describe("the stage render's footprint", () => {
    let json: FootprintReport;
    let md: string;

    beforeAll(async () => {
        const result = await renderStack({ stack: "stage" });
        json = JSON.parse(result.files["footprint.json"]) as FootprintReport;
        md = result.files["footprint.md"];
    });

    it("writes footprint.json and footprint.md", () => {
        expect(md).toMatch(/^# Footprint: stage\n/);
        expect(json.stack).toBe("stage");
        expect(json.areas.length).toBeGreaterThan(0);
    });

    it("totals equal the sum of the parts: entries, components, areas, platform", () => {
        const add = (rs: readonly Resources[]) =>
            rs.reduce((t, r) => t + r.requests.milliCpu * MI + r.requests.memoryBytes, 0);
        for (const area of json.areas) {
            for (const c of area.components) {
                expect(add(c.entries.map((e) => e.total))).toBe(add([c.split.total]));
            }
            expect(add(area.components.map((c) => c.split.total))).toBe(add([area.split.total]));
        }
        expect(add(json.areas.map((a) => a.split.total))).toBe(add([json.platform.total]));
        expect(add([json.platform.pod, json.platform.chart, json.platform.managed])).toBe(add([json.platform.total]));
        for (const fit of [json.fit!.cpu, json.fit!.memory]) {
            expect([...fit.platform, ...fit.tenants].reduce((t, c) => t + c.value, 0)).toBe(fit.committed);
        }
    });

    it("keeps the nodes of the stage lab in its roles", () => {
        expect(json.roles!.map((r) => [r.role, r.nodes])).toEqual([
            ["control-plane", 1],
            ["worker", 3],
            ["gpu", 1],
        ]);
    });
});
