import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowRequestAboveLimit as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-container-disallow-request-above-limit";
import { deployment, governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { podSpec, propsOf, withUnknown } from "./fixtures";

// dev-limits defaults a missing cpu limit to 500m; the app requests 100m cpu, 128Mi memory (limit 256Mi).
const compliant = [...governedNamespace("dev"), deployment("dev", "app")];
const APP = compliant.length - 1;
const LIMITS = 2;

const editApp = (change: (c: Record<string, any>) => void) =>
    mutate(compliant, (rs) => change(podSpec(rs[APP]).containers[0]));

describe("kubernetes-core-v1-container-disallow-request-above-limit", () => {
    it("passes requests within their limits, the defaulted cpu limit included", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags a cpu request above the LimitRange's default limit when the container sets no cpu limit", async () => {
        const rs = editApp((c) => (c.resources.requests.cpu = "1"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": resources.requests[cpu]: Invalid value: "1": must be less than or equal to cpu limit of 500m (defaulted by LimitRange dev-limits)',
        ]);
    });

    it("flags a memory request above the container's own limit", async () => {
        const rs = editApp((c) => (c.resources.requests.memory = "512Mi"));
        expect(await messages(policy, rs)).toEqual([
            'container "app": resources.requests[memory]: Invalid value: "512Mi": must be less than or equal to memory limit of 256Mi',
        ]);
    });

    it("compares quantities, not their text", async () => {
        const rs = editApp((c) => (c.resources.requests.memory = "0.25Gi"));
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("flags init containers too", async () => {
        const rs = mutate(compliant, (r) => {
            podSpec(r[APP]).initContainers = [
                {
                    name: "setup",
                    image: "registry.example.com/setup:1.0.0",
                    resources: { requests: { cpu: "2", memory: "128Mi" }, limits: { memory: "128Mi" } },
                },
            ];
        });
        expect(await messages(policy, rs)).toEqual([
            'init container "setup": resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 500m (defaulted by LimitRange dev-limits)',
        ]);
    });

    it("passes a large cpu request in a namespace whose LimitRange sets no default cpu limit", async () => {
        const rs = mutate(
            editApp((c) => (c.resources.requests.cpu = "1")),
            (r) => {
                delete propsOf(r[LIMITS]).spec.limits[0].default.cpu;
            },
        );
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("leaves GPU requests to the whole-GPU rule", async () => {
        const rs = editApp((c) => {
            c.resources.requests["nvidia.com/gpu"] = "2";
            c.resources.limits["nvidia.com/gpu"] = "1";
        });
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when a request is unknown at preview", async () => {
        const rs = withUnknown(
            compliant,
            (r) => (podSpec(r[APP]).containers[0].resources.requests.cpu = PREVIEW_UNKNOWN),
        );
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.containers.0.resources.requests.cpu can't be known during preview",
            ],
        ]);
    });
});
