import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1SecretDisallowWeakPassword as policy } from "../../../../policy/rules/security/kubernetes-core-v1-secret-disallow-weak-password";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, changeProps, NS } from "./fixtures";

const SECRET = "kubernetes:core/v1:Secret";
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** A Secret filled from random.RandomPassword, as the data components create it. */
const secret = fixture(SECRET, "web-db", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "web-db", namespace: NS },
    type: "kubernetes.io/basic-auth",
    stringData: { username: "web", password: "vQ3r8ZpL2sXw9KdT" },
});

describe("kubernetes-core-v1-secret-disallow-weak-password", () => {
    it("passes a Secret with a generated password", async () => {
        expect(await messages(policy, [secret])).toEqual([]);
    });

    it("flags an empty password in stringData", async () => {
        const empty = changeProps(secret, (p) => {
            p.stringData.password = "";
        });
        expect(await messages(policy, [empty])).toEqual(['Secret key "password" in stringData is empty']);
    });

    it("flags a well-known password in stringData", async () => {
        const weak = changeProps(secret, (p) => {
            p.stringData.password = "admin";
        });
        expect(await messages(policy, [weak])).toEqual([
            'Secret key "password" in stringData holds a well-known password',
        ]);
    });

    it("decodes data before comparing, as the API server stores it base64-encoded", async () => {
        const weak = changeProps(secret, (p) => {
            p.data = { "mariadb-root-password": b64("root"), "replication-password": b64("") };
            delete p.stringData;
        });
        expect(await messages(policy, [weak])).toEqual([
            'Secret key "mariadb-root-password" in data holds a well-known password',
            'Secret key "replication-password" in data is empty',
        ]);
    });

    it("flags the Grafana admin password prom-operator under admin-password", async () => {
        const grafana = changeProps(secret, (p) => {
            p.stringData = { "admin-user": "admin", "admin-password": "prom-operator" };
        });
        expect(await messages(policy, [grafana])).toEqual([
            'Secret key "admin-password" in stringData holds a well-known password',
        ]);
    });

    it("flags keys named like passwords by one of their words, such as db-pass and mysql_pwd", async () => {
        const short = changeProps(secret, (p) => {
            p.stringData = { "db-pass": "changeme", mysql_pwd: "" };
        });
        expect(await messages(policy, [short])).toEqual([
            'Secret key "db-pass" in stringData holds a well-known password',
            'Secret key "mysql_pwd" in stringData is empty',
        ]);
    });

    it("ignores keys that are not passwords or secrets", async () => {
        const other = changeProps(secret, (p) => {
            p.stringData = { username: "admin", database: "" };
        });
        expect(await messages(policy, [other])).toEqual([]);
    });

    it("ignores other kinds with a stringData field", async () => {
        const configMap = {
            ...changeProps(secret, (p) => (p.stringData.password = "")),
            type: "kubernetes:core/v1:ConfigMap",
        };
        expect(await messages(policy, [configMap])).toEqual([]);
    });

    it("reports that it cannot run when a password is unknown at preview", async () => {
        const unknown = changeProps(secret, (p) => {
            p.stringData.password = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [unknown])).toEqual([cannotRun("stringData.password")]);
    });
});
