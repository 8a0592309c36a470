import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import {
    csiComponentResources,
    GUARANTEED_INSTANCE_MANAGER_CPU,
    LONGHORN_RESOURCES,
    longhornBudget,
    longhornCsiReplicas,
    longhornLimits,
    longhornPods,
    longhornSettingsProblem,
    longhornSnapshotClass,
    longhornStorageClass,
    longhornUiDisruptionBudget,
    longhornValues,
    type LonghornSettings,
} from "../../../components/storage/longhorn-manifests";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { quantity } from "../../../contract/quantity";
import { CHARTS, imageRef, type ChartPin } from "../../../contract/versions";
import { chartImages } from "../../../policy/lib/images";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { chartValuesProblems, keyProblems } from "../../../tools/validate/chart-values";
import { CrdCatalog } from "../../../tools/validate/crds";
import { upstreamDataDir } from "../../../tools/validate/upstream-data";
import { validateObjects } from "../../../tools/validate/validate";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";
import { lines, namespace, upstreamCrds } from "../../conformance/fixtures";

const PIN: ChartPin = CHARTS.longhorn;
const MIRROR = "harbor.example.com/mirror";
const SETTINGS: LonghornSettings = {
    replicas: 3,
    reclaimPolicy: "Delete",
    allowVolumeExpansion: true,
    isDefault: false,
    ui: false,
    nodeCount: 4,
    nodeCpu: "16",
};
/** The chart's stored default values, read in place (never copied). */
const DEFAULTS = YAML.parse(
    fs.readFileSync(path.join(upstreamDataDir("charts"), PIN.chart, PIN.version, "values.yaml"), "utf8"),
) as Record<string, unknown>;

/** Every combination of the settings that change the values. */
const VARIANTS = [false, true].flatMap((ui) =>
    [undefined, MIRROR].map((registryMirror) => longhornValues({ ...SETTINGS, ui, registryMirror })),
);

describe("longhorn chart values", () => {
    it("sets only keys the chart's stored 1.12.1 defaults have", () => {
        for (const values of VARIANTS) {
            expect(chartValuesProblems(checkFor(PIN, values))).toEqual([]);
        }
        expect(keyProblems(checkFor(PIN, { defaultSettings: { guaranteedInstanceManagerCpu: 12 } }))).toEqual([
            expect.stringContaining("values path defaultSettings.guaranteedInstanceManagerCpu is neither a key"),
        ]);
    });

    it("leaves the StorageClass to the component and keeps Longhorn from phoning home", () => {
        const values = longhornValues(SETTINGS);
        expect(values).toMatchObject({
            persistence: { createStorageClass: false },
            preUpgradeChecker: { jobEnabled: false },
            defaultSettings: { upgradeChecker: false, allowCollectingLonghornUsageMetrics: false },
            metrics: { serviceMonitor: { enabled: false } },
        });
        expect(valueAt(values, "preUpgradeChecker.upgradeVersionCheck")).toBeUndefined();
    });

    it("passes the replicas and Longhorn's guaranteed instance manager CPU as settings", () => {
        const values = longhornValues({ ...SETTINGS, replicas: 2 });
        expect(values.defaultSettings).toMatchObject({
            defaultReplicaCount: 2,
            defaultDataLocality: "disabled",
            guaranteedInstanceManagerCPU: GUARANTEED_INSTANCE_MANAGER_CPU,
        });
        expect(values.longhornManager).toEqual({
            resources: withEphemeralStorage(LONGHORN_RESOURCES.manager),
            priorityClass: "platform-critical",
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
        });
    });

    it("runs on GPU workers too: the managers and what they start tolerate the GPU taint, the UI does not", () => {
        const values = longhornValues({ replicas: 3, ui: true, nodeCount: 4 }) as any;
        expect(values.defaultSettings.taintToleration).toBe("nvidia.com/gpu:NoSchedule");
        expect(values.global?.tolerations).toBeUndefined();
        expect(values.longhornUI.tolerations).toBeUndefined();
    });

    it("sizes the CSI components through their setting, as Longhorn's ComponentResourceLimits names them", () => {
        const setting = JSON.parse(
            valueAt(longhornValues(SETTINGS), "defaultSettings.systemManagedCSIComponentsResourceLimits") as string,
        );
        expect(setting).toEqual(JSON.parse(csiComponentResources()));
        expect(Object.keys(setting).sort()).toEqual([
            "csi-attacher",
            "csi-provisioner",
            "csi-resizer",
            "csi-snapshotter",
            "longhorn-csi-plugin",
            "longhorn-liveness-probe",
            "node-driver-registrar",
        ]);
        expect(setting["longhorn-csi-plugin"]).toEqual(LONGHORN_RESOURCES.csiPlugin);
    });

    it("runs the UI only when asked, behind a ClusterIP Service", () => {
        expect(longhornValues(SETTINGS).longhornUI).toEqual({ replicas: 0, priorityClass: "platform-critical" });
        expect(longhornValues({ ...SETTINGS, ui: true }).longhornUI).toEqual({
            replicas: 2,
            priorityClass: "platform-critical",
        });
        expect(longhornValues(SETTINGS).service).toEqual({ ui: { type: "ClusterIP" } });
        expect(valueAt(longhornValues({ ...SETTINGS, ui: true }), "ingress")).toBeUndefined();
    });

    it("runs upstream's three CSI sidecar replicas, fewer on smaller clusters", () => {
        expect([1, 2, 3, 7].map(longhornCsiReplicas)).toEqual([1, 2, 3, 3]);
        expect(longhornValues({ ...SETTINGS, nodeCount: 2 }).csi).toEqual({
            attacherReplicaCount: 2,
            provisionerReplicaCount: 2,
            resizerReplicaCount: 2,
            snapshotterReplicaCount: 2,
        });
    });

    it("pulls every image the chart runs through the mirror at the chart's own tags", () => {
        const values = longhornValues({ ...SETTINGS, registryMirror: MIRROR });
        expect(values.global).toEqual({ imageRegistry: `${MIRROR}/docker.io` });
        // What the 1.12.1 templates write: `<global.imageRegistry or docker.io>/<repository>:<tag>`, from defaults.
        for (const image of PIN.images) {
            const written = (key: string) =>
                valueAt(values, `${image.path}.${key}`) ?? valueAt(DEFAULTS, `${image.path}.${key}`);
            const reference = `${valueAt(values, "global.imageRegistry")}/${written("repository")}:${written("tag")}`;
            expect(reference).toBe(imageRef({ ...image.upstream, tag: String(written("tag")) }, MIRROR));
        }
        const found = chartImages({ chart: PIN.chart, values });
        expect(found.map((i) => i.path).sort()).toEqual(PIN.images.map((i) => `values.${i.path}`).sort());
        for (const image of found) {
            expect(image.image).toMatch(new RegExp(`^${MIRROR}/docker\\.io/longhornio/`));
            expect(image.tag).toBeUndefined();
        }
    });

    it("leaves the upstream registry without a mirror", () => {
        const values = longhornValues(SETTINGS);
        expect(values.global).toBeUndefined();
        expect(
            chartImages({ chart: PIN.chart, values }).every((i) => i.image?.startsWith("docker.io/longhornio/")),
        ).toBe(true);
    });

    it("declares the manager's resources where the pack's chart rule reads them", async () => {
        const chart = fixture(K8sType.chartV4, "longhorn-chart", {
            chart: PIN.chart,
            values: longhornValues(SETTINGS),
        });
        expect(await messages(platformMissingChartContainerResources, [chart])).toEqual([]);
    });
});

describe("longhorn classes", () => {
    it.each([
        ["Delete", false, "Delete"],
        ["Retain", true, "Retain"],
    ] as const)(
        "declares longhorn with reclaimPolicy %s and expansion %s",
        (reclaimPolicy, allowVolumeExpansion, policy) => {
            const sc = longhornStorageClass({ ...SETTINGS, reclaimPolicy, allowVolumeExpansion });
            expect(sc).toEqual({
                apiVersion: "storage.k8s.io/v1",
                kind: "StorageClass",
                metadata: { name: "longhorn", labels: expect.any(Object) },
                provisioner: "driver.longhorn.io",
                parameters: {
                    numberOfReplicas: "3",
                    staleReplicaTimeout: "30",
                    fsType: "ext4",
                    dataLocality: "disabled",
                },
                reclaimPolicy: policy,
                allowVolumeExpansion,
                volumeBindingMode: "Immediate",
            });
        },
    );

    it("marks longhorn as default only when asked, and carries the replicas as a string", () => {
        const sc = longhornStorageClass({ ...SETTINGS, isDefault: true, replicas: 2 });
        expect((sc.metadata as any).annotations).toEqual({ "storageclass.kubernetes.io/is-default-class": "true" });
        expect((sc.parameters as any).numberOfReplicas).toBe("2");
        expect((longhornStorageClass(SETTINGS).metadata as any).annotations).toBeUndefined();
    });

    it.each([
        ["Retain", "Retain"],
        ["Delete", "Delete"],
    ] as const)("keeps in-cluster snapshots, deleted per the reclaim policy %s", (reclaimPolicy, deletionPolicy) => {
        expect(longhornSnapshotClass(reclaimPolicy)).toMatchObject({
            apiVersion: "snapshot.storage.k8s.io/v1",
            kind: "VolumeSnapshotClass",
            metadata: { name: "longhorn", annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" } },
            driver: "driver.longhorn.io",
            deletionPolicy,
            parameters: { type: "snap" },
        });
    });

    it("passes the Kubernetes and external-snapshotter schemas", () => {
        const crds = CrdCatalog.of(
            upstreamCrds("external-snapshotter/v8.6.0/snapshot.storage.k8s.io_volumesnapshotclasses.yaml"),
        );
        const objects = [
            namespace("longhorn-system"),
            longhornStorageClass({ ...SETTINGS, isDefault: true }),
            longhornSnapshotClass("Retain"),
            longhornUiDisruptionBudget(),
        ];
        const report = validateObjects(objects, crds);
        expect(lines(report)).toEqual([]);
        expect(report.objects).toMatchObject({ custom: 1, notChecked: 0 });
    });
});

describe("longhorn-system budget", () => {
    const sum = (pods: ReturnType<typeof longhornPods>, pick: (c: (typeof pods)[0]["containers"][0]) => string) =>
        pods.reduce((total, p) => total + p.copies * p.containers.reduce((s, c) => s + quantity(pick(c)), 0), 0);

    it.each([1, 2, 4, 7])("sums every pod of %i nodes from the resources table and the LimitRange defaults", (n) => {
        const { quota, limits } = longhornBudget(n, { nodeCpu: "16" });
        const r = LONGHORN_RESOURCES;
        const csi = longhornCsiReplicas(n) + 1;
        const unset = { cpu: quantity(limits.defaultRequest.cpu), memory: quantity(limits.defaultRequest.memory) };
        const im = (2 * 16 * GUARANTEED_INSTANCE_MANAGER_CPU) / 100;
        const plugin = [r.csiPlugin, r.nodeDriverRegistrar, r.livenessProbe];
        // The manager and its pre-pull container, the CSI plugin, two instance managers, two engine images, an agent.
        const perNode = {
            cpu:
                quantity(r.manager.requests.cpu) +
                plugin.reduce((s, c) => s + quantity(c.requests.cpu), 0) +
                im +
                4 * unset.cpu,
            memory:
                quantity(r.manager.requests.memory) +
                plugin.reduce((s, c) => s + quantity(c.requests.memory), 0) +
                6 * unset.memory,
        };
        const once = {
            cpu: 2 * unset.cpu + 4 * csi * quantity(r.csiSidecar.requests.cpu) + unset.cpu,
            memory: 2 * unset.memory + 4 * csi * quantity(r.csiSidecar.requests.memory) + unset.memory,
        };
        expect(quantity(quota.requestsCpu)).toBeCloseTo(n * perNode.cpu + once.cpu, 6);
        expect(quantity(quota.requestsMemory)).toBe(n * perNode.memory + once.memory);
        expect(quota.pods).toBe(7 * n + 2 + 4 * csi + 1);
        expect(quota).toMatchObject({ services: 4, persistentVolumeClaims: 0, requestsStorage: "0", gpus: 0 });
    });

    it("fits 4 nodes of 16 CPU and 2 nodes", () => {
        expect(longhornBudget(4, { nodeCpu: "16" }).quota).toMatchObject({
            requestsCpu: "16590m",
            requestsMemory: "4032Mi",
            limitsCpu: "444",
            limitsMemory: "65Gi",
            pods: 47,
        });
        expect(longhornBudget(2).quota).toMatchObject({ requestsCpu: "8350m", requestsMemory: "2240Mi", pods: 29 });
    });

    it("counts the UI's replicas and a surge pod only when it runs", () => {
        const off = longhornBudget(4, { nodeCpu: "16" }).quota;
        const on = longhornBudget(4, { nodeCpu: "16", ui: true }).quota;
        expect(on.pods - off.pods).toBe(3);
        expect(quantity(on.requestsCpu) - quantity(off.requestsCpu)).toBeCloseTo(0.03, 6);
    });

    it("reserves each instance manager's share of its node, as Longhorn rounds it", () => {
        const im = (nodeCpu: string) =>
            longhornPods(1, { nodeCpu, ui: false }).find((p) => p.name === "instance-manager")!.containers[0];
        expect(im("16").requests.cpu).toBe("1920m");
        expect(im("7500m").requests.cpu).toBe("900m");
        // The default limit must not fall below the request, or the LimitRange would reject the pod.
        expect(quantity(im("16").limits.cpu)).toBeGreaterThanOrEqual(quantity(im("16").requests.cpu));
    });

    it("keeps every declared container within the LimitRange", () => {
        const limits = longhornLimits("16");
        for (const pod of longhornPods(4, { nodeCpu: "16", ui: true })) {
            for (const c of pod.containers) {
                for (const key of ["cpu", "memory"] as const) {
                    expect(quantity(c.requests[key])).toBeGreaterThanOrEqual(quantity(limits.min[key]));
                    expect(quantity(c.limits[key])).toBeLessThanOrEqual(quantity(limits.max[key]));
                    expect(quantity(c.requests[key])).toBeLessThanOrEqual(quantity(c.limits[key]));
                }
            }
        }
        expect(sum(longhornPods(4, { nodeCpu: "16", ui: false }), (c) => c.limits.memory)).toBe(
            quantity(longhornBudget(4, { nodeCpu: "16" }).quota.limitsMemory),
        );
    });
});

describe("longhorn settings problems", () => {
    it("accepts replicas up to the node count", () => {
        expect(longhornSettingsProblem({ replicas: 3, nodeCount: 3, nodeCpu: "16" })).toBeUndefined();
        expect(longhornSettingsProblem({ replicas: 1, nodeCount: 1, nodeCpu: "1" })).toBeUndefined();
    });

    it.each([
        [
            { replicas: 4, nodeCount: 3 },
            "args.replicas 4 exceeds args.nodeCount 3: each replica of a volume needs its own node",
        ],
        [{ replicas: 0, nodeCount: 3 }, "args.replicas must be a whole number of at least 1, not 0"],
        [{ replicas: 1.5, nodeCount: 3 }, "args.replicas must be a whole number of at least 1, not 1.5"],
        [{ replicas: 1, nodeCount: 0 }, "args.nodeCount must be a whole number of at least 1, not 0"],
        [{ replicas: 1, nodeCount: 2, nodeCpu: "500m" }, 'args.nodeCpu "500m" is not a CPU quantity of at least 1'],
        [{ replicas: 1, nodeCount: 2, nodeCpu: "lots" }, 'args.nodeCpu "lots" is not a CPU quantity of at least 1'],
    ])("rejects %j", (settings, message) => {
        expect(longhornSettingsProblem({ nodeCpu: "16", ...settings })).toBe(message);
    });
});
