import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerMissingResources as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-container-missing-resources";
import { deployment } from "../../../helpers/k8s-fixtures";
import { fixture, messages, mutate, runPolicy } from "../../../helpers/policy";
import { container, podSpec, withUnknown } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const compliant = deployment("web", "app");

describe("kubernetes-core-v1-container-missing-resources", () => {
    it("passes a container with cpu and memory requests and a memory limit", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("flags a container without a cpu request", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources.requests.cpu);
        expect(await messages(policy, [d])).toEqual(['container "app" declares no cpu request']);
    });

    it("flags a container without a memory request", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources.requests.memory);
        expect(await messages(policy, [d])).toEqual(['container "app" declares no memory request']);
    });

    it("flags a container without a memory limit", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources.limits.memory);
        expect(await messages(policy, [d])).toEqual(['container "app" declares no memory limit']);
    });

    it("lists every missing field of a container without resources in one message", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources);
        expect(await messages(policy, [d])).toEqual([
            'container "app" declares no cpu request, memory request, memory limit',
        ]);
    });

    it("flags an init container without resources", async () => {
        const d = mutate(compliant, (r) => {
            podSpec(r).initContainers = [{ name: "setup", image: "registry.example.com/setup:1.0.0" }];
        });
        expect(await messages(policy, [d])).toEqual([
            'init container "setup" declares no cpu request, memory request, memory limit',
        ]);
    });

    it("checks every workload kind, a CronJob's job template included", async () => {
        const cron = fixture(K8sType.cronJob, "report", {
            metadata: { name: "report", namespace: "web" },
            spec: {
                schedule: "0 * * * *",
                jobTemplate: { spec: { template: { spec: { containers: [{ name: "report", image: "r:1" }] } } } },
            },
        });
        expect(await messages(policy, [cron])).toEqual([
            'container "report" declares no cpu request, memory request, memory limit',
        ]);
    });

    it("ignores resources that are not workloads", async () => {
        const quota = fixture(K8sType.resourceQuota, "q", { metadata: { name: "q", namespace: "web" }, spec: {} });
        expect(await messages(policy, [quota])).toEqual([]);
    });

    it("passes a container whose memory limit is declared but unknown at preview", async () => {
        const d = withUnknown(compliant, (r) => {
            podSpec(r).containers = [container("app", "100m", "128Mi")];
            podSpec(r).containers[0].resources.limits.memory = PREVIEW_UNKNOWN;
        });
        expect(await runPolicy(policy, [d])).toEqual([]);
    });

    it("downgrades to an advisory when the container list is unknown at preview", async () => {
        const d = withUnknown(compliant, (r) => {
            podSpec(r).containers = PREVIEW_UNKNOWN;
        });
        const violations = await runPolicy(policy, [d]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.containers can't be known during preview",
            ],
        ]);
    });
});
