export * from "./manifests";
export * from "./route";
export * from "./workload";
export * from "./workload-manifests";
