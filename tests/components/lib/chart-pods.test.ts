import type * as pulumi from "@pulumi/pulumi";
import { chartPodDefaults } from "../../../components/lib/chart-pods";
import { K8sType } from "../../../contract/k8s-types";
import { PriorityClassName } from "../../../contract/priority-classes";
import { kubernetesCoreV1ContainerMissingEphemeralStorage as ephemeralRule } from "../../../policy/rules/quotas/kubernetes-core-v1-container-missing-ephemeral-storage";
import { kubernetesCoreV1PodMissingPriorityClass as classRule } from "../../../policy/rules/quotas/kubernetes-core-v1-pod-missing-priority-class";
import { fixture, messages } from "../../helpers/policy";

const transform = chartPodDefaults(PriorityClassName.platform);

/** What Chart v4 hands a transform for one of its objects. */
function child(type: string, props: Record<string, unknown>): pulumi.ResourceTransformArgs {
    return { custom: true, type, name: `chart:${String(type)}`, props, opts: {} };
}

function transformed(type: string, props: Record<string, unknown>): Record<string, any> {
    const result = transform(child(type, props)) as pulumi.ResourceTransformResult | undefined;
    if (result === undefined) {
        throw new Error(`no change to ${type}`);
    }
    return result.props;
}

/** Envoy Gateway v1.9's certgen Job: cpu and memory from values, no priority class key in the chart. */
const certgen = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "gateway-chart-certgen", namespace: "envoy-gateway-system" },
    spec: {
        template: {
            spec: {
                restartPolicy: "Never",
                containers: [
                    {
                        name: "envoy-gateway-certgen",
                        image: "docker.io/envoyproxy/gateway:v1.9.3",
                        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "50m", memory: "64Mi" } },
                    },
                ],
            },
        },
    },
};

describe("chartPodDefaults", () => {
    it("names the class and bounds the disk of a pod the chart gives no key for, keeping cpu and memory", () => {
        const podSpec = transformed(K8sType.job, certgen).spec.template.spec;
        expect(podSpec.priorityClassName).toBe("platform-critical");
        expect(podSpec.restartPolicy).toBe("Never");
        expect(podSpec.containers[0].resources).toEqual({
            requests: { cpu: "10m", memory: "32Mi", "ephemeral-storage": "128Mi" },
            limits: { cpu: "50m", memory: "64Mi", "ephemeral-storage": "1Gi" },
        });
        expect(certgen.spec.template.spec).not.toHaveProperty("priorityClassName");
    });

    it("leaves the pack's class and ephemeral-storage rules nothing to report on the result", async () => {
        const pc = fixture(K8sType.priorityClass, "pc", {
            apiVersion: "scheduling.k8s.io/v1",
            kind: "PriorityClass",
            metadata: { name: "platform-critical" },
            value: 1_000_000,
        });
        const before = fixture(K8sType.job, "certgen", certgen);
        const after = fixture(K8sType.job, "certgen", transformed(K8sType.job, certgen));
        expect(await messages(classRule, [pc, before])).toHaveLength(1);
        expect(await messages(ephemeralRule, [before])).toHaveLength(1);
        expect(await messages(classRule, [pc, after])).toEqual([]);
        expect(await messages(ephemeralRule, [after])).toEqual([]);
    });

    it("keeps what the chart's values set: the class and each bound", () => {
        const props = {
            apiVersion: "apps/v1",
            kind: "DaemonSet",
            spec: {
                template: {
                    spec: {
                        priorityClassName: "system-node-critical",
                        initContainers: [
                            { name: "cp-frr-files", resources: { limits: { "ephemeral-storage": "2Gi" } } },
                        ],
                        containers: [
                            {
                                name: "frr",
                                resources: {
                                    requests: { "ephemeral-storage": "64Mi" },
                                    limits: { "ephemeral-storage": "512Mi" },
                                },
                            },
                            { name: "reloader" },
                        ],
                    },
                },
            },
        };
        const podSpec = transformed(K8sType.daemonSet, props).spec.template.spec;
        expect(podSpec.priorityClassName).toBe("system-node-critical");
        expect(podSpec.initContainers[0].resources).toEqual({
            requests: { "ephemeral-storage": "128Mi" },
            limits: { "ephemeral-storage": "2Gi" },
        });
        expect(podSpec.containers[0]).toBe(props.spec.template.spec.containers[0]);
        expect(podSpec.containers[1].resources).toEqual({
            requests: { "ephemeral-storage": "128Mi" },
            limits: { "ephemeral-storage": "1Gi" },
        });
    });

    it("finds a CronJob's pod and adds no container list the pod has none of", () => {
        const props = {
            apiVersion: "batch/v1",
            kind: "CronJob",
            spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "backup" }] } } } } },
        };
        const podSpec = transformed(K8sType.cronJob, props).spec.jobTemplate.spec.template.spec;
        expect(podSpec.priorityClassName).toBe("platform-critical");
        expect(podSpec.containers[0].resources.limits).toEqual({ "ephemeral-storage": "1Gi" });
        expect(podSpec).not.toHaveProperty("initContainers");
    });

    it("leaves objects that run no pods, and workloads without a pod spec, alone", () => {
        const config = { apiVersion: "v1", kind: "ConfigMap", data: { a: "b" } };
        expect(transform(child(K8sType.configMap, config))).toBeUndefined();
        expect(transform(child(K8sType.deployment, { apiVersion: "apps/v1", kind: "Deployment" }))).toBeUndefined();
    });
});
