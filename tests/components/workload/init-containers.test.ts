import {
    initContainerProblems,
    initContainerSpec,
    writtenClaims,
    type InitContainerSpec,
} from "../../../components/workload/init-containers";
import { podSpec } from "../../../components/workload/manifests";
import { extraVolumes } from "../../../components/workload/volumes";
import { workloadPodTemplate, type WorkloadArgs } from "../../../components/workload/workload";
import { containerSecurityContext } from "../../../components/lib/security";

const LOADER: InitContainerSpec = {
    name: "model-loader",
    image: { registry: "docker.io", repository: "library/busybox", tag: "1.37.0" },
    command: ["/bin/sh", "-c"],
    args: ["cp -rn /seed/. /models/"],
    env: { MODEL: "densenet_onnx" },
    secretEnv: [{ name: "HF_TOKEN", secretName: "hf", key: "token" }],
    resources: { requests: { cpu: "200m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    volumeMounts: [{ claimName: "models", mountPath: "/models" }],
};
const SHARED = [
    { claimName: "cache", mountPath: "/cache" },
    { claimName: "models", mountPath: "/models", readOnly: true },
];

describe("an init container", () => {
    const container = initContainerSpec(LOADER, {
        image: "harbor.example.com/mirror/docker.io/library/busybox:1.37.0",
        sharedVolumes: SHARED,
        scratchPaths: ["/tmp"],
    });

    it("runs the resolved image with its command, env, resources and the restricted security context", () => {
        expect(container).toEqual({
            name: "model-loader",
            image: "harbor.example.com/mirror/docker.io/library/busybox:1.37.0",
            imagePullPolicy: "IfNotPresent",
            command: ["/bin/sh", "-c"],
            args: ["cp -rn /seed/. /models/"],
            env: [
                { name: "MODEL", value: "densenet_onnx" },
                { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
            ],
            resources: {
                requests: { cpu: "200m", memory: "256Mi", "ephemeral-storage": "128Mi" },
                limits: { memory: "512Mi", "ephemeral-storage": "1Gi" },
            },
            securityContext: containerSecurityContext(),
            volumeMounts: [
                { name: "scratch-0", mountPath: "/tmp" },
                { name: "shared-1", mountPath: "/models" },
            ],
        });
    });

    it("declares no probes and no ports", () => {
        for (const field of ["startupProbe", "readinessProbe", "livenessProbe", "ports"]) {
            expect(container).not.toHaveProperty(field);
        }
    });

    it("takes the main container's loosenings, so it writes files as the same user", () => {
        const loosened = initContainerSpec(
            { ...LOADER, volumeMounts: [] },
            { image: "x", sharedVolumes: [], scratchPaths: [], security: { runAsUser: 1000 } },
        );
        expect(loosened.securityContext).toEqual(containerSecurityContext({ runAsUser: 1000 }));
        expect(loosened).not.toHaveProperty("volumeMounts");
    });
});

describe("claims init containers write", () => {
    it("are listed once each", () => {
        expect(writtenClaims([LOADER, { ...LOADER, name: "second" }, { ...LOADER, volumeMounts: undefined }])).toEqual([
            "models",
        ]);
    });

    it("are not marked read-only on the volume, so the main container's mount alone is read-only", () => {
        expect(extraVolumes({ sharedVolumes: SHARED }, ["models"])).toEqual([
            { name: "shared-0", persistentVolumeClaim: { claimName: "cache" } },
            { name: "shared-1", persistentVolumeClaim: { claimName: "models" } },
        ]);
        expect(extraVolumes({ sharedVolumes: SHARED })[1]).toEqual({
            name: "shared-1",
            persistentVolumeClaim: { claimName: "models", readOnly: true },
        });
    });

    it("run before the main container in the pod spec, with the claim writable for them alone", () => {
        const spec = podSpec(
            { name: "triton" },
            {
                selector: {},
                replicated: false,
                scratchPaths: [],
                priorityClassName: "tenant-workload",
                initContainers: [{ name: "model-loader" }],
                sharedVolumes: SHARED,
                writtenClaims: ["models"],
            },
        );
        expect(spec.initContainers).toEqual([{ name: "model-loader" }]);
        expect(spec.volumes).toContainEqual({ name: "shared-1", persistentVolumeClaim: { claimName: "models" } });
        expect(
            podSpec({ name: "c" }, { selector: {}, replicated: false, scratchPaths: [], priorityClassName: "p" }),
        ).not.toHaveProperty("initContainers");
    });
});

describe("a Workload with a model loader", () => {
    const args: WorkloadArgs = {
        namespace: "inference",
        image: { registry: "nvcr.io", repository: "nvidia/tritonserver", tag: "25.01-py3" },
        registryMirror: "harbor.example.com/mirror",
        resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { memory: "8Gi" } },
        ports: [{ name: "http", port: 8000 }],
        health: { http: { path: "/v2/health/ready", port: "http" } },
        sharedVolumes: [{ claimName: "models", mountPath: "/models", readOnly: true }],
        initContainers: [LOADER],
    };

    it("pulls the loader through the mirror, mounts the claim writable there and read-only in the server", () => {
        const spec = workloadPodTemplate("triton", args).spec as any;
        expect(spec.initContainers).toHaveLength(1);
        expect(spec.initContainers[0].image).toBe("harbor.example.com/mirror/docker.io/library/busybox:1.37.0");
        expect(spec.initContainers[0].volumeMounts).toEqual([
            { name: "scratch-0", mountPath: "/tmp" },
            { name: "shared-0", mountPath: "/models" },
        ]);
        expect(spec.containers[0].volumeMounts).toContainEqual({
            name: "shared-0",
            mountPath: "/models",
            readOnly: true,
        });
        expect(spec.volumes).toContainEqual({ name: "shared-0", persistentVolumeClaim: { claimName: "models" } });
    });
});

describe("initContainerProblems", () => {
    it("accepts a loader mounting a shared claim", () => {
        expect(initContainerProblems([LOADER], "triton", SHARED, ["/tmp"])).toEqual([]);
    });

    it("rejects a missing name, the main container's name and a repeated name", () => {
        expect(
            initContainerProblems(
                [{ ...LOADER, name: "" }, { ...LOADER, name: "triton" }, LOADER, LOADER],
                "triton",
                SHARED,
                [],
            ),
        ).toEqual([
            "args.initContainers[0] has no name",
            'args.initContainers[1].name "triton" is already a container of the pod',
            'args.initContainers[3].name "model-loader" is already a container of the pod',
        ]);
    });

    it("rejects a claim that is not shared, a relative path and a path mounted twice", () => {
        expect(
            initContainerProblems(
                [
                    {
                        ...LOADER,
                        volumeMounts: [
                            { claimName: "weights", mountPath: "models" },
                            { claimName: "models", mountPath: "/tmp" },
                        ],
                    },
                ],
                undefined,
                SHARED,
                ["/tmp"],
            ),
        ).toEqual([
            'args.initContainers[0].volumeMounts[0].claimName "weights" is not one of args.sharedVolumes',
            'args.initContainers[0].volumeMounts[0].mountPath "models" is not absolute',
            'args.initContainers[0] mount paths must be unique, got "/tmp" twice',
        ]);
    });
});
