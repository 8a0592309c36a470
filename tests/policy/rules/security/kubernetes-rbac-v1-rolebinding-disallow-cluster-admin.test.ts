import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesRbacV1RolebindingDisallowClusterAdmin as policy } from "../../../../policy/rules/security/kubernetes-rbac-v1-rolebinding-disallow-cluster-admin";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeProps, hardenedDeployment, NS } from "./fixtures";
import { BINDING_TYPES, bindingOf, roleOf, withRoleRef } from "./rbac-fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const CLUSTER_ADMIN = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" };
const BINDS_CLUSTER_ADMIN = 'roleRef is ClusterRole "cluster-admin", which grants every verb on every resource';
const MASTERS = { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" };

describe("kubernetes-rbac-v1-rolebinding-disallow-cluster-admin", () => {
    it.each(BINDING_TYPES)("passes a %s of a ServiceAccount to a scoped ClusterRole", async (_kind, type) => {
        expect(await messages(policy, [bindingOf(type)])).toEqual([]);
    });

    it("ignores roles and workloads", async () => {
        expect(await messages(policy, [roleOf(K8sType.clusterRole), hardenedDeployment()])).toEqual([]);
    });

    it.each(BINDING_TYPES)("flags a %s to ClusterRole cluster-admin", async (_kind, type) => {
        expect(await messages(policy, [withRoleRef(bindingOf(type), CLUSTER_ADMIN)])).toEqual([BINDS_CLUSTER_ADMIN]);
    });

    it("passes a RoleBinding to a namespaced Role that happens to be named cluster-admin", async () => {
        const binding = withRoleRef(bindingOf(K8sType.roleBinding), { ...CLUSTER_ADMIN, kind: "Role" });
        expect(await messages(policy, [binding])).toEqual([]);
    });

    it("compares the role name case-sensitively, as the API server does", async () => {
        const binding = withRoleRef(bindingOf(K8sType.clusterRoleBinding), { ...CLUSTER_ADMIN, name: "Cluster-Admin" });
        expect(await messages(policy, [binding])).toEqual([]);
    });

    it.each(BINDING_TYPES)("flags a %s whose subjects include the system:masters group", async (_kind, type) => {
        const binding = bindingOf(type, [{ kind: "ServiceAccount", name: "web", namespace: NS }, MASTERS]);
        expect(await messages(policy, [binding])).toEqual([
            'subjects[1] is Group "system:masters", which the API server admits without RBAC',
        ]);
    });

    it("passes a binding of another group", async () => {
        const binding = bindingOf(K8sType.clusterRoleBinding, [{ ...MASTERS, name: "acme:platform-ops" }]);
        expect(await messages(policy, [binding])).toEqual([]);
    });

    it("skips a subject left null and still judges the next", async () => {
        const binding = bindingOf(K8sType.roleBinding, [null as unknown as Record<string, unknown>, MASTERS]);
        expect(await messages(policy, [binding])).toEqual([
            'subjects[1] is Group "system:masters", which the API server admits without RBAC',
        ]);
    });

    it("passes a user named system:masters: only the group bypasses RBAC", async () => {
        const binding = bindingOf(K8sType.clusterRoleBinding, [{ ...MASTERS, kind: "User" }]);
        expect(await messages(policy, [binding])).toEqual([]);
    });

    it("reports both the cluster-admin role and the system:masters subject of one binding", async () => {
        const binding = withRoleRef(bindingOf(K8sType.clusterRoleBinding, [MASTERS]), CLUSTER_ADMIN);
        expect(await messages(policy, [binding])).toEqual([
            BINDS_CLUSTER_ADMIN,
            'subjects[0] is Group "system:masters", which the API server admits without RBAC',
        ]);
    });

    it("passes a binding that declares no subjects or roleRef yet", async () => {
        const binding = changeProps(bindingOf(K8sType.clusterRoleBinding), (props) => {
            delete props.subjects;
            delete props.roleRef;
        });
        expect(await messages(policy, [binding])).toEqual([]);
    });

    it("reports that it cannot run when the role name is unknown at preview", async () => {
        const binding = withRoleRef(bindingOf(K8sType.clusterRoleBinding), { ...CLUSTER_ADMIN, name: PREVIEW_UNKNOWN });
        expect(await messages(policy, [binding])).toEqual([cannotRun("roleRef.name")]);
    });
});
