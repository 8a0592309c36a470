import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import * as path from "node:path";
import {
    csiDriverNfsValues,
    NFS_RESOURCES,
    NFS_SUB_DIR,
    nfsArgsProblem,
    nfsBudget,
    nfsSnapshotClass,
    nfsStorageClass,
    type NfsClassSettings,
    type NfsSnapshots,
} from "../../../components/storage/nfs-manifests";
import { entryTotal, footprintEntries, NodeRole, sum, type NodeCapacity } from "../../../contract/footprint";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { quantity } from "../../../contract/quantity";
import { CHARTS, enabledIn, type ChartPin } from "../../../contract/versions";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { chartValuesProblems } from "../../../tools/validate/chart-values";
import { CrdCatalog, DEFAULT_CRD_DIR } from "../../../tools/validate/crds";
import { validateObjects } from "../../../tools/validate/validate";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";
import { lines } from "../../conformance/fixtures";

const PIN: ChartPin = CHARTS.csiDriverNfs;
const MIRROR = "harbor.example.com/mirror";
const SETTINGS: NfsClassSettings = {
    export: { server: "10.0.0.5", share: "/srv/nfs/k8s" },
    mountOptions: ["nfsvers=4.1", "hard"],
    onDelete: "archive",
    reclaimPolicy: "Delete",
    isDefault: false,
};
/** Every snapshot setting the component accepts: off, sidecar only, sidecar plus controller and CRDs. */
const SNAPSHOTS: readonly (NfsSnapshots | undefined)[] = [
    undefined,
    { installController: false },
    { installController: true },
];
const running = (values: unknown) => PIN.containers.filter((c) => enabledIn(values, c)).map((c) => c.name);
const CONTROLLER = ["controller/csi-provisioner", "controller/csi-resizer"];
const PROBE_AND_PLUGIN = ["controller/liveness-probe", "controller/nfs"];
const NODE = ["node/liveness-probe", "node/node-driver-registrar", "node/nfs"];

describe("csi-driver-nfs values", () => {
    it("writes both snapshot switches in every setting, so the pack judges the chart's defaults right", () => {
        const withSnapshotter = [...CONTROLLER, "controller/csi-snapshotter", ...PROBE_AND_PLUGIN, ...NODE];
        expect(SNAPSHOTS.map((snapshots) => running(csiDriverNfsValues({ snapshots })))).toEqual([
            [...CONTROLLER, ...PROBE_AND_PLUGIN, ...NODE],
            withSnapshotter,
            [...withSnapshotter, "snapshot-controller"],
        ]);
        for (const snapshots of SNAPSHOTS) {
            const values = csiDriverNfsValues({ snapshots });
            expect(valueAt(values, "controller.enableSnapshotter")).toBe(snapshots !== undefined);
            expect(valueAt(values, "externalSnapshotter.enabled")).toBe(snapshots?.installController ?? false);
            expect(valueAt(values, "externalSnapshotter.customResourceDefinitions.enabled")).toBe(
                snapshots?.installController ?? false,
            );
            expect(valueAt(values, "controller.replicas")).toBe(1);
            expect(values).toMatchObject({ storageClass: { create: false }, volumeSnapshotClass: { create: false } });
        }
        expect(valueAt(csiDriverNfsValues({ snapshots: { installController: true } }), "externalSnapshotter")).toEqual({
            enabled: true,
            customResourceDefinitions: { enabled: true },
            controller: { replicas: 1 },
            resources: withEphemeralStorage(NFS_RESOURCES.snapshotController),
            priorityClassName: "system-cluster-critical",
        });
    });

    it("gives every running container requests and cpu and memory limits within the LimitRange", () => {
        const { limits } = nfsBudget(3, { installController: true });
        for (const snapshots of SNAPSHOTS) {
            const values = csiDriverNfsValues({ snapshots });
            for (const c of PIN.containers.filter((container) => enabledIn(values, container))) {
                const block = valueAt(values, c.resources) as typeof NFS_RESOURCES.snapshotController;
                expect(Object.keys(block).sort()).toEqual(["limits", "requests"]);
                for (const key of ["cpu", "memory"] as const) {
                    expect(quantity(block.requests[key])).toBeGreaterThanOrEqual(quantity(limits.min[key]));
                    expect(quantity(block.limits[key])).toBeLessThanOrEqual(quantity(limits.max[key]));
                    expect(quantity(block.requests[key])).toBeLessThanOrEqual(quantity(block.limits[key]));
                }
            }
        }
        expect(valueAt(csiDriverNfsValues({}), "controller.resources.csiSnapshotter")).toBeUndefined();
    });

    it("passes the chart rule in every setting, which would flag a snapshot-controller left to the chart's off", async () => {
        const chart = (values: Record<string, unknown>) =>
            fixture(K8sType.chartV4, "nfs-chart", { chart: PIN.chart, version: PIN.version, values });
        for (const snapshots of SNAPSHOTS) {
            const values = csiDriverNfsValues({ snapshots, mirror: MIRROR });
            expect(await messages(platformMissingChartContainerResources, [chart(values)])).toEqual([]);
        }
        const unset = { ...csiDriverNfsValues({}), externalSnapshotter: undefined };
        expect(await messages(platformMissingChartContainerResources, [chart(unset)])).toEqual([
            `Chart "nfs-chart" container "snapshot-controller" sets no requests.cpu, requests.memory, limits.memory at values.externalSnapshotter.resources`,
        ]);
    });

    it("pulls every running image through the mirror at the chart's tag, and leaves the others alone", () => {
        for (const snapshots of SNAPSHOTS) {
            const values = csiDriverNfsValues({ snapshots, mirror: MIRROR });
            for (const image of PIN.images) {
                const expected = enabledIn(values, image)
                    ? { repository: `${MIRROR}/registry.k8s.io/${image.upstream.repository}` }
                    : undefined;
                expect([image.path, valueAt(values, image.path)]).toEqual([image.path, expected]);
            }
        }
        expect(valueAt(csiDriverNfsValues({ snapshots: { installController: true } }), "image")).toBeUndefined();
        expect(valueAt(csiDriverNfsValues({ mirror: MIRROR }), "image.nfs.repository")).toBe(
            "harbor.example.com/mirror/registry.k8s.io/sig-storage/nfsplugin",
        );
    });

    it("sets only keys csi-driver-nfs 4.13.4 reads, mirrored or not", () => {
        for (const snapshots of SNAPSHOTS) {
            for (const mirror of [undefined, MIRROR]) {
                expect(chartValuesProblems(checkFor(PIN, csiDriverNfsValues({ snapshots, mirror })))).toEqual([]);
            }
        }
        const misspelt = { ...csiDriverNfsValues({}), externalSnapshotter: { enable: false } };
        expect(chartValuesProblems(checkFor(PIN, misspelt))).toEqual([
            expect.stringContaining("values path externalSnapshotter.enable is neither a key"),
        ]);
    });

    it("finds every image path and image switch of the pin in the chart's defaults", () => {
        const defaults = checkFor(PIN, {}).defaults.values;
        const paths = PIN.images.flatMap((image) => [
            `${image.path}.repository`,
            ...(image.enabledBy === undefined ? [] : [image.enabledBy]),
        ]);
        expect(paths.filter((p) => valueAt(defaults, p) === undefined)).toEqual([]);
        expect(PIN.containers.filter((c) => valueAt(defaults, c.resources) === undefined)).toEqual([]);
    });
});

describe("nfs-client classes", () => {
    it("declares nfs-client with a directory per claim, the delete behaviour and the mount options", () => {
        expect(nfsStorageClass(SETTINGS)).toEqual({
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: {
                name: "nfs-client",
                labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "platform" },
            },
            provisioner: "nfs.csi.k8s.io",
            parameters: {
                server: "10.0.0.5",
                share: "/srv/nfs/k8s",
                subDir: "${pvc.metadata.namespace}/${pvc.metadata.name}",
                onDelete: "archive",
            },
            reclaimPolicy: "Delete",
            volumeBindingMode: "Immediate",
            allowVolumeExpansion: true,
            mountOptions: ["nfsvers=4.1", "hard"],
        });
        expect(NFS_SUB_DIR).toBe("$" + "{pvc.metadata.namespace}/$" + "{pvc.metadata.name}");
    });

    it("marks nfs-client as default only when asked", () => {
        expect((nfsStorageClass({ ...SETTINGS, isDefault: true }).metadata as any).annotations).toEqual({
            "storageclass.kubernetes.io/is-default-class": "true",
        });
        expect((nfsStorageClass(SETTINGS).metadata as any).annotations).toBeUndefined();
    });

    it("keeps snapshots as long as the class keeps volumes", () => {
        expect(nfsSnapshotClass("Retain")).toMatchObject({
            apiVersion: "snapshot.storage.k8s.io/v1",
            kind: "VolumeSnapshotClass",
            metadata: {
                name: "nfs-client",
                annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" },
            },
            driver: "nfs.csi.k8s.io",
            deletionPolicy: "Retain",
        });
        expect(nfsSnapshotClass("Delete").deletionPolicy).toBe("Delete");
    });

    it("passes the Kubernetes and external-snapshotter schemas", () => {
        const catalog = CrdCatalog.load([path.join(DEFAULT_CRD_DIR, "external-snapshotter")]);
        const objects = [nfsStorageClass({ ...SETTINGS, isDefault: true }), nfsSnapshotClass("Retain")];
        const report = validateObjects(objects, catalog);
        expect(lines(report)).toEqual([]);
        expect(report.objects).toMatchObject({ core: 1, custom: 1 });
    });
});

describe("csi-nfs budget", () => {
    const nodes = (n: number): NodeCapacity[] =>
        Array.from({ length: n }, (_, i) => ({
            name: `node-${i}`,
            role: NodeRole.worker,
            schedulable: true,
            capacity: { milliCpu: 4000, memoryBytes: 8 * 2 ** 30 },
            gpus: 0,
        }));
    const containers = (snapshots: NfsSnapshots | undefined) => {
        const { csiSnapshotter, ...controller } = NFS_RESOURCES.controller;
        return {
            controller: [...Object.values(controller), ...(snapshots ? [csiSnapshotter] : [])],
            node: Object.values(NFS_RESOURCES.node),
            snapshotController: snapshots?.installController ? [NFS_RESOURCES.snapshotController] : [],
        };
    };

    it.each([
        [1, undefined],
        [3, { installController: false }],
        [8, { installController: true }],
    ])("sums the resources table for %i nodes with snapshots %j", (n, snapshots) => {
        const { quota } = nfsBudget(n, snapshots);
        const pods = containers(snapshots);
        const all = [...pods.controller, ...Array(n).fill(pods.node).flat(), ...pods.snapshotController];
        const total = (pick: (c: (typeof all)[number]) => string) => all.reduce((s, c) => s + quantity(pick(c)), 0);
        expect(quota.pods).toBe(1 + n + pods.snapshotController.length);
        expect(quantity(quota.requestsCpu)).toBeCloseTo(total((c) => c.requests.cpu));
        expect(quantity(quota.requestsMemory)).toBe(total((c) => c.requests.memory));
        expect(quantity(quota.limitsCpu)).toBeCloseTo(total((c) => c.limits.cpu));
        expect(quantity(quota.limitsMemory)).toBe(total((c) => c.limits.memory));
        expect(quota).toMatchObject({ services: 0, persistentVolumeClaims: 0, requestsStorage: "0", gpus: 0 });
    });

    it("matches what the footprint counts from the chart's values, node pods on every node", () => {
        for (const [n, snapshots] of [
            [3, undefined],
            [5, { installController: true }],
        ] as const) {
            const chart = { urn: "urn:chart", type: K8sType.chartV4, name: "nfs-chart" };
            const values = csiDriverNfsValues({ snapshots });
            const props = { chart: PIN.chart, namespace: "csi-nfs", values };
            const total = sum(footprintEntries([{ ...chart, props }], nodes(n)).entries.map(entryTotal));
            const { quota } = nfsBudget(n, snapshots);
            expect(total.requests).toEqual({
                milliCpu: quantity(quota.requestsCpu) * 1000,
                memoryBytes: quantity(quota.requestsMemory),
            });
            expect(total.limits.memoryBytes).toBe(quantity(quota.limitsMemory));
        }
    });

    it("states the figures for a three-node cluster", () => {
        expect(nfsBudget(3, undefined).quota).toMatchObject({
            requestsCpu: "130m",
            requestsMemory: "260Mi",
            limitsCpu: "1650m",
            limitsMemory: "2600Mi",
            pods: 4,
        });
    });
});

describe("csi-driver-nfs args", () => {
    it("accepts a host name or IPv4 server, an absolute share and real mount options", () => {
        expect(nfsArgsProblem(SETTINGS)).toBeUndefined();
        expect(nfsArgsProblem({ ...SETTINGS, export: { server: "nfs.lan", share: "/a" }, nodeCount: 1 })).toBe(
            undefined,
        );
    });

    it.each([
        [{ export: { server: " ", share: "/srv" } }, "args.export.server is empty"],
        [
            { export: { server: "nfs://nas/srv", share: "/srv" } },
            'args.export.server "nfs://nas/srv" is not an IPv4 address or DNS name (no URL, path or spaces)',
        ],
        [
            { export: { server: "nas:/srv", share: "/srv" } },
            'args.export.server "nas:/srv" is not an IPv4 address or DNS name (no URL, path or spaces)',
        ],
        [
            { export: { server: "nas", share: "srv" } },
            'args.export.share "srv" must be an absolute path below the export root',
        ],
        [
            { export: { server: "nas", share: "/" } },
            'args.export.share "/" must be an absolute path below the export root',
        ],
        [{ export: { server: "nas", share: "/srv/../etc" } }, 'args.export.share "/srv/../etc" must not contain ".."'],
        [{ mountOptions: ["nfsvers=4.1", ""] }, "args.mountOptions[1] is empty"],
        [{ nodeCount: 0 }, "args.nodeCount 0 must be a positive whole number"],
        [{ nodeCount: 2.5 }, "args.nodeCount 2.5 must be a positive whole number"],
    ])("rejects %j", (change, message) => {
        expect(nfsArgsProblem({ ...SETTINGS, ...change })).toBe(message);
    });
});
