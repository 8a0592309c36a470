import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowUnpinnedImage as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-unpinned-image";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, DIGEST, hardenedDeployment, hardenedWorkload, withImage } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

describe("kubernetes-core-v1-container-disallow-unpinned-image", () => {
    it("passes a hardened Deployment pinned by tag and digest", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it.each([
        "mysql:5.7",
        "wordpress:6.8.1-php8.1-apache",
        "localhost:5000/tools/migrate:2.0.1",
        `ghcr.io/acme/web@${DIGEST}`,
        `docker.io/library/nginx:latest@${DIGEST}`,
    ])("passes the pinned image %s", async (image) => {
        expect(await messages(policy, [withImage(image)])).toEqual([]);
    });

    it("flags the seed's untagged image, which pulls latest", async () => {
        expect(await messages(policy, [withImage("mysql")])).toEqual([
            'container "app" image "mysql" has no tag, so it pulls "latest"',
        ]);
    });

    it("flags a registry with a port but no tag", async () => {
        expect(await messages(policy, [withImage("harbor.internal:8443/mirror/redis")])).toEqual([
            'container "app" image "harbor.internal:8443/mirror/redis" has no tag, so it pulls "latest"',
        ]);
    });

    it("flags the latest tag, as the seed's OpenTelemetry agent used it", async () => {
        const image = "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:latest";
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.image = image;
        });
        expect(await messages(policy, [deployment])).toEqual([
            `init container "migrate" image "${image}" uses the moving tag "latest"`,
        ]);
    });

    it("flags a moving tag in any case", async () => {
        expect(await messages(policy, [withImage("grafana/grafana:Stable")])).toEqual([
            'container "app" image "grafana/grafana:Stable" uses the moving tag "Stable"',
        ]);
    });

    it("flags a tag the profile declares moving", async () => {
        expect(
            await messages(policy, [withImage("vllm/vllm-openai:main")], { mutableTags: ["latest", "main"] }),
        ).toEqual(['container "app" image "vllm/vllm-openai:main" uses the moving tag "main"']);
    });

    it("flags latest in a CronJob", async () => {
        const cronJob = changeApp(hardenedWorkload(K8sType.cronJob), (c) => {
            c.image = "busybox:latest";
        });
        expect(await messages(policy, [cronJob])).toEqual([
            'container "app" image "busybox:latest" uses the moving tag "latest"',
        ]);
    });

    it("checks kube-system too: system images are pinned like any other", async () => {
        const proxy = changeApp(hardenedWorkload(K8sType.daemonSet, "kube-proxy", "kube-system"), (c) => {
            c.image = "registry.k8s.io/kube-proxy";
        });
        expect(await messages(policy, [proxy])).toEqual([
            'container "app" image "registry.k8s.io/kube-proxy" has no tag, so it pulls "latest"',
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
