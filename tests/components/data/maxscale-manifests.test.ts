import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import { maxscaleManifest, maxscalePodLabels, MAXSCALE_ADMIN_PORT } from "../../../components/data/maxscale-manifests";
import { mariadbManifest, mariadbServices, type MariaDbSettings } from "../../../components/data/mariadb-manifests";
import { CrdCatalog } from "../../../tools/validate/crds";
import { validateObjects } from "../../../tools/validate/validate";
import { lines, namespace, upstreamCrds } from "../../conformance/fixtures";

const PROXY = {
    replicas: 3,
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
};
const SETTINGS = {
    name: "mariadb",
    namespace: "web",
    storageClass: "longhorn",
    registryMirror: "harbor.example.com/mirror",
    metrics: false,
    nodes: ["data1", "data2", "data3"],
};
const MARIADB: MariaDbSettings = {
    name: "mariadb",
    namespace: "web",
    members: 3,
    storage: { storageClass: "longhorn", size: "10Gi" },
    resources: PROXY.resources,
    helperResources: PROXY.resources,
    protect: true,
    metrics: false,
    maxscale: PROXY,
};

describe("MaxScale", () => {
    const maxscale = maxscaleManifest(SETTINGS, PROXY);
    const spec = maxscale.spec as Record<string, any>;

    it("fronts the MariaDB with one readwritesplit listener on 3306 and runs its failover", () => {
        expect(maxscale.metadata).toMatchObject({ name: "mariadb-maxscale", namespace: "web" });
        expect(spec.mariaDbRef).toEqual({ name: "mariadb", waitForIt: true });
        expect(spec.services).toEqual([
            expect.objectContaining({
                router: "readwritesplit",
                listener: { port: 3306, protocol: "MariaDBProtocol" },
            }),
        ]);
        expect(spec.monitor.params).toMatchObject({ auto_failover: "true", auto_rejoin: "true" });
        expect(spec.monitor.cooperativeMonitoring).toBe("majority_of_all");
    });

    it("pins its image through the mirror, sizes it, and spreads it over the members' nodes", () => {
        expect(spec.image).toBe("harbor.example.com/mirror/docker.io/mariadb/maxscale:23.08.5");
        expect(spec.replicas).toBe(3);
        expect(spec.resources).toEqual(withEphemeralStorage(PROXY.resources));
        expect(spec.affinity.antiAffinityEnabled).toBe(true);
        expect(
            spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
                .matchExpressions[0].values,
        ).toEqual(["data1", "data2", "data3"]);
        expect(spec.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
        expect(spec.config.volumeClaimTemplate.storageClassName).toBe("longhorn");
    });

    it("has no GUI, no default admin, in-cluster generated accounts, a ClusterIP Service, and runs restricted", () => {
        expect(spec.admin).toEqual({ port: MAXSCALE_ADMIN_PORT, guiEnabled: false });
        expect(spec.auth).toEqual({ generate: true, deleteDefaultAdmin: true });
        expect(spec.kubernetesService).toEqual({ type: "ClusterIP" });
        expect(spec.podSecurityContext).toMatchObject({ runAsUser: 998, runAsGroup: 996, fsGroup: 996 });
        expect(spec.securityContext).toMatchObject({
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        });
    });

    it("takes over the MariaDB's endpoint and failover", () => {
        const mariadb = mariadbManifest(MARIADB, "c").spec as Record<string, any>;
        expect(mariadb.maxScaleRef).toEqual({ name: "mariadb-maxscale" });
        expect(mariadb.replication.primary).toEqual({ autoFailover: false });
        expect(mariadbServices("mariadb", 3, true)).toEqual({ write: "mariadb-maxscale", read: "mariadb-maxscale" });
        expect(maxscalePodLabels("mariadb")).toEqual({
            "app.kubernetes.io/name": "maxscale",
            "app.kubernetes.io/instance": "mariadb-maxscale",
        });
    });

    it("is accepted by the mariadb-operator 26.6.0 CRDs, with the MariaDB that refers to it", () => {
        const crds = CrdCatalog.of(
            ["maxscales", "mariadbs"].flatMap((kind) =>
                upstreamCrds(`mariadb-operator/v26.6.0/k8s.mariadb.com_${kind}.yaml`),
            ),
        );
        const report = validateObjects([namespace("web"), maxscale, mariadbManifest(MARIADB, "c")], crds);
        expect(lines(report)).toEqual([]);
        expect(report.objects).toMatchObject({ custom: 2, notChecked: 0 });
    });
});
