import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerMissingEphemeralStorage as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-container-missing-ephemeral-storage";
import { K8sType } from "../../../../contract/k8s-types";
import { deployment } from "../../../helpers/k8s-fixtures";
import { fixture, messages, mutate } from "../../../helpers/policy";
import { podSpec, withUnknown } from "./fixtures";

const sized = (request: string, limit: string) => ({
    requests: { cpu: "100m", memory: "128Mi", "ephemeral-storage": request },
    limits: { memory: "256Mi", "ephemeral-storage": limit },
});

const compliant = mutate(deployment("web", "app"), (r) => {
    podSpec(r).containers[0].resources = sized("128Mi", "1Gi");
});

describe("kubernetes-core-v1-container-missing-ephemeral-storage", () => {
    it("passes a container with an ephemeral-storage request below its limit", async () => {
        expect(await messages(policy, [compliant])).toEqual([]);
    });

    it("passes a request equal to the limit", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).containers[0].resources = sized("1Gi", "1Gi")));
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("flags a container without an ephemeral-storage request", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources.requests["ephemeral-storage"]);
        expect(await messages(policy, [d])).toEqual(['container "app" sets no requests.ephemeral-storage']);
    });

    it("flags a container without an ephemeral-storage limit", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources.limits["ephemeral-storage"]);
        expect(await messages(policy, [d])).toEqual(['container "app" sets no limits.ephemeral-storage']);
    });

    it("flags an empty ephemeral-storage request as unset", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).containers[0].resources.requests["ephemeral-storage"] = ""));
        expect(await messages(policy, [d])).toEqual(['container "app" sets no requests.ephemeral-storage']);
    });

    it("names both sides in one message for a container without resources", async () => {
        const d = mutate(compliant, (r) => delete podSpec(r).containers[0].resources);
        expect(await messages(policy, [d])).toEqual([
            'container "app" sets no requests.ephemeral-storage, limits.ephemeral-storage',
        ]);
    });

    it("flags a request above the limit", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).containers[0].resources = sized("2Gi", "1Gi")));
        expect(await messages(policy, [d])).toEqual([
            'container "app" requests 2Gi of ephemeral-storage, above its limit 1Gi',
        ]);
    });

    it("flags a value that is not a quantity, on either side", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).containers[0].resources = sized("lots", "1Gi")));
        expect(await messages(policy, [d])).toEqual([
            'container "app" sets requests.ephemeral-storage to "lots", not a quantity',
        ]);
        const e = mutate(compliant, (r) => (podSpec(r).containers[0].resources.limits["ephemeral-storage"] = true));
        expect(await messages(policy, [e])).toEqual([
            'container "app" sets limits.ephemeral-storage to true, not a quantity',
        ]);
    });

    it("accepts a numeric quantity (bytes)", async () => {
        const d = mutate(compliant, (r) => (podSpec(r).containers[0].resources.limits["ephemeral-storage"] = 2 ** 30));
        expect(await messages(policy, [d])).toEqual([]);
    });

    it("checks init containers and sidecars too", async () => {
        const d = mutate(compliant, (r) => {
            podSpec(r).initContainers = [{ name: "setup", image: "r/setup:1", resources: sized("64Mi", "256Mi") }];
            podSpec(r).containers.push({ name: "sidecar", image: "r/sidecar:1" });
        });
        expect(await messages(policy, [d])).toEqual([
            'container "sidecar" sets no requests.ephemeral-storage, limits.ephemeral-storage',
        ]);
        const e = mutate(d, (r) => delete podSpec(r).initContainers[0].resources.limits);
        expect(await messages(policy, [e])).toEqual([
            'init container "setup" sets no limits.ephemeral-storage',
            'container "sidecar" sets no requests.ephemeral-storage, limits.ephemeral-storage',
        ]);
    });

    it("ignores resources that are not workloads", async () => {
        const quota = fixture(K8sType.resourceQuota, "q", { metadata: { name: "q", namespace: "web" }, spec: {} });
        expect(await messages(policy, [quota])).toEqual([]);
    });

    it("reports that it cannot run when a limit is unknown at preview", async () => {
        const d = withUnknown(compliant, (r) => {
            podSpec(r).containers[0].resources.limits["ephemeral-storage"] = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [d])).toEqual([
            "can't run policy during preview: string value at .spec.template.spec.containers.0.resources.limits.ephemeral-storage can't be known during preview",
        ]);
    });
});
