import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1PodDisableServiceAccountToken as policy } from "../../../../policy/rules/security/kubernetes-core-v1-pod-disable-service-account-token";
import { messages, runPolicy } from "../../../helpers/policy";
import { cannotRun, changePod, hardenedDeployment, hardenedWorkload, NS, WORKLOAD_KINDS } from "./fixtures";
import { bindingOf, serviceAccount } from "./rbac-fixtures";
import { K8sType } from "../../../../contract/k8s-types";
import { kindOf } from "../../../../contract/objects";

type Props = Record<string, any>;

/** The hardened Deployment running as ServiceAccount "web" with its token mounted. */
function webCallingTheApi(edit: (pod: Props) => void = () => undefined) {
    return changePod(hardenedDeployment(), (pod) => {
        pod.serviceAccountName = "web";
        delete pod.automountServiceAccountToken;
        edit(pod);
    });
}

const MOUNTS_WEB = 'Deployment "apps/web" mounts the API token of ServiceAccount "apps/web"';
const UNBOUND = `${MOUNTS_WEB}, which no RoleBinding or ClusterRoleBinding names`;

/** A stack that declares ServiceAccount apps/web and binds it: a token is allowed. */
const bound = () => [serviceAccount(), bindingOf(K8sType.roleBinding)];

describe("kubernetes-core-v1-pod-disable-service-account-token", () => {
    it("passes a hardened Deployment that disables the token", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it("passes a pod that mounts the token of a declared, bound ServiceAccount", async () => {
        expect(await messages(policy, [webCallingTheApi(), ...bound()])).toEqual([]);
    });

    it("flags a pod of the default ServiceAccount that leaves automount unset", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.automountServiceAccountToken;
        });
        expect(await messages(policy, [deployment])).toEqual([
            `Deployment "apps/web" mounts the API token of ServiceAccount "apps/default", the namespace's default`,
        ]);
    });

    it("flags the default ServiceAccount even when the stack declares and binds it", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.serviceAccountName = "default";
            pod.automountServiceAccountToken = true;
        });
        const stack = [
            deployment,
            serviceAccount("default"),
            bindingOf(K8sType.roleBinding, [{ kind: "ServiceAccount", name: "default" }]),
        ];
        expect(await messages(policy, stack)).toEqual([
            `Deployment "apps/web" mounts the API token of ServiceAccount "apps/default", the namespace's default`,
        ]);
    });

    it("treats an empty serviceAccountName as the default ServiceAccount", async () => {
        const deployment = webCallingTheApi((pod) => {
            pod.serviceAccountName = "";
        });
        expect(await messages(policy, [deployment, ...bound()])).toEqual([
            `Deployment "apps/web" mounts the API token of ServiceAccount "apps/default", the namespace's default`,
        ]);
    });

    it("flags a pod whose ServiceAccount the stack does not declare", async () => {
        expect(await messages(policy, [webCallingTheApi(), bindingOf(K8sType.roleBinding)])).toEqual([
            `${MOUNTS_WEB}, which the stack does not declare`,
        ]);
    });

    it("flags a pod whose ServiceAccount is declared in another namespace only", async () => {
        expect(
            await messages(policy, [
                webCallingTheApi(),
                serviceAccount("web", "other"),
                bindingOf(K8sType.roleBinding),
            ]),
        ).toEqual([`${MOUNTS_WEB}, which the stack does not declare`]);
    });

    it("flags a pod whose ServiceAccount is not declared, though another one of its namespace is", async () => {
        const stack = [webCallingTheApi(), serviceAccount("api"), bindingOf(K8sType.roleBinding)];
        expect(await messages(policy, stack)).toEqual([`${MOUNTS_WEB}, which the stack does not declare`]);
    });

    it("judges workloads only, not the ServiceAccounts and bindings beside them", async () => {
        expect(await messages(policy, [serviceAccount(), bindingOf(K8sType.clusterRoleBinding)])).toEqual([]);
    });

    it("flags a pod whose ServiceAccount no binding names", async () => {
        expect(await messages(policy, [webCallingTheApi(), serviceAccount()])).toEqual([UNBOUND]);
    });

    it("reports the violation on the workload", async () => {
        const [violation] = await runPolicy(policy, [webCallingTheApi(), serviceAccount()]);
        expect(violation.urn).toBe(webCallingTheApi().urn);
    });

    it("passes when the pod's ServiceAccount disables automount and the pod leaves it unset", async () => {
        const stack = [webCallingTheApi(), serviceAccount("web", NS, { automountServiceAccountToken: false })];
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("passes the default ServiceAccount when the stack declares it with automount disabled", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            delete pod.automountServiceAccountToken;
        });
        const stack = [deployment, serviceAccount("default", NS, { automountServiceAccountToken: false })];
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("flags a pod that sets automount true over its ServiceAccount's false: the pod's field wins", async () => {
        const deployment = webCallingTheApi((pod) => {
            pod.automountServiceAccountToken = true;
        });
        const stack = [deployment, serviceAccount("web", NS, { automountServiceAccountToken: false })];
        expect(await messages(policy, stack)).toEqual([UNBOUND]);
    });

    it("reads the ServiceAccount's automount when the pod sets null", async () => {
        const deployment = webCallingTheApi((pod) => {
            pod.automountServiceAccountToken = null;
        });
        const stack = [deployment, serviceAccount("web", NS, { automountServiceAccountToken: false })];
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("reads the deprecated serviceAccount alias when serviceAccountName is unset", async () => {
        const deployment = webCallingTheApi((pod) => {
            delete pod.serviceAccountName;
            pod.serviceAccount = "web";
        });
        expect(await messages(policy, [deployment, serviceAccount()])).toEqual([UNBOUND]);
    });

    it.each([
        ["a ClusterRoleBinding naming it", [bindingOf(K8sType.clusterRoleBinding)]],
        [
            "a RoleBinding naming it without a namespace",
            [bindingOf(K8sType.roleBinding, [{ kind: "ServiceAccount", name: "web" }])],
        ],
        [
            "a RoleBinding naming it with an empty namespace",
            [bindingOf(K8sType.roleBinding, [{ kind: "ServiceAccount", name: "web", namespace: "" }])],
        ],
        [
            "the group of all ServiceAccounts",
            [bindingOf(K8sType.clusterRoleBinding, [{ kind: "Group", name: "system:serviceaccounts" }])],
        ],
        [
            "the group of its namespace's ServiceAccounts",
            [bindingOf(K8sType.clusterRoleBinding, [{ kind: "Group", name: "system:serviceaccounts:apps" }])],
        ],
        [
            "its user name",
            [bindingOf(K8sType.clusterRoleBinding, [{ kind: "User", name: "system:serviceaccount:apps:web" }])],
        ],
    ])("passes a ServiceAccount bound through %s", async (_how, bindings) => {
        expect(await messages(policy, [webCallingTheApi(), serviceAccount(), ...bindings])).toEqual([]);
    });

    it.each([
        ["a ServiceAccount of another name", { kind: "ServiceAccount", name: "api", namespace: NS }],
        [
            "a ServiceAccount of the same name in another namespace",
            { kind: "ServiceAccount", name: "web", namespace: "other" },
        ],
        ["another namespace's ServiceAccount group", { kind: "Group", name: "system:serviceaccounts:other" }],
        ["another ServiceAccount's user name", { kind: "User", name: "system:serviceaccount:apps:api" }],
        ["a user named like the ServiceAccount", { kind: "User", name: "web" }],
        ["a group named like the ServiceAccount", { kind: "Group", name: "web" }],
    ])("flags a ServiceAccount when the only binding names %s", async (_how, subject) => {
        const stack = [webCallingTheApi(), serviceAccount(), bindingOf(K8sType.clusterRoleBinding, [subject])];
        expect(await messages(policy, stack)).toEqual([UNBOUND]);
    });

    it("does not read a namespace-less ServiceAccount subject of a ClusterRoleBinding as the pod's", async () => {
        const stack = [
            webCallingTheApi(),
            serviceAccount(),
            bindingOf(K8sType.clusterRoleBinding, [{ kind: "ServiceAccount", name: "web" }]),
        ];
        expect(await messages(policy, stack)).toEqual([UNBOUND]);
    });

    it("passes a binding with no subjects as naming nobody", async () => {
        const binding = bindingOf(K8sType.roleBinding);
        const stack = [
            webCallingTheApi(),
            serviceAccount(),
            { ...binding, props: { ...binding.props, subjects: undefined } },
        ];
        expect(await messages(policy, stack)).toEqual([UNBOUND]);
    });

    it.each(WORKLOAD_KINDS)("flags a %s that mounts the default ServiceAccount's token", async (type) => {
        const workload = changePod(hardenedWorkload(type), (pod) => {
            delete pod.automountServiceAccountToken;
        });
        expect(await messages(policy, [workload])).toEqual([
            `${kindOf(type)} "apps/agent" mounts the API token of ServiceAccount "apps/default", the namespace's default`,
        ]);
    });

    it("flags a workload in kube-system: no namespace is exempt", async () => {
        const deployment = changePod(hardenedDeployment("web", "kube-system"), (pod) => {
            delete pod.automountServiceAccountToken;
        });
        expect(await messages(policy, [deployment])).toEqual([
            `Deployment "kube-system/web" mounts the API token of ServiceAccount "kube-system/default", the namespace's default`,
        ]);
    });

    it("reads a workload without a namespace as in the default namespace", async () => {
        const deployment = webCallingTheApi();
        delete (deployment.props.metadata as Props).namespace;
        expect(await messages(policy, [deployment, serviceAccount("web", "default")])).toEqual([
            `Deployment "default/web" mounts the API token of ServiceAccount "default/web", which no RoleBinding or ClusterRoleBinding names`,
        ]);
    });

    it("skips a workload that declares no pod spec", async () => {
        const deployment = hardenedDeployment();
        const bare = { ...deployment, props: { ...deployment.props, spec: {} } };
        expect(await messages(policy, [bare])).toEqual([]);
    });

    it("reports that it cannot run when automountServiceAccountToken is unknown at preview", async () => {
        const deployment = changePod(hardenedDeployment(), (pod) => {
            pod.automountServiceAccountToken = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, [deployment])).toEqual([
            cannotRun("spec.template.spec.automountServiceAccountToken"),
        ]);
    });
});
