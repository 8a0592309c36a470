import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodMissingPriorityClass as policy } from "../../../../policy/rules/quotas/kubernetes-core-v1-pod-missing-priority-class";
import { K8sType } from "../../../../contract/k8s-types";
import { deployment } from "../../../helpers/k8s-fixtures";
import { fixture, messages, mutate } from "../../../helpers/policy";
import { podSpec, withUnknown } from "./fixtures";

const KNOWN = "known: platform-critical, system-cluster-critical, system-node-critical, tenant-workload";

function priorityClass(name: string) {
    return fixture(K8sType.priorityClass, `pc-${name}`, {
        apiVersion: "scheduling.k8s.io/v1",
        kind: "PriorityClass",
        metadata: { name },
        value: 1000,
    });
}

const classes = [priorityClass("platform-critical"), priorityClass("tenant-workload")];
const app = mutate(deployment("web", "app"), (r) => (podSpec(r).priorityClassName = "tenant-workload"));

describe("kubernetes-core-v1-pod-missing-priority-class", () => {
    it("passes a pod template naming a PriorityClass the stack declares", async () => {
        expect(await messages(policy, [...classes, app])).toEqual([]);
    });

    it("passes the built-in system classes without a declaration", async () => {
        for (const name of ["system-node-critical", "system-cluster-critical"]) {
            const d = mutate(app, (r) => (podSpec(r).priorityClassName = name));
            expect(await messages(policy, [d])).toEqual([]);
        }
    });

    it("flags a pod template that names no priority class", async () => {
        const d = mutate(app, (r) => delete podSpec(r).priorityClassName);
        expect(await messages(policy, [...classes, d])).toEqual(['Deployment "web/app" names no priority class']);
    });

    it("flags an empty priority class name as none", async () => {
        const d = mutate(app, (r) => (podSpec(r).priorityClassName = " "));
        expect(await messages(policy, [...classes, d])).toEqual(['Deployment "web/app" names no priority class']);
    });

    it("flags a class the stack does not declare, which admission would refuse", async () => {
        const d = mutate(app, (r) => (podSpec(r).priorityClassName = "high-priority"));
        expect(await messages(policy, [...classes, d])).toEqual([
            `Deployment "web/app" names priority class "high-priority", which is neither declared in the stack nor built in (${KNOWN})`,
        ]);
    });

    it("flags the platform's class when the stack does not declare it", async () => {
        expect(await messages(policy, [app])).toEqual([
            `Deployment "web/app" names priority class "tenant-workload", which is neither declared in the stack nor built in (known: system-cluster-critical, system-node-critical)`,
        ]);
    });

    it("ignores a PriorityClass without a name", async () => {
        const unnamed = fixture(K8sType.priorityClass, "pc-unnamed", { metadata: {}, value: 1 });
        const d = mutate(app, (r) => (podSpec(r).priorityClassName = "platform-critical"));
        expect(await messages(policy, [unnamed, d])).toEqual([
            `Deployment "web/app" names priority class "platform-critical", which is neither declared in the stack nor built in (known: system-cluster-critical, system-node-critical)`,
        ]);
    });

    it("checks every workload kind, a CronJob's job template included, and uses the resource name without metadata", async () => {
        const cron = fixture(K8sType.cronJob, "report", {
            spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "r", image: "r:1" }] } } } } },
        });
        expect(await messages(policy, [...classes, cron])).toEqual([
            'CronJob "default/report" names no priority class',
        ]);
    });

    it("ignores resources that are not workloads", async () => {
        const quota = fixture(K8sType.resourceQuota, "q", { metadata: { name: "q", namespace: "web" }, spec: {} });
        expect(await messages(policy, [...classes, quota])).toEqual([]);
    });

    it("reports that it cannot run when the class is unknown at preview", async () => {
        const d = withUnknown(app, (r) => (podSpec(r).priorityClassName = PREVIEW_UNKNOWN));
        expect(await messages(policy, [...classes, d])).toEqual([
            "can't run policy during preview: string value at .spec.template.spec.priorityClassName can't be known during preview",
        ]);
    });
});
