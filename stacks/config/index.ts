export * from "./capacity";
export * from "./errors";
export * from "./loader";
export * from "./schema";
