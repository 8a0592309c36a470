import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";

describe("the WordPress reference app's settings", () => {
    it("parse stage: seed 001's HPA 2-5 at 70 %, uploads unprotected", () => {
        expect(parsePlatformConfig(stackSections("stage")).apps.wordpress).toEqual({
            namespace: "web",
            hostname: "cccr-miniproject.com",
            database: "wordpress",
            autoscaling: { minReplicas: 2, maxReplicas: 5, targetCpuUtilization: 70 },
            uploadsSize: "5Gi",
            objectCache: false,
            protect: false,
        });
    });

    it("parse prod: HPA 3-10, uploads protected", () => {
        expect(parsePlatformConfig(stackSections("prod")).apps.wordpress).toMatchObject({
            autoscaling: { minReplicas: 3, maxReplicas: 10 },
            protect: true,
        });
    });

    it("rejects a hostname the Gateway does not serve and a database the tier does not have", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.apps.wordpress.hostname = "blog.example.com";
                c.apps.wordpress.database = "blog";
            }),
        ).toEqual([
            "platform:apps.wordpress.hostname: blog.example.com is not served by the shared Gateway (network.gateway.hostnames: cccr-miniproject.com, inference.cccr-miniproject.com, grpc.inference.cccr-miniproject.com, grafana.cccr-miniproject.com)",
            "platform:apps.wordpress.database: blog is not one of data.mariadb.databases (wordpress)",
        ]);
    });

    it("rejects a namespace other than its database's and bounds that cross", () => {
        expect(
            problemsAfter("stage", (c) => {
                c.apps.wordpress.namespace = "ml";
                c.apps.wordpress.autoscaling = { minReplicas: 4, maxReplicas: 3, targetCpuUtilization: 70 };
            }),
        ).toEqual([
            "platform:apps.wordpress.autoscaling.maxReplicas: 3 is below minReplicas 4",
            "platform:apps.wordpress.namespace: ml is not data.mariadb.namespace (web); the app reads its database's Secret there",
        ]);
    });

    it("rejects a single replica (an HPA of one keeps nothing serving through a drain)", () => {
        expect(
            problemsAfter(
                "stage",
                (c) => (c.apps.wordpress.autoscaling = { minReplicas: 1, maxReplicas: 5, targetCpuUtilization: 70 }),
            ),
        ).toEqual(["platform:apps.wordpress.autoscaling.minReplicas: Too small: expected number to be >=2"]);
    });

    it("needs a Valkey in its own namespace for the object cache", () => {
        const on = withChange("stage", (c) => (c.apps.wordpress.objectCache = true));
        expect(parsePlatformConfig(on).apps.wordpress?.objectCache).toBe(true);
        expect(
            problemsAfter("stage", (c) => {
                c.apps.wordpress.objectCache = true;
                delete c.data.valkey;
            }),
        ).toEqual(["platform:apps.wordpress.objectCache: needs data.valkey, the cache it uses"]);
        expect(
            problemsAfter("stage", (c) => {
                c.apps.wordpress.objectCache = true;
                c.data.valkey.namespace = "ml";
            }),
        ).toEqual([
            "platform:apps.wordpress.objectCache: needs data.valkey in web, not ml; the app reads the cache's Secret there",
        ]);
    });

    it("needs the shared role for its uploads", () => {
        expect(problemsAfter("stage", (c) => delete c.storage.roles.shared)).toEqual([
            "platform:apps.wordpress.uploadsSize: needs platform:storage.roles.shared for the uploads claim",
        ]);
    });
});
