export * from "./mariadb-operator";
export * from "./mariadb-operator-manifests";
export * from "./mariadb";
export * from "./mariadb-manifests";
export * from "./mariadb-backups";
export * from "./valkey";
export * from "./valkey-manifests";
export * from "./maxscale-manifests";
