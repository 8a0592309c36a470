export * from "./gpu-nodes";
export * from "./gpu-operator";
export * from "./gpu-operator-manifests";
export * from "./inference-service";
export * from "./model-loader";
export * from "./runtimes";
