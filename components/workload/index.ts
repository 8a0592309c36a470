export * from "./manifests";
export * from "./route";
export * from "./workload";
