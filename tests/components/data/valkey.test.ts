import * as k8s from "@pulumi/kubernetes";
import type { ValkeyCacheArgs } from "../../../components/data/valkey";
import { VALKEY_DEFAULT_RESOURCES } from "../../../components/data/valkey-manifests";
import { PREVIEW_UNKNOWN } from "../../../policy/harness/evaluate";
import { SecretValue, type CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:data:ValkeyCache";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "kubernetes:core/v1:Secret";
const CHART = "kubernetes:helm.sh/v4:Chart";
const ARGS: ValkeyCacheArgs = {
    namespace: "web",
    replicas: 2,
    storage: { storageClass: "longhorn", size: "2Gi" },
    resources: VALKEY_DEFAULT_RESOURCES,
    protect: true,
    registryMirror: "harbor.example.com/mirror",
    chartMirror: "harbor.example.com/mirror",
};

interface Exposed {
    secretName: string;
    host: string;
    readHost: string;
    port: number;
    podLabels: Readonly<Record<string, string>>;
}

async function run(args: Partial<ValkeyCacheArgs> = {}) {
    const { ValkeyCache } = await import("../../../components/data/valkey");
    let exposed: Exposed | undefined;
    const { resources } = await capture(() => {
        // Stands for what the stack makes the cache wait for (the tenant's namespace).
        const ready = new k8s.core.v1.ConfigMap("namespace-ready", {});
        const cache = new ValkeyCache("cache", { ...ARGS, ...args }, { dependsOn: [ready] });
        exposed = { ...cache };
    });
    return { resources, exposed: exposed! };
}

const values = (r: CapturedResource) => r.inputs.values as Record<string, any>;

describe("ValkeyCache with two replicas, protected", () => {
    let resources: readonly CapturedResource[];
    let exposed: Exposed;

    beforeAll(async () => {
        ({ resources, exposed } = await run());
    });

    it("installs the pinned chart from the mirror as release `cache`, after its Secret and the caller's dependsOn", () => {
        findResource(resources, COMPONENT, "cache");
        const chart = findResource(resources, CHART, "cache-chart");
        expect(chart.inputs).toMatchObject({
            chart: "oci://harbor.example.com/mirror/charts/valkey",
            version: "0.11.0",
            namespace: "web",
            name: "cache",
        });
        expect(values(chart)).toMatchObject({
            fullnameOverride: "cache",
            replica: { enabled: true, replicas: 2 },
            image: { registry: "harbor.example.com/mirror/docker.io", repository: "valkey/valkey" },
            metrics: { enabled: false },
        });
        expect(chart.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, SECRET, "cache-credentials").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "namespace-ready").urn,
            ]),
        );
    });

    it("generates a 32-character password with specials safe in shells and URLs", () => {
        const passwords = ofType(resources, PASSWORD);
        expect(passwords.map((p) => p.name)).toEqual(["cache-password"]);
        expect(passwords[0].inputs).toMatchObject({ length: 32, special: true, overrideSpecial: "-_.~" });
    });

    it("keeps the password in a Secret, as a secret, which the chart names but never holds", () => {
        const secret = findResource(resources, SECRET, "cache-credentials");
        expect(secret.inputs.metadata).toMatchObject({ name: "cache-credentials", namespace: "web" });
        expect(secret.inputs.stringData).toBeInstanceOf(SecretValue);
        expect(secret.inputs.data).toBeUndefined();
        const chart = findResource(resources, CHART, "cache-chart");
        expect(values(chart).auth).toMatchObject({ enabled: true, usersExistingSecret: "cache-credentials" });
        expect(JSON.stringify(chart.inputs)).not.toContain(PREVIEW_UNKNOWN);
        expect(JSON.stringify(chart.inputs, (_k, v) => (v instanceof SecretValue ? "SECRET" : v))).not.toContain(
            "SECRET",
        );
    });

    it("exposes the Secret, the primary's and the read Service, the port and the pod labels", () => {
        expect(exposed).toMatchObject({
            secretName: "cache-credentials",
            host: "cache",
            readHost: "cache-read",
            port: 6379,
            podLabels: { "app.kubernetes.io/name": "valkey", "app.kubernetes.io/instance": "cache" },
        });
    });

    it("protects and retains the chart and the Secret, protects the password, and nothing else", () => {
        const kept = resources
            .filter((r) => r.options.retainOnDelete)
            .map((r) => r.name)
            .sort();
        expect(kept).toEqual(["cache-chart", "cache-credentials"]);
        const protectedOnly = resources.filter((r) => r.options.protect && !r.options.retainOnDelete);
        expect(protectedOnly.map((r) => r.type)).toEqual([PASSWORD]);
    });
});

describe("ValkeyCache single and unprotected", () => {
    it("runs one instance from the upstream repository, on an emptyDir, with nothing protected", async () => {
        const { resources, exposed } = await run({
            replicas: 0,
            storage: undefined,
            protect: false,
            registryMirror: undefined,
            chartMirror: undefined,
        });
        const chart = findResource(resources, CHART, "cache-chart");
        expect(chart.inputs).toMatchObject({
            chart: "valkey",
            repositoryOpts: { repo: "https://valkey.io/valkey-helm/" },
        });
        expect(values(chart)).toMatchObject({ replica: { enabled: false }, dataStorage: { enabled: false } });
        expect(values(chart).image).toBeUndefined();
        expect(exposed).toMatchObject({ host: "cache", readHost: "cache" });
        expect(resources.filter((r) => r.options.protect || r.options.retainOnDelete)).toEqual([]);
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("ValkeyCache args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it.each([
        [{ replicas: -1 }, /args\.replicas must be a whole number of at least 0, not -1$/],
        [{ replicas: 0.5 }, /args\.replicas must be a whole number of at least 0, not 0\.5$/],
        [{ replicas: 1, storage: undefined }, /args\.storage is required with args\.replicas above 0/],
        [{ storage: { storageClass: "", size: "2Gi" } }, /args\.storage\.storageClass is empty$/],
        [{ storage: { storageClass: "longhorn", size: "-1Gi" } }, /args\.storage\.size "-1Gi" is not a positive/],
    ])("rejects %j as a ResourceError naming the component", async (change, message) => {
        const { ValkeyCache } = await import("../../../components/data/valkey");
        expect(() => new ValkeyCache("cache", { ...ARGS, ...change })).toThrow(/^ValkeyCache cache: /);
        expect(() => new ValkeyCache("cache", { ...ARGS, ...change })).toThrow(message);
    });
});
