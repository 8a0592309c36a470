export * from "./errors";
export * from "./loader";
export * from "./schema";
