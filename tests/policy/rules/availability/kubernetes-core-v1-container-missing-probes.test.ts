import { kubernetesCoreV1ContainerMissingProbes as policy } from "../../../../policy/rules/availability/kubernetes-core-v1-container-missing-probes";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, PREVIEW_UNKNOWN, quorumStatefulSet, webDeployment } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

type Props = Record<string, any>;

const withContainer = (edit: (container: Props) => void) =>
    change(webDeployment(), (p) => edit(p.spec.template.spec.containers[0]));

describe("kubernetes-core-v1-container-missing-probes", () => {
    it("passes the compliant stack: every container has readiness and liveness probes", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags a container without a readinessProbe, at the workload", async () => {
        const violations = await runPolicy(policy, [withContainer((c) => delete c.readinessProbe)]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            ['container "app" declares no readinessProbe', webDeployment().urn],
        ]);
    });

    it("flags a container without a livenessProbe", async () => {
        expect(await messages(policy, [withContainer((c) => delete c.livenessProbe)])).toEqual([
            'container "app" declares no livenessProbe',
        ]);
    });

    it("lists both probes when a container has neither (the seed's Triton)", async () => {
        const triton = withContainer((c) => {
            delete c.readinessProbe;
            delete c.livenessProbe;
        });
        expect(await messages(policy, [triton])).toEqual(['container "app" declares no readinessProbe, livenessProbe']);
    });

    it("flags a probe without a handler as the API server does", async () => {
        expect(await messages(policy, [withContainer((c) => (c.startupProbe = { failureThreshold: 30 }))])).toEqual([
            'container "app" startupProbe: Required value: must specify a handler type',
        ]);
    });

    it("accepts exec, tcpSocket and grpc handlers", async () => {
        const handlers = withContainer((c) => {
            c.readinessProbe = { exec: { command: ["pg_isready"] } };
            c.livenessProbe = { tcpSocket: { port: 3306 } };
            c.startupProbe = { grpc: { port: 9000 } };
        });
        expect(await messages(policy, [handlers])).toEqual([]);
    });

    it("checks StatefulSets and DaemonSets", async () => {
        const set = change(quorumStatefulSet(), (p) => delete p.spec.template.spec.containers[0].livenessProbe);
        const daemonSet = fixture(K8sType.daemonSet, "agent", {
            metadata: { name: "agent", namespace: "apps" },
            spec: { template: { spec: { containers: [{ name: "agent", image: "registry.example.com/agent:1" }] } } },
        });
        expect(await messages(policy, [set, daemonSet])).toEqual([
            'container "app" declares no livenessProbe',
            'container "agent" declares no readinessProbe, livenessProbe',
        ]);
    });

    it("exempts init containers, Jobs and CronJobs", async () => {
        const job = fixture(K8sType.job, "migrate", {
            metadata: { name: "migrate", namespace: "apps" },
            spec: { template: { spec: { containers: [{ name: "migrate", image: "registry.example.com/m:1" }] } } },
        });
        const cronJob = fixture(K8sType.cronJob, "backup", {
            metadata: { name: "backup", namespace: "apps" },
            spec: {
                jobTemplate: {
                    spec: { template: { spec: { containers: [{ name: "b", image: "registry.example.com/b:1" }] } } },
                },
            },
        });
        expect(await messages(policy, [webDeployment(), job, cronJob])).toEqual([]);
    });

    it("requires only the probes the profile lists", async () => {
        const noLiveness = withContainer((c) => delete c.livenessProbe);
        expect(await messages(policy, [noLiveness], { requiredProbes: ["readinessProbe"] })).toEqual([]);
    });

    it("reports an unknown probe at preview as advisory instead of crashing", async () => {
        const violations = await runPolicy(policy, [withContainer((c) => (c.readinessProbe = PREVIEW_UNKNOWN))]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.containers.0.readinessProbe can't be known during preview",
            ],
        ]);
    });
});
