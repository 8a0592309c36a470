export * from "./local-path";
export * from "./local-path-manifests";
