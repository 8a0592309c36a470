export * from "./local-path";
export * from "./local-path-manifests";
export * from "./longhorn";
export * from "./longhorn-manifests";
export * from "./nfs";
export * from "./nfs-manifests";
export * from "./nfs-server";
export * from "./nfs-server-scripts";
