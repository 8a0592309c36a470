import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ResourcequotaEnforceCompute as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-resourcequota-enforce-compute";
import { governedNamespace } from "../../../helpers/k8s-fixtures";
import { messages, mutate, runPolicy } from "../../../helpers/policy";
import { hpa, inventory, podSpec, propsOf, sized, withUnknown, workloadOf } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

// The seed's dev namespace (dev-quota: requests.cpu 4, requests.memory 8Gi, limits.cpu 8, limits.memory 16Gi,
// pods 10). Admitted by name: api 2 × 1100m = 2200m, then worker 1 × 1500m: 3700m of 4.
const namespace = governedNamespace("dev");
const QUOTA = 1;
const LIMITS = 2;
const compliant = [...namespace, sized("dev", "api", 2, "1100m"), sized("dev", "worker", 1, "1500m")];
const WORKER = compliant.length - 1;

const editWorker = (change: (spec: Record<string, any>) => void) =>
    mutate(compliant, (rs) => change(propsOf(rs[WORKER]).spec));
const editQuota = (change: (hard: Record<string, any>) => void) =>
    mutate(compliant, (rs) => change(propsOf(rs[QUOTA]).spec.hard));

describe("kubernetes-core-v1-resourcequota-enforce-compute", () => {
    it("passes workloads whose summed requests fit the quota", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("flags the workload that overflows the quota, with the API server's message (seed dev-quota)", async () => {
        const rs = editWorker((spec) => (spec.template.spec.containers[0].resources.requests.cpu = "2"));
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=2, used: requests.cpu=2200m, limited: requests.cpu=4',
        ]);
    });

    it("reports at the overflowing workload", async () => {
        const rs = editWorker((spec) => (spec.replicas = 2));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => v.urn)).toEqual([compliant[WORKER].urn]);
    });

    it("multiplies per-pod requests by replicas", async () => {
        const rs = editWorker((spec) => (spec.replicas = 2));
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (2 pods, replicas) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=3, used: requests.cpu=2200m, limited: requests.cpu=4',
        ]);
    });

    it("counts an autoscaled Deployment at its HPA's maxReplicas", async () => {
        const rs = [...compliant, hpa("dev", "worker", "worker", 2)];
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (2 pods, HPA "worker" maxReplicas) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=3, used: requests.cpu=2200m, limited: requests.cpu=4',
        ]);
    });

    it("ignores an HPA that targets another kind or lives in another namespace", async () => {
        const rs = [...compliant, hpa("dev", "worker", "worker", 5, "StatefulSet"), hpa("other", "w", "worker", 5)];
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("lists every exceeded resource, sorted, as the API server does", async () => {
        const tight = editQuota((hard) => (hard["limits.cpu"] = "4"));
        expect(await messages(policy, tight)).toEqual([]);
        const rs = mutate(tight, (r) => {
            const c = podSpec(r[WORKER]).containers[0];
            c.resources.requests.cpu = "2";
            c.resources.limits.cpu = "2";
        });
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: limits.cpu=2,requests.cpu=2, used: limits.cpu=2200m,requests.cpu=2200m, limited: limits.cpu=4,requests.cpu=4',
        ]);
    });

    it("flags the pod count", async () => {
        const rs = editQuota((hard) => (hard.pods = "2"));
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: pods=1, used: pods=2, limited: pods=2',
        ]);
    });

    it("flags memory in binary units", async () => {
        const rs = editWorker((spec) => {
            spec.template.spec.containers[0].resources.requests.memory = "8000Mi";
        });
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: requests.memory=8000Mi, used: requests.memory=256Mi, limited: requests.memory=8Gi',
        ]);
    });

    it("adds nothing to used for a rejected workload, as admission would", async () => {
        const rs = [
            ...editWorker((spec) => (spec.template.spec.containers[0].resources.requests.cpu = "2")),
            sized("dev", "zeta", 1, "1500m"),
        ];
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=2, used: requests.cpu=2200m, limited: requests.cpu=4',
        ]);
    });

    it("counts a pod's init containers by the effective-request rule: the larger of the biggest init and the sum", async () => {
        const rs = editWorker((spec) => {
            spec.template.spec.initContainers = [
                {
                    name: "migrate",
                    image: "m:1",
                    resources: { requests: { cpu: "3", memory: "128Mi" }, limits: { cpu: "3", memory: "128Mi" } },
                },
            ];
        });
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=3, used: requests.cpu=2200m, limited: requests.cpu=4',
        ]);
    });

    it("adds a sidecar (an init container that keeps running) to the app containers' sum", async () => {
        const rs = editWorker((spec) => {
            spec.template.spec.initContainers = [
                {
                    name: "proxy",
                    image: "p:1",
                    restartPolicy: "Always",
                    resources: { requests: { cpu: "500m", memory: "64Mi" }, limits: { cpu: "500m", memory: "64Mi" } },
                },
            ];
        });
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=2, used: requests.cpu=2200m, limited: requests.cpu=4',
        ]);
    });

    it("counts a DaemonSet once per schedulable node of the inventory", async () => {
        const agent = workloadOf(K8sType.daemonSet, "dev", "zz-agent", "200m");
        expect(await messages(policy, [...compliant, agent])).toEqual([]);
        expect(await messages(policy, [...compliant, agent, inventory()])).toEqual([
            'DaemonSet "zz-agent" (3 pods, one per schedulable node) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=600m, used: requests.cpu=3700m, limited: requests.cpu=4',
        ]);
    });

    it("counts a Job by its parallelism, capped by completions", async () => {
        const job = workloadOf(K8sType.job, "dev", "zz-batch", "200m", { parallelism: 3, completions: 5 });
        expect(await messages(policy, [...compliant, job])).toEqual([
            'Job "zz-batch" (3 pods, parallelism) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=600m, used: requests.cpu=3700m, limited: requests.cpu=4',
        ]);
        const capped = mutate(job, (j) => (propsOf(j).spec.completions = 1));
        expect(await messages(policy, [...compliant, capped])).toEqual([]);
    });

    it("counts a bare Pod once", async () => {
        const pod = workloadOf(K8sType.pod, "dev", "zz-debug", "400m");
        expect(await messages(policy, [...compliant, pod])).toEqual([
            'Pod "zz-debug" (1 pod) is forbidden: exceeded quota: dev-quota, requested: requests.cpu=400m, used: requests.cpu=3700m, limited: requests.cpu=4',
        ]);
    });

    it("applies the LimitRange's default limit before counting limits.cpu", async () => {
        const rs = mutate(
            editQuota((hard) => (hard["limits.cpu"] = "3")),
            (r) => {
                delete podSpec(r[WORKER]).containers[0].resources.limits.cpu;
            },
        );
        // api 2 × 1100m = 2200m of limits, worker defaulted to dev-limits' 500m: 2700m of 3.
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("flags a container that declares no cpu limit when the quota bounds limits.cpu and no default applies", async () => {
        const noDefault = mutate(compliant, (r) => delete propsOf(r[LIMITS]).spec.limits[0].default.cpu);
        expect(await messages(policy, noDefault)).toEqual([]);
        const rs = mutate(noDefault, (r) => delete podSpec(r[WORKER]).containers[0].resources.limits.cpu);
        expect(await messages(policy, rs)).toEqual([
            'Deployment "worker" (1 pod, replicas) is forbidden: failed quota: dev-quota: must specify limits.cpu for: app',
        ]);
    });

    it("does not check a namespace without a ResourceQuota", async () => {
        const rs = editWorker((spec) => (spec.replicas = 5)).filter((_, i) => i !== QUOTA);
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("leaves scoped quotas to the cluster", async () => {
        const rs = mutate(
            editWorker((spec) => (spec.replicas = 5)),
            (r) => (propsOf(r[QUOTA]).spec.scopes = ["NotBestEffort"]),
        );
        expect(await messages(policy, rs)).toEqual([]);
    });

    it("downgrades to an advisory when replicas are unknown at preview", async () => {
        const rs = withUnknown(compliant, (r) => (propsOf(r[WORKER]).spec.replicas = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, rs);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.replicas can't be known during preview",
            ],
        ]);
    });
});
