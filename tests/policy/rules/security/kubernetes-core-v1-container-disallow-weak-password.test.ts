import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ContainerDisallowWeakPassword as policy } from "../../../../policy/rules/security/kubernetes-core-v1-container-disallow-weak-password";
import { messages } from "../../../helpers/policy";
import { cannotRun, changeApp, changeInit, hardenedDeployment, hardenedWorkload } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

type Env = { name: string; value?: unknown; valueFrom?: unknown };

const withEnv = (...env: Env[]) =>
    changeApp(hardenedDeployment(), (c) => {
        c.env.push(...env);
    });

/** Seed 001's MySQL StatefulSet: the root account starts with no password. */
const seedMysql = (value: string) =>
    changeApp(hardenedWorkload(K8sType.statefulSet, "mysql", "default"), (c) => {
        c.name = "mysql";
        c.image = "mysql:5.7";
        c.env = [{ name: "MYSQL_ALLOW_EMPTY_PASSWORD", value }];
    });

describe("kubernetes-core-v1-container-disallow-weak-password", () => {
    it("passes a hardened Deployment whose password comes from a Secret", async () => {
        expect(await messages(policy, [hardenedDeployment()])).toEqual([]);
    });

    it.each(["1", "yes"])("flags the seed's MYSQL_ALLOW_EMPTY_PASSWORD=%s", async (value) => {
        expect(await messages(policy, [seedMysql(value)])).toEqual([
            `container "mysql" sets MYSQL_ALLOW_EMPTY_PASSWORD="${value}", which allows an empty database password`,
        ]);
    });

    it("flags MYSQL_ALLOW_EMPTY_PASSWORD=no, which the image also reads as yes", async () => {
        expect(await messages(policy, [seedMysql("no")])).toEqual([
            'container "mysql" sets MYSQL_ALLOW_EMPTY_PASSWORD="no", which allows an empty database password',
        ]);
    });

    it("passes an allow-empty variable set to the empty string, which the image reads as unset", async () => {
        expect(await messages(policy, [seedMysql("")])).toEqual([]);
    });

    it("flags MARIADB_ALLOW_EMPTY_ROOT_PASSWORD in an init container", async () => {
        const deployment = changeInit(hardenedDeployment(), (c) => {
            c.env.push({ name: "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", value: "true" });
        });
        expect(await messages(policy, [deployment])).toEqual([
            'init container "migrate" sets MARIADB_ALLOW_EMPTY_ROOT_PASSWORD="true", which allows an empty database password',
        ]);
    });

    it("flags Bitnami's ALLOW_EMPTY_PASSWORD", async () => {
        expect(await messages(policy, [withEnv({ name: "ALLOW_EMPTY_PASSWORD", value: "yes" })])).toEqual([
            'container "app" sets ALLOW_EMPTY_PASSWORD="yes", which allows an empty database password',
        ]);
    });

    it("flags the seed's empty WORDPRESS_DB_PASSWORD", async () => {
        expect(await messages(policy, [withEnv({ name: "WORDPRESS_DB_PASSWORD", value: "" })])).toEqual([
            'container "app" sets WORDPRESS_DB_PASSWORD to an empty value',
        ]);
    });

    it("flags a password variable declared without a value", async () => {
        expect(await messages(policy, [withEnv({ name: "REDIS_PASSWORD" })])).toEqual([
            'container "app" sets REDIS_PASSWORD to an empty value',
        ]);
    });

    it.each(["admin", "prom-operator", "ChangeMe", "mysql"])("flags the well-known password %s", async (value) => {
        expect(await messages(policy, [withEnv({ name: "GF_SECURITY_ADMIN_PASSWORD", value })])).toEqual([
            'container "app" sets GF_SECURITY_ADMIN_PASSWORD to a well-known password',
        ]);
    });

    it("flags a well-known value under a SECRET name", async () => {
        expect(await messages(policy, [withEnv({ name: "JWT_SECRET", value: "secret" })])).toEqual([
            'container "app" sets JWT_SECRET to a well-known password',
        ]);
    });

    it("flags MYSQL_PWD and DB_PASS, named like passwords by one of their words", async () => {
        const short = withEnv({ name: "MYSQL_PWD", value: "root" }, { name: "DB_PASS", value: "" });
        expect(await messages(policy, [short])).toEqual([
            'container "app" sets MYSQL_PWD to a well-known password',
            'container "app" sets DB_PASS to an empty value',
        ]);
    });

    it("passes a password variable with a value that is not well-known", async () => {
        expect(await messages(policy, [withEnv({ name: "DB_PASSWORD", value: "kT9#q2LmZx" })])).toEqual([]);
    });

    it("passes a *_FILE variable, which names where the password is mounted", async () => {
        expect(await messages(policy, [withEnv({ name: "MYSQL_ROOT_PASSWORD_FILE", value: "" })])).toEqual([]);
    });

    it("uses the profile's list of well-known passwords", async () => {
        const deployment = withEnv({ name: "POSTGRES_PASSWORD", value: "password123" });
        expect(await messages(policy, [deployment])).toEqual([]);
        expect(await messages(policy, [deployment], { wellKnownPasswords: ["password123"] })).toEqual([
            'container "app" sets POSTGRES_PASSWORD to a well-known password',
        ]);
    });

    it("reports that it cannot run when a password variable's value is unknown at preview", async () => {
        expect(await messages(policy, [withEnv({ name: "DB_PASSWORD", value: PREVIEW_UNKNOWN })])).toEqual([
            cannotRun("spec.template.spec.containers.0.env.2.value"),
        ]);
    });
});
