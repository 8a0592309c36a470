import type { EnforcementLevel, PolicyResource, ResourceValidation, StackValidation } from "@pulumi/policy";
import { evaluatePolicies, PREVIEW_UNKNOWN, type Violation } from "../../policy/harness/evaluate";
import type { Profile } from "../../policy/harness/profile";
import type { PlatformResourcePolicy, PlatformStackPolicy } from "../../policy/lib/metadata";
import { fixture } from "../helpers/policy";

const META = {
    description: "A test rule.",
    severity: "medium" as const,
    tags: ["quotas" as const, "test"] as PlatformResourcePolicy["tags"],
    remediationSteps: "Fix it.",
};

function resourcePolicy(
    name: string,
    validateResource: ResourceValidation | ResourceValidation[],
    enforcementLevel?: EnforcementLevel,
): PlatformResourcePolicy {
    return { name, ...META, validateResource, ...(enforcementLevel ? { enforcementLevel } : {}) };
}

function stackPolicy(name: string, validateStack: StackValidation): PlatformStackPolicy {
    return { name, ...META, validateStack };
}

const a = fixture("kubernetes:core/v1:Namespace", "a", { metadata: { name: "a" } });
const b = fixture("kubernetes:core/v1:Namespace", "b", { metadata: { name: "b" } });

/** Reports every resource it sees by name. */
const namesEach = resourcePolicy("names-each", (args, report) => report(`saw ${args.name}`));

describe("resource policies", () => {
    it("run once per resource and attribute each violation to that resource, with the rule's metadata", async () => {
        expect(await evaluatePolicies([namesEach], [a, b], { all: "mandatory" })).toEqual([
            {
                policy: "names-each",
                description: "A test rule.",
                severity: "medium",
                topic: "quotas",
                remediation: "Fix it.",
                enforcement: "mandatory",
                urn: a.urn,
                message: "saw a",
            },
            expect.objectContaining({ urn: b.urn, message: "saw b" }),
        ]);
    });

    it("run every validation of a list", async () => {
        const two = resourcePolicy("two", [(_, report) => report("first"), (_, report) => report("second")]);
        const found = await evaluatePolicies([two], [a], { all: "mandatory" });
        expect(found.map((v) => v.message)).toEqual(["first", "second"]);
    });

    it("see props, name, type and options as the engine passes them", async () => {
        const seen: unknown[] = [];
        const spy = resourcePolicy("spy", (args) => {
            seen.push([args.type, args.name, args.urn, args.props.metadata.name, args.opts.protect]);
        });
        const protectedNs = fixture(
            "kubernetes:core/v1:Namespace",
            "p",
            { metadata: { name: "p" } },
            { protect: true },
        );
        await evaluatePolicies([spy], [protectedNs], {});
        expect(seen).toEqual([["kubernetes:core/v1:Namespace", "p", protectedNs.urn, "p", true]]);
    });
});

describe("stack policies", () => {
    it("run once over all resources; a violation without a urn belongs to the stack", async () => {
        const count = stackPolicy("count", (args, report) => report(`${args.resources.length} resources`));
        expect(await evaluatePolicies([count], [a, b], { all: "mandatory" })).toEqual([
            expect.objectContaining({ policy: "count", urn: "", message: "2 resources" }),
        ]);
    });

    it("attribute a violation reported with a urn to that resource", async () => {
        const second = stackPolicy("second", (args, report) => report("this one", args.resources[1].urn));
        const [violation] = await evaluatePolicies([second], [a, b], { all: "mandatory" });
        expect(violation.urn).toBe(b.urn);
    });

    it("resolve parent, dependency and property-dependency links to the resources themselves", async () => {
        const parent = fixture("platform:tenancy:GovernedNamespace", "t", {});
        const ns = { ...fixture("kubernetes:core/v1:Namespace", "t", {}), parent: parent.urn };
        const quota = {
            ...fixture("kubernetes:core/v1:ResourceQuota", "t-quota", {}),
            parent: parent.urn,
            dependencies: [ns.urn, "urn:pulumi:test::platform::not:declared::x"],
            propertyDependencies: { metadata: [ns.urn] },
        };
        let resources: PolicyResource[] = [];
        const links = stackPolicy("links", (args) => {
            resources = args.resources;
        });
        await evaluatePolicies([links], [parent, ns, quota], {});
        const [p, n, q] = resources;
        expect(q.parent).toBe(p);
        expect(n.parent).toBe(p);
        expect(p.parent).toBeUndefined();
        expect(q.dependencies).toEqual([n]);
        expect(q.propertyDependencies).toEqual({ metadata: [n] });
        expect(q.opts.parent).toBe(parent.urn);
    });

    it("match resource classes by type token through isType and asType", async () => {
        const k8s = await import("@pulumi/kubernetes");
        const found: unknown[] = [];
        const typed = stackPolicy("typed", (args) => {
            for (const r of args.resources) {
                found.push([r.isType(k8s.core.v1.Namespace), r.asType(k8s.core.v1.Namespace)?.metadata?.name]);
            }
        });
        const quota = fixture("kubernetes:core/v1:ResourceQuota", "q", { metadata: { name: "q" } });
        await evaluatePolicies([typed], [a, quota], {});
        expect(found).toEqual([
            [true, "a"],
            [false, undefined],
        ]);
    });
});

describe("enforcement", () => {
    const levels = async (policy: PlatformResourcePolicy, profile: Profile, packLevel?: EnforcementLevel) =>
        (await evaluatePolicies([policy], [a], profile, packLevel)).map((v: Violation) => v.enforcement);

    it("takes the policy's profile entry over `all`", async () => {
        expect(await levels(namesEach, { all: "mandatory", "names-each": "advisory" })).toEqual(["advisory"]);
        expect(await levels(namesEach, { all: "advisory", "names-each": { enforcementLevel: "mandatory" } })).toEqual([
            "mandatory",
        ]);
    });

    it("takes `all` over the policy's own level", async () => {
        const ownAdvisory = resourcePolicy("own", (_, report) => report("x"), "advisory");
        expect(await levels(ownAdvisory, { all: "mandatory" })).toEqual(["mandatory"]);
        expect(await levels(ownAdvisory, { all: { enforcementLevel: "mandatory" } })).toEqual(["mandatory"]);
    });

    it("falls back to `all` when the entry only carries config", async () => {
        expect(await levels(namesEach, { all: "mandatory", "names-each": { limit: 1 } })).toEqual(["mandatory"]);
    });

    it("takes the policy's own level over the pack's", async () => {
        const ownMandatory = resourcePolicy("own", (_, report) => report("x"), "mandatory");
        expect(await levels(ownMandatory, {}, "advisory")).toEqual(["mandatory"]);
    });

    it("falls back to the pack level, advisory unless given", async () => {
        expect(await levels(namesEach, {})).toEqual(["advisory"]);
        expect(await levels(namesEach, {}, "mandatory")).toEqual(["mandatory"]);
    });

    it("skips a disabled policy without running it, whichever level disables it", async () => {
        const validate = jest.fn();
        const watched = resourcePolicy("watched", validate, "disabled");
        expect(await evaluatePolicies([watched], [a], {})).toEqual([]);
        expect(await evaluatePolicies([watched], [a], { all: "mandatory", watched: "disabled" })).toEqual([]);
        expect(await evaluatePolicies([namesEach], [a], { all: "disabled" })).toEqual([]);
        expect(validate).not.toHaveBeenCalled();
    });

    it("reports a remediate policy's violations as mandatory", async () => {
        expect(await levels(namesEach, { "names-each": "remediate" })).toEqual(["mandatory"]);
    });
});

describe("policy config", () => {
    it("hands the profile entry's properties to getConfig without enforcementLevel", async () => {
        const configs: object[] = [];
        const reader = resourcePolicy("reader", (args) => {
            configs.push(args.getConfig());
        });
        const reads = stackPolicy("reads", (args) => {
            configs.push(args.getConfig());
        });
        await evaluatePolicies([reader, reads], [a], {
            all: "mandatory",
            reader: { enforcementLevel: "advisory", allowedClasses: ["a"], limit: 2 },
            reads: { minReplicas: 3 },
        });
        expect(configs).toEqual([{ allowedClasses: ["a"], limit: 2 }, { minReplicas: 3 }]);
    });

    it("hands an empty config when the entry is a bare level or absent", async () => {
        const configs: object[] = [];
        const reader = resourcePolicy("reader", (args) => {
            configs.push(args.getConfig());
        });
        await evaluatePolicies([reader], [a], { reader: "mandatory" });
        await evaluatePolicies([reader], [a], {});
        expect(configs).toEqual([{}, {}]);
    });
});

describe("preview-unknown values", () => {
    const replicas = fixture("kubernetes:apps/v1:Deployment", "web", {
        metadata: { name: "web" },
        spec: { replicas: PREVIEW_UNKNOWN },
    });

    it("turn a read of one into a single advisory 'can't run policy during preview' violation", async () => {
        const reads = resourcePolicy("reads", (args, report) => {
            if (args.props.spec.replicas < 2) {
                report("too few replicas");
            }
        });
        expect(await evaluatePolicies([reads], [replicas], { all: "mandatory" })).toEqual([
            expect.objectContaining({
                policy: "reads",
                enforcement: "advisory",
                urn: replicas.urn,
                message:
                    "can't run policy during preview: string value at .spec.replicas can't be known during preview",
            }),
        ]);
    });

    it("do not affect a policy that never reads them", async () => {
        const other = resourcePolicy("other", (args, report) => {
            if (args.props.metadata.name !== "web") {
                report("unexpected name");
            }
        });
        expect(await evaluatePolicies([other], [replicas], { all: "mandatory" })).toEqual([]);
    });

    it("turn a stack policy's read into an advisory violation of the stack", async () => {
        const reads = stackPolicy("reads", (args) => {
            args.resources.forEach((r) => r.props.spec?.replicas);
        });
        expect(await evaluatePolicies([reads], [a, replicas], { all: "mandatory" })).toEqual([
            expect.objectContaining({ enforcement: "advisory", urn: "", message: expect.stringMatching(/^can't run/) }),
        ]);
    });
});

describe("policies that bail out", () => {
    it("swallow notApplicable and go on with the next resource", async () => {
        const skipsA = resourcePolicy("skips-a", (args, report) => {
            if (args.name === "a") {
                args.notApplicable("not for a");
            }
            report(`checked ${args.name}`);
        });
        const found = await evaluatePolicies([skipsA], [a, b], { all: "mandatory" });
        expect(found.map((v) => v.message)).toEqual(["checked b"]);
    });

    it("surface any other exception as an error naming the policy and the resource", async () => {
        const broken = resourcePolicy("broken", () => {
            throw new TypeError("cannot read properties of undefined");
        });
        await expect(evaluatePolicies([broken], [a], {})).rejects.toThrow(
            `policy broken failed on ${a.urn}: cannot read properties of undefined`,
        );
    });

    it("keep the original exception as the cause", async () => {
        const original = new RangeError("boom");
        const broken = stackPolicy("broken-stack", () => {
            throw original;
        });
        const error = await evaluatePolicies([broken], [a], {}).catch((e: Error) => e);
        expect(error).toEqual(new Error("policy broken-stack failed on : boom"));
        expect((error as Error).cause).toBe(original);
    });

    it("wait for asynchronous validations", async () => {
        const later = resourcePolicy("later", async (args, report) => {
            await new Promise((resolve) => setImmediate(resolve));
            report(`late ${args.name}`);
        });
        const found = await evaluatePolicies([later], [a], {});
        expect(found.map((v) => v.message)).toEqual(["late a"]);
    });
});
