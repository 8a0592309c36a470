import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import {
    VALKEY_DEFAULT_RESOURCES,
    VALKEY_HELPER_RESOURCES,
    valkeyCacheProblem,
    valkeyPodLabels,
    valkeyServices,
    valkeyValues,
    type ValkeySettings,
} from "../../../components/data/valkey-manifests";
import { valueAt } from "../../../contract/json";
import { K8sType } from "../../../contract/k8s-types";
import { CHARTS, enabledIn, type ChartPin } from "../../../contract/versions";
import { chartImages } from "../../../policy/lib/images";
import { platformMissingChartContainerResources } from "../../../policy/rules/charts/platform-missing-chart-container-resources";
import { chartValuesProblems } from "../../../tools/validate/chart-values";
import { checkFor } from "../../helpers/chart-defaults";
import { fixture, messages } from "../../helpers/policy";

const PIN: ChartPin = CHARTS.valkey;
const MIRROR = "harbor.example.com/mirror";
const SECRET = "cache-credentials";
const STORAGE = { storageClass: "longhorn", size: "2Gi" };
const SETTINGS: ValkeySettings = {
    name: "cache",
    replicas: 0,
    resources: VALKEY_DEFAULT_RESOURCES,
    protect: false,
    metrics: false,
};

/** Every combination of the settings that change the values. */
const VARIANTS = [0, 2].flatMap((replicas) =>
    [undefined, STORAGE]
        .filter((storage) => replicas === 0 || storage !== undefined)
        .flatMap((storage) =>
            [false, true].flatMap((metrics) =>
                [undefined, MIRROR].map((registryMirror) =>
                    valkeyValues({ ...SETTINGS, replicas, storage, metrics, registryMirror, protect: metrics }, SECRET),
                ),
            ),
        ),
);

describe("valkey chart values", () => {
    it("sets only keys the chart's stored 0.11.0 defaults have, and passes its values.schema.json", () => {
        expect(VARIANTS).toHaveLength(12);
        for (const values of VARIANTS) {
            expect(chartValuesProblems(checkFor(PIN, values))).toEqual([]);
        }
        expect(chartValuesProblems(checkFor(PIN, { sentinel: { enabled: true } }))).toEqual([
            expect.stringContaining("values path sentinel.enabled is neither a key"),
        ]);
        expect(chartValuesProblems(checkFor(PIN, { replica: { replicas: "2" } }))).toEqual([
            expect.stringContaining("values replica.replicas must be integer"),
        ]);
    });

    it("turns ACL auth on with the default user's password read from the Secret by key, never a value", () => {
        for (const values of VARIANTS) {
            expect(values.auth).toEqual({
                enabled: true,
                usersExistingSecret: SECRET,
                aclUsers: { default: { permissions: "~* &* +@all", passwordKey: "password" } },
            });
            expect(JSON.stringify(values)).not.toMatch(/"password"\s*:/);
            expect(valueAt(values, "replica.replicationUser")).toBe("default");
        }
    });

    it("runs a single instance without replicas: an emptyDir, or its own claim and a Recreate rollout", () => {
        const bare = valkeyValues(SETTINGS, SECRET);
        expect(bare).toMatchObject({
            fullnameOverride: "cache",
            dataStorage: { enabled: false },
            replica: { enabled: false, replicas: 0, service: { enabled: false } },
            podDisruptionBudget: { enabled: false },
            topologySpreadConstraints: [],
        });
        expect(bare.deploymentStrategy).toBeUndefined();
        const claimed = valkeyValues({ ...SETTINGS, storage: STORAGE, protect: true }, SECRET);
        expect(claimed).toMatchObject({
            dataStorage: { enabled: true, requestedSize: "2Gi", className: "longhorn", keepPvc: true },
            deploymentStrategy: "Recreate",
        });
        expect(valueAt(claimed, "replica.persistence")).toBeUndefined();
    });

    it("runs a primary and read replicas on retained claims, with a budget and a spread across nodes", () => {
        const values = valkeyValues({ ...SETTINGS, replicas: 2, storage: STORAGE, protect: true }, SECRET);
        expect(values).toMatchObject({
            replica: {
                enabled: true,
                replicas: 2,
                service: { enabled: true },
                persistence: { size: "2Gi", storageClass: "longhorn" },
                persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            },
            podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
            topologySpreadConstraints: [
                {
                    maxSkew: 1,
                    topologyKey: "kubernetes.io/hostname",
                    labelSelector: { matchLabels: valkeyPodLabels("cache") },
                },
            ],
        });
        expect(valueAt(values, "dataStorage")).toBeUndefined();
        const unprotected = valkeyValues({ ...SETTINGS, replicas: 1, storage: STORAGE }, SECRET);
        expect(valueAt(unprotected, "replica.persistentVolumeClaimRetentionPolicy.whenDeleted")).toBe("Delete");
    });

    it("keeps every container restricted, with the runtime's seccomp profile from the pod", () => {
        const values = valkeyValues({ ...SETTINGS, metrics: true }, SECRET);
        const restricted = {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        };
        expect(values.securityContext).toMatchObject(restricted);
        expect(valueAt(values, "metrics.exporter.securityContext")).toMatchObject(restricted);
        expect(values.podSecurityContext).toMatchObject({ seccompProfile: { type: "RuntimeDefault" } });
        expect(values.serviceAccount).toEqual({ create: true, automount: false });
        expect(valueAt(values, "readinessProbe.enabled")).toBe(true);
    });

    it("sizes every running container, init and exporter included, where the pack's chart rule reads them", async () => {
        for (const values of VARIANTS) {
            const chart = fixture(K8sType.chartV4, "cache-chart", { chart: PIN.chart, values });
            expect(await messages(platformMissingChartContainerResources, [chart])).toEqual([]);
        }
        const values = valkeyValues({ ...SETTINGS, metrics: true }, SECRET);
        expect(values.resources).toEqual(withEphemeralStorage(VALKEY_DEFAULT_RESOURCES));
        expect(values.initResources).toEqual(withEphemeralStorage(VALKEY_HELPER_RESOURCES));
        expect(valueAt(values, "metrics.exporter.resources")).toEqual(withEphemeralStorage(VALKEY_HELPER_RESOURCES));
    });

    it("counts one pod without replicas and replicas + 1 with them", () => {
        const count = (values: Record<string, unknown>, resources: string) =>
            PIN.containers
                .filter((c) => c.resources === resources && enabledIn(values, c))
                .reduce(
                    (n, c) =>
                        n + ("fixed" in c.replicas ? c.replicas.fixed : Number(valueAt(values, "replica.replicas"))),
                    0,
                );
        const single = valkeyValues({ ...SETTINGS, metrics: true }, SECRET);
        const replicated = valkeyValues({ ...SETTINGS, replicas: 2, storage: STORAGE, metrics: true }, SECRET);
        for (const resources of ["resources", "initResources", "metrics.exporter.resources"]) {
            expect(count(single, resources)).toBe(1);
            expect(count(replicated, resources)).toBe(3);
        }
        expect(count(valkeyValues(SETTINGS, SECRET), "metrics.exporter.resources")).toBe(0);
    });

    it("pulls both images through the mirror as the templates compose them, <registry>/<repository>", () => {
        const values = valkeyValues({ ...SETTINGS, metrics: true, registryMirror: MIRROR }, SECRET);
        expect(values.image).toEqual({ registry: `${MIRROR}/docker.io`, repository: "valkey/valkey" });
        expect(valueAt(values, "metrics.exporter.image")).toEqual({
            registry: `${MIRROR}/ghcr.io`,
            repository: "oliver006/redis_exporter",
        });
        expect(valueAt(values, "global.imageRegistry")).toBeUndefined();
        expect(chartImages({ chart: PIN.chart, values }).map((i) => i.image)).toEqual([
            `${MIRROR}/docker.io/valkey/valkey`,
            `${MIRROR}/ghcr.io/oliver006/redis_exporter`,
        ]);
        const off = valkeyValues({ ...SETTINGS, registryMirror: MIRROR }, SECRET);
        expect(valueAt(off, "metrics.exporter.image")).toBeUndefined();
    });

    it("leaves the upstream registries without a mirror", () => {
        const values = valkeyValues({ ...SETTINGS, metrics: true }, SECRET);
        expect(values.image).toBeUndefined();
        expect(chartImages({ chart: PIN.chart, values }).map((i) => i.image)).toEqual([
            "docker.io/valkey/valkey",
            "ghcr.io/oliver006/redis_exporter",
        ]);
    });

    it("names the Services the chart declares for each mode", () => {
        expect(valkeyServices("cache", 0)).toEqual({ write: "cache", read: "cache" });
        expect(valkeyServices("cache", 2)).toEqual({
            write: "cache",
            read: "cache-read",
            headless: "cache-headless",
        });
        expect(valkeyPodLabels("cache")).toEqual({
            "app.kubernetes.io/name": "valkey",
            "app.kubernetes.io/instance": "cache",
        });
    });
});

describe("valkeyCacheProblem", () => {
    it("accepts the seed's settings with and without replicas", () => {
        expect(valkeyCacheProblem("web", SETTINGS)).toBeUndefined();
        expect(valkeyCacheProblem("web", { ...SETTINGS, replicas: 2, storage: STORAGE })).toBeUndefined();
    });

    it.each([
        [{ replicas: -1 }, /^args\.replicas must be a whole number of at least 0, not -1$/],
        [{ replicas: 1.5, storage: STORAGE }, /^args\.replicas must be a whole number of at least 0, not 1\.5$/],
        [{ replicas: 2 }, /^args\.storage is required with args\.replicas above 0/],
        [{ storage: { storageClass: " ", size: "2Gi" } }, /^args\.storage\.storageClass is empty$/],
        [{ storage: { storageClass: "longhorn", size: "0" } }, /^args\.storage\.size "0" is not a positive quantity$/],
        [{ storage: { storageClass: "longhorn", size: "lots" } }, /^args\.storage\.size "lots" is not a positive/],
        [
            { resources: { requests: { cpu: "1", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } } },
            /^args\.resources\.requests\.cpu 1 exceeds its limit 500m$/,
        ],
        [{ name: "Cache" }, /^the name must be a DNS label of at most 40 characters/],
    ])("rejects %j", (change, message) => {
        expect(valkeyCacheProblem("web", { ...SETTINGS, ...change })).toMatch(message);
    });

    it("rejects a namespace that is not a name", () => {
        expect(valkeyCacheProblem("Web", SETTINGS)).toBe('args.namespace "Web" is not a namespace name');
    });
});
