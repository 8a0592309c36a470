// The data tier's opt-ins, rendered from prod's stack file with `platform:data.mariadb.maxscale` and
// `platform:apps.wordpress.objectCache` set.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { maxscalePodLabels } from "../../components/data/maxscale-manifests";
import { renderStack } from "../../tools/render/render";
import type { CapturedResource } from "../../tools/runtime/capture";
import { findResource, ofType } from "../helpers/capture";

const CR = (kind: string) => `kubernetes:k8s.mariadb.com/v1alpha1:${kind}`;
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function policy(resources: readonly CapturedResource[], name: string): any {
    const found = ofType(resources, NETWORK_POLICY).find((p) => (p.inputs as any).metadata.name === name);
    if (found === undefined) {
        throw new Error(`no NetworkPolicy ${name}`);
    }
    return (found.inputs as any).spec;
}

describe("prod with MaxScale and WordPress's object cache", () => {
    let dir: string;
    let result: Awaited<ReturnType<typeof renderStack>>;

    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), "maxscale-"));
        const doc = parseDocument(readFileSync("Pulumi.prod.yaml", "utf8"));
        doc.setIn(["config", "platform:data", "mariadb", "maxscale"], doc.createNode({}));
        doc.setIn(["config", "platform:apps", "wordpress", "objectCache"], true);
        const configFile = join(dir, "Pulumi.prod.yaml");
        writeFileSync(configFile, doc.toString());
        result = await renderStack({ stack: "prod", configFile });
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("runs three MaxScale pods in front of the members, and hands failover to them", () => {
        const maxscale = (findResource(result.resources, CR("MaxScale"), "mariadb-maxscale").inputs as any).spec;
        expect(maxscale).toMatchObject({
            mariaDbRef: { name: "mariadb" },
            replicas: 3,
            image: "harbor.platform.example.com/mirror/docker.io/mariadb/maxscale:23.08.5",
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        });
        expect(maxscale.affinity.nodeAffinity).toBeDefined();
        const mariadb = (findResource(result.resources, CR("MariaDB"), "mariadb-mariadb").inputs as any).spec;
        expect(mariadb.maxScaleRef).toEqual({ name: "mariadb-maxscale" });
        expect(mariadb.replication.primary.autoFailover).toBe(false);
    });

    it("points WordPress's Secret, env and egress at MaxScale", () => {
        expect(result.outputs.mariadb).toMatchObject({
            writeService: "mariadb-maxscale",
            readService: "mariadb-maxscale",
            databases: { wordpress: { host: "mariadb-maxscale" } },
        });
        const egress = policy(result.resources, "flow-web-wordpress-to-web-mariadb-maxscale-out");
        expect(egress.egress[0].to[0].podSelector.matchLabels).toEqual(maxscalePodLabels("mariadb"));
        expect(egress.egress[0].ports).toEqual([{ protocol: "TCP", port: 3306 }]);
    });

    it("lets WordPress reach the Valkey pods on 6379", () => {
        const egress = policy(result.resources, "flow-web-wordpress-to-web-valkey-out");
        expect(egress.egress[0].to[0].podSelector.matchLabels).toEqual({
            "app.kubernetes.io/name": "valkey",
            "app.kubernetes.io/instance": "valkey",
        });
        expect(egress.egress[0].ports).toEqual([{ protocol: "TCP", port: 6379 }]);
    });

    it("lets MaxScale reach the members, and the operator and kubelet its REST API", () => {
        expect(policy(result.resources, "flow-mariadb-maxscale-to-mariadb-in").ingress[0].ports).toEqual([
            { protocol: "TCP", port: 3306 },
        ]);
        expect(policy(result.resources, "flow-mariadb-operator-to-mariadb-maxscale-in").ingress[0].ports).toEqual([
            { protocol: "TCP", port: 8989 },
        ]);
        expect(policy(result.resources, "flow-nodes-to-mariadb-maxscale-in").podSelector.matchLabels).toEqual(
            maxscalePodLabels("mariadb"),
        );
    });

    it("counts MaxScale in the footprint and passes the pack", () => {
        expect(result.files["footprint.json"]).toContain("mariadb-maxscale");
        expect(result.violations.filter((v) => v.enforcement === "mandatory")).toEqual([]);
        expect(result.exitCode).toBe(0);
    });
});
