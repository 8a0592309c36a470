import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowHostPort as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-host-port";
import { messages } from "../../../helpers/policy";
import {
    cannotRun,
    changeApp,
    changeInit,
    changePod,
    ephemeralContainer,
    hardenedDeployment,
    hardenedWorkload,
    WORKLOAD_KINDS,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const withPorts =
    (...ports: Record<string, unknown>[]) =>
    (container: Record<string, any>) => {
        container.ports = ports;
    };

describe("kubernetes-core-v1-container-disallow-host-port", () => {
    it("passes a hardened Deployment", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes container ports without a hostPort, and a hostPort of 0", async () => {
        const deployment = changeApp(
            hardenedDeployment(),
            withPorts({ name: "http", containerPort: 8080 }, { name: "metrics", containerPort: 9090, hostPort: 0 }),
        );
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags a container port published on the node", async () => {
        const deployment = changeApp(
            hardenedDeployment(),
            withPorts({ name: "http", containerPort: 8080, hostPort: 80 }),
        );
        expect(await messages(policy, [deployment])).toEqual(['container "app" must not set ports[].hostPort (is 80)']);
    });

    it("names every hostPort of a container in one message, ignoring its other ports", async () => {
        const deployment = changeApp(
            hardenedDeployment(),
            withPorts(
                { name: "http", containerPort: 8080, hostPort: 80 },
                { name: "metrics", containerPort: 9090 },
                { name: "https", containerPort: 8443, hostPort: 443 },
            ),
        );
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must not set ports[].hostPort (is 80, 443)',
        ]);
    });

    it("flags an init container's hostPort", async () => {
        const deployment = changeInit(hardenedDeployment(), withPorts({ containerPort: 5000, hostPort: 5000 }));
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" must not set ports[].hostPort (is 5000)',
        ]);
    });

    it("flags an ephemeral container's hostPort on a Pod", async () => {
        const pod = changePod(hardenedWorkload(K8sType.pod), (spec) => {
            spec.ephemeralContainers = [ephemeralContainer()];
            withPorts({ containerPort: 2345, hostPort: 2345 })(spec.ephemeralContainers[0]);
        });
        expect(await messages(policy, [pod])).toEqual([
            'ephemeral container "debug" must not set ports[].hostPort (is 2345)',
        ]);
    });

    it.each(WORKLOAD_KINDS)("flags a hostPort in a %s", async (kind) => {
        const workload = changeApp(hardenedWorkload(kind), withPorts({ containerPort: 8080, hostPort: 8080 }));
        expect(await messages(policy, [workload])).toEqual(['container "app" must not set ports[].hostPort (is 8080)']);
    });

    it("flags a hostPort in kube-system: no namespace is exempt", async () => {
        const agent = changeApp(
            hardenedWorkload(K8sType.daemonSet, "agent", "kube-system"),
            withPorts({ containerPort: 9100, hostPort: 9100 }),
        );
        expect(await messages(policy, [agent])).toEqual(['container "app" must not set ports[].hostPort (is 9100)']);
    });

    it("judges only declared hostPorts: a hostNetwork pod is host-namespaces' to report", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.hostNetwork = true;
            withPorts({ containerPort: 8080 })(pod.containers[0]);
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("reports that it cannot run when a hostPort is unknown at preview", async () => {
        const deployment = changeApp(
            hardenedDeployment(),
            withPorts({ containerPort: 8080, hostPort: PREVIEW_UNKNOWN }),
        );
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.ports.0.hostPort"),
        ]);
    });
});
