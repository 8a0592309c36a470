import { withEphemeralStorage } from "../../../contract/ephemeral-storage";
import { parse } from "yaml";
import {
    helperPodTemplate,
    LOCAL_PATH_CONCURRENT_HELPERS,
    LOCAL_PATH_RESOURCES,
    localPathBudget,
    localPathClusterRole,
    localPathClusterRoleBinding,
    localPathConfigMap,
    localPathDeployment,
    localPathRole,
    localPathRoleBinding,
    localPathServiceAccount,
    localPathStorageClass,
    nodePathsProblem,
    type LocalPathSettings,
} from "../../../components/storage";
import { quantity } from "../../../contract/quantity";
import { validateObjects } from "../../../tools/validate/validate";
import { lines, namespace } from "../../conformance/fixtures";

const SETTINGS: LocalPathSettings = {
    nodePaths: ["/opt/local-path-provisioner"],
    reclaimPolicy: "Delete",
    isDefault: false,
};
const MIRROR = "harbor.example.com/mirror";

const helperPodOf = (settings: LocalPathSettings): any =>
    parse((localPathConfigMap(settings).data as any)["helperPod.yaml"]);

function allObjects(settings: LocalPathSettings): unknown[] {
    return [
        localPathServiceAccount(),
        localPathRole(),
        localPathRoleBinding(),
        localPathClusterRole(),
        localPathClusterRoleBinding(),
        localPathConfigMap(settings),
        localPathDeployment(settings.registryMirror),
        localPathStorageClass(settings),
    ];
}

describe("local-path-provisioner objects", () => {
    it("pins the provisioner image, upstream and through the mirror", () => {
        const image = (mirror?: string) => (localPathDeployment(mirror).spec as any).template.spec.containers[0].image;
        expect(image()).toBe("docker.io/rancher/local-path-provisioner:v0.0.37");
        expect(image(MIRROR)).toBe("harbor.example.com/mirror/docker.io/rancher/local-path-provisioner:v0.0.37");
    });

    it("pins the helper pod's image in helperPod.yaml, where upstream uses busybox latest", () => {
        expect(helperPodOf(SETTINGS).spec.containers[0].image).toBe("docker.io/library/busybox:1.37.0");
        expect(helperPodOf({ ...SETTINGS, registryMirror: MIRROR }).spec.containers[0].image).toBe(
            "harbor.example.com/mirror/docker.io/library/busybox:1.37.0",
        );
    });

    it("gives every container, the helper pod's included, requests and limits", () => {
        const provisioner = (localPathDeployment().spec as any).template.spec.containers;
        expect(provisioner.map((c: any) => c.resources)).toEqual([
            withEphemeralStorage(LOCAL_PATH_RESOURCES.provisioner),
        ]);
        expect(helperPodOf(SETTINGS).spec.containers.map((c: any) => c.resources)).toEqual([
            {
                requests: { cpu: "10m", memory: "16Mi", "ephemeral-storage": "128Mi" },
                limits: { cpu: "100m", memory: "64Mi", "ephemeral-storage": "1Gi" },
            },
        ]);
    });

    it("writes the node paths into config.json for every node", () => {
        const config = localPathConfigMap({ ...SETTINGS, nodePaths: ["/data/a", "/data/b"] });
        expect(config.metadata).toMatchObject({ name: "local-path-config", namespace: "local-path-storage" });
        expect(JSON.parse((config.data as any)["config.json"])).toEqual({
            nodePathMap: [{ node: "DEFAULT_PATH_FOR_NON_LISTED_NODES", paths: ["/data/a", "/data/b"] }],
        });
    });

    it("ships setup and teardown scripts that act on the quoted volume directory only", () => {
        const data = localPathConfigMap(SETTINGS).data as any;
        expect(data.setup).toBe('#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"');
        expect(data.teardown).toBe('#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"');
    });

    it("keeps the helper pod within what the provisioner accepts: no privilege, no added capabilities", () => {
        const pod = helperPodTemplate();
        const container = (pod.spec as any).containers[0];
        expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false });
        expect((pod.spec as any).securityContext).toEqual({ seccompProfile: { type: "RuntimeDefault" } });
        expect((pod.spec as any).volumes).toBeUndefined();
    });

    it("runs one non-root provisioner, replaced with Recreate since it has no leader election", () => {
        const spec = localPathDeployment().spec as any;
        expect(spec.replicas).toBe(1);
        expect(spec.strategy).toEqual({ type: "Recreate" });
        expect(spec.template.spec.serviceAccountName).toBe("local-path-provisioner-service-account");
        expect(spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
        expect(spec.template.spec.containers[0].securityContext).toMatchObject({
            runAsNonRoot: true,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        });
        expect(spec.template.spec.containers[0].command).toEqual([
            "local-path-provisioner",
            "start",
            "--config",
            "/etc/config/config.json",
        ]);
    });

    it("grants pod writes only in its own namespace and cluster-wide writes only to volumes and events", () => {
        expect(localPathRole().metadata).toMatchObject({ namespace: "local-path-storage" });
        expect(localPathRole().rules).toEqual([
            {
                apiGroups: [""],
                resources: ["pods"],
                verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
            },
        ]);
        const writes = (localPathClusterRole().rules as any[]).filter((r) =>
            r.verbs.some((v: string) => !["get", "list", "watch"].includes(v)),
        );
        expect(writes.map((r) => r.resources)).toEqual([["persistentvolumes"], ["events"]]);
        for (const binding of [localPathRoleBinding(), localPathClusterRoleBinding()]) {
            expect(binding.subjects).toEqual([
                {
                    kind: "ServiceAccount",
                    name: "local-path-provisioner-service-account",
                    namespace: "local-path-storage",
                },
            ]);
        }
    });

    it("declares local-path with WaitForFirstConsumer and the reclaim policy", () => {
        expect(localPathStorageClass({ ...SETTINGS, reclaimPolicy: "Retain" })).toMatchObject({
            metadata: { name: "local-path" },
            provisioner: "rancher.io/local-path",
            volumeBindingMode: "WaitForFirstConsumer",
            reclaimPolicy: "Retain",
        });
    });

    it("marks local-path as default only when asked", () => {
        expect((localPathStorageClass({ ...SETTINGS, isDefault: true }).metadata as any).annotations).toEqual({
            "storageclass.kubernetes.io/is-default-class": "true",
        });
        expect((localPathStorageClass(SETTINGS).metadata as any).annotations).toBeUndefined();
    });

    it("passes the Kubernetes schemas", () => {
        const objects = [namespace("local-path-storage"), ...allObjects({ ...SETTINGS, isDefault: true })];
        expect(lines(validateObjects(objects, undefined))).toEqual([]);
        expect(lines(validateObjects([helperPodTemplate(MIRROR)], undefined))).toEqual([]);
    });
});

describe("local-path-storage budget", () => {
    it("fits the provisioner, a Recreate overlap and the concurrent helper pods", () => {
        const { quota, limits } = localPathBudget();
        const { provisioner, helper } = LOCAL_PATH_RESOURCES;
        const n = LOCAL_PATH_CONCURRENT_HELPERS;
        expect(quota.pods).toBe(2 + n);
        expect(quantity(quota.requestsCpu)).toBeCloseTo(
            2 * quantity(provisioner.requests.cpu) + n * quantity(helper.requests.cpu),
        );
        expect(quantity(quota.requestsMemory)).toBe(
            2 * quantity(provisioner.requests.memory) + n * quantity(helper.requests.memory),
        );
        expect(quantity(quota.limitsMemory)).toBe(
            2 * quantity(provisioner.limits.memory) + n * quantity(helper.limits.memory),
        );
        expect(quota).toMatchObject({
            requestsCpu: "60m",
            requestsMemory: "128Mi",
            limitsCpu: "600m",
            limitsMemory: "512Mi",
        });
        for (const resources of [provisioner, helper]) {
            for (const key of ["cpu", "memory"] as const) {
                expect(quantity(resources.requests[key])).toBeGreaterThanOrEqual(quantity(limits.min[key]));
                expect(quantity(resources.limits[key])).toBeLessThanOrEqual(quantity(limits.max[key]));
            }
        }
    });
});

describe("local-path node paths", () => {
    it("accepts absolute, unique paths", () => {
        expect(nodePathsProblem(["/opt/local-path-provisioner", "/mnt/disk1"])).toBeUndefined();
    });

    it.each([
        [[], "args.nodePaths must name at least one directory"],
        [["/a", ""], "args.nodePaths[1] is empty"],
        [["data"], 'args.nodePaths[0] "data" is not an absolute path'],
        [["/a", "/b", "/a"], 'args.nodePaths[2] "/a" repeats args.nodePaths[0]'],
    ])("rejects %j", (paths, message) => {
        expect(nodePathsProblem(paths)).toBe(message);
    });
});
