export * from "./gpu";
export * from "./init-containers";
export * from "./manifests";
export * from "./probes";
export * from "./route";
export * from "./volumes";
export * from "./workload";
export * from "./workload-manifests";
