import { objectType } from "../../contract/objects";
import { evaluatePolicies, type HarnessResource } from "../../policy/harness/evaluate";
import { policies } from "../../policy/pack";
import { fixture } from "../helpers/policy";
import { K8sType } from "../../contract/k8s-types";

const PRIVILEGED = "kubernetes-core-v1-container-disallow-privileged";
const HOST_PATH = "kubernetes-core-v1-pod-disallow-host-path";
const RESOURCES = "kubernetes-core-v1-container-missing-resources";

const podSpec = {
    containers: [{ name: "shell", image: "busybox:1.37", securityContext: { privileged: true } }],
    volumes: [{ name: "root", hostPath: { path: "/" } }],
};

function object(apiVersion: string, kind: string, spec: Record<string, unknown>) {
    return { apiVersion, kind, metadata: { name: "evil", namespace: "web" }, spec };
}

const templated = { selector: { matchLabels: { app: "evil" } }, template: { spec: podSpec } };

/** Each way the Kubernetes provider can declare a pod-bearing object, with the same hostile pod in it. */
const DECLARATIONS: readonly [string, HarnessResource][] = [
    ["core.v1.Pod", fixture(K8sType.pod, "evil", object("v1", "Pod", podSpec))],
    ["CustomResource of kind Pod", fixture("kubernetes:v1:Pod", "evil", object("v1", "Pod", podSpec))],
    ["core.v1.PodPatch", fixture("kubernetes:core/v1:PodPatch", "evil", object("v1", "Pod", podSpec))],
    [
        "apps.v1.DeploymentPatch",
        fixture("kubernetes:apps/v1:DeploymentPatch", "evil", object("apps/v1", "Deployment", templated)),
    ],
    [
        "a Patch without apiVersion/kind",
        fixture("kubernetes:apps/v1:DaemonSetPatch", "evil", { metadata: {}, spec: templated }),
    ],
    [
        "core.v1.ReplicationController",
        fixture(
            K8sType.replicationController,
            "evil",
            object("v1", "ReplicationController", { template: { spec: podSpec } }),
        ),
    ],
    [
        "CustomResource of kind CronJob",
        fixture(
            "kubernetes:batch/v1:CronJob",
            "evil",
            object("batch/v1", "CronJob", { jobTemplate: { spec: { template: { spec: podSpec } } } }),
        ),
    ],
];

async function found(names: readonly string[], resources: readonly HarnessResource[]) {
    const chosen = policies.filter((p) => names.includes(p.name));
    const violations = await evaluatePolicies(chosen, resources, { all: "mandatory" });
    return violations.map((v) => `${v.policy}: ${v.urn.split("::").pop()}`).sort();
}

describe("rules judge the object a resource declares, not its type token", () => {
    it.each(DECLARATIONS)("%s gets the privileged and hostPath violations", async (_how, resource) => {
        expect(await found([PRIVILEGED, HOST_PATH], [resource])).toEqual([`${PRIVILEGED}: evil`, `${HOST_PATH}: evil`]);
    });

    it("stack rules see them too", async () => {
        const [, cr] = DECLARATIONS[1];
        expect(await found([RESOURCES], [cr])).toEqual([`${RESOURCES}: evil`]);
    });

    it("sees the objects of a yaml.v2.ConfigGroup, inline and as YAML text, as the group's children", async () => {
        const group = fixture("kubernetes:yaml/v2:ConfigGroup", "extras", {
            objs: [object("v1", "Pod", podSpec)],
            yaml: [
                "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n---\n" +
                    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent, namespace: ops }\nspec:\n" +
                    "  template:\n    spec:\n      containers: [{ name: a, image: 'a:1', securityContext: { privileged: true } }]\n",
            ],
        });
        expect(await found([PRIVILEGED], [group])).toEqual([
            `${PRIVILEGED}: extras:ops/agent`,
            `${PRIVILEGED}: extras:web/evil`,
        ]);
        const violations = await evaluatePolicies(
            policies.filter((p) => p.name === PRIVILEGED),
            [group],
            { all: "mandatory" },
        );
        expect(violations.map((v) => v.urn)).toContain(
            "urn:pulumi:test::platform::kubernetes:yaml/v2:ConfigGroup$kubernetes:core/v1:Pod::extras:web/evil",
        );
    });
});

describe("objectType", () => {
    it.each([
        ["kubernetes:v1:Pod", { apiVersion: "v1", kind: "Pod" }, K8sType.pod],
        ["kubernetes:core/v1:PodPatch", { apiVersion: "v1", kind: "Pod" }, K8sType.pod],
        ["kubernetes:apps/v1:DeploymentPatch", {}, K8sType.deployment],
        [
            "kubernetes:example.com/v1:Widget",
            { apiVersion: "example.com/v1", kind: "Widget" },
            "kubernetes:example.com/v1:Widget",
        ],
        [K8sType.chartV4, { chart: "metallb" }, K8sType.chartV4],
        ["platform:network:MetalLb", { apiVersion: "v1", kind: "Pod" }, "platform:network:MetalLb"],
    ])("%s with %j is %s", (type, props, expected) => {
        expect(objectType(type, props)).toBe(expected);
    });
});
