import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { platformDisallowExternalModelSource as policy } from "../../../../policy/rules/network/platform-disallow-external-model-source";
import { inventoryData, type InventoryFacts } from "../../../../contract/inventory";
import { K8sType } from "../../../../contract/k8s-types";
import { modelSourcesAnnotation } from "../../../../contract/models";
import { deployment } from "../../../helpers/k8s-fixtures";
import { fixture, inventoryConfigMap, messages, mutate, runPolicy } from "../../../helpers/policy";

const NETWORKS = ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"];
const MIRROR = "harbor.example.com/mirror";
const WHERE = "ConfigMap kube-public/platform-capacity";
const NETWORK = `the cluster's network (${NETWORKS.join(", ")}, a <service>.<namespace>.svc name)`;
const TRITON = `Deployment "inference/triton"`;
const OFFLINE = `and ${WHERE} declares the cluster offline`;

/** The inventory ConfigMap as the cluster component publishes it: seed 003's offline GPU cluster by default. */
function inventory(facts: Partial<InventoryFacts> = {}): HarnessResource {
    return inventoryConfigMap(
        inventoryData({
            nodes: [],
            capacity: { cpu: 24, memory: 48 * 2 ** 30, gpus: 2 },
            namespaces: ["inference"],
            offline: true,
            networks: NETWORKS,
            registryMirror: MIRROR,
            ...facts,
        }),
    );
}

/** A serving Deployment whose pod template lists `sources`, as the inference area annotates it. */
function serving(name: string, sources: readonly string[]): HarnessResource {
    return mutate(deployment("inference", name), (d) => {
        (d.props.spec as any).template.metadata.annotations = modelSourcesAnnotation(sources);
    });
}

/** The pod template's raw annotation value, for malformed cases. */
function withAnnotation(resource: HarnessResource, value: unknown): HarnessResource {
    return mutate(resource, (d) => {
        (d.props.spec as any).template.metadata.annotations["platform.io/model-sources"] = value;
    });
}

// Every kind of source an offline cluster's loaders may use: an address in the node subnet or the service
// network, a Service by short and full name, NFS on a node-subnet server, an OCI artifact under the mirror.
const INSIDE = [
    "https://10.0.0.5:9000",
    "http://10.96.4.2",
    "http://minio.ml.svc:9000",
    "https://minio.ml.svc.cluster.local:9000/models",
    "nfs://10.0.0.6/exports/models",
    "oci://harbor.example.com/mirror/models/densenet:1",
    "oci://10.0.0.7:5000/models/densenet:1",
];
const compliant = [inventory(), serving("triton", INSIDE), deployment("web", "wordpress")];
const withSources = (...sources: string[]) => [inventory(), serving("triton", [...INSIDE, ...sources])];

describe("platform-disallow-external-model-source", () => {
    it("passes sources in the node, pod or service range, Service names, NFS inside and OCI under the mirror", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags an address outside every network of an offline cluster, on the workload", async () => {
        const violations = await runPolicy(policy, withSources("https://203.0.113.5:9000"));
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                serving("triton", []).urn,
                `${TRITON}: model source https://203.0.113.5:9000 is outside ${NETWORK}, ${OFFLINE}`,
            ],
        ]);
    });

    it("flags a public host name and an NFS server outside the network", async () => {
        expect(
            await messages(policy, withSources("https://huggingface.co/org/model", "nfs://192.168.1.10/models")),
        ).toEqual([
            `${TRITON}: model source https://huggingface.co/org/model is outside ${NETWORK}, ${OFFLINE}`,
            `${TRITON}: model source nfs://192.168.1.10/models is outside ${NETWORK}, ${OFFLINE}`,
        ]);
    });

    it("flags a name that only looks like a Service (wrong suffix)", async () => {
        expect(await messages(policy, withSources("http://minio.ml.svc.example.com:9000"))).toEqual([
            `${TRITON}: model source http://minio.ml.svc.example.com:9000 is outside ${NETWORK}, ${OFFLINE}`,
        ]);
    });

    it("flags an OCI artifact from another registry, or from the mirror's host outside the mirror's path", async () => {
        expect(
            await messages(
                policy,
                withSources("oci://ghcr.io/org/densenet:1", "oci://harbor.example.com/other/densenet:1"),
            ),
        ).toEqual([
            `${TRITON}: model source oci://ghcr.io/org/densenet:1 is outside ${NETWORK} and not under the registry mirror ${MIRROR}, ${OFFLINE}`,
            `${TRITON}: model source oci://harbor.example.com/other/densenet:1 is outside ${NETWORK} and not under the registry mirror ${MIRROR}, ${OFFLINE}`,
        ]);
    });

    it("flags an OCI artifact by host name when the inventory declares no mirror", async () => {
        const rs = [inventory({ registryMirror: undefined }), serving("triton", INSIDE)];
        expect(await messages(policy, rs)).toEqual([
            `${TRITON}: model source oci://harbor.example.com/mirror/models/densenet:1 is outside ${NETWORK} and no registry mirror is declared, ${OFFLINE}`,
        ]);
    });

    it("flags entries that are not URLs or name no host", async () => {
        expect(await messages(policy, withSources("minio:9000/models", "not a url"))).toEqual([
            `${TRITON}: model source minio:9000/models names no host, ${OFFLINE}`,
            `${TRITON}: model source "not a url" is not a URL, ${OFFLINE}`,
        ]);
    });

    it("never echoes credentials written into a source", async () => {
        expect(await messages(policy, withSources("https://loader:s3cr3t@203.0.113.5:9000/models?x=1"))).toEqual([
            `${TRITON}: model source https://<redacted>@203.0.113.5:9000/models is outside ${NETWORK}, ${OFFLINE}`,
        ]);
    });

    it.each([
        ["not JSON", "https://10.0.0.5:9000"],
        ["a JSON object", '{"url":"https://10.0.0.5:9000"}'],
        ["a list with a number", '["https://10.0.0.5:9000", 9000]'],
        ["empty", ""],
    ])("flags an annotation that is %s, naming the workload", async (_case, value) => {
        const rs = [inventory(), withAnnotation(serving("triton", INSIDE), value)];
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                rs[1].urn,
                `${TRITON}: annotation platform.io/model-sources is not a JSON list of URLs, so its model sources cannot be checked against the offline network ${WHERE} declares`,
            ],
        ]);
    });

    it("reads the pod template of a CronJob and a bare Pod's own annotations", async () => {
        const annotations = modelSourcesAnnotation(["https://203.0.113.5:9000"]);
        const cronJob = fixture(K8sType.cronJob, "warmup", {
            apiVersion: "batch/v1",
            kind: "CronJob",
            metadata: { name: "warmup", namespace: "inference" },
            spec: { jobTemplate: { spec: { template: { metadata: { annotations }, spec: { containers: [] } } } } },
        });
        const pod = fixture(K8sType.pod, "probe", {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: "probe", namespace: "inference", annotations },
            spec: { containers: [] },
        });
        expect(await messages(policy, [...compliant, cronJob, pod])).toEqual([
            `CronJob "inference/warmup": model source https://203.0.113.5:9000 is outside ${NETWORK}, ${OFFLINE}`,
            `Pod "inference/probe": model source https://203.0.113.5:9000 is outside ${NETWORK}, ${OFFLINE}`,
        ]);
    });

    it("flags an offline inventory whose networks are not a list of IPv4 CIDRs, on the inventory", async () => {
        const rs = mutate(
            withSources("https://203.0.113.5:9000"),
            (r) => ((r[0].props.data as any).networks = "10.0.0.0/24"),
        );
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [rs[0].urn, `${WHERE} declares the cluster offline but no data.networks (a JSON list of IPv4 CIDRs)`],
        ]);
    });

    it.each([
        ["a CIDR with host bits", ["10.0.0.0/24", "10.0.0.1/24"]],
        ["an IPv6 range", ["fd00::/8"]],
        ["a prefix with a leading zero", ["10.0.0.0/08"]],
        ["a prefix over 32", ["10.0.0.0/33"]],
        ["an address without a prefix", ["10.0.0.0"]],
        ["an octet with a leading zero", ["010.0.0.0/8"]],
        ["an octet over 255", ["10.0.0.256/32"]],
        ["a short address", ["10.0.0/24"]],
        ["two prefixes", ["10.0.0.0/8/8"]],
        ["an empty entry", [""]],
    ])("flags an offline inventory whose networks hold %s, once, on the inventory", async (_case, networks) => {
        const rs = [inventory({ networks }), serving("triton", [...INSIDE, "https://203.0.113.5:9000"])];
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [rs[0].urn, `${WHERE} declares the cluster offline but no data.networks (a JSON list of IPv4 CIDRs)`],
        ]);
    });

    it.each([
        ["missing", undefined],
        ["a list with a non-string", '["10.0.0.0/24", 7]'],
    ])("flags an offline inventory whose networks are %s, on the inventory", async (_case, networks) => {
        const rs = mutate(withSources(), (r) => ((r[0].props.data as any).networks = networks));
        expect((await runPolicy(policy, rs)).map((v) => v.urn)).toEqual([rs[0].urn]);
    });

    it("places addresses at a network's edges inside it and the next ones outside", async () => {
        const edges = ["http://10.0.0.0", "http://10.0.0.255", "http://10.96.0.0", "http://10.111.255.255"];
        const beyond = ["http://10.0.1.0", "http://9.255.255.255", "http://10.95.255.255", "http://10.112.0.0"];
        expect(await messages(policy, withSources(...edges, ...beyond))).toEqual(
            beyond.map((url) => `${TRITON}: model source ${url} is outside ${NETWORK}, ${OFFLINE}`),
        );
    });

    it("takes a /0 network to hold every address and a /32 its one address, but no host name", async () => {
        const networks = ["0.0.0.0/0", "192.168.1.10/32"];
        const whole = `the cluster's network (${networks.join(", ")}, a <service>.<namespace>.svc name)`;
        const rs = [inventory({ networks }), serving("triton", ["https://203.0.113.5", "https://huggingface.co/m"])];
        expect(await messages(policy, rs)).toEqual([
            `${TRITON}: model source https://huggingface.co/m is outside ${whole}, ${OFFLINE}`,
        ]);
        const single = [inventory({ networks: ["192.168.1.10/32"] }), serving("triton", ["nfs://192.168.1.11/m"])];
        expect(await messages(policy, single)).toHaveLength(1);
        const same = [inventory({ networks: ["192.168.1.10/32"] }), serving("triton", ["nfs://192.168.1.10/m"])];
        expect(await messages(policy, same)).toEqual([]);
    });

    it("has nothing to check on an online cluster", async () => {
        const rs = [
            inventory({ offline: false }),
            serving("triton", ["https://203.0.113.5:9000", "oci://ghcr.io/x:1"]),
        ];
        expect(await messages(policy, rs)).toEqual([]);
        expect(
            await messages(policy, [inventory({ offline: false }), withAnnotation(serving("triton", []), "{")]),
        ).toEqual([]);
    });

    it("treats an inventory without an offline flag as online", async () => {
        const rs = mutate(withSources("https://203.0.113.5:9000"), (r) => delete (r[0].props.data as any).offline);
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("has nothing to check without a cluster inventory", async () => {
        expect(await messages(policy, withSources("https://203.0.113.5:9000").slice(1))).toEqual([]);
    });
});
