import { kubernetesCoreV1ContainerMissingProbes as policy } from "../../../../policy/rules/availability/kubernetes-core-v1-container-missing-probes";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, PREVIEW_UNKNOWN, quorumStatefulSet, webDeployment } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

type Props = Record<string, any>;

const withContainer = (edit: (container: Props) => void) =>
    change(webDeployment(), (p) => edit(p.spec.template.spec.containers[0]));

const withPodSpec = (edit: (podSpec: Props) => void) => change(webDeployment(), (p) => edit(p.spec.template.spec));

const probe = { httpGet: { path: "/health", port: 8080 } };

/** A native sidecar: an init container that keeps running beside the app. */
const sidecar = (extra: Props = {}): Props => ({
    name: "proxy",
    image: "registry.example.com/proxy:1",
    restartPolicy: "Always",
    readinessProbe: probe,
    livenessProbe: probe,
    ...extra,
});

const worker = (extra: Props = {}): Props => ({ name: "work", image: "registry.example.com/work:1", ...extra });

/** A Job whose one container has no probe and no deadline bounds it. */
const job = (spec: Props = {}, podSpec: Props = {}) =>
    fixture(K8sType.job, "migrate", {
        metadata: { name: "migrate", namespace: "apps" },
        spec: { ...spec, template: { spec: { restartPolicy: "Never", containers: [worker()], ...podSpec } } },
    });

const cronJob = (jobSpec: Props = {}, podSpec: Props = {}) =>
    fixture(K8sType.cronJob, "backup", {
        metadata: { name: "backup", namespace: "apps" },
        spec: {
            schedule: "0 3 * * *",
            jobTemplate: {
                spec: {
                    ...jobSpec,
                    template: { spec: { restartPolicy: "OnFailure", containers: [worker()], ...podSpec } },
                },
            },
        },
    });

const pod = (podSpec: Props) =>
    fixture(K8sType.pod, "debug", {
        metadata: { name: "debug", namespace: "apps" },
        spec: { containers: [worker()], ...podSpec },
    });

const template = (type: string, name: string, podSpec: Props) =>
    fixture(type, name, {
        metadata: { name, namespace: "apps" },
        spec: { selector: { matchLabels: { app: name } }, template: { spec: { containers: [worker()], ...podSpec } } },
    });

const UNBOUNDED = (kind: string) =>
    `container "work" declares no livenessProbe and the ${kind} sets no activeDeadlineSeconds, so nothing stops a hung run`;

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

    it("checks ReplicaSets and ReplicationControllers as long-running, whatever restartPolicy they declare", async () => {
        // The API server accepts only Always for a controller's pods, so a stray OnFailure does not make them finite.
        const replicaSet = template(K8sType.replicaSet, "rs", { restartPolicy: "OnFailure" });
        const controller = template(K8sType.replicationController, "rc", {});
        expect(await messages(policy, [replicaSet, controller])).toEqual([
            'container "work" declares no readinessProbe, livenessProbe',
            'container "work" declares no readinessProbe, livenessProbe',
        ]);
    });

    it("checks a bare Pod with restartPolicy Always or unset as long-running", async () => {
        expect(await messages(policy, [pod({ restartPolicy: "Always" }), pod({})])).toEqual([
            'container "work" declares no readinessProbe, livenessProbe',
            'container "work" declares no readinessProbe, livenessProbe',
        ]);
    });

    it("exempts ordinary init containers, which exit before the pod is ready", async () => {
        const init = withPodSpec(
            (s) => (s.initContainers = [worker(), worker({ name: "setup", restartPolicy: "Never" })]),
        );
        expect(await messages(policy, [init])).toEqual([]);
    });

    it("passes a native sidecar with readiness and liveness probes", async () => {
        expect(await messages(policy, [withPodSpec((s) => (s.initContainers = [sidecar()]))])).toEqual([]);
    });

    it("flags a native sidecar without probes in a long-running workload", async () => {
        const bare = withPodSpec(
            (s) => (s.initContainers = [sidecar({ readinessProbe: undefined, livenessProbe: undefined })]),
        );
        expect(await messages(policy, [bare])).toEqual([
            'init container "proxy" (a native sidecar: restartPolicy Always) declares no readinessProbe, livenessProbe',
        ]);
    });

    it("flags a native sidecar without a readinessProbe in a Job that a deadline bounds", async () => {
        const withSidecar = job(
            { activeDeadlineSeconds: 600 },
            { initContainers: [sidecar({ readinessProbe: undefined })] },
        );
        expect(await messages(policy, [withSidecar])).toEqual([
            'init container "proxy" (a native sidecar: restartPolicy Always) declares no readinessProbe',
        ]);
    });

    it("flags a native sidecar's probe without a handler", async () => {
        const handlerless = withPodSpec((s) => (s.initContainers = [sidecar({ livenessProbe: { periodSeconds: 5 } })]));
        expect(await messages(policy, [handlerless])).toEqual([
            'init container "proxy" livenessProbe: Required value: must specify a handler type',
        ]);
    });

    it("flags a Job, a CronJob and a run-once Pod with neither a livenessProbe nor a deadline", async () => {
        const pods = [pod({ restartPolicy: "Never" }), pod({ restartPolicy: "OnFailure" })];
        expect(await messages(policy, [job(), cronJob(), ...pods])).toEqual([
            UNBOUNDED("Job"),
            UNBOUNDED("CronJob"),
            UNBOUNDED("Pod"),
            UNBOUNDED("Pod"),
        ]);
    });

    it("flags only the run-to-completion containers without a livenessProbe", async () => {
        const mixed = job({}, { containers: [worker({ name: "probed", livenessProbe: probe }), worker()] });
        expect(await messages(policy, [mixed])).toEqual([UNBOUNDED("Job")]);
    });

    it("passes run-to-completion pods whose every container has a livenessProbe, without asking for readiness", async () => {
        const probed = { containers: [worker({ livenessProbe: probe })] };
        expect(
            await messages(policy, [job({}, probed), cronJob({}, probed), pod({ restartPolicy: "Never", ...probed })]),
        ).toEqual([]);
    });

    it("passes a Job, a CronJob and a run-once Pod bounded by activeDeadlineSeconds", async () => {
        const bounded = [
            job({ activeDeadlineSeconds: 3600 }),
            job({}, { activeDeadlineSeconds: 3600 }),
            cronJob({ activeDeadlineSeconds: 1 }),
            cronJob({}, { activeDeadlineSeconds: 3600 }),
            pod({ restartPolicy: "Never", activeDeadlineSeconds: 3600 }),
        ];
        expect(await messages(policy, bounded)).toEqual([]);
    });

    it("does not count a deadline the API server would reject: zero, negative or not a number", async () => {
        const invalid = [
            job({ activeDeadlineSeconds: 0 }),
            cronJob({}, { activeDeadlineSeconds: -1 }),
            pod({ restartPolicy: "Never", activeDeadlineSeconds: "3600" }),
        ];
        expect(await messages(policy, invalid)).toEqual([UNBOUNDED("Job"), UNBOUNDED("CronJob"), UNBOUNDED("Pod")]);
    });

    it("does not take a CronJob's own spec for its jobTemplate's", async () => {
        const misplaced = change(cronJob(), (p) => (p.spec.activeDeadlineSeconds = 3600));
        expect(await messages(policy, [misplaced])).toEqual([UNBOUNDED("CronJob")]);
    });

    it("flags a run-to-completion container's probe without a handler", async () => {
        const handlerless = job({ activeDeadlineSeconds: 600 }, { containers: [worker({ livenessProbe: {} })] });
        expect(await messages(policy, [handlerless])).toEqual([
            'container "work" livenessProbe: Required value: must specify a handler type',
        ]);
    });

    it("requires only the probes the profile lists", async () => {
        const noLiveness = withContainer((c) => delete c.livenessProbe);
        const sidecarWithoutLiveness = withPodSpec((s) => (s.initContainers = [sidecar({ livenessProbe: undefined })]));
        expect(
            await messages(policy, [noLiveness, sidecarWithoutLiveness], { requiredProbes: ["readinessProbe"] }),
        ).toEqual([]);
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

    it("reports an unknown deadline at preview as advisory, and reads none when every container is probed", async () => {
        const unknownDeadline = job({ activeDeadlineSeconds: PREVIEW_UNKNOWN });
        const probed = job(
            { activeDeadlineSeconds: PREVIEW_UNKNOWN },
            { containers: [worker({ livenessProbe: probe })] },
        );
        const violations = await runPolicy(policy, [unknownDeadline, probed]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.activeDeadlineSeconds can't be known during preview",
            ],
        ]);
    });
});
