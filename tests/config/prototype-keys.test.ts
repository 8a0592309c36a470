import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { configKey } from "../../stacks/config/errors";
import { checkStackConfig, configSections } from "../../stacks/config/loader";
import { NOT_PLAIN_MESSAGE, RESERVED_MESSAGE } from "../../stacks/config/plain";
import { offlineConfig, readStackFile } from "../../tools/render/stack-file";
import { toCliConfig } from "../helpers/stack-config";
import { problems, stackSections, withChange } from "./cases";

// `__proto__` assigned to an object replaces its prototype, so a key of that name must never reach one.

const TENANTS = [{ name: "smuggled" }];

describe("a reserved key as a config key", () => {
    it("does not smuggle sections past the unknown-key check through the stack file", () => {
        const { tenants, ...rest } = stackSections("stage");
        expect(tenants).toBeDefined();
        const config = Object.fromEntries(Object.entries(rest).map(([k, v]) => [`platform:${k}`, v]));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proto-"));
        const file = path.join(dir, "Pulumi.stage.yaml");
        fs.writeFileSync(file, stringify({ config: { ...config, "platform:__proto__": { tenants: TENANTS } } }));
        expect(() => offlineConfig(readStackFile(file), "stage")).toThrow(`platform:__proto__: ${RESERVED_MESSAGE}`);
        fs.rmSync(dir, { recursive: true });
    });

    it("gives configSections a prototype-less object that a __proto__ key cannot change", () => {
        const raw = configSections({ "platform:__proto__": JSON.stringify({ tenants: TENANTS }) });
        expect([Object.getPrototypeOf(raw), raw.tenants, Object.keys(raw)]).toEqual([null, undefined, ["__proto__"]]);
    });

    it.each(["__proto__", "constructor", "prototype"])("reports platform:%s by its key", (key) => {
        const all = {
            ...toCliConfig(stackSections("stage")),
            [`platform:${key}`]: JSON.stringify({ tenants: TENANTS }),
        };
        expect(checkStackConfig(all, [], "stage").issues).toEqual([{ path: [key], message: RESERVED_MESSAGE }]);
    });
});

describe("a reserved key inside a section", () => {
    /** A section value decoded from JSON, as the CLI hands it over: `__proto__` is then an own key. */
    const decoded = (json: string) => JSON.parse(json) as Record<string, unknown>;

    it.each([
        [
            ["tenants", 0, "__proto__"],
            (c: Record<string, any>) =>
                (c.tenants[0] = decoded('{"name":"web","__proto__":{"podSecurity":"privileged"}}')),
        ],
        [
            ["cluster", "nodes", 1, "constructor"],
            (c: Record<string, any>) => (c.cluster.nodes[1] = { ...c.cluster.nodes[1], constructor: {} }),
        ],
        [
            ["network", "flows", 0, "ports", "prototype"],
            (c: Record<string, any>) => (c.network.flows[0].ports = { prototype: [80] }),
        ],
        [
            ["tls", "acme", "__proto__"],
            (c: Record<string, any>) => (c.tls.acme = decoded('{"__proto__":{"email":"x@example.com"}}')),
        ],
    ])("reports %j", (at, change) => {
        expect(problems(withChange("stage", change))).toEqual([`${configKey(at)}: ${RESERVED_MESSAGE}`]);
    });

    it("reports an object whose prototype a __proto__ assignment replaced", () => {
        const smuggled = Object.assign({}, decoded('{"__proto__":{"privileged":true}}'));
        const raw = withChange("stage", (c) => (c.tenants[0].limits = smuggled));
        expect(problems(raw)).toEqual([`platform:tenants[0].limits: ${NOT_PLAIN_MESSAGE}`]);
    });
});
