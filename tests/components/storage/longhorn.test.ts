import * as k8s from "@pulumi/kubernetes";
import type { LonghornArgs } from "../../../components/storage/longhorn";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:storage:Longhorn";
const GOVERNED = "platform:tenancy:GovernedNamespace";
const CHART = "kubernetes:helm.sh/v4:Chart";
const SNAPSHOT_CLASS = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass";
const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const ARGS: LonghornArgs = {
    replicas: 3,
    reclaimPolicy: "Retain",
    allowVolumeExpansion: true,
    isDefault: true,
    ui: false,
    snapshotClass: true,
    nodeCount: 4,
};

async function run(args: Partial<LonghornArgs> = {}, withCrds = false) {
    const { Longhorn } = await import("../../../components/storage/longhorn");
    let exposed: { namespaces: string[]; storageClass: string; snapshotClass?: string; driver: string } | undefined;
    const { resources } = await capture(() => {
        // Stands for the component that installs the snapshot CRDs, which the stack passes in opts.dependsOn.
        const crds = withCrds
            ? new k8s.core.v1.ConfigMap("snapshot-crds", { metadata: { name: "snapshot-crds" } })
            : undefined;
        const longhorn = new Longhorn("longhorn", { ...ARGS, ...args }, crds ? { dependsOn: [crds] } : undefined);
        exposed = {
            namespaces: [...longhorn.namespaces.keys()],
            storageClass: longhorn.storageClass,
            snapshotClass: longhorn.snapshotClass,
            driver: longhorn.driver,
        };
    });
    return { resources, exposed: exposed! };
}

describe("Longhorn", () => {
    let resources: readonly CapturedResource[];
    let exposed: Awaited<ReturnType<typeof run>>["exposed"];

    beforeAll(async () => {
        ({ resources, exposed } = await run(
            { chartMirror: "harbor.example.com", registryMirror: "harbor.example.com/mirror" },
            true,
        ));
    });

    it("exposes its governed namespace, class names and driver", () => {
        expect(exposed).toEqual({
            namespaces: ["longhorn-system"],
            storageClass: "longhorn",
            snapshotClass: "longhorn",
            driver: "driver.longhorn.io",
        });
        expect(findResource(resources, COMPONENT, "longhorn")).toBeDefined();
    });

    it("creates longhorn-system as a privileged governed namespace with its budget", () => {
        findResource(resources, GOVERNED, "longhorn-system");
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "longhorn-system");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "longhorn-system-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "47", "requests.cpu": "16590m", services: "4" });
        const limits = findResource(resources, "kubernetes:core/v1:LimitRange", "longhorn-system-limits");
        expect((limits.inputs.spec as any).limits[0]).toMatchObject({
            default: { cpu: "16", memory: "2Gi" },
            defaultRequest: { cpu: "10m", memory: "64Mi" },
        });
    });

    it("installs the pinned chart from the mirror after the namespace and the caller's dependencies", () => {
        const chart = findResource(resources, CHART, "longhorn-chart");
        expect(chart.inputs).toMatchObject({
            chart: "oci://harbor.example.com/charts/longhorn",
            version: "1.12.1",
            namespace: "longhorn-system",
        });
        expect(chart.inputs.repositoryOpts).toBeUndefined();
        expect((chart.inputs.values as any).global).toEqual({ imageRegistry: "harbor.example.com/mirror/docker.io" });
        expect((chart.inputs.values as any).persistence).toEqual({ createStorageClass: false });
        expect(chart.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, "kubernetes:core/v1:Namespace", "longhorn-system").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "snapshot-crds").urn,
            ]),
        );
    });

    it("declares the StorageClass from the args", () => {
        const sc = findResource(resources, STORAGE_CLASS, "longhorn-storage-class");
        expect(sc.inputs).toMatchObject({
            metadata: { name: "longhorn", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "driver.longhorn.io",
            reclaimPolicy: "Retain",
            allowVolumeExpansion: true,
            parameters: { numberOfReplicas: "3" },
        });
    });

    it("declares the snapshot class after the chart and the snapshot CRDs", () => {
        const snapshotClass = findResource(resources, SNAPSHOT_CLASS, "longhorn-snapshot-class");
        expect(snapshotClass.inputs).toMatchObject({
            metadata: { name: "longhorn" },
            driver: "driver.longhorn.io",
            deletionPolicy: "Retain",
            parameters: { type: "snap" },
        });
        expect(snapshotClass.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, CHART, "longhorn-chart").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "snapshot-crds").urn,
            ]),
        );
    });

    it("runs no UI and no budget for it unless asked", () => {
        expect((findResource(resources, CHART, "longhorn-chart").inputs.values as any).longhornUI).toEqual({
            replicas: 0,
            priorityClass: "platform-critical",
        });
        expect(ofType(resources, PDB)).toEqual([]);
    });
});

describe("Longhorn with upstream sources, the UI and no snapshot class", () => {
    let resources: readonly CapturedResource[];
    let exposed: Awaited<ReturnType<typeof run>>["exposed"];

    beforeAll(async () => {
        ({ resources, exposed } = await run({
            snapshotClass: false,
            ui: true,
            reclaimPolicy: "Delete",
            isDefault: false,
            nodeCount: 2,
            replicas: 2,
            nodeCpu: "8",
        }));
    });

    it("pulls the chart from charts.longhorn.io and the images from Docker Hub", () => {
        const chart = findResource(resources, CHART, "longhorn-chart");
        expect(chart.inputs).toMatchObject({
            chart: "longhorn",
            repositoryOpts: { repo: "https://charts.longhorn.io" },
        });
        expect((chart.inputs.values as any).global).toBeUndefined();
        // Depending on the GovernedNamespace waits for its children, and on nothing else without opts.dependsOn.
        expect(chart.dependencies).toContain(
            findResource(resources, "kubernetes:core/v1:Namespace", "longhorn-system").urn,
        );
        expect(chart.dependencies.every((urn) => urn.includes(`${GOVERNED}$`))).toBe(true);
    });

    it("declares no snapshot class", () => {
        expect(ofType(resources, SNAPSHOT_CLASS)).toEqual([]);
        expect(exposed.snapshotClass).toBeUndefined();
    });

    it("runs the UI with a disruption budget, and sizes the quota for its pods and the smaller nodes", () => {
        expect((findResource(resources, CHART, "longhorn-chart").inputs.values as any).longhornUI).toEqual({
            replicas: 2,
            priorityClass: "platform-critical",
        });
        const pdb = findResource(resources, PDB, "longhorn-ui-budget");
        expect(pdb.inputs).toMatchObject({ metadata: { namespace: "longhorn-system" }, spec: { maxUnavailable: 1 } });
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "longhorn-system-quota");
        // 2 × (100m + 10m + 120m + 2 × 960m + 20m + 10m) + 20m + 4 × 3 × 10m + 30m + 10m.
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "32", "requests.cpu": "4540m" });
    });

    it("declares the class without the default annotation, deleting released volumes", () => {
        const sc = findResource(resources, STORAGE_CLASS, "longhorn-storage-class");
        expect(sc.inputs).toMatchObject({ reclaimPolicy: "Delete", parameters: { numberOfReplicas: "2" } });
        expect((sc.inputs.metadata as any).annotations).toBeUndefined();
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("Longhorn args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [{ replicas: 4, nodeCount: 3 }, /^Longhorn longhorn: args\.replicas 4 exceeds args\.nodeCount 3: /],
        [{ replicas: 0 }, /^Longhorn longhorn: args\.replicas must be a whole number of at least 1, not 0$/],
        [
            { nodeCount: 0, replicas: 1 },
            /^Longhorn longhorn: args\.nodeCount must be a whole number of at least 1, not 0$/,
        ],
        [{ nodeCpu: "half" }, /^Longhorn longhorn: args\.nodeCpu "half" is not a CPU quantity of at least 1$/],
    ])("refuses %j, naming the component", async (change, message) => {
        const { Longhorn } = await import("../../../components/storage/longhorn");
        expect(() => new Longhorn("longhorn", { ...ARGS, ...change })).toThrow(message);
    });
});
