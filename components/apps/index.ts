export * from "./wordpress";
export * from "./wordpress-manifests";
