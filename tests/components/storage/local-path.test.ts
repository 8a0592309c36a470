import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType } from "../../helpers/capture";

const GOVERNED = "platform:tenancy:GovernedNamespace";
const COMPONENT = "platform:storage:LocalPathProvisioner";

describe("LocalPathProvisioner", () => {
    let resources: readonly CapturedResource[];
    let exposed: { namespaces: string[]; storageClass: string };

    beforeAll(async () => {
        const { LocalPathProvisioner } = await import("../../../components/storage");
        resources = (
            await capture(() => {
                const lp = new LocalPathProvisioner("local-path", {
                    nodePaths: ["/mnt/local"],
                    reclaimPolicy: "Retain",
                    isDefault: true,
                    registryMirror: "harbor.example.com/mirror",
                });
                exposed = { namespaces: [...lp.namespaces.keys()], storageClass: lp.storageClass };
            })
        ).resources;
    });

    it("exposes its governed namespace and class name", () => {
        expect(exposed).toEqual({ namespaces: ["local-path-storage"], storageClass: "local-path" });
        expect(findResource(resources, COMPONENT, "local-path")).toBeDefined();
    });

    it("creates local-path-storage as a privileged governed namespace with its budget", () => {
        findResource(resources, GOVERNED, "local-path-storage");
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "local-path-storage");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "local-path-storage-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "6", "requests.cpu": "60m" });
    });

    it("names its children after the component and waits for the namespace", () => {
        // Depending on a component waits for its children: the Namespace, quota, limits and policies.
        const namespace = findResource(resources, "kubernetes:core/v1:Namespace", "local-path-storage");
        for (const [type, name] of [
            ["kubernetes:core/v1:ServiceAccount", "local-path-service-account"],
            ["kubernetes:rbac.authorization.k8s.io/v1:Role", "local-path-role"],
            ["kubernetes:core/v1:ConfigMap", "local-path-config"],
        ]) {
            expect(findResource(resources, type, name).dependencies).toContain(namespace.urn);
        }
        const deployment = findResource(resources, "kubernetes:apps/v1:Deployment", "local-path-provisioner");
        expect(deployment.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, "kubernetes:core/v1:ConfigMap", "local-path-config").urn,
                findResource(
                    resources,
                    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
                    "local-path-role-binding",
                ).urn,
                findResource(
                    resources,
                    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
                    "local-path-cluster-role-binding",
                ).urn,
            ]),
        );
    });

    it("passes the args through to the objects", () => {
        const config = findResource(resources, "kubernetes:core/v1:ConfigMap", "local-path-config");
        expect(JSON.parse((config.inputs.data as any)["config.json"]).nodePathMap[0].paths).toEqual(["/mnt/local"]);
        expect((config.inputs.data as any)["helperPod.yaml"]).toContain(
            "image: harbor.example.com/mirror/docker.io/library/busybox:1.37.0",
        );
        const deployment = findResource(resources, "kubernetes:apps/v1:Deployment", "local-path-provisioner");
        expect((deployment.inputs.spec as any).template.spec.containers[0].image).toBe(
            "harbor.example.com/mirror/docker.io/rancher/local-path-provisioner:v0.0.37",
        );
        const [sc] = ofType(resources, "kubernetes:storage.k8s.io/v1:StorageClass");
        expect(sc.inputs).toMatchObject({
            metadata: { name: "local-path", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            reclaimPolicy: "Retain",
            volumeBindingMode: "WaitForFirstConsumer",
        });
    });

    it("defaults the node path to upstream's", async () => {
        const { LocalPathProvisioner } = await import("../../../components/storage");
        const run = await capture(
            () => void new LocalPathProvisioner("lp", { reclaimPolicy: "Delete", isDefault: false }),
        );
        const config = findResource(run.resources, "kubernetes:core/v1:ConfigMap", "lp-config");
        expect(JSON.parse((config.inputs.data as any)["config.json"]).nodePathMap[0].paths).toEqual([
            "/opt/local-path-provisioner",
        ]);
        const [sc] = ofType(run.resources, "kubernetes:storage.k8s.io/v1:StorageClass");
        expect((sc.inputs.metadata as any).annotations).toBeUndefined();
    });
});
