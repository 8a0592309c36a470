import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1SecretDisallowDataAndStringData as policy } from "../../../../policy/rules/security/kubernetes-core-v1-secret-disallow-data-and-string-data";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, changeProps, NS } from "./fixtures";

const secret = fixture("kubernetes:core/v1:Secret", "web-db", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "web-db", namespace: NS },
    stringData: { username: "web", password: "vQ3r8ZpL2sXw9KdT" },
});

describe("kubernetes-core-v1-secret-disallow-data-and-string-data", () => {
    it("passes a Secret with stringData only", async () => {
        expect(await messages(policy, [secret])).toEqual([]);
    });

    it("passes a Secret with data only", async () => {
        const data = changeProps(secret, (p) => {
            p.data = { username: "d2Vi" };
            delete p.stringData;
        });
        expect(await messages(policy, [data])).toEqual([]);
    });

    it("passes an empty data map next to stringData", async () => {
        const empty = changeProps(secret, (p) => {
            p.data = {};
        });
        expect(await messages(policy, [empty])).toEqual([]);
    });

    it("flags a Secret with both data and stringData", async () => {
        const both = changeProps(secret, (p) => {
            p.data = { "ca.crt": "LS0tLS1CRUdJTg==" };
        });
        expect(await messages(policy, [both])).toEqual(["Secret sets both data and stringData"]);
    });

    it("names the keys stringData silently overwrites", async () => {
        const overlap = changeProps(secret, (p) => {
            p.data = { password: "b2xk", username: "d2Vi" };
        });
        expect(await messages(policy, [overlap])).toEqual([
            'Secret sets both data and stringData; stringData overwrites "password", "username"',
        ]);
    });

    it("judges keys without reading their unknown values at preview", async () => {
        const unknownValues = changeProps(secret, (p) => {
            p.data = { token: PREVIEW_UNKNOWN };
        });
        expect(await messages(policy, [unknownValues])).toEqual(["Secret sets both data and stringData"]);
    });

    it("reports that it cannot run when the whole data map is unknown at preview", async () => {
        const unknown = changeProps(secret, (p) => {
            p.data = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [unknown])).toEqual([cannotRun("data")]);
    });
});
