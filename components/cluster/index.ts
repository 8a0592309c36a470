export * from "./inventory";
export * from "./priority-classes";
