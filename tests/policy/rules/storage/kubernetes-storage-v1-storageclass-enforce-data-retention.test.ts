import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesStorageV1StorageclassEnforceDataRetention as policy } from "../../../../policy/rules/storage/kubernetes-storage-v1-storageclass-enforce-data-retention";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, storageClass } from "./fixtures";

const classes = () => [
    storageClass("longhorn"),
    storageClass("nfs-client", { provisioner: "cluster.local/nfs-subdir", reclaimPolicy: "Delete" }),
];

describe("kubernetes-storage-v1-storageclass-enforce-data-retention", () => {
    it("passes a data class with Retain and expansion, and ignores non-data classes", async () => {
        expect(await messages(policy, classes())).toEqual([]);
    });

    it("flags a data class with reclaimPolicy Delete", async () => {
        const resources = change(classes(), "longhorn", (p) => {
            p.reclaimPolicy = "Delete";
        });
        expect(await messages(policy, resources)).toEqual([
            `StorageClass "longhorn" is a data class with reclaimPolicy Delete; set Retain`,
        ]);
    });

    it("flags a data class that leaves reclaimPolicy to the Delete default", async () => {
        const resources = change(classes(), "longhorn", (p) => {
            delete p.reclaimPolicy;
        });
        expect(await messages(policy, resources)).toEqual([
            `StorageClass "longhorn" is a data class with reclaimPolicy Delete; set Retain`,
        ]);
    });

    it("does not ask local-path, whose provisioner cannot resize, for volume expansion", async () => {
        const local = storageClass("local-path", { provisioner: "rancher.io/local-path" });
        delete (local.props as Record<string, unknown>).allowVolumeExpansion;
        expect(await messages(policy, [local])).toEqual([]);
        expect(await messages(policy, [local], { expandableClasses: ["local-path"] })).toEqual([
            `StorageClass "local-path" is a data class without allowVolumeExpansion: true`,
        ]);
    });

    it("flags a data class without volume expansion", async () => {
        const resources = change(classes(), "longhorn", (p) => {
            delete p.allowVolumeExpansion;
        });
        expect(await messages(policy, resources)).toEqual([
            `StorageClass "longhorn" is a data class without allowVolumeExpansion: true`,
        ]);
    });

    it("relaxes Retain when the profile sets requireRetain false (stage)", async () => {
        const resources = change(classes(), "longhorn", (p) => {
            p.reclaimPolicy = "Delete";
        });
        expect(await messages(policy, resources, { requireRetain: false })).toEqual([]);
    });

    it("relaxes expansion when the profile sets requireExpansion false", async () => {
        const resources = change(classes(), "longhorn", (p) => {
            p.allowVolumeExpansion = false;
        });
        expect(await messages(policy, resources, { requireExpansion: false })).toEqual([]);
    });

    it("takes the data classes from config", async () => {
        expect(await messages(policy, classes(), { dataClasses: ["nfs-client"] })).toEqual([
            `StorageClass "nfs-client" is a data class with reclaimPolicy Delete; set Retain`,
        ]);
    });

    it("reports that it cannot run when the reclaim policy is unknown at preview", async () => {
        const resources = change(classes(), "longhorn", (p) => {
            p.reclaimPolicy = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("reclaimPolicy")]);
    });
});
