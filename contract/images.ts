// The image half of the pins: the upstream repositories of the charts' images (a mirror stands in for each) and
// the images the platform sets itself, each at an exact tag. contract/versions.ts re-exports both.
import { LOGGING_IMAGE_REPOSITORIES } from "./charts-logging";
import { MONITORING_IMAGE_REPOSITORIES } from "./charts-monitoring";
import type { ImagePin } from "./pins";

/** Upstream registries of the chart images, so a mirror can stand in for each of them. */
export const CHART_IMAGE_REPOSITORIES = {
    metallbController: { registry: "quay.io", repository: "metallb/controller" },
    metallbSpeaker: { registry: "quay.io", repository: "metallb/speaker" },
    /** frr-k8s, MetalLB's BGP backend from 0.16 (its controller and status cleaner). */
    metallbFrrK8s: { registry: "quay.io", repository: "metallb/frr-k8s" },
    /** The FRR daemons frr-k8s runs on every node in BGP mode. */
    frr: { registry: "quay.io", repository: "frrouting/frr" },
    /** csi-driver-nfs's plugin (controller and node) and the Kubernetes CSI sidecars its chart runs beside it. */
    csiNfsPlugin: { registry: "registry.k8s.io", repository: "sig-storage/nfsplugin" },
    csiProvisioner: { registry: "registry.k8s.io", repository: "sig-storage/csi-provisioner" },
    csiResizer: { registry: "registry.k8s.io", repository: "sig-storage/csi-resizer" },
    csiSnapshotter: { registry: "registry.k8s.io", repository: "sig-storage/csi-snapshotter" },
    csiLivenessProbe: { registry: "registry.k8s.io", repository: "sig-storage/livenessprobe" },
    csiNodeDriverRegistrar: { registry: "registry.k8s.io", repository: "sig-storage/csi-node-driver-registrar" },
    /** external-snapshotter's cluster-wide snapshot-controller, which csi-driver-nfs's chart can install. */
    csiSnapshotController: { registry: "registry.k8s.io", repository: "sig-storage/snapshot-controller" },
    certManagerController: { registry: "quay.io", repository: "jetstack/cert-manager-controller" },
    certManagerWebhook: { registry: "quay.io", repository: "jetstack/cert-manager-webhook" },
    certManagerCainjector: { registry: "quay.io", repository: "jetstack/cert-manager-cainjector" },
    certManagerAcmeSolver: { registry: "quay.io", repository: "jetstack/cert-manager-acmesolver" },
    certManagerStartupApiCheck: { registry: "quay.io", repository: "jetstack/cert-manager-startupapicheck" },
    /** The Envoy Gateway controller and its certgen Job; gateway-helm rewrites only the registry part. */
    envoyGateway: { registry: "docker.io", repository: "envoyproxy/gateway" },
    /** Longhorn's manager (also its CSI plugin, driver deployer and recurring jobs) and the images it starts. */
    longhornManager: { registry: "docker.io", repository: "longhornio/longhorn-manager" },
    longhornEngine: { registry: "docker.io", repository: "longhornio/longhorn-engine" },
    longhornInstanceManager: { registry: "docker.io", repository: "longhornio/longhorn-instance-manager" },
    longhornShareManager: { registry: "docker.io", repository: "longhornio/longhorn-share-manager" },
    longhornBackingImageManager: { registry: "docker.io", repository: "longhornio/backing-image-manager" },
    longhornSupportBundleKit: { registry: "docker.io", repository: "longhornio/support-bundle-kit" },
    longhornUi: { registry: "docker.io", repository: "longhornio/longhorn-ui" },
    /** The kubernetes-csi sidecars as Longhorn republishes them; the driver deployer passes them by env. */
    longhornCsiAttacher: { registry: "docker.io", repository: "longhornio/csi-attacher" },
    longhornCsiProvisioner: { registry: "docker.io", repository: "longhornio/csi-provisioner" },
    longhornCsiResizer: { registry: "docker.io", repository: "longhornio/csi-resizer" },
    longhornCsiSnapshotter: { registry: "docker.io", repository: "longhornio/csi-snapshotter" },
    longhornCsiNodeDriverRegistrar: { registry: "docker.io", repository: "longhornio/csi-node-driver-registrar" },
    longhornCsiLivenessProbe: { registry: "docker.io", repository: "longhornio/livenessprobe" },
    /**
     * mariadb-operator's one image: the controller, webhook and cert-controller, and the agent, init and backup
     * containers the operator adds to MariaDB pods and Jobs (the chart hands it on as MARIADB_OPERATOR_IMAGE).
     */
    mariadbOperator: { registry: "ghcr.io", repository: "mariadb-operator/mariadb-operator" },
    /** What the operator starts for a MariaDB or MaxScale that names no image (the chart's `config.*Image`). */
    mariadbServer: { registry: "docker.io", repository: "library/mariadb" },
    mariadbMaxScale: { registry: "docker.io", repository: "mariadb/maxscale" },
    mariadbExporter: { registry: "docker.io", repository: "prom/mysqld-exporter" },
    mariadbMaxScaleExporter: { registry: "docker.io", repository: "mariadb/maxscale-prometheus-exporter-ubi" },
    /** The Valkey server (also its init container) and the exporter sidecar the valkey chart runs beside it. */
    valkey: { registry: "docker.io", repository: "valkey/valkey" },
    valkeyExporter: { registry: "ghcr.io", repository: "oliver006/redis_exporter" },
    /**
     * The NVIDIA GPU Operator's images (the operator's is also its validator's; the device plugin's also runs GPU
     * feature discovery) and node-feature-discovery, which its chart installs as a subchart.
     */
    gpuOperator: { registry: "nvcr.io", repository: "nvidia/gpu-operator" },
    nvidiaDriver: { registry: "nvcr.io", repository: "nvidia/driver" },
    nvidiaDriverManager: { registry: "nvcr.io", repository: "nvidia/cloud-native/k8s-driver-manager" },
    nvidiaContainerToolkit: { registry: "nvcr.io", repository: "nvidia/k8s/container-toolkit" },
    nvidiaDevicePlugin: { registry: "nvcr.io", repository: "nvidia/k8s-device-plugin" },
    nvidiaDcgmExporter: { registry: "nvcr.io", repository: "nvidia/k8s/dcgm-exporter" },
    nodeFeatureDiscovery: { registry: "registry.k8s.io", repository: "nfd/node-feature-discovery" },
    /** KEDA's operator, its metrics API server and its admission webhooks (one image each, tag the appVersion). */
    kedaOperator: { registry: "ghcr.io", repository: "kedacore/keda" },
    kedaMetricsApiServer: { registry: "ghcr.io", repository: "kedacore/keda-metrics-apiserver" },
    kedaAdmissionWebhooks: { registry: "ghcr.io", repository: "kedacore/keda-admission-webhooks" },
    ...MONITORING_IMAGE_REPOSITORIES,
    ...LOGGING_IMAGE_REPOSITORIES,
} as const satisfies Record<string, Omit<ImagePin, "tag">>;

/**
 * Images the platform sets itself (charts pin their own images through the chart version; with a mirror only the
 * registry part of those is rewritten).
 * - envoy distroless-v1.39.6: envoyproxy.io version history v1.39 (1.39.6, 2026-10-26). Envoy Gateway v1.9.3
 *   defaults to distroless-v1.39.5, which still trusts the compromised eMudhra CA; upstream's remediation is to
 *   run v1.39.6, so the EnvoyProxy always names this image.
 * - local-path-provisioner v0.0.37: tag v0.0.37 (rancher/local-path-provisioner, 2026-08-05; release PR #612, the
 *   newest tag found), the image its deploy/local-path-storage.yaml names.
 * - busybox 1.37.0 (Docker Official Image `library/busybox`) for local-path-provisioner's helper pods, which run its
 *   setup/teardown scripts and which upstream leaves on `docker.io/library/busybox` (latest); 1.37.0 is the newest
 *   busybox release found in the stored references (late 2026); the inference area's model loaders check and unpack
 *   archives with it too.
 * - mariadb 11.8.8 (Docker Official Image `library/mariadb`, the 11.8 LTS series): the server image
 *   mariadb-operator 26.6.0 defaults to and documents (its chart's `config.mariadbImage` and docs/docker.md at tag
 *   v26.6.0, 2026-06-06; unchanged on main at 8970edf, 2026-07-21). Every MariaDB the platform declares names it,
 *   so an operator upgrade never moves the server version.
 * - wordpress 6.9.4-php8.3-apache (Docker Official Image `library/wordpress`): the newest 6.x release, from
 *   docker-library/wordpress commit 6213036 "Update latest to 6.9.4" (2026-03-11; versions.json `latest` 6.9.4,
 *   default PHP 8.3 and variant apache in generate-stackbrew-library.sh). Upstream `latest` has since moved to the
 *   7.x series (7.1.0, 2026-08-19); the WordPress app's Apache and entrypoint settings are checked against 6.9.4.
 * - maxscale 23.08.5 (`mariadb/maxscale`, BSL 1.1): the MaxScale mariadb-operator 26.6.0 defaults to and tests
 *   (its chart's `config.maxscaleImage`, unchanged on main at 8970edf, 2026-07-21); only an opt-in MaxScale runs it.
 */
export const IMAGES = {
    envoyProxy: { registry: "docker.io", repository: "envoyproxy/envoy", tag: "distroless-v1.39.6" },
    localPathProvisioner: { registry: "docker.io", repository: "rancher/local-path-provisioner", tag: "v0.0.37" },
    busybox: { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" },
    mariadb: { registry: "docker.io", repository: "library/mariadb", tag: "11.8.8" },
    maxscale: { registry: "docker.io", repository: "mariadb/maxscale", tag: "23.08.5" },
    wordpress: { registry: "docker.io", repository: "library/wordpress", tag: "6.9.4-php8.3-apache" },
} as const satisfies Record<string, ImagePin>;
