import { renderStack } from "../../tools/render/render";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { storageArea } from "../../stacks/areas/storage";
import { withChange } from "../config/cases";

const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

describe.each([
    ["stage", "Delete"],
    ["prod", "Retain"],
])("the %s stack's storage", (stack, reclaimPolicy) => {
    it(`exports the class per role and the default class, and declares local-path with ${reclaimPolicy}`, async () => {
        const { outputs, resources } = await renderStack({ stack });
        expect(outputs).toMatchObject({
            storageClasses: { database: "local-path", metrics: "local-path", logs: "local-path" },
            defaultStorageClass: "local-path",
        });
        const classes = resources.filter((r) => r.type === STORAGE_CLASS).map((r) => r.inputs as any);
        expect(classes.map((c) => [c.metadata.name, c.reclaimPolicy])).toEqual([["local-path", reclaimPolicy]]);
        expect(classes[0].metadata.annotations).toMatchObject({
            "storageclass.kubernetes.io/is-default-class": "true",
        });
    });
});

describe("the storage area's namespaces", () => {
    it("manages local-path-storage only while local-path is enabled", () => {
        const { storage } = parsePlatformConfig(withChange("stage", () => undefined));
        expect(storageArea.namespaces({ storage })).toEqual(["local-path-storage"]);
        const disabled = { ...storage, localPath: { ...storage.localPath, enabled: false } };
        expect(storageArea.namespaces({ storage: disabled })).toEqual([]);
    });
});
