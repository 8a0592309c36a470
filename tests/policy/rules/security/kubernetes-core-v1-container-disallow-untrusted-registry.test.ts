import { PREVIEW_UNKNOWN, type HarnessResource } from "../../../../policy/harness/evaluate";
import { parseImage } from "../../../../policy/lib/security-images";
import { kubernetesCoreV1ContainerDisallowUntrustedRegistry as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-untrusted-registry";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import {
    cannotRun,
    changeApp,
    changeInit,
    changePod,
    changeProps,
    DIGEST,
    hardenedDeployment,
    hardenedWorkload,
    withImage,
    WORKLOAD_KINDS,
} from "./fixtures";
import { INVENTORY, inventoryData } from "../../../../contract/inventory";

const ALLOWED = "docker.io, ghcr.io, quay.io, registry.k8s.io, nvcr.io, cr.fluentbit.io";
const MIRROR = "harbor.internal/mirror";
const notMirrored = (label: string, image: string) =>
    `${label} image "${image}" is not from the registry mirror "${MIRROR}" the cluster inventory declares`;

/** The cluster inventory ConfigMap as the stack publishes it (contract/inventory), with or without a mirror. */
function inventory(registryMirror?: string): HarnessResource {
    return fixture(INVENTORY.type, "platform-capacity", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: "platform-capacity",
            namespace: INVENTORY.namespace,
            labels: { [INVENTORY.label.key]: INVENTORY.label.value },
        },
        data: inventoryData({ nodes: [], capacity: { cpu: 24, memory: 48 * 2 ** 30, gpus: 0 }, registryMirror }),
    });
}

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

        it("flags the seed's gcr.io xtrabackup image, on the workload", async () => {
            const deployment = changeInit(hardenedDeployment(), (c) => {
                c.image = "gcr.io/google-samples/xtrabackup:1.0";
            });
            const violations = await runPolicy(policy, upstream(deployment));
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [
                    deployment.urn,
                    `init container "migrate" image "gcr.io/google-samples/xtrabackup:1.0" resolves to "gcr.io/google-samples/xtrabackup", which is under no allowed registry (${ALLOWED})`,
                ],
            ]);
        });

        it("does not take a look-alike host for an allowed registry", async () => {
            expect(await messages(policy, upstream(withImage("docker.io.evil.example/app:1.0.0")))).toEqual([
                `container "app" image "docker.io.evil.example/app:1.0.0" resolves to "docker.io.evil.example/app", which is under no allowed registry (${ALLOWED})`,
            ]);
        });

        it("matches repository prefixes the profile narrows the list to", async () => {
            const config = { allowedRegistries: ["ghcr.io/acme", "docker.io/library"] };
            expect(await messages(policy, upstream(hardenedDeployment(), withImage("mysql:8.4.3")), config)).toEqual(
                [],
            );
            expect(await messages(policy, upstream(withImage("bitnami/redis:7.2.7")), config)).toEqual([
                'container "app" image "bitnami/redis:7.2.7" resolves to "docker.io/bitnami/redis", which is under no allowed registry (ghcr.io/acme, docker.io/library)',
            ]);
        });

        it("holds a stack without an inventory to the allowed registries", async () => {
            expect(await messages(policy, [withImage("gcr.io/google-samples/xtrabackup:1.0")])).toEqual([
                `container "app" image "gcr.io/google-samples/xtrabackup:1.0" resolves to "gcr.io/google-samples/xtrabackup", which is under no allowed registry (${ALLOWED})`,
            ]);
        });

        it("skips a container with no image, which the API server rejects anyway", async () => {
            const deployment = changeApp(hardenedDeployment(), (c) => {
                delete c.image;
            });
            expect(await messages(policy, upstream(deployment))).toEqual([]);
        });
    });

    describe("when the inventory declares a mirror", () => {
        const compliant = [inventory(MIRROR), mirroredDeployment()];

        it("passes images pulled through the mirror", async () => {
            expect(await messages(policy, compliant)).toEqual([]);
        });

        it("flags an upstream image, even from an allowed registry, on the workload", async () => {
            const deployment = changeApp(mirroredDeployment(), (c) => {
                c.image = `ghcr.io/acme/web:1.4.2@${DIGEST}`;
            });
            const violations = await runPolicy(policy, [compliant[0], deployment]);
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [deployment.urn, notMirrored('container "app"', `ghcr.io/acme/web:1.4.2@${DIGEST}`)],
            ]);
        });

        it("does not take a sibling path for the mirror", async () => {
            const deployment = changeInit(mirroredDeployment(), (c) => {
                c.image = `${MIRROR}-2/ghcr.io/acme/web-migrate:1.4.2`;
            });
            expect(await messages(policy, [compliant[0], deployment])).toEqual([
                notMirrored('init container "migrate"', `${MIRROR}-2/ghcr.io/acme/web-migrate:1.4.2`),
            ]);
        });

        it.each(WORKLOAD_KINDS)("checks every container of a %s", async (type) => {
            const workload = hardenedWorkload(type);
            const violations = await runPolicy(policy, [...compliant, workload]);
            expect(violations.map((v) => [v.urn, v.message])).toEqual([
                [workload.urn, notMirrored('init container "migrate"', "ghcr.io/acme/web-migrate:1.4.2")],
                [workload.urn, notMirrored('container "app"', `ghcr.io/acme/web:1.4.2@${DIGEST}`)],
            ]);
        });

        it("ignores a ConfigMap without the inventory label", async () => {
            const unlabelled = changeProps(compliant[0], (props) => {
                props.metadata.labels = {};
            });
            expect(await messages(policy, [unlabelled, mirroredDeployment()])).toEqual([
                `init container "migrate" image "${MIRROR}/ghcr.io/acme/web-migrate:1.4.2" resolves to "${MIRROR}/ghcr.io/acme/web-migrate", which is under no allowed registry (${ALLOWED})`,
                `container "app" image "${MIRROR}/ghcr.io/acme/web:1.4.2@${DIGEST}" resolves to "${MIRROR}/ghcr.io/acme/web", which is under no allowed registry (${ALLOWED})`,
            ]);
        });
    });

    describe("at preview", () => {
        it("reports that it cannot run when an image is unknown", async () => {
            const deployment = changeApp(mirroredDeployment(), (c) => {
                c.image = PREVIEW_UNKNOWN;
            });
            const violations = await runPolicy(policy, [inventory(MIRROR), deployment]);
            expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
                ["advisory", cannotRun("spec.template.spec.containers.0.image")],
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
