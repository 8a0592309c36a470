import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { platformEnforceOddQuorum as policy } from "../../../../policy/rules/availability/platform-enforce-odd-quorum";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, mariaDb, PREVIEW_UNKNOWN, quorumStatefulSet, webDeployment } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const maxScale = (replicas?: number): HarnessResource =>
    fixture(K8sType.maxScale, "maxscale", {
        apiVersion: "k8s.mariadb.com/v1alpha1",
        kind: "MaxScale",
        metadata: { name: "maxscale", namespace: "data" },
        spec: { replicas, mariaDbRef: { name: "mariadb" } },
    });

const sentinel = (clusterSize: number): HarnessResource =>
    fixture(K8sType.redisSentinel, "sentinel", {
        apiVersion: "redis.redis.opstreelabs.in/v1beta2",
        kind: "RedisSentinel",
        metadata: { name: "sentinel", namespace: "data" },
        spec: { clusterSize, redisSentinelConfig: { redisReplicationName: "redis" } },
    });

const QUORUM = "quorum sets need an odd number of members, at least 3";
const SPLIT_BRAIN = ": an even count can split into two halves with no majority (split brain)";

describe("platform-enforce-odd-quorum", () => {
    it("passes the compliant stack: 3 MariaDB members, 3 MaxScale instances, a quorum StatefulSet of 3", async () => {
        expect(await messages(policy, [...compliantStack(), maxScale(3), sentinel(3)])).toEqual([]);
    });

    it("flags the seed's 2-member MariaDB in prod (spec.replicas 2)", async () => {
        const violations = await runPolicy(policy, [change(mariaDb(), (p) => (p.spec.replicas = 2))]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [`MariaDB "data/mariadb" has 2 members (spec.replicas); ${QUORUM}${SPLIT_BRAIN}`, mariaDb().urn],
        ]);
    });

    it("flags a Galera MariaDB with an even member count", async () => {
        const galera = change(mariaDb(), (p) => {
            p.spec.replication = undefined;
            p.spec.galera = { enabled: true };
            p.spec.replicas = 4;
        });
        expect(await messages(policy, [galera])).toEqual([
            `MariaDB "data/mariadb" has 4 members (spec.replicas); ${QUORUM}${SPLIT_BRAIN}`,
        ]);
    });

    it("flags a single-member MariaDB, defaulting an unset spec.replicas to 1", async () => {
        expect(await messages(policy, [change(mariaDb(), (p) => delete p.spec.replicas)])).toEqual([
            `MariaDB "data/mariadb" has 1 member (spec.replicas not set); ${QUORUM}`,
        ]);
    });

    it("flags the seed's 2-node MaxScale split brain in the embedded MaxScale", async () => {
        expect(await messages(policy, [change(mariaDb(), (p) => (p.spec.maxScale.replicas = 2))])).toEqual([
            `MariaDB "data/mariadb" has 2 MaxScale instances (spec.maxScale.replicas); ${QUORUM}${SPLIT_BRAIN}`,
        ]);
    });

    it("ignores the replica count of a disabled embedded MaxScale", async () => {
        const disabled = change(mariaDb(), (p) => (p.spec.maxScale = { enabled: false, replicas: 2 }));
        expect(await messages(policy, [disabled])).toEqual([]);
    });

    it("flags a standalone MaxScale with 2 instances", async () => {
        expect(await messages(policy, [maxScale(2)])).toEqual([
            `MaxScale "data/maxscale" has 2 instances (spec.replicas); ${QUORUM}${SPLIT_BRAIN}`,
        ]);
    });

    it("flags a standalone MaxScale without spec.replicas as a single instance", async () => {
        expect(await messages(policy, [maxScale()])).toEqual([
            `MaxScale "data/maxscale" has 1 instance (spec.replicas not set); ${QUORUM}`,
        ]);
    });

    it("flags a Redis Sentinel with 2 sentinels", async () => {
        expect(await messages(policy, [sentinel(2)])).toEqual([
            `RedisSentinel "data/sentinel" has 2 sentinels (spec.clusterSize); ${QUORUM}${SPLIT_BRAIN}`,
        ]);
    });

    it("flags a quorum StatefulSet of 2", async () => {
        expect(await messages(policy, [change(quorumStatefulSet(), (p) => (p.spec.replicas = 2))])).toEqual([
            `StatefulSet "apps/db" has 2 members (spec.replicas); ${QUORUM}${SPLIT_BRAIN}`,
        ]);
    });

    it("treats a StatefulSet labelled app.kubernetes.io/component: database as a quorum set", async () => {
        const database = change(quorumStatefulSet(), (p) => {
            p.metadata.labels = { app: "db", "app.kubernetes.io/component": "database" };
            p.spec.replicas = 2;
        });
        expect(await messages(policy, [database])).toEqual([
            `StatefulSet "apps/db" has 2 members (spec.replicas); ${QUORUM}${SPLIT_BRAIN}`,
        ]);
    });

    it("leaves a StatefulSet of another class alone", async () => {
        const cache = change(quorumStatefulSet(), (p) => {
            p.metadata.labels["platform.io/workload-class"] = "ha";
            p.spec.replicas = 2;
        });
        expect(await messages(policy, [cache])).toEqual([]);
    });

    it("checks a Deployment that declares itself a quorum", async () => {
        const quorum = change(webDeployment(), (p) => (p.metadata.labels["platform.io/workload-class"] = "quorum"));
        expect(await messages(policy, [quorum])).toEqual([
            `Deployment "apps/web" has 1 member (spec.replicas not set); ${QUORUM}`,
        ]);
    });

    it("flags an odd set below a raised minimum", async () => {
        expect(await messages(policy, [mariaDb()], { minQuorumMembers: 5 })).toEqual([
            'MariaDB "data/mariadb" has 3 members (spec.replicas); quorum sets need an odd number of members, at least 5',
            'MariaDB "data/mariadb" has 3 MaxScale instances (spec.maxScale.replicas); quorum sets need an odd number of members, at least 5',
        ]);
    });

    it("accepts a single member when the profile lowers the minimum to 1, but still flags 2", async () => {
        const single = change(mariaDb(), (p) => {
            p.spec.replicas = 1;
            p.spec.maxScale.replicas = 2;
        });
        expect(await messages(policy, [single], { minQuorumMembers: 1 })).toEqual([
            `MariaDB "data/mariadb" has 2 MaxScale instances (spec.maxScale.replicas); quorum sets need an odd number of members, at least 1${SPLIT_BRAIN}`,
        ]);
    });

    it("reports an unknown member count at preview as advisory instead of crashing", async () => {
        const violations = await runPolicy(policy, [change(mariaDb(), (p) => (p.spec.replicas = PREVIEW_UNKNOWN))]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.replicas can't be known during preview",
            ],
        ]);
    });
});
