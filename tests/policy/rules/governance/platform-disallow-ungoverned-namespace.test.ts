import { PREVIEW_UNKNOWN, type HarnessResource } from "../../../../policy/harness/evaluate";
import { judgeByObject } from "../../../../policy/lib/object-types";
import { platformDisallowUngovernedNamespace as policy } from "../../../../policy/rules/governance/platform-disallow-ungoverned-namespace";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { fixture, inventoryConfigMap, messages, mutate, runPolicy } from "../../../helpers/policy";
import { inventoryData } from "../../../../contract/inventory";
import { K8sType } from "../../../../contract/k8s-types";

type Props = Record<string, any>;

/** The inventory ConfigMap as the cluster component publishes it, listing `namespaces` as governed. */
function inventory(namespaces: readonly string[] | undefined): HarnessResource {
    const data: Props = inventoryData({
        nodes: [],
        capacity: { cpu: 24, memory: 48 * 2 ** 30, gpus: 0 },
        namespaces: namespaces ?? [],
        offline: false,
        networks: [],
    });
    if (namespaces === undefined) {
        delete data.namespaces;
    }
    return inventoryConfigMap(data);
}

/** A workload of `type` in `namespace` (no namespace field when null); its pod spec is all the rule needs. */
function workload(type: string, name: string, namespace: string | null = "web"): HarnessResource {
    const podSpec = { containers: [{ name: "app", image: "registry.example.com/app:1" }] };
    return fixture(type, name, {
        metadata: namespace === null ? { name } : { name, namespace },
        spec: type === K8sType.pod ? podSpec : { template: { spec: podSpec } },
    });
}

/** A chart `name` installed into `namespace` (no namespace field when null). */
function chart(name: string, namespace: string | null = "web", type: string = K8sType.chartV4): HarnessResource {
    return fixture(type, `${name}-chart`, {
        name,
        chart: name,
        version: "1.0.0",
        ...(namespace === null ? {} : { namespace }),
    });
}

const web = () => workload(K8sType.deployment, "wordpress");
/** The compliant stack: `web` is governed, listed in the inventory, and holds a Deployment and a chart. */
const compliant = () => [inventory(["web"]), ...governedNamespace("web"), web(), chart("valkey")];

const BY_INVENTORY =
    '(the inventory ConfigMap "platform-capacity" does not list it as governed): no quota, LimitRange or ' +
    "default deny of the stack applies there";
const BY_DECLARATION =
    "(the stack declares no Namespace of that name): no quota, LimitRange or default deny of the stack applies there";
const system = (subject: string, ns: string) =>
    `${subject} in namespace "${ns}", a Kubernetes system namespace the stack never governs: no quota, ` +
    "LimitRange or default deny of the stack applies there";

describe("platform-disallow-ungoverned-namespace", () => {
    it("passes workloads and charts in a namespace the inventory lists", async () => {
        expect(await messages(policy, compliant())).toEqual([]);
    });

    it("flags a workload in a namespace the inventory does not list, at the workload", async () => {
        const legacy = workload(K8sType.deployment, "blog", "legacy");
        const violations = await runPolicy(policy, [...compliant(), legacy]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                `Deployment "blog" runs in namespace "legacy", which the stack does not govern ${BY_INVENTORY}`,
                legacy.urn,
            ],
        ]);
    });

    it("judges every kind that runs pods and ignores other namespaced objects", async () => {
        const kinds = [
            K8sType.pod,
            K8sType.statefulSet,
            K8sType.daemonSet,
            K8sType.replicaSet,
            K8sType.replicationController,
            K8sType.job,
        ];
        const cronJob = fixture(K8sType.cronJob, "nightly", {
            metadata: { name: "nightly", namespace: "legacy" },
            spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
        });
        const service = fixture(K8sType.service, "blog", { metadata: { name: "blog", namespace: "legacy" } });
        const resources = [...compliant(), ...kinds.map((t) => workload(t, "app", "legacy")), cronJob, service];
        expect(await messages(policy, resources)).toEqual(
            ["Pod", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"].map(
                (kind) =>
                    `${kind} "${kind === "CronJob" ? "nightly" : "app"}" runs in namespace "legacy", which the stack does not govern ${BY_INVENTORY}`,
            ),
        );
    });

    it.each([
        ["MariaDB", K8sType.mariaDb],
        ["MaxScale", K8sType.maxScale],
        ["RedisSentinel", K8sType.redisSentinel],
    ])("judges a %s, whose operator runs its pods in its namespace", async (kind, type) => {
        const database = fixture(type, "db", { metadata: { name: "db", namespace: "legacy" }, spec: {} });
        expect(await messages(policy, [...compliant(), database])).toEqual([
            `${kind} "db" runs in namespace "legacy", which the stack does not govern ${BY_INVENTORY}`,
        ]);
    });

    it("flags a chart installed into a namespace the inventory does not list, by its release name", async () => {
        const release = chart("mariadb-operator", "operators", K8sType.releaseV3);
        expect(await messages(policy, [...compliant(), chart("loki", "logging"), release])).toEqual([
            `Chart "loki" installs in namespace "logging", which the stack does not govern ${BY_INVENTORY}`,
            `Release "mariadb-operator" installs in namespace "operators", which the stack does not govern ${BY_INVENTORY}`,
        ]);
    });

    it("takes a workload or chart without a namespace, or with an empty one, for default", async () => {
        const noMetadata = fixture(K8sType.pod, "bare", { spec: { containers: [] } });
        const resources = [
            ...compliant(),
            workload(K8sType.deployment, "unplaced", null),
            workload(K8sType.deployment, "blank", ""),
            noMetadata,
            chart("loki", null),
            chart("alloy", ""),
        ];
        expect(await messages(policy, resources)).toEqual([
            system('Deployment "unplaced" runs', "default"),
            system('Deployment "blank" runs', "default"),
            system('Pod "bare" runs', "default"),
            system('Chart "loki" installs', "default"),
            system('Chart "alloy" installs', "default"),
        ]);
    });

    it("never governs the system namespaces, even when the inventory lists and the stack declares them", async () => {
        const reserved = ["default", "kube-system", "kube-public", "kube-node-lease"];
        const resources = [
            inventory(["web", ...reserved]),
            ...reserved.map((ns) => fixture(K8sType.namespace, ns, { metadata: { name: ns } })),
            ...reserved.map((ns) => workload(K8sType.daemonSet, `agent-${ns}`, ns)),
        ];
        const violations = await runPolicy(policy, resources);
        expect(violations.map((v) => [v.message, v.urn])).toEqual(
            reserved.map((ns) => [
                system(`DaemonSet "agent-${ns}" runs`, ns),
                workload(K8sType.daemonSet, `agent-${ns}`).urn,
            ]),
        );
    });

    it("goes by the inventory's list over the declared Namespaces, as in a real preview", async () => {
        // `shared` is created by another stack: not among the resources, but the inventory governs it.
        const resources = [
            inventory(["web", "shared"]),
            ...governedNamespace("web"),
            ...governedNamespace("unlisted"),
            workload(K8sType.deployment, "app", "shared"),
            workload(K8sType.deployment, "other", "unlisted"),
        ];
        expect(await messages(policy, resources)).toEqual([
            `Deployment "other" runs in namespace "unlisted", which the stack does not govern ${BY_INVENTORY}`,
        ]);
    });

    it("falls back to the declared Namespaces without an inventory or with one that lists none", async () => {
        const declaredOnly = [...governedNamespace("web"), web(), workload(K8sType.job, "migrate", "legacy")];
        const expected = [
            `Job "migrate" runs in namespace "legacy", which the stack does not govern ${BY_DECLARATION}`,
        ];
        expect(await messages(policy, declaredOnly)).toEqual(expected);
        expect(await messages(policy, [inventory(undefined), ...declaredOnly])).toEqual(expected);
    });

    it("names an object without metadata.name by its Pulumi name", async () => {
        const unnamed = mutate(
            workload(K8sType.deployment, "blog", "legacy"),
            (r: Props) => delete r.props.metadata.name,
        );
        expect(await messages(policy, [...compliant(), unnamed])).toEqual([
            `Deployment "blog" runs in namespace "legacy", which the stack does not govern ${BY_INVENTORY}`,
        ]);
    });

    it("judges a Pod declared as a CustomResource but not a Patch, which places nothing", async () => {
        const judged = judgeByObject([policy])[0];
        // Named "debug-pod" in Pulumi: the message names the object, not the resource.
        const custom = fixture("kubernetes:v1:Pod", "debug-pod", {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "debug", namespace: "default" },
            spec: { containers: [] },
        });
        const patch = {
            ...fixture(K8sType.deployment + "Patch", "coredns", {
                metadata: { name: "coredns", namespace: "kube-system" },
            }),
            urn: "urn:pulumi:test::platform::platform:network:Dns$kubernetes:apps/v1:DeploymentPatch::coredns",
        };
        expect(await messages(judged, [...compliant(), custom, patch])).toEqual([
            system('Pod "debug" runs', "default"),
        ]);
    });

    it("reports that it cannot run when a workload's namespace is unknown at preview", async () => {
        const unknown = mutate(web(), (r: Props) => (r.props.metadata.namespace = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, [inventory(["web"]), unknown]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .metadata.namespace can't be known during preview",
            ],
        ]);
    });

    it("reports that it cannot run when the inventory's namespaces are unknown at preview", async () => {
        const unknown = mutate(inventory(["web"]), (r: Props) => (r.props.data.namespaces = PREVIEW_UNKNOWN));
        expect(await messages(policy, [unknown, web()])).toEqual([
            "can't run policy during preview: string value at .data.namespaces can't be known during preview",
        ]);
    });
});
