import { generateKeyPairSync } from "node:crypto";
import { renderStack } from "../../tools/render/render";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { createPlatform } from "../../stacks/platform";
import { storageArea } from "../../stacks/areas/storage";
import { SecretValue, type CapturedResource } from "../../tools/runtime/capture";
import { withChange, type RawConfig } from "../config/cases";
import { capture, findResource, ofType } from "../helpers/capture";

const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const CHART = "kubernetes:helm.sh/v4:Chart";
const COMMAND = "command:remote:Command";
const DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

/** Each StorageClass as [name, reclaimPolicy, default?]. */
function classes(resources: readonly CapturedResource[]): [string, string, boolean][] {
    return ofType(resources, STORAGE_CLASS).map((r) => {
        const c = r.inputs as any;
        return [c.metadata.name, c.reclaimPolicy, c.metadata.annotations?.[DEFAULT_CLASS] === "true"];
    });
}

function chart(resources: readonly CapturedResource[], name: string): CapturedResource {
    return findResource(resources, CHART, name);
}

describe("the stage stack's storage (seed 001: NFS as the default, local-path; no Longhorn, no snapshots)", () => {
    let result: Awaited<ReturnType<typeof renderStack>>;
    beforeAll(async () => {
        result = await renderStack({ stack: "stage" });
    });

    it("exports the class per role, the default class and the NFS export", () => {
        expect(result.outputs).toMatchObject({
            storageClasses: {
                database: "local-path",
                shared: "nfs-client",
                models: "nfs-client",
                backups: "nfs-client",
            },
            defaultStorageClass: "nfs-client",
            installedStorageClasses: ["nfs-client", "local-path"],
            snapshotClasses: {},
            nfsExport: "192.168.56.11:/srv/nfs-volume",
        });
    });

    it("declares nfs-client (default) and local-path, both deleting released volumes", () => {
        expect(classes(result.resources)).toEqual([
            ["nfs-client", "Delete", true],
            ["local-path", "Delete", false],
        ]);
        const nfs = findResource(result.resources, STORAGE_CLASS, "nfs-storage-class").inputs as any;
        expect(nfs.parameters).toEqual({
            server: "192.168.56.11",
            share: "/srv/nfs-volume",
            subDir: "${pvc.metadata.namespace}/${pvc.metadata.name}",
            onDelete: "delete",
        });
        expect(nfs.mountOptions).toEqual(["nfsvers=4.1"]);
    });

    it("installs csi-driver-nfs from upstream without snapshots, and no Longhorn", () => {
        const values = (chart(result.resources, "nfs-chart").inputs as any).values;
        expect(values.controller.enableSnapshotter).toBe(false);
        expect(values.externalSnapshotter.enabled).toBe(false);
        expect(ofType(result.resources, CHART).map((c) => c.name)).not.toContain("longhorn-chart");
        expect(ofType(result.resources, COMMAND)).toEqual([]);
    });
});

describe("the prod stack's storage (seed 003: Longhorn 3 replicas as the default, NFS, local-path, snapshots)", () => {
    let result: Awaited<ReturnType<typeof renderStack>>;
    beforeAll(async () => {
        result = await renderStack({ stack: "prod" });
    });

    it("declares every class with Retain, longhorn the default with 3 replicas", () => {
        expect(classes(result.resources)).toEqual([
            ["nfs-client", "Retain", false],
            ["local-path", "Retain", false],
            ["longhorn", "Retain", true],
        ]);
        const longhorn = findResource(result.resources, STORAGE_CLASS, "longhorn-storage-class").inputs as any;
        expect(longhorn.parameters.numberOfReplicas).toBe("3");
        const nfs = findResource(result.resources, STORAGE_CLASS, "nfs-storage-class").inputs as any;
        expect(nfs.parameters.onDelete).toBe("archive");
        expect(nfs.mountOptions).toEqual(["nfsvers=4.1", "hard"]);
    });

    it("takes snapshots of both snapshot-capable classes, Longhorn's class waiting for the snapshot CRDs", () => {
        expect(result.outputs.snapshotClasses).toEqual({ "nfs-client": "nfs-client", longhorn: "longhorn" });
        const nfsChart = chart(result.resources, "nfs-chart");
        expect((nfsChart.inputs as any).values.externalSnapshotter).toMatchObject({
            enabled: true,
            customResourceDefinitions: { enabled: true },
        });
        const snapshotClass = findResource(
            result.resources,
            "kubernetes:snapshot.storage.k8s.io/v1:VolumeSnapshotClass",
            "longhorn-snapshot-class",
        );
        expect(snapshotClass.dependencies).toContain(nfsChart.urn);
    });

    it("pulls every image through the Harbor mirror", () => {
        const longhorn = (chart(result.resources, "longhorn-chart").inputs as any).values;
        expect(longhorn.global.imageRegistry).toBe("harbor.platform.example.com/mirror/docker.io");
        const nfs = (chart(result.resources, "nfs-chart").inputs as any).values;
        expect(nfs.image.nfs.repository).toBe(
            "harbor.platform.example.com/mirror/registry.k8s.io/sig-storage/nfsplugin",
        );
    });

    it("lets Longhorn's pods reach each other on any port and the API server reach its webhook", () => {
        const policies = ofType(result.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        // Flow policies are named network-flows-<namespace>-flow-<flow>-<in|out>.
        const names = policies.map((p) => p.name.replace(/^network-flows-[a-z0-9-]+?-(?=flow-)/, ""));
        expect(names).toEqual(
            expect.arrayContaining([
                "flow-longhorn-system-internal-in",
                "flow-longhorn-system-internal-out",
                "flow-nodes-to-longhorn-webhook-in",
                "flow-longhorn-system-to-kube-apiserver-out",
                "flow-csi-nfs-to-kube-apiserver-out",
            ]),
        );
        const internal = policies.find((p) => p.name.endsWith("-flow-longhorn-system-internal-in"))!.inputs as any;
        expect(internal.spec.ingress).toEqual([
            {
                from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "longhorn-system" } } }],
                ports: [],
            },
        ]);
    });
});

/** A real private key, made for the test. */
const PRIVATE_KEY = generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();

async function wired(stack: string, change: (c: RawConfig) => void): Promise<readonly CapturedResource[]> {
    const config = parsePlatformConfig(
        withChange(stack, (c) => {
            c.storage.ssh = { user: "vagrant" };
            c.storageSshKey = PRIVATE_KEY;
            change(c);
        }),
    );
    return (await capture(() => createPlatform(config))).resources;
}

describe("preparation over SSH", () => {
    it("prepares the export on the server (default: the NFS server, the node subnet) before csi-driver-nfs", async () => {
        const resources = await wired("stage", (c) => (c.storage.nfs.prepare = {}));
        const [command] = ofType(resources, COMMAND);
        expect(command.name).toBe("nfs-server-export");
        expect(String((command.inputs as any).create)).toContain("/srv/nfs-volume 192.168.56.0/24(");
        // The whole connection (key included) is a secret; the scripts never hold the key.
        expect(command.inputs.connection).toBeInstanceOf(SecretValue);
        expect(JSON.stringify([command.inputs.create, command.inputs.triggers])).not.toContain("PRIVATE KEY");
        expect(chart(resources, "nfs-chart").dependencies).toContain(command.urn);
    });

    it("installs the NFS client on every node when asked", async () => {
        const resources = await wired("stage", (c) => (c.storage.nfs.prepare = { installClient: true }));
        expect(
            ofType(resources, COMMAND)
                .map((r) => r.name)
                .sort(),
        ).toEqual([
            ...["control1", "gpu1", "node1", "node2", "node3"].map((n) => `nfs-clients-${n}-nfs-client`),
            "nfs-server-export",
        ]);
    });

    it("checks open-iscsi on every worker before Longhorn", async () => {
        const resources = await wired("prod", (c) => (c.storage.longhorn.checkNodes = true));
        const checks = ofType(resources, COMMAND);
        expect(checks.map((r) => r.name).sort()).toEqual(
            ["data1", "data2", "data3", "gpu1", "gpu2"].map((n) => `longhorn-nodes-${n}-iscsi-check`),
        );
        // Waiting for the component waits for each of its commands.
        expect(chart(resources, "longhorn-chart").dependencies).toEqual(
            expect.arrayContaining(checks.map((r) => r.urn)),
        );
    });
});

describe("the storage area's namespaces", () => {
    it("manages the namespace of each provisioner the stack installs", () => {
        const { storage } = parsePlatformConfig(withChange("prod", () => undefined));
        expect(storageArea.namespaces({ storage })).toEqual(["csi-nfs", "local-path-storage", "longhorn-system"]);
        const localOnly = { ...storage, nfs: undefined, longhorn: { ...storage.longhorn, enabled: false } };
        expect(storageArea.namespaces({ storage: localOnly })).toEqual(["local-path-storage"]);
    });
});
