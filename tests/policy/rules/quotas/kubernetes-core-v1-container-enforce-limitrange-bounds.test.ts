import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerEnforceLimitrangeBounds as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-container-enforce-limitrange-bounds";
import { deployment, governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { podSpec, propsOf, withUnknown } from "./fixtures";

// The seed's dev namespace: LimitRange dev-limits, Container max 2 / 4Gi, min 100m / 128Mi, default 500m / 1Gi.
const compliant = [...governedNamespace("dev"), deployment("dev", "app")];
const APP = compliant.length - 1;
const LIMITS = 2;

const editApp = (change: (c: Record<string, any>) => void) =>
    mutate(compliant, (rs) => change(podSpec(rs[APP]).containers[0]));
const editLimitRange = (change: (item: Record<string, any>) => void) =>
    mutate(compliant, (rs) => change(propsOf(rs[LIMITS]).spec.limits[0]));

describe("kubernetes-core-v1-container-enforce-limitrange-bounds", () => {
    it("passes a container within the LimitRange once its cpu limit is defaulted", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags a cpu limit above the maximum, as the API server words it (seed: limit 6 against max 2)", async () => {
        const rs = editApp((c) => (c.resources.limits.cpu = "6"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": maximum cpu usage per Container is 2, but limit is 6',
        ]);
    });

    it("quotes the container's quantity as written", async () => {
        const rs = editApp((c) => (c.resources.limits.cpu = "6000m"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": maximum cpu usage per Container is 2, but limit is 6000m',
        ]);
    });

    it("flags a memory request below the minimum", async () => {
        const rs = editApp((c) => (c.resources.requests.memory = "64Mi"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": minimum memory usage per Container is 128Mi, but request is 64Mi',
        ]);
    });

    it("flags a request above the maximum when the (defaulted) limit is within it", async () => {
        const rs = editApp((c) => (c.resources.requests.cpu = "3"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": maximum cpu usage per Container is 2, but request is 3',
        ]);
    });

    it("flags a limit below the minimum", async () => {
        const rs = editApp((c) => (c.resources.limits.memory = "100Mi"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": minimum memory usage per Container is 128Mi, but limit is 100Mi',
        ]);
    });

    it("flags a container without a cpu limit when the LimitRange has a maximum but no default", async () => {
        const rs = editLimitRange((item) => delete item.default.cpu);
        expect(await messages(policy, rs)).toEqual([
            'container "app": maximum cpu usage per Container is 2.  No limit is specified',
        ]);
    });

    it("flags a container without a cpu request when the LimitRange has a minimum but no default request", async () => {
        const rs = mutate(
            editLimitRange((item) => delete item.defaultRequest.cpu),
            (r) => {
                delete podSpec(r[APP]).containers[0].resources.requests.cpu;
            },
        );
        expect(await messages(policy, rs)).toEqual([
            'container "app": minimum cpu usage per Container is 100m.  No request is specified',
        ]);
    });

    it("flags a limit/request ratio above maxLimitRequestRatio, counting the defaulted limit", async () => {
        const rs = editLimitRange((item) => (item.maxLimitRequestRatio = { cpu: "2" }));
        expect(await messages(policy, rs)).toEqual([
            'container "app": cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000',
        ]);
    });

    it("flags init containers too", async () => {
        const rs = mutate(compliant, (r) => {
            podSpec(r[APP]).initContainers = [
                {
                    name: "setup",
                    image: "registry.example.com/setup:1.0.0",
                    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "4", memory: "128Mi" } },
                },
            ];
        });
        expect(await messages(policy, rs)).toEqual([
            'init container "setup": maximum cpu usage per Container is 2, but limit is 4',
        ]);
    });

    it("reports every bound a container breaks, at the workload", async () => {
        const rs = editApp((c) => {
            c.resources.limits.cpu = "6";
            c.resources.limits.memory = "8Gi";
        });
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [compliant[APP].urn, 'container "app": maximum cpu usage per Container is 2, but limit is 6'],
            [compliant[APP].urn, 'container "app": maximum memory usage per Container is 4Gi, but limit is 8Gi'],
        ]);
    });

    it("does not check workloads in a namespace without a LimitRange", async () => {
        const rs = editApp((c) => (c.resources.limits.cpu = "6")).filter((_, i) => i !== LIMITS);
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("does not apply a LimitRange of another namespace", async () => {
        const rs = mutate(
            editApp((c) => (c.resources.limits.cpu = "6")),
            (r) => (propsOf(r[LIMITS]).metadata.namespace = "other"),
        );
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("ignores LimitRange items of other types", async () => {
        const rs = mutate(
            editApp((c) => (c.resources.limits.cpu = "6")),
            (r) => (propsOf(r[LIMITS]).spec.limits[0].type = "Pod"),
        );
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when a container's limit is unknown at preview", async () => {
        const rs = withUnknown(
            compliant,
            (r) => (podSpec(r[APP]).containers[0].resources.limits.cpu = PREVIEW_UNKNOWN),
        );
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.containers.0.resources.limits.cpu can't be known during preview",
            ],
        ]);
    });
});
