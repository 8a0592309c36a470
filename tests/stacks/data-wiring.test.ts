import { renderStack } from "../../tools/render/render";
import type { CapturedResource } from "../../tools/runtime/capture";
import { findResource, ofType } from "../helpers/capture";

const MARIADB = "kubernetes:k8s.mariadb.com/v1alpha1:MariaDB";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function spec(resources: readonly CapturedResource[], type: string, name: string): any {
    return (findResource(resources, type, name).inputs as any).spec;
}

/** The NetworkPolicies' object names, whoever declares them (the flows component or a workload). */
function flowPolicies(resources: readonly CapturedResource[]): string[] {
    return ofType(resources, NETWORK_POLICY).map((p) => (p.inputs as any).metadata.name);
}

describe.each([
    ["stage", 2, "0 3 * * *", false, [2, 5], 0],
    ["prod", 3, "0 */6 * * *", true, [3, 10], 2],
] as const)("the %s stack's data tier", (stack, members, schedule, protect, [min, max], valkeyReplicas) => {
    let result: Awaited<ReturnType<typeof renderStack>>;
    beforeAll(async () => {
        result = await renderStack({ stack });
    });

    it(`runs ${members} replicated members in web on the database role, pinned to workers without GPUs`, () => {
        const mariadb = spec(result.resources, MARIADB, "mariadb-mariadb");
        expect(mariadb.replicas).toBe(members);
        expect(mariadb.replication).toMatchObject({ enabled: true, primary: { autoFailover: true } });
        expect(mariadb.storage.storageClassName).toBe("local-path");
        const [term] = mariadb.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
        expect(term.matchExpressions[0].values).toEqual(
            stack === "prod" ? ["data1", "data2", "data3"] : ["node1", "node2", "node3"],
        );
        expect(mariadb.affinity.antiAffinityEnabled).toBe(true);
    });

    it("gives WordPress its database, user and grant, and backs up on the backups role", () => {
        expect(ofType(result.resources, "kubernetes:k8s.mariadb.com/v1alpha1:Database")).toHaveLength(1);
        const backup = ofType(result.resources, "kubernetes:k8s.mariadb.com/v1alpha1:Backup").map(
            (r) => (r.inputs as any).spec,
        );
        expect(backup).toHaveLength(1);
        expect(backup[0].schedule.cron).toBe(schedule);
        expect(backup[0].storage.persistentVolumeClaim.storageClassName).toBe("nfs-client");
        expect(ofType(result.resources, "kubernetes:k8s.mariadb.com/v1alpha1:User")).toHaveLength(1);
        expect(ofType(result.resources, "kubernetes:k8s.mariadb.com/v1alpha1:Grant")).toHaveLength(1);
    });

    it(`${protect ? "protects" : "leaves unprotected"} the database, its backup and their credentials`, () => {
        for (const type of [MARIADB, "kubernetes:k8s.mariadb.com/v1alpha1:Backup", "kubernetes:core/v1:Secret"]) {
            for (const r of ofType(result.resources, type).filter((r) => r.urn.includes("MariaDbCluster"))) {
                expect([r.name, r.options.protect, r.options.retainOnDelete]).toEqual([r.name, protect, protect]);
            }
        }
    });

    it("exports the endpoints and a Secret reference per database, never a password", () => {
        expect(result.outputs.mariadb).toMatchObject({
            namespace: "web",
            writeService: "mariadb-primary",
            databases: { wordpress: { secretName: "mariadb-wordpress-credentials", port: 3306, user: "wordpress" } },
        });
        for (const [file, text] of Object.entries(result.files)) {
            expect([file, /password["']?\s*[:=]\s*["']?[A-Za-z0-9._~-]{16,}/i.test(text)]).toEqual([file, false]);
        }
    });

    it("lets the operator, the members and the backup job reach what they need", () => {
        expect(flowPolicies(result.resources)).toEqual(
            expect.arrayContaining([
                "flow-mariadb-operator-to-kube-apiserver-out",
                "flow-nodes-to-mariadb-operator-webhook-in",
                "flow-mariadb-operator-to-mariadb-out",
                "flow-mariadb-operator-to-mariadb-in",
                "flow-mariadb-replication-in",
                "flow-mariadb-backup-to-mariadb-in",
                "flow-web-wordpress-to-web-mariadb-in",
            ]),
        );
    });

    it(`runs WordPress under an HPA of ${min}-${max} with no static replicas, its password from the Secret`, () => {
        const deployment = spec(result.resources, "kubernetes:apps/v1:Deployment", "wordpress-deployment");
        expect(deployment.replicas).toBeUndefined();
        const hpa = ofType(result.resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map(
            (r) => (r.inputs as any).spec,
        );
        expect(hpa.map((h) => [h.scaleTargetRef.name, h.minReplicas, h.maxReplicas])).toEqual([
            ["wordpress", min, max],
        ]);
        const env = deployment.template.spec.containers[0].env as any[];
        expect(env.find((e) => e.name === "WORDPRESS_DB_PASSWORD").valueFrom.secretKeyRef).toEqual({
            name: "mariadb-wordpress-credentials",
            key: "password",
        });
    });

    it(`runs Valkey with ${valkeyReplicas} read replicas, its password by reference`, () => {
        const values = (findResource(result.resources, "kubernetes:helm.sh/v4:Chart", "valkey-chart").inputs as any)
            .values;
        expect(values.replica.replicas).toBe(valkeyReplicas);
        expect(values.auth.usersExistingSecret).toBe("valkey-credentials");
    });
});
