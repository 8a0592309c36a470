import { PREVIEW_UNKNOWN, type HarnessResource } from "../../../../policy/harness/evaluate";
import { parseImage } from "../../../../policy/lib/security-images";
import { kubernetesCoreV1ContainerDisallowUntrustedRegistry as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-untrusted-registry";
import { change as changeNamed, fixture, messages, runPolicy } from "../../../helpers/policy";
import {
    cannotRun,
    changeApp,
    changeInit,
    changePod,
    changeProps,
    DIGEST,
    ephemeralContainer,
    hardenedDeployment,
    hardenedWorkload,
    withImage,
    WORKLOAD_KINDS,
} from "./fixtures";
import { ENVOY_PROXY_TYPE, inventory, networkImages, PROD_MIRROR, profileEntry } from "./image-fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const ALLOWED = "docker.io, ghcr.io, quay.io, registry.k8s.io, nvcr.io, cr.fluentbit.io";
const MIRROR = "harbor.internal/mirror";
/** A profile that allows the test mirror besides ghcr.io, so the declared mirror narrows images to itself. */
const MIRROR_PROFILE = { allowedRegistries: [MIRROR, "ghcr.io"] };
const WEB = 'Deployment "apps/web"';
const APP = "spec.template.spec.containers[0].image";
const MIGRATE = "spec.template.spec.initContainers[0].image";
/** Where each workload fixture keeps its pod spec. */
const POD_SPEC: Record<string, string> = {
    [K8sType.pod]: "spec",
    [K8sType.cronJob]: "spec.jobTemplate.spec.template.spec",
};

function untrusted(subject: string, image: string, options: { list?: string; origin?: string } = {}): string {
    const from = options.origin === undefined ? "" : ` (${options.origin})`;
    const { fullName } = parseImage(image);
    return `${subject} is "${image}"${from}, which resolves to "${fullName}", under no allowed registry (${options.list ?? ALLOWED})`;
}

const notMirrored = (subject: string, image: string) =>
    `${subject} is "${image}", not from the registry mirror "${MIRROR}" the cluster inventory declares`;

/** The hardened Deployment with both images pulled through the mirror. */
function mirroredDeployment(): HarnessResource {
    return changePod(hardenedDeployment(), (pod) => {
        pod.initContainers[0].image = `${MIRROR}/ghcr.io/acme/web-migrate:1.4.2`;
        pod.containers[0].image = `${MIRROR}/ghcr.io/acme/web:1.4.2@${DIGEST}`;
    });
}

describe("kubernetes-core-v1-container-disallow-untrusted-registry", () => {
    describe("when the inventory declares no mirror", () => {
        const upstream = (...workloads: HarnessResource[]) => [inventory(), ...workloads];

        it("passes a hardened Deployment pulling from ghcr.io", async () => {
            expect(await messages(policy, upstream(hardenedDeployment()))).toEqual([]);
        });

        it.each([
            "mysql:5.7",
            "bitnami/redis:7.2.7",
            "docker.io/library/mariadb:11.4.4",
            "quay.io/jetstack/cert-manager-controller:v1.16.2",
            "registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2",
            "nvcr.io/nvidia/tritonserver:24.08-py3",
            "cr.fluentbit.io/fluent/fluent-bit:3.2.2",
        ])("passes %s from a default registry", async (image) => {
            expect(await messages(policy, upstream(withImage(image)))).toEqual([]);
        });

        it("flags the seed's gcr.io xtrabackup image in an init container, on the workload, naming its path", async () => {
            const deployment = changeInit(hardenedDeployment(), (c) => {
                c.image = "gcr.io/google-samples/xtrabackup:1.0";
            });
            const violations = await runPolicy(policy, upstream(deployment));
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [deployment.urn, untrusted(`${WEB} ${MIGRATE}`, "gcr.io/google-samples/xtrabackup:1.0")],
            ]);
        });

        it("flags an ephemeral container's image", async () => {
            const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
                spec.ephemeralContainers = [{ ...ephemeralContainer(), image: "gcr.io/debug/busybox:1.36.1" }];
            });
            expect(await messages(policy, upstream(pod))).toEqual([
                untrusted('Pod "apps/agent" spec.ephemeralContainers[0].image', "gcr.io/debug/busybox:1.36.1"),
            ]);
        });

        it("does not take a look-alike host for an allowed registry", async () => {
            expect(await messages(policy, upstream(withImage("docker.io.evil.example/app:1.0.0")))).toEqual([
                untrusted(`${WEB} ${APP}`, "docker.io.evil.example/app:1.0.0"),
            ]);
        });

        it("matches repository prefixes the profile narrows the list to", async () => {
            const config = { allowedRegistries: ["ghcr.io/acme", "docker.io/library"] };
            expect(await messages(policy, upstream(hardenedDeployment(), withImage("mysql:8.4.3")), config)).toEqual(
                [],
            );
            expect(await messages(policy, upstream(withImage("bitnami/redis:7.2.7")), config)).toEqual([
                untrusted(`${WEB} ${APP}`, "bitnami/redis:7.2.7", { list: "ghcr.io/acme, docker.io/library" }),
            ]);
        });

        it("holds a stack without an inventory to the allowed registries", async () => {
            expect(await messages(policy, [withImage("gcr.io/google-samples/xtrabackup:1.0")])).toEqual([
                untrusted(`${WEB} ${APP}`, "gcr.io/google-samples/xtrabackup:1.0"),
            ]);
        });

        it("skips a container with no image, which the API server rejects anyway", async () => {
            const deployment = changeApp(hardenedDeployment(), (c) => {
                delete c.image;
            });
            expect(await messages(policy, upstream(deployment))).toEqual([]);
        });
    });

    describe("when the inventory declares a mirror the profile allows", () => {
        const compliant = [inventory(MIRROR), mirroredDeployment()];

        it("passes images pulled through the mirror", async () => {
            expect(await messages(policy, compliant, MIRROR_PROFILE)).toEqual([]);
        });

        it("flags an upstream image, even from an allowed registry, on the workload", async () => {
            const deployment = changeApp(mirroredDeployment(), (c) => {
                c.image = `ghcr.io/acme/web:1.4.2@${DIGEST}`;
            });
            const violations = await runPolicy(policy, [compliant[0], deployment], MIRROR_PROFILE);
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [deployment.urn, notMirrored(`${WEB} ${APP}`, `ghcr.io/acme/web:1.4.2@${DIGEST}`)],
            ]);
        });

        it("does not take a sibling path for the mirror", async () => {
            const deployment = changeInit(mirroredDeployment(), (c) => {
                c.image = `${MIRROR}-2/ghcr.io/acme/web-migrate:1.4.2`;
            });
            expect(await messages(policy, [compliant[0], deployment], MIRROR_PROFILE)).toEqual([
                notMirrored(`${WEB} ${MIGRATE}`, `${MIRROR}-2/ghcr.io/acme/web-migrate:1.4.2`),
            ]);
        });

        it.each(WORKLOAD_KINDS)("checks every container of a %s", async (type) => {
            const workload = hardenedWorkload(type);
            const pod = `${type.slice(type.lastIndexOf(":") + 1)} "apps/agent" ${POD_SPEC[type] ?? "spec.template.spec"}`;
            const violations = await runPolicy(policy, [...compliant, workload], MIRROR_PROFILE);
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [workload.urn, notMirrored(`${pod}.initContainers[0].image`, "ghcr.io/acme/web-migrate:1.4.2")],
                [workload.urn, notMirrored(`${pod}.containers[0].image`, `ghcr.io/acme/web:1.4.2@${DIGEST}`)],
            ]);
        });

        it("ignores a ConfigMap without the inventory label", async () => {
            const unlabelled = changeProps(compliant[0], (props) => {
                props.metadata.labels = {};
            });
            expect(
                await messages(policy, [unlabelled, mirroredDeployment()], { allowedRegistries: ["ghcr.io"] }),
            ).toEqual([
                untrusted(`${WEB} ${MIGRATE}`, `${MIRROR}/ghcr.io/acme/web-migrate:1.4.2`, { list: "ghcr.io" }),
                untrusted(`${WEB} ${APP}`, `${MIRROR}/ghcr.io/acme/web:1.4.2@${DIGEST}`, { list: "ghcr.io" }),
            ]);
        });
    });

    describe("with the sources in the profile, not the stack file", () => {
        const prod = profileEntry("prod", policy.name);
        const stage = profileEntry("stage", policy.name);
        const MOVED = "registry.attacker.example/mirror";
        const METALLB = 'Chart "metallb-chart" values';
        const CERT_MANAGER = 'Chart "cert-manager-chart" values';
        const GATEWAY = 'Chart "gateway-chart" values.deployment.envoyGateway.image';
        const PROXY =
            'EnvoyProxy "envoy-gateway-system/platform" spec.provider.kubernetes.envoyDeployment.container.image';
        const ENVOY = "docker.io/envoyproxy/envoy:distroless-v1.39.6";
        /** Every chart image the network area runs in layer 2 mode: values path and upstream repository. */
        const CHART_IMAGES = [
            [METALLB, "controller.image", "quay.io/metallb/controller"],
            [METALLB, "speaker.image", "quay.io/metallb/speaker"],
            [CERT_MANAGER, "image", "quay.io/jetstack/cert-manager-controller"],
            [CERT_MANAGER, "webhook.image", "quay.io/jetstack/cert-manager-webhook"],
            [CERT_MANAGER, "cainjector.image", "quay.io/jetstack/cert-manager-cainjector"],
            [CERT_MANAGER, "startupapicheck.image", "quay.io/jetstack/cert-manager-startupapicheck"],
            [CERT_MANAGER, "acmesolver.image", "quay.io/jetstack/cert-manager-acmesolver"],
        ];
        const inProd = (subject: string, image: string, origin?: string) =>
            untrusted(subject, image, { list: PROD_MIRROR, origin });

        it("flags a mirror moved in the stack file, on the inventory, and every image pulled from it", async () => {
            expect(await messages(policy, networkImages(PROD_MIRROR), prod)).toEqual([]);
            const violations = await runPolicy(policy, networkImages(MOVED), prod);
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [
                    inventory().urn,
                    `platform:registry.mirror "${MOVED}", published in ConfigMap "platform-capacity", is under no allowed registry (${PROD_MIRROR}); a mirror moves only with the policy profile`,
                ],
                ...CHART_IMAGES.map(([chart, path, image]) => [
                    expect.stringContaining("helm.sh"),
                    inProd(`${chart}.${path}`, `${MOVED}/${image}`),
                ]),
                [
                    expect.stringContaining("gateway-chart"),
                    inProd(
                        GATEWAY,
                        `${MOVED}/docker.io/envoyproxy/gateway`,
                        "registry from values.global.imageRegistry",
                    ),
                ],
                [expect.stringContaining("EnvoyProxy"), inProd(PROXY, `${MOVED}/${ENVOY}`)],
            ]);
        });

        it("flags every upstream image, chart defaults included, when the stack file drops the mirror", async () => {
            const mirrored = changePod(hardenedDeployment(), (pod) => {
                pod.initContainers[0].image = `${PROD_MIRROR}/ghcr.io/acme/web-migrate:1.4.2`;
                pod.containers[0].image = `${PROD_MIRROR}/ghcr.io/acme/web:1.4.2@${DIGEST}`;
            });
            expect(await messages(policy, [...networkImages(PROD_MIRROR), mirrored], prod)).toEqual([]);
            expect(await messages(policy, [...networkImages(), hardenedDeployment()], prod)).toEqual([
                ...CHART_IMAGES.map(([chart, path, image]) => inProd(`${chart}.${path}`, image, "the chart's default")),
                inProd(GATEWAY, "docker.io/envoyproxy/gateway", "the chart's default"),
                inProd(PROXY, ENVOY),
                inProd(`${WEB} ${MIGRATE}`, "ghcr.io/acme/web-migrate:1.4.2"),
                inProd(`${WEB} ${APP}`, `ghcr.io/acme/web:1.4.2@${DIGEST}`),
            ]);
        });

        it("passes what stage pulls, and judges frr-k8s's images only once BGP turns the subchart on", async () => {
            expect(await messages(policy, networkImages(), stage)).toEqual([]);
            expect(await messages(policy, networkImages(undefined, { bgp: true }), stage)).toEqual([
                untrusted(`${METALLB}.frr-k8s.frrk8s.frr.image`, "quay.io/frrouting/frr", {
                    list: (stage.allowedRegistries as string[]).join(", "),
                    origin: "the chart's default",
                }),
            ]);
        });

        it("holds any custom resource's image fields to the sources, but not a ConfigMap's data", async () => {
            const [proxy] = networkImages(PROD_MIRROR).filter((r) => r.type === ENVOY_PROXY_TYPE);
            const withShutdown = changeProps(proxy, (props) => {
                props.spec.provider.kubernetes.envoyService.annotations["metallb.io/loadBalancerIPs"] = PREVIEW_UNKNOWN;
                props.spec.provider.kubernetes.envoyDeployment.initContainers = [
                    { name: "shutdown-manager", image: "docker.io/envoyproxy/gateway:v1.9.3" },
                ];
            });
            const payload = fixture(K8sType.configMap, "notes", {
                metadata: { name: "notes", namespace: "apps" },
                data: { image: "docker.io/library/busybox:1.36.1" },
            });
            expect(await messages(policy, [inventory(PROD_MIRROR), withShutdown, payload], prod)).toEqual([
                `EnvoyProxy "envoy-gateway-system/platform" spec.provider.kubernetes.envoyDeployment.initContainers[0].image is "docker.io/envoyproxy/gateway:v1.9.3", not from the registry mirror "${PROD_MIRROR}" the cluster inventory declares`,
            ]);
        });

        it("flags a chart no pin declares, whose default images the pack cannot know", async () => {
            const release = fixture(K8sType.releaseV3, "acme-operator", {
                name: "acme-operator",
                chart: "acme-operator",
                version: "0.36.0",
                values: { image: { repository: `${PROD_MIRROR}/registry.acme.example/acme-operator` } },
            });
            expect(await messages(policy, [inventory(PROD_MIRROR), release], prod)).toEqual([
                'Release "acme-operator" is no chart pinned in contract/versions.ts, so the images it runs by default are unknown',
            ]);
        });
    });

    describe("at preview", () => {
        it("reports that it cannot run when an image is unknown", async () => {
            const deployment = changeApp(mirroredDeployment(), (c) => {
                c.image = PREVIEW_UNKNOWN;
            });
            const violations = await runPolicy(policy, [inventory(MIRROR), deployment], MIRROR_PROFILE);
            expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
                ["advisory", cannotRun("spec.template.spec.containers.0.image")],
            ]);
        });

        it("reports that it cannot run when a chart's image repository is unknown", async () => {
            const resources = changeNamed(networkImages(PROD_MIRROR), "metallb-chart", (p) => {
                p.values.speaker.image.repository = PREVIEW_UNKNOWN;
            });
            const violations = await runPolicy(policy, resources, profileEntry("prod", policy.name));
            expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
                ["advisory", cannotRun("values.speaker.image.repository")],
            ]);
        });

        it("reports that it cannot run when the declared mirror is unknown", async () => {
            const violations = await runPolicy(policy, [inventory(PREVIEW_UNKNOWN), mirroredDeployment()]);
            expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
                ["advisory", cannotRun("data.registryMirror")],
            ]);
        });
    });
});

describe("parseImage", () => {
    it.each([
        ["nginx", { registry: "docker.io", repository: "library/nginx", tag: undefined, digest: undefined }],
        ["bitnami/redis:7.2", { registry: "docker.io", repository: "bitnami/redis", tag: "7.2", digest: undefined }],
        ["localhost/app:1", { registry: "localhost", repository: "app", tag: "1", digest: undefined }],
        ["host:5000/a/b", { registry: "host:5000", repository: "a/b", tag: undefined, digest: undefined }],
        ["quay.io/x/y:1@sha256:ab", { registry: "quay.io", repository: "x/y", tag: "1", digest: "sha256:ab" }],
        ["Quay.IO/x/y@sha256:ab", { registry: "quay.io", repository: "x/y", tag: undefined, digest: "sha256:ab" }],
    ])("splits %s", (image, expected) => {
        expect(parseImage(image)).toEqual({ ...expected, fullName: `${expected.registry}/${expected.repository}` });
    });
});
