import type { CsiDriverNfsArgs } from "../../../components/storage/nfs";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const GOVERNED = "platform:tenancy:GovernedNamespace";
const COMPONENT = "platform:storage:CsiDriverNfs";
const CHART = "kubernetes:helm.sh/v4:Chart";
const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const SNAPSHOT_CLASS = "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass";
const ARGS: CsiDriverNfsArgs = {
    export: { server: "nfs.lan", share: "/srv/nfs/k8s" },
    mountOptions: ["nfsvers=4.1"],
    onDelete: "retain",
    reclaimPolicy: "Retain",
    isDefault: true,
};

async function run(args: CsiDriverNfsArgs, name = "nfs") {
    const { CsiDriverNfs } = await import("../../../components/storage/nfs");
    let exposed: { namespaces: string[]; storageClass: string; snapshotClass?: string; driver: string } | undefined;
    const { resources } = await capture(() => {
        const nfs = new CsiDriverNfs(name, args);
        exposed = {
            namespaces: [...nfs.namespaces.keys()],
            storageClass: nfs.storageClass,
            snapshotClass: nfs.snapshotClass,
            driver: nfs.driver,
        };
    });
    return { resources, exposed: exposed! };
}

describe("CsiDriverNfs with snapshots and the snapshot-controller, through mirrors", () => {
    let resources: readonly CapturedResource[];
    let exposed: Awaited<ReturnType<typeof run>>["exposed"];

    beforeAll(async () => {
        ({ resources, exposed } = await run({
            ...ARGS,
            snapshots: { installController: true },
            registryMirror: "harbor.example.com/mirror",
            chartMirror: "harbor.example.com/mirror",
            nodeCount: 3,
        }));
    });

    it("exposes its namespace, classes and driver", () => {
        expect(exposed).toEqual({
            namespaces: ["csi-nfs"],
            storageClass: "nfs-client",
            snapshotClass: "nfs-client",
            driver: "nfs.csi.k8s.io",
        });
        expect(findResource(resources, COMPONENT, "nfs")).toBeDefined();
    });

    it("creates csi-nfs as a privileged governed namespace sized for three nodes and the snapshot-controller", () => {
        findResource(resources, GOVERNED, "csi-nfs");
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "csi-nfs");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "csi-nfs-quota");
        // Controller (5 containers) + 3 node pods (3 each) + the snapshot-controller, 10m and 20Mi each.
        expect((quota.inputs.spec as any).hard).toMatchObject({
            pods: "5",
            "requests.cpu": "150m",
            "requests.memory": "300Mi",
            services: "0",
        });
    });

    it("installs the pinned chart from the chart mirror after its namespace", () => {
        const chart = findResource(resources, CHART, "nfs-chart");
        expect(chart.inputs).toMatchObject({
            chart: "oci://harbor.example.com/mirror/charts/csi-driver-nfs",
            version: "4.13.4",
            namespace: "csi-nfs",
        });
        expect(chart.inputs.repositoryOpts).toBeUndefined();
        expect(chart.dependencies).toContain(findResource(resources, "kubernetes:core/v1:Namespace", "csi-nfs").urn);
        const values = chart.inputs.values as any;
        expect(values.controller.enableSnapshotter).toBe(true);
        expect(values.externalSnapshotter).toMatchObject({
            enabled: true,
            customResourceDefinitions: { enabled: true },
        });
        expect(values.image.externalSnapshotter.repository).toBe(
            "harbor.example.com/mirror/registry.k8s.io/sig-storage/snapshot-controller",
        );
    });

    it("declares nfs-client from the args, and its snapshot class after the chart that brings the CRD", () => {
        const [sc] = ofType(resources, STORAGE_CLASS);
        expect(sc.name).toBe("nfs-storage-class");
        expect(sc.inputs).toMatchObject({
            metadata: { name: "nfs-client", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "nfs.csi.k8s.io",
            parameters: { server: "nfs.lan", share: "/srv/nfs/k8s", onDelete: "retain" },
            reclaimPolicy: "Retain",
            mountOptions: ["nfsvers=4.1"],
        });
        const snapshotClass = findResource(resources, SNAPSHOT_CLASS, "nfs-snapshot-class");
        expect(snapshotClass.inputs).toMatchObject({
            metadata: { name: "nfs-client" },
            driver: "nfs.csi.k8s.io",
            deletionPolicy: "Retain",
        });
        expect(snapshotClass.dependencies).toContain(findResource(resources, CHART, "nfs-chart").urn);
    });
});

describe("CsiDriverNfs without snapshots, from upstream", () => {
    let resources: readonly CapturedResource[];
    let exposed: Awaited<ReturnType<typeof run>>["exposed"];

    beforeAll(async () => {
        ({ resources, exposed } = await run({ ...ARGS, isDefault: false, reclaimPolicy: "Delete" }, "storage-nfs"));
    });

    it("declares no snapshot class and turns both snapshot switches off", () => {
        expect(ofType(resources, SNAPSHOT_CLASS)).toEqual([]);
        expect(exposed.snapshotClass).toBeUndefined();
        const chart = findResource(resources, CHART, "storage-nfs-chart");
        expect(chart.inputs).toMatchObject({
            chart: "csi-driver-nfs",
            version: "4.13.4",
            repositoryOpts: { repo: "https://kubernetes-csi.github.io/csi-driver-nfs" },
        });
        const values = chart.inputs.values as any;
        expect(values.controller.enableSnapshotter).toBe(false);
        expect(values.externalSnapshotter.enabled).toBe(false);
        expect(values.image).toBeUndefined();
    });

    it("sizes the default budget for eight nodes and leaves nfs-client non-default", () => {
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "csi-nfs-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "9", "requests.cpu": "280m" });
        const [sc] = ofType(resources, STORAGE_CLASS);
        expect(sc.name).toBe("storage-nfs-storage-class");
        expect((sc.inputs.metadata as any).annotations).toBeUndefined();
    });

    it("takes a budget from the args over the default", async () => {
        const { resources: own } = await run({
            ...ARGS,
            budget: {
                quota: {
                    requestsCpu: "1",
                    requestsMemory: "1Gi",
                    limitsCpu: "4",
                    limitsMemory: "4Gi",
                    pods: 20,
                    services: 0,
                    persistentVolumeClaims: 0,
                    requestsStorage: "0",
                    gpus: 0,
                },
                limits: {
                    max: { cpu: "1", memory: "1Gi" },
                    min: { cpu: "10m", memory: "16Mi" },
                    default: { cpu: "100m", memory: "64Mi" },
                    defaultRequest: { cpu: "10m", memory: "16Mi" },
                },
            },
        });
        const quota = findResource(own, "kubernetes:core/v1:ResourceQuota", "csi-nfs-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "20", "requests.cpu": "1" });
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("CsiDriverNfs args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [{ export: { server: "nfs://nas", share: "/srv" } }, /^CsiDriverNfs nfs: args\.export\.server "nfs:\/\/nas"/],
        [{ export: { server: "nas", share: "/" } }, /^CsiDriverNfs nfs: args\.export\.share "\/"/],
        [{ mountOptions: [""] }, /^CsiDriverNfs nfs: args\.mountOptions\[0\] is empty$/],
    ])("refuses %j, naming the component", async (change, message) => {
        const { CsiDriverNfs } = await import("../../../components/storage/nfs");
        expect(() => new CsiDriverNfs("nfs", { ...ARGS, ...change })).toThrow(message);
    });
});
