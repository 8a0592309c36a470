export * from "./manifests";
export * from "./route";
export * from "./volumes";
export * from "./workload";
export * from "./workload-manifests";
