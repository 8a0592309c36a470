import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { parseImage } from "../../../../policy/lib/security-images";
import { kubernetesCoreV1ContainerDisallowUntrustedRegistry as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-untrusted-registry";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, changePod, DIGEST, hardenedDeployment, withImage } from "./fixtures";

const ALLOWED = "docker.io, ghcr.io, quay.io, registry.k8s.io, nvcr.io, cr.fluentbit.io";
const MIRROR = { offlineMirror: "harbor.internal/mirror" };

describe("kubernetes-core-v1-container-disallow-untrusted-registry", () => {
    it("passes a hardened Deployment pulling from ghcr.io", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
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
        expect(await messages(policy, [withImage(image)])).toEqual([]);
    });

    it("flags the seed's gcr.io xtrabackup image", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.image = "gcr.io/google-samples/xtrabackup:1.0";
        });
        expect(await messages(policy, [deployment])).toEqual([
            `init container "migrate" image "gcr.io/google-samples/xtrabackup:1.0" resolves to "gcr.io/google-samples/xtrabackup", which is under no allowed registry (${ALLOWED})`,
        ]);
    });

    it("does not take a look-alike host for an allowed registry", async () => {
        expect(await messages(policy, [withImage("docker.io.evil.example/app:1.0.0")])).toEqual([
            `container "app" image "docker.io.evil.example/app:1.0.0" resolves to "docker.io.evil.example/app", which is under no allowed registry (${ALLOWED})`,
        ]);
    });

    it("matches repository prefixes the profile narrows the list to", async () => {
        const config = { allowedRegistries: ["ghcr.io/acme", "docker.io/library"] };
        expect(await messages(policy, [hardenedDeployment(), withImage("mysql:8.4.3")], config)).toEqual([]);
        expect(await messages(policy, [withImage("bitnami/redis:7.2.7")], config)).toEqual([
            'container "app" image "bitnami/redis:7.2.7" resolves to "docker.io/bitnami/redis", which is under no allowed registry (ghcr.io/acme, docker.io/library)',
        ]);
    });

    it("passes images from the offline mirror", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.initContainers[0].image = "harbor.internal/mirror/acme/web-migrate:1.4.2";
            pod.containers[0].image = `harbor.internal/mirror/acme/web:1.4.2@${DIGEST}`;
        });
        expect(await messages(policy, [deployment], MIRROR)).toEqual([]);
    });

    it("flags upstream images when an offline mirror is configured", async () => {
        expect(await messages(policy, [hardenedDeployment()], MIRROR)).toEqual([
            'init container "migrate" image "ghcr.io/acme/web-migrate:1.4.2" is not from the offline mirror "harbor.internal/mirror"',
            `container "app" image "ghcr.io/acme/web:1.4.2@${DIGEST}" is not from the offline mirror "harbor.internal/mirror"`,
        ]);
    });

    it("skips a container with no image, which the API server rejects anyway", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            delete c.image;
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("reports that it cannot run when the image is unknown at preview", async () => {
        expect(await messages(policy, [withImage(PREVIEW_UNKNOWN)])).toEqual([
            cannotRun("spec.template.spec.containers.0.image"),
        ]);
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
