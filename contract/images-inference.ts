import type { ImagePin } from "./pins";

/**
 * Images the inference area runs itself (the GPU Operator's come with its chart pin).
 * - tritonserver 26.10-py3 (`nvcr.io/nvidia/tritonserver`): the newest monthly release in NVIDIA's release notes
 *   found late 2026 (rel-26-10: CUDA 13.4, compute capability 7.5 and later, so the T4s of seed 003 qualify); the
 *   seed's 23.05 is three years behind and out of support.
 * - vllm-openai v0.30.0 (`docker.io/vllm/vllm-openai`): the newest vLLM release found in the stored references
 *   (2026-09-23).
 * - aws-cli 2.37.5 (`docker.io/amazon/aws-cli`): copies a model archive from an S3-compatible store inside the
 *   network; the newest 2.x tag found in the stored references.
 * - oras v1.3.4 (`ghcr.io/oras-project/oras`): pulls a model archive stored as an OCI artifact in the registry
 *   mirror; the newest release pinned (with its digest) in the stored references. Its image is Alpine with
 *   /bin/oras, so the loader's script runs under its /bin/sh.
 * The loader checks and unpacks archives with the busybox the platform already pins (IMAGES.busybox).
 */
export const INFERENCE_IMAGES = {
    triton: { registry: "nvcr.io", repository: "nvidia/tritonserver", tag: "26.10-py3" },
    vllm: { registry: "docker.io", repository: "vllm/vllm-openai", tag: "v0.30.0" },
    awsCli: { registry: "docker.io", repository: "amazon/aws-cli", tag: "2.37.5" },
    oras: { registry: "ghcr.io", repository: "oras-project/oras", tag: "v1.3.4" },
} as const satisfies Record<string, ImagePin>;
