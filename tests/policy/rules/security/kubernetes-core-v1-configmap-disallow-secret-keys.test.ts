import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ConfigmapDisallowSecretKeys as policy } from "../../../../policy/rules/security/kubernetes-core-v1-configmap-disallow-secret-keys";
import { fixture, messages } from "../../../helpers/policy";
import { changeProps, NS } from "./fixtures";

const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

/** Seed 001's wordpress-env-cm without its password key: connection settings only. */
const wordpressEnv = fixture(CONFIG_MAP, "wordpress-env-cm", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "wordpress-env-cm", namespace: NS },
    data: {
        WORDPRESS_DB_HOST: "mariadb-primary.data.svc.cluster.local",
        WORDPRESS_DB_USER: "wordpress",
        WORDPRESS_DB_NAME: "wordpress",
    },
});

describe("kubernetes-core-v1-configmap-disallow-secret-keys", () => {
    it("passes a ConfigMap of connection settings", async () => {
        expect(await messages(policy, [wordpressEnv])).toEqual([]);
    });

    it("flags the seed's WORDPRESS_DB_PASSWORD in a ConfigMap", async () => {
        const seed = changeProps(wordpressEnv, (p) => {
            p.data.WORDPRESS_DB_PASSWORD = "";
        });
        expect(await messages(policy, [seed])).toEqual([
            'ConfigMap key "WORDPRESS_DB_PASSWORD" in data is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
    });

    it("flags a token in binaryData", async () => {
        const binary = changeProps(wordpressEnv, (p) => {
            p.binaryData = { "registry-token": "c2VjcmV0" };
        });
        expect(await messages(policy, [binary])).toEqual([
            'ConfigMap key "registry-token" in binaryData is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
    });

    it("passes whole files whose names mention secrets, such as a dashboard", async () => {
        const dashboards = changeProps(wordpressEnv, (p) => {
            p.data["secrets-overview.json"] = "{}";
            p.data["PASSWORD_FILE"] = "/etc/wordpress/password";
        });
        expect(await messages(policy, [dashboards])).toEqual([]);
    });

    it("passes a key the profile allows", async () => {
        const ttl = changeProps(wordpressEnv, (p) => {
            p.data.TOKEN_TTL = "3600";
        });
        expect(await messages(policy, [ttl], { allowedKeys: ["TOKEN_TTL"] })).toEqual([]);
    });

    it("judges keys without reading their unknown values at preview", async () => {
        const unknown = changeProps(wordpressEnv, (p) => {
            p.data.WORDPRESS_DB_HOST = PREVIEW_UNKNOWN;
            p.data.DB_PASSWORD = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [unknown])).toEqual([
            'ConfigMap key "DB_PASSWORD" in data is named like a secret; ConfigMaps are stored and shown in plain text',
        ]);
    });
});
