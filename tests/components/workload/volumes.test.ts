import type { WorkloadArgs } from "../../../components/workload";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource } from "../../helpers/capture";

const BASE: WorkloadArgs = {
    namespace: "web",
    image: { registry: "docker.io", repository: "library/nginx", tag: "1.29.0" },
    resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    ports: [{ name: "http", port: 8080 }],
    health: { http: { path: "/", port: "http" } },
};

async function podOf(args: WorkloadArgs, type: string, name: string): Promise<any> {
    const { Workload } = await import("../../../components/workload");
    const { resources } = await capture(() => {
        new Workload("site", args);
    });
    return ((findResource(resources as CapturedResource[], type, name).inputs.spec as any).template as any).spec;
}

describe("a Workload's shared volumes and config mounts", () => {
    it("mounts an existing claim and a ConfigMap key into a Deployment's pods", async () => {
        const pod = await podOf(
            {
                ...BASE,
                autoscaling: { minReplicas: 2, maxReplicas: 4 },
                sharedVolumes: [{ claimName: "media", mountPath: "/srv/media" }],
                configMounts: [{ configMap: "site-config", key: "site.conf", mountPath: "/etc/site/site.conf" }],
            },
            "kubernetes:apps/v1:Deployment",
            "site-deployment",
        );
        expect(pod.volumes).toEqual([
            { name: "scratch-0", emptyDir: { sizeLimit: "256Mi" } },
            { name: "shared-0", persistentVolumeClaim: { claimName: "media" } },
            { name: "config-0", configMap: { name: "site-config", items: [{ key: "site.conf", path: "site.conf" }] } },
        ]);
        expect(pod.containers[0].volumeMounts).toEqual([
            { name: "scratch-0", mountPath: "/tmp" },
            { name: "shared-0", mountPath: "/srv/media" },
            { name: "config-0", mountPath: "/etc/site/site.conf", readOnly: true, subPath: "site.conf" },
        ]);
    });

    it("mounts a read-only claim and a whole ConfigMap into a StatefulSet beside its data claim", async () => {
        const pod = await podOf(
            {
                ...BASE,
                kind: "StatefulSet",
                scratchPaths: [],
                storage: { mountPath: "/data", size: "1Gi", storageClassName: "longhorn" },
                sharedVolumes: [{ claimName: "models", mountPath: "/models", readOnly: true }],
                configMounts: [{ configMap: "site-config", mountPath: "/etc/site" }],
            },
            "kubernetes:apps/v1:StatefulSet",
            "site-statefulset",
        );
        expect(pod.volumes).toEqual([
            { name: "shared-0", persistentVolumeClaim: { claimName: "models", readOnly: true } },
            { name: "config-0", configMap: { name: "site-config" } },
        ]);
        expect(pod.containers[0].volumeMounts).toEqual([
            { name: "data", mountPath: "/data" },
            { name: "shared-0", mountPath: "/models", readOnly: true },
            { name: "config-0", mountPath: "/etc/site", readOnly: true },
        ]);
    });

    it("adds no volumes when none are asked for", async () => {
        const pod = await podOf({ ...BASE, scratchPaths: [] }, "kubernetes:apps/v1:Deployment", "site-deployment");
        expect(pod.volumes).toBeUndefined();
        expect(pod.containers[0].volumeMounts).toBeUndefined();
    });
});

describe("workloadArgsProblems on mounts", () => {
    it("rejects an empty claim or ConfigMap name, a relative path and a path mounted twice", async () => {
        const { workloadArgsProblems } = await import("../../../components/workload");
        expect(
            workloadArgsProblems({
                ...BASE,
                sharedVolumes: [
                    { claimName: " ", mountPath: "uploads" },
                    { claimName: "media", mountPath: "/tmp" },
                ],
                configMounts: [{ configMap: "", mountPath: "/etc/site" }],
            }),
        ).toEqual([
            "args.sharedVolumes[0] names no claim",
            'args.sharedVolumes[0].mountPath "uploads" is not absolute',
            "args.configMounts[0] names no ConfigMap",
            'mount paths must be unique, got "/tmp" twice',
        ]);
    });

    it("counts the data path among the mounted ones", async () => {
        const { workloadArgsProblems } = await import("../../../components/workload");
        expect(
            workloadArgsProblems({
                ...BASE,
                kind: "StatefulSet",
                storage: { mountPath: "/data", size: "1Gi", storageClassName: "longhorn" },
                sharedVolumes: [
                    { claimName: "a", mountPath: "/data" },
                    { claimName: "b", mountPath: "/shared" },
                    { claimName: "c", mountPath: "/shared" },
                ],
            }),
        ).toEqual(['mount paths must be unique, got "/data", "/shared" twice']);
    });
});

describe("memory-backed volumes", () => {
    it("mount a tmpfs emptyDir with its size limit at the path, after the other mounts", async () => {
        const pod = await podOf(
            {
                ...BASE,
                resources: { requests: { cpu: "100m", memory: "4Gi" }, limits: { memory: "8Gi" } },
                sharedVolumes: [{ claimName: "models", mountPath: "/models", readOnly: true }],
                memoryVolumes: [{ path: "/dev/shm", sizeLimit: "2Gi" }],
            },
            "kubernetes:apps/v1:Deployment",
            "site-deployment",
        );
        expect(pod.volumes).toEqual([
            { name: "scratch-0", emptyDir: { sizeLimit: "256Mi" } },
            { name: "shared-0", persistentVolumeClaim: { claimName: "models", readOnly: true } },
            { name: "memory-0", emptyDir: { medium: "Memory", sizeLimit: "2Gi" } },
        ]);
        expect(pod.containers[0].volumeMounts).toEqual([
            { name: "scratch-0", mountPath: "/tmp" },
            { name: "shared-0", mountPath: "/models", readOnly: true },
            { name: "memory-0", mountPath: "/dev/shm" },
        ]);
    });

    it("must stay below the memory limit together and be valid quantities", async () => {
        const { memoryVolumeProblems } = await import("../../../components/workload");
        expect(memoryVolumeProblems([{ path: "/dev/shm", sizeLimit: "2Gi" }], "8Gi")).toEqual([]);
        expect(memoryVolumeProblems([], "8Gi")).toEqual([]);
        expect(
            memoryVolumeProblems(
                [
                    { path: "/dev/shm", sizeLimit: "6Gi" },
                    { path: "/cache", sizeLimit: "2Gi" },
                ],
                "8Gi",
            ),
        ).toEqual([
            "args.memoryVolumes sizeLimits add up to 8Gi, which reaches args.resources.limits.memory 8Gi: " +
                "memory-backed volumes count against the container's memory limit",
        ]);
        expect(
            memoryVolumeProblems(
                [
                    { path: "/dev/shm", sizeLimit: "two gigs" },
                    { path: "/cache", sizeLimit: "0" },
                ],
                "8Gi",
            ),
        ).toEqual([
            'args.memoryVolumes[0].sizeLimit "two gigs" is not a positive quantity',
            'args.memoryVolumes[1].sizeLimit "0" is not a positive quantity',
        ]);
    });

    it("are checked by workloadArgsProblems, their paths with the other mounts", async () => {
        const { workloadArgsProblems } = await import("../../../components/workload");
        expect(
            workloadArgsProblems({
                ...BASE,
                memoryVolumes: [
                    { path: "dev/shm", sizeLimit: "64Mi" },
                    { path: "/tmp", sizeLimit: "64Mi" },
                ],
            }),
        ).toEqual([
            'args.memoryVolumes[0].path "dev/shm" is not absolute',
            'mount paths must be unique, got "/tmp" twice',
            "args.memoryVolumes sizeLimits add up to 128Mi, which reaches args.resources.limits.memory 128Mi: " +
                "memory-backed volumes count against the container's memory limit",
        ]);
    });
});
