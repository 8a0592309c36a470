import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformMissingDataProtection as policy } from "../../../../policy/rules/storage/platform-missing-data-protection";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, change, mariaDb, NS, pvc, statefulSet } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const unprotect = (r: ReturnType<typeof pvc>) => ({ ...r, options: { ...r.options, protect: false } });
const longhornVolume = (protect: boolean) =>
    fixture(
        K8sType.longhornVolume,
        "archive",
        { metadata: { name: "archive", namespace: "longhorn-system" }, spec: { size: "21474836480" } },
        { protect },
    );

describe("platform-missing-data-protection", () => {
    it("passes protected claims, StatefulSets with claims, MariaDBs and Longhorn volumes", async () => {
        expect(await messages(policy, [pvc(), statefulSet(), mariaDb(), longhornVolume(true)])).toEqual([]);
    });

    it("flags an unprotected PVC", async () => {
        expect(await messages(policy, [unprotect(pvc())])).toEqual([
            `PersistentVolumeClaim "${NS}/uploads" holds data but is not protected; set the protect resource option`,
        ]);
    });

    it("flags an unprotected StatefulSet with volumeClaimTemplates", async () => {
        expect(await messages(policy, [unprotect(statefulSet())])).toEqual([
            `StatefulSet "${NS}/redis" holds data but is not protected; set the protect resource option`,
        ]);
    });

    it("ignores an unprotected StatefulSet without volumeClaimTemplates", async () => {
        const resources = change([unprotect(statefulSet())], "redis", (p) => {
            delete p.spec.volumeClaimTemplates;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("flags an unprotected MariaDB", async () => {
        expect(await messages(policy, [unprotect(mariaDb())])).toEqual([
            `MariaDB "${NS}/mariadb" holds data but is not protected; set the protect resource option`,
        ]);
    });

    it("flags an unprotected Longhorn volume", async () => {
        expect(await messages(policy, [longhornVolume(false)])).toEqual([
            `Volume "longhorn-system/archive" holds data but is not protected; set the protect resource option`,
        ]);
    });

    it("ignores stateless kinds", async () => {
        const deployment = fixture(K8sType.deployment, "web", { metadata: { name: "web", namespace: NS } });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("reports that it cannot run when a StatefulSet's claim templates are unknown at preview", async () => {
        const resources = change([unprotect(statefulSet())], "redis", (p) => {
            p.spec.volumeClaimTemplates = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.volumeClaimTemplates")]);
    });
});
