import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluatePolicies } from "../../policy/harness/evaluate";
import { loadProfile, profileProblems, resolvePolicy, type Profile } from "../../policy/harness/profile";
import type { PlatformStackPolicy } from "../../policy/lib/metadata";
import { policies } from "../../policy/pack";
import { ROOT } from "../../tools/render/render";
import { governedNamespace } from "../helpers/k8s-fixtures";
import { K8sType } from "../../contract/k8s-types";

const LEVELS = "advisory, mandatory, remediate, disabled";

/** A pack of one policy with an array, an integer and a boolean config property. */
const configurable: PlatformStackPolicy = {
    name: "platform-enforce-test",
    description: "A test rule.",
    severity: "low",
    tags: ["availability"],
    remediationSteps: "None.",
    configSchema: {
        properties: {
            allowedClasses: { type: "array", items: { type: "string" }, default: [] },
            minReplicas: { type: "integer", default: 2 },
            strict: { type: "boolean", default: false },
        },
    },
    validateStack: () => undefined,
};
const pack = [configurable];

function profileFile(name: string): string {
    return path.join(ROOT, "policy", "profiles", `${name}.json`);
}

describe("profileProblems", () => {
    it("accepts levels, `all` and config properties of the declared types", () => {
        const profile: Profile = {
            all: "mandatory",
            "platform-enforce-test": { enforcementLevel: "advisory", allowedClasses: ["x"], minReplicas: 3 },
        };
        expect(profileProblems(profile, pack)).toEqual([]);
    });

    it("names a policy the pack does not have", () => {
        expect(profileProblems({ "platform-enforce-typo": "advisory" }, pack)).toEqual([
            "platform-enforce-typo: no such policy in the pack",
        ]);
    });

    it("names a level that is not one of the engine's, written bare or in an object", () => {
        expect(profileProblems({ all: "strict" as never }, pack)).toEqual([
            `all.enforcementLevel: "strict" is not one of ${LEVELS}`,
        ]);
        expect(profileProblems({ "platform-enforce-test": { enforcementLevel: "warn" } }, pack)).toEqual([
            `platform-enforce-test.enforcementLevel: "warn" is not one of ${LEVELS}`,
        ]);
    });

    it("names a config key the policy does not declare, `all` included", () => {
        expect(profileProblems({ "platform-enforce-test": { minReplica: 3 }, all: { minReplicas: 3 } }, pack)).toEqual([
            "platform-enforce-test.minReplica: not a config property of this policy",
            "all.minReplicas: not a config property of this policy",
        ]);
    });

    it("names a config value of the wrong type", () => {
        const profile: Profile = {
            "platform-enforce-test": { allowedClasses: "longhorn", minReplicas: 2.5, strict: "yes" },
        };
        expect(profileProblems(profile, pack)).toEqual([
            'platform-enforce-test.allowedClasses: expected array, got "longhorn"',
            "platform-enforce-test.minReplicas: expected integer, got 2.5",
            'platform-enforce-test.strict: expected boolean, got "yes"',
        ]);
    });

    it("lists every problem of a profile at once", () => {
        const profile = {
            all: "loud",
            nope: "advisory",
            "platform-enforce-test": { minReplicas: "3" },
        } as unknown as Profile;
        expect(profileProblems(profile, pack)).toHaveLength(3);
    });
});

describe("resolvePolicy", () => {
    it("strips enforcementLevel from the config it hands the policy", () => {
        const profile: Profile = { "platform-enforce-test": { enforcementLevel: "mandatory", minReplicas: 3 } };
        expect(resolvePolicy(profile, configurable, "advisory")).toEqual({
            enforcement: "mandatory",
            config: { minReplicas: 3 },
        });
    });
});

describe("loadProfile", () => {
    let dir: string;

    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "profile-"));
    });

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    function write(name: string, profile: unknown): string {
        const file = path.join(dir, name);
        fs.writeFileSync(file, JSON.stringify(profile));
        return file;
    }

    it("returns a valid profile as written", () => {
        const file = write("ok.json", { all: "advisory", "platform-enforce-test": { strict: true } });
        expect(loadProfile(file, pack)).toEqual({ all: "advisory", "platform-enforce-test": { strict: true } });
    });

    it("throws one error naming the file and listing every problem", () => {
        const file = write("bad.json", { all: "loud", nope: "advisory" });
        expect(() => loadProfile(file, pack)).toThrow(
            `invalid policy profile ${file}:\n  all.enforcementLevel: "loud" is not one of ${LEVELS}\n  nope: no such policy in the pack`,
        );
    });

    it.each(["stage", "prod"])("accepts the real %s profile against the real pack", (stack) => {
        expect(() => loadProfile(profileFile(stack), policies)).not.toThrow();
    });
});

describe("a namespace without a ResourceQuota under the real profiles and pack", () => {
    const QUOTA_POLICY = "kubernetes-core-v1-namespace-missing-resourcequota";
    // A Namespace with its LimitRange and default deny, but no ResourceQuota.
    const resources = governedNamespace("team-x").filter((r) => r.type !== K8sType.resourceQuota);
    const nsUrn = resources.find((r) => r.type === K8sType.namespace)!.urn;

    it("is a mandatory violation naming the namespace under prod", async () => {
        const violations = await evaluatePolicies(policies, resources, loadProfile(profileFile("prod"), policies));
        expect(violations.filter((v) => v.policy === QUOTA_POLICY)).toEqual([
            expect.objectContaining({
                enforcement: "mandatory",
                severity: "high",
                urn: nsUrn,
                message: 'namespace "team-x" has no ResourceQuota',
            }),
        ]);
    });

    it("is mandatory under stage too: quotas are not one of the lab's relaxations", async () => {
        const violations = await evaluatePolicies(policies, resources, loadProfile(profileFile("stage"), policies));
        expect(violations.filter((v) => v.policy === QUOTA_POLICY).map((v) => [v.enforcement, v.urn])).toEqual([
            ["mandatory", nsUrn],
        ]);
    });

    it("is not reported once the namespace has its ResourceQuota", async () => {
        const violations = await evaluatePolicies(
            policies,
            governedNamespace("team-x"),
            loadProfile(profileFile("prod"), policies),
        );
        expect(violations.filter((v) => v.policy === QUOTA_POLICY)).toEqual([]);
    });
});
