import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowHostProbes as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-host-probes";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

describe("kubernetes-core-v1-container-disallow-host-probes", () => {
    it("passes a hardened Deployment whose probes check the pod itself", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.readinessProbe = { httpGet: { path: "/ready", port: 8080, httpHeaders: [{ name: "Host", value: "a" }] } };
            c.livenessProbe = { tcpSocket: { port: 8080, host: "" } };
        });
        expect(await messages(policy, [deployment])).toEqual([]);
    });

    it("flags an HTTP probe and a TCP probe that name a host, each by its field", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.livenessProbe = { httpGet: { path: "/", port: 80, host: "169.254.169.254" } };
            c.startupProbe = { tcpSocket: { port: 6443, host: "10.0.0.10" } };
        });
        expect(await messages(policy, [deployment])).toEqual([
            'container "app" must not set livenessProbe.httpGet.host (is "169.254.169.254")',
            'container "app" must not set startupProbe.tcpSocket.host (is "10.0.0.10")',
        ]);
    });

    it("flags a lifecycle hook that names a host, in an init container too", async () => {
        const statefulSet = changeInit(hardenedWorkload(K8sType.statefulSet), (c) => {
            c.lifecycle = { preStop: { httpGet: { path: "/drain", port: 80, host: "db.internal" } } };
        });
        expect(await messages(policy, [statefulSet])).toEqual([
            'init container "migrate" must not set lifecycle.preStop.httpGet.host (is "db.internal")',
        ]);
    });

    it("reports that it cannot run when a probe's host is unknown at preview", async () => {
        const deployment = changeApp(hardenedDeployment(), (c) => {
            c.readinessProbe = { httpGet: { path: "/", port: 80, host: PREVIEW_UNKNOWN } };
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.containers.0.readinessProbe.httpGet.host"),
        ]);
    });
});
