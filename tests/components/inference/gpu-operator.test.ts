import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import type { GpuOperatorArgs } from "../../../components/inference/gpu-operator";
import {
    DCGM_EXPORTER_PORT,
    dcgmExporterPodLabels,
    devicePluginConfig,
    devicePluginConfigMap,
    gpuOperatorBudget,
    gpuOperatorFlows,
    gpuOperatorPods,
    gpuOperatorSettingsProblem,
    gpuOperatorValues,
    operatorRuntimeClass,
    RUNTIME_CLASS,
    type GpuOperatorSettings,
} from "../../../components/inference/gpu-operator-manifests";
import { isRecord, valueAt } from "../../../contract/json";
import { CHARTS, enabledIn, imageRepository, type ChartPin } from "../../../contract/versions";
import { evaluatePolicies } from "../../../policy/harness/evaluate";
import { loadProfile } from "../../../policy/harness/profile";
import { chartImages } from "../../../policy/lib/images";
import { policies } from "../../../policy/pack";
import { ROOT, toHarnessResource } from "../../../tools/render/render";
import { chartValuesProblems } from "../../../tools/validate/chart-values";
import { upstreamDataDir } from "../../../tools/validate/upstream-data";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";
import { checkFor } from "../../helpers/chart-defaults";
import { chartRuleFindings } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.gpuOperator;
const MIRROR = "harbor.platform.example.com/mirror"; // the prod profile's allowed mirror
const BASE: GpuOperatorSettings = { driver: false, toolkit: false, gpuNodes: 2 };
const DIR = path.join(upstreamDataDir("charts"), PIN.chart, PIN.version);
const DEFAULTS = YAML.parse(fs.readFileSync(path.join(DIR, "values.yaml"), "utf8")) as Record<string, unknown>;
const NFD_DEFAULTS = YAML.parse(fs.readFileSync(path.join(DIR, "node-feature-discovery", "values.yaml"), "utf8"));

/** Every combination of the settings that change the values. */
const VARIANTS: GpuOperatorSettings[] = [false, true].flatMap((driver) =>
    [false, true].flatMap((toolkit) =>
        [undefined, { replicasPerGpu: 4 }].flatMap((timeSlicing) =>
            [undefined, MIRROR].map((registryMirror) => ({ ...BASE, driver, toolkit, timeSlicing, registryMirror })),
        ),
    ),
);

/** What a values path holds after Helm merges the program's values over the chart's (and subchart's) defaults. */
function merged(values: Record<string, unknown>, at: string): unknown {
    const nfd = "node-feature-discovery.";
    const fallback = at.startsWith(nfd) ? valueAt(NFD_DEFAULTS, at.slice(nfd.length)) : valueAt(DEFAULTS, at);
    return valueAt(values, at) ?? fallback;
}

describe("gpu-operator chart values", () => {
    it("sets only keys the stored v26.7.0 chart and its node-feature-discovery 0.19.0 read, in every variant", () => {
        for (const settings of VARIANTS) {
            expect([settings, chartValuesProblems(checkFor(PIN, gpuOperatorValues(settings)))]).toEqual([settings, []]);
        }
    });

    it("sets requests, a cpu and memory limit and ephemeral storage for every container that runs", () => {
        for (const settings of VARIANTS) {
            const values = gpuOperatorValues(settings);
            for (const container of PIN.containers.filter((c) => enabledIn(values, c))) {
                const pair = {
                    cpu: expect.any(String),
                    memory: expect.any(String),
                    "ephemeral-storage": expect.any(String),
                };
                const resources = valueAt(values, container.resources);
                expect([container.name, resources]).toEqual([container.name, { requests: pair, limits: pair }]);
            }
        }
    });

    it("runs the driver and the toolkit only when asked, and sizes them then", () => {
        const neither = gpuOperatorValues(BASE);
        expect(neither).toMatchObject({ driver: { enabled: false }, toolkit: { enabled: false } });
        expect(valueAt(neither, "driver.resources")).toBeUndefined();
        const both = gpuOperatorValues({ ...BASE, driver: true, toolkit: true });
        expect(valueAt(both, "driver")).toMatchObject({
            enabled: true,
            resources: { limits: { cpu: "2", memory: "2Gi", "ephemeral-storage": "4Gi" } },
        });
        expect(valueAt(both, "toolkit.enabled")).toBe(true);
        const running = (settings: GpuOperatorSettings) =>
            PIN.containers.filter((c) => enabledIn(gpuOperatorValues(settings), c)).map((c) => c.name);
        expect(running(BASE)).toHaveLength(PIN.containers.length - 2);
        expect(running({ ...BASE, driver: true, toolkit: true })).toHaveLength(PIN.containers.length);
    });

    it("turns off what a T4 cluster does not use and the DCGM exporter's own ServiceMonitor", () => {
        const values = gpuOperatorValues(BASE);
        const off =
            "dcgm migManager nodeStatusExporter gds gdrcopy vgpuManager vgpuDeviceManager vfioManager kataManager";
        for (const component of [...off.split(" "), "sandboxDevicePlugin", "kataSandboxDevicePlugin", "ccManager"]) {
            expect([component, valueAt(values, `${component}.enabled`)]).toEqual([component, false]);
        }
        expect(valueAt(values, "sandboxWorkloads.enabled")).toBe(false);
        expect(values).toMatchObject({
            gpuCluster: { deployCR: false },
            clusterPolicy: { deployCR: true },
            dcgmExporter: { enabled: true, serviceMonitor: { enabled: false } },
            operator: { upgradeCRD: false, cleanupCRD: false },
            mig: { strategy: "none" },
        });
    });

    it("names the platform class for the operator and system-node-critical for the node agents and NFD", () => {
        const values = gpuOperatorValues(BASE);
        expect(PIN.priorityClasses.map((p) => [p.path, valueAt(values, p.path)])).toEqual([
            ["operator.priorityClassName", "platform-critical"],
            ["daemonsets.priorityClassName", "system-node-critical"],
            ["node-feature-discovery.priorityClassName", "system-node-critical"],
        ]);
    });

    it("runs NFD workers on the declared GPU nodes only and two leader-electing masters behind a budget", () => {
        const nfd = valueAt(gpuOperatorValues(BASE), "node-feature-discovery") as Record<string, any>;
        expect(nfd.worker.nodeSelector).toEqual({ accelerator: "nvidia" });
        expect(nfd.master).toMatchObject({ replicaCount: 2, podDisruptionBudget: { enable: true, minAvailable: 1 } });
        expect(nfd.master.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
            {
                weight: 100,
                podAffinityTerm: {
                    topologyKey: "kubernetes.io/hostname",
                    labelSelector: {
                        matchLabels: {
                            "app.kubernetes.io/name": "node-feature-discovery",
                            "app.kubernetes.io/instance": "gpu-operator",
                            role: "master",
                        },
                    },
                },
            },
        ]);
        for (const part of ["master", "worker", "gc"]) {
            expect(nfd[part].podSecurityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
        }
    });

    it("pulls every image that runs through the mirror, at the chart's own names and tags", () => {
        for (const settings of VARIANTS.filter((s) => s.registryMirror !== undefined)) {
            const values = gpuOperatorValues(settings);
            for (const image of PIN.images.filter((i) => enabledIn(values, i))) {
                const at = (key: string) => merged(values, `${image.path}.${key}`);
                // ClusterPolicy blocks: `<repository>/<image>:<version>`; NFD: `<image.repository>:<tag or appVersion>`.
                const written =
                    at("image") === undefined
                        ? String(at("repository"))
                        : `${String(at("repository"))}/${String(at("image"))}`;
                expect([image.path, written]).toEqual([image.path, imageRepository(image.upstream, MIRROR)]);
            }
            for (const found of chartImages({ chart: PIN.chart, values })) {
                expect([found.path, found.image?.startsWith(`${MIRROR}/`)]).toEqual([found.path, true]);
            }
        }
    });

    it("leaves the upstream registries without a mirror, as the pack reads them", () => {
        const found = chartImages({ chart: PIN.chart, values: gpuOperatorValues(BASE) });
        expect(found.map((i) => i.image).sort()).toEqual([
            "nvcr.io/nvidia/cloud-native/k8s-driver-manager",
            "nvcr.io/nvidia/gpu-operator",
            "nvcr.io/nvidia/gpu-operator",
            "nvcr.io/nvidia/k8s-device-plugin",
            "nvcr.io/nvidia/k8s-device-plugin",
            "nvcr.io/nvidia/k8s/dcgm-exporter",
            "registry.k8s.io/nfd/node-feature-discovery",
        ]);
    });

    it("points the device plugin at the platform's ConfigMap, which time slicing fills in", () => {
        const values = gpuOperatorValues({ ...BASE, timeSlicing: { replicasPerGpu: 4 } });
        expect(valueAt(values, "devicePlugin.config")).toEqual({
            create: false,
            name: "nvidia-device-plugin-config",
            default: "default",
        });
        const configMap = devicePluginConfigMap({ replicasPerGpu: 4 });
        expect(configMap.metadata).toMatchObject({ name: "nvidia-device-plugin-config", namespace: "gpu-operator" });
        expect(YAML.parse(String((configMap.data as Record<string, string>).default))).toEqual({
            version: "v1",
            flags: { migStrategy: "none" },
            sharing: {
                timeSlicing: {
                    renameByDefault: false,
                    failRequestsGreaterThanOne: true,
                    resources: [{ name: "nvidia.com/gpu", replicas: 4 }],
                },
            },
        });
        expect(YAML.parse(devicePluginConfig(undefined))).toEqual({ version: "v1", flags: { migStrategy: "none" } });
    });

    it("passes the pack's chart rules", async () => {
        for (const settings of VARIANTS) {
            expect([settings, await chartRuleFindings(PIN, "gpu-operator-chart", gpuOperatorValues(settings))]).toEqual(
                [settings, []],
            );
        }
    });
});

describe("gpu-operator RuntimeClass", () => {
    it("is created by the operator with every value set the component writes", () => {
        for (const settings of VARIANTS) {
            expect(operatorRuntimeClass(gpuOperatorValues(settings))).toBe(RUNTIME_CLASS);
        }
        expect(RUNTIME_CLASS).toBe("nvidia");
        expect(operatorRuntimeClass({})).toBe("nvidia");
        expect(operatorRuntimeClass({ operator: { runtimeClass: "nvidia-gpu" } })).toBe("nvidia-gpu");
    });

    it("is removed by the operator when the NRI plugin injects the devices, so no one declares it then", () => {
        expect(operatorRuntimeClass({ cdi: { enabled: true, nriPluginEnabled: true } })).toBeUndefined();
    });
});

describe("gpu-operator budget and flows", () => {
    it("counts the agents on every GPU node, the driver and toolkit only when on", () => {
        const pods = (settings: GpuOperatorSettings) =>
            gpuOperatorPods(settings)
                .map((p) => `${p.name} ${p.copies}`)
                .join(", ");
        expect(pods({ ...BASE, gpuNodes: 3 })).toBe(
            "gpu-operator 2, nfd-master 3, nfd-gc 2, nfd-worker 3, nvidia-device-plugin 3, gpu-feature-discovery 3, " +
                "nvidia-dcgm-exporter 3, nvidia-operator-validator 3, nvidia-cuda-validator 3, nvidia-driver 0, " +
                "nvidia-container-toolkit 0",
        );
        expect(pods({ ...BASE, driver: true, toolkit: true })).toContain("nvidia-driver 2, nvidia-container-toolkit 2");
    });

    it("sums the pods into the quota and bounds containers by the largest that runs", () => {
        const budget = gpuOperatorBudget({ ...BASE, gpuNodes: 1 });
        // 2×200m + 3×100m + 2×10m, then per node 10 + 2×10 + 2×10 + 50 + 10 + 10 (m).
        expect(budget.quota).toMatchObject({ pods: 13, services: 2, gpus: 0, requestsCpu: "840m" });
        expect(budget.limits.max).toEqual({ cpu: "500m", memory: "1Gi" });
        const withDriver = gpuOperatorBudget({ ...BASE, driver: true, gpuNodes: 1 });
        expect(withDriver.limits.max).toEqual({ cpu: "2", memory: "2Gi" });
        expect(withDriver.quota.pods).toBe(14);
    });

    it("opens only the API server, and names the DCGM exporter's port and pod labels for the telemetry target", () => {
        expect([DCGM_EXPORTER_PORT, dcgmExporterPodLabels()]).toEqual([9400, { app: "nvidia-dcgm-exporter" }]);
        const addresses = { apiServers: ["10.0.0.10"], apiServiceIp: "10.96.0.1", nodeSources: ["10.0.0.0/24"] };
        const [flow, ...rest] = gpuOperatorFlows(addresses);
        expect(rest).toEqual([]);
        expect(flow).toMatchObject({ name: "gpu-operator-to-kube-apiserver", from: { namespaces: ["gpu-operator"] } });
        expect(flow.to).toEqual({ kind: "cidrs", name: "kube-apiserver", cidrs: ["10.0.0.10/32", "10.96.0.1/32"] });
        expect(flow.ports.map((p) => p.port)).toEqual([443, 6443]);
    });
});

describe("gpu-operator settings", () => {
    it.each([
        [{ gpuNodes: 0 }, "args.gpuNodes must be a whole number of at least 1, not 0"],
        [{ gpuNodes: 1.5 }, "args.gpuNodes must be a whole number of at least 1, not 1.5"],
        [
            { timeSlicing: { replicasPerGpu: 1 } },
            "args.timeSlicing.replicasPerGpu must be a whole number from 2 to 16, not 1",
        ],
        [
            { timeSlicing: { replicasPerGpu: 17 } },
            "args.timeSlicing.replicasPerGpu must be a whole number from 2 to 16, not 17",
        ],
        [
            { registryMirror: "https://harbor/mirror" },
            'args.registryMirror "https://harbor/mirror" is not <host>[:port][/path]',
        ],
    ] as [Partial<GpuOperatorSettings>, string][])("rejects %j", (change, message) => {
        expect(gpuOperatorSettingsProblem({ ...BASE, ...change })).toBe(message);
    });

    it("accepts the seed's settings", () => {
        const seed = { ...BASE, timeSlicing: { replicasPerGpu: 16 }, registryMirror: MIRROR };
        expect(gpuOperatorSettingsProblem(seed)).toBeUndefined();
    });
});

const ARGS: GpuOperatorArgs = { ...BASE, registryMirror: MIRROR, chartMirror: MIRROR };

async function run(args: GpuOperatorArgs, inStack = false) {
    const { GpuOperator } = await import("../../../components/inference/gpu-operator");
    const { ClusterInventory, PriorityClasses } = await import("../../../components/cluster");
    let exposed: { namespaces: string[]; runtimeClass: string; dcgmExporterPort: number } | undefined;
    const { resources } = await capture(() => {
        if (inStack) {
            new PriorityClasses("platform");
            const node = { role: "worker", schedulable: true, cpu: "16", memory: "64Gi", gpus: 1 };
            new ClusterInventory("platform", {
                nodes: [1, 2].map((i) => ({ ...node, name: `gpu${i}`, ip: `10.0.0.${30 + i}` })),
                capacity: { cpu: 32, memory: 2 * 64 * 2 ** 30, gpus: 2 },
                registryMirror: MIRROR,
                namespaces: ["gpu-operator"],
                offline: false,
                networks: ["10.0.0.0/24"],
            });
        }
        const { namespaces, runtimeClass, dcgmExporterPort } = new GpuOperator("gpu-operator", args);
        exposed = { namespaces: [...namespaces.keys()], runtimeClass, dcgmExporterPort };
    });
    return { resources, exposed: exposed! };
}

describe("GpuOperator through mirrors", () => {
    let resources: readonly CapturedResource[];
    let exposed: Awaited<ReturnType<typeof run>>["exposed"];

    beforeAll(async () => {
        ({ resources, exposed } = await run({ ...ARGS, timeSlicing: { replicasPerGpu: 4 } }));
    });

    it("exposes its namespace, the operator's RuntimeClass and the exporter port, and declares no RuntimeClass", () => {
        expect(exposed).toEqual({ namespaces: ["gpu-operator"], runtimeClass: "nvidia", dcgmExporterPort: 9400 });
        expect(ofType(resources, "kubernetes:node.k8s.io/v1:RuntimeClass")).toEqual([]);
    });

    it("creates gpu-operator as a privileged governed namespace sized for two GPU nodes", () => {
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "gpu-operator");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "gpu-operator-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({
            pods: "19",
            services: "2",
            "requests.nvidia.com/gpu": "0",
        });
    });

    it("installs the pinned chart from the mirror as release gpu-operator after its namespace and ConfigMap", () => {
        const chart = findResource(resources, "kubernetes:helm.sh/v4:Chart", "gpu-operator-chart");
        expect(chart.inputs).toMatchObject({
            chart: `oci://${MIRROR}/charts/gpu-operator`,
            version: "v26.7.0",
            namespace: "gpu-operator",
            name: "gpu-operator",
        });
        const config = findResource(resources, "kubernetes:core/v1:ConfigMap", "gpu-operator-device-plugin-config");
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "gpu-operator");
        expect(chart.dependencies).toEqual(expect.arrayContaining([ns.urn, config.urn]));
        expect(String((config.inputs.data as any).default)).toContain("replicas: 4");
        expect(valueAt(chart.inputs.values, "operator.repository")).toBe(`${MIRROR}/nvcr.io/nvidia`);
    });
});

describe("GpuOperator in a stack, and from upstream", () => {
    it("passes the whole pack under the prod profile", async () => {
        const { resources } = await run(ARGS, true);
        const profile = loadProfile(path.join(ROOT, "policy", "profiles", "prod.json"), policies);
        const violations = await evaluatePolicies(policies, resources.map(toHarnessResource), profile);
        expect(violations.map((v) => `${v.policy}: ${v.message}`)).toEqual([]);
    });

    it("pulls the chart from NGC and keeps the upstream images", async () => {
        const { resources } = await run({ driver: true, toolkit: true, gpuNodes: 1 });
        const chart = findResource(resources, "kubernetes:helm.sh/v4:Chart", "gpu-operator-chart");
        expect(chart.inputs).toMatchObject({
            chart: "gpu-operator",
            repositoryOpts: { repo: "https://helm.ngc.nvidia.com/nvidia" },
        });
        const values = chart.inputs.values as Record<string, unknown>;
        expect(valueAt(values, "operator.repository")).toBeUndefined();
        expect(valueAt(values, "driver.enabled")).toBe(true);
        expect(isRecord(valueAt(values, "driver.resources"))).toBe(true);
    });
});

describe("GpuOperator args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [{ gpuNodes: 0 }, /^GpuOperator gpu: args\.gpuNodes must be a whole number of at least 1, not 0$/],
        [{ timeSlicing: { replicasPerGpu: 20 } }, /^GpuOperator gpu: args\.timeSlicing\.replicasPerGpu must be/],
    ] as [Partial<GpuOperatorArgs>, RegExp][])(
        "rejects %j as a ResourceError naming the component",
        async (change, message) => {
            const { GpuOperator } = await import("../../../components/inference/gpu-operator");
            expect(() => new GpuOperator("gpu", { ...ARGS, ...change })).toThrow(message);
        },
    );
});
