export * from "./governed-namespace";
export * from "./manifests";
