import type {
    EnforcementLevel,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
} from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import type { Resource } from "@pulumi/pulumi";
import type { ResolvedResource } from "@pulumi/pulumi/queryable";
import type { PlatformPolicy } from "../lib/metadata";
import { resolvePolicy, type Profile } from "./profile";
import { withYamlGroupChildren } from "./yaml-groups";

/** A resource as the engine hands it to a policy: inputs with secrets unwrapped and unknowns marked. */
export interface HarnessResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** Plain JSON props; use PREVIEW_UNKNOWN for a value unknown at preview. */
    readonly props: Readonly<Record<string, unknown>>;
    readonly options: {
        readonly protect: boolean;
        readonly ignoreChanges: readonly string[];
        readonly deleteBeforeReplace?: boolean;
    };
}

/** The engine's marker for a value unknown at preview; @pulumi/policy's proxy throws when a rule reads one. */
export const PREVIEW_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Violation {
    readonly policy: string;
    readonly description: string;
    readonly severity: string;
    readonly topic: string;
    readonly remediation: string;
    readonly enforcement: Exclude<EnforcementLevel, "disabled" | "remediate">;
    readonly urn: string;
    readonly message: string;
}

class NotApplicable extends Error {}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

function isTypeOf(type: string, resourceClass: unknown): boolean {
    return (resourceClass as { __pulumiType?: string }).__pulumiType === type;
}

function engineOptions(r: HarnessResource): PolicyResourceOptions {
    return {
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        protect: r.options.protect,
        ignoreChanges: [...r.options.ignoreChanges],
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        parent: r.parent,
    };
}

/** Builds the engine's PolicyResource graph: proxied props, parent and dependency links. */
function policyResources(resources: readonly HarnessResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const built = resources.map((r) => {
        const props = unknownCheckingProxy(r.props as Record<string, unknown>) as PolicyResource["props"];
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: engineOptions(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: <T extends Resource>(cls: abstract new (...rest: never[]) => T) =>
                isTypeOf(r.type, cls) ? (props as unknown as ResolvedResource<T>) : undefined,
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    const link = (urns: readonly string[]) => urns.flatMap((u) => byUrn.get(u) ?? []);
    resources.forEach((r, i) => {
        built[i].parent = r.parent ? byUrn.get(r.parent) : undefined;
        built[i].dependencies = link(r.dependencies);
        built[i].propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, v]) => [k, link(v)]),
        );
    });
    return built;
}

/**
 * Runs the pack's policies over captured resources as `pulumi preview --policy-pack` would: resource policies
 * once per resource, stack policies once over all of them, enforcement and config from the profile, unknown
 * values through @pulumi/policy's proxy (a read of one downgrades to an advisory "can't run" diagnostic).
 */
export async function evaluatePolicies(
    policies: readonly PlatformPolicy[],
    resources: readonly HarnessResource[],
    profile: Profile,
    packLevel: EnforcementLevel = "advisory",
): Promise<Violation[]> {
    const graph = policyResources(withYamlGroupChildren(resources));
    const violations: Violation[] = [];
    for (const policy of policies) {
        const { enforcement, config } = resolvePolicy(profile, policy, packLevel);
        if (enforcement === "disabled") {
            continue;
        }
        const level = enforcement === "remediate" ? "mandatory" : enforcement;
        const base = {
            policy: policy.name,
            description: policy.description,
            severity: policy.severity,
            topic: policy.tags[0],
            remediation: policy.remediationSteps,
        };
        const run = async (urn: string, validate: (report: (message: string, urn?: string) => void) => unknown) => {
            try {
                await validate((message, at) =>
                    violations.push({ ...base, enforcement: level, urn: at ?? urn, message }),
                );
            } catch (e) {
                if (e instanceof UnknownValueError) {
                    violations.push({
                        ...base,
                        enforcement: "advisory",
                        urn,
                        message: `can't run policy during preview: ${(e as Error).message}`,
                    });
                } else if (!(e instanceof NotApplicable)) {
                    throw new Error(`policy ${policy.name} failed on ${urn}: ${(e as Error).message}`, { cause: e });
                }
            }
        };
        const getConfig = <T extends object>() => config as T;
        if ("validateStack" in policy) {
            const args: StackValidationArgs = { resources: graph, stackTags: new Map(), getConfig, notApplicable };
            await run("", (report) => policy.validateStack(args, report));
            continue;
        }
        const validations = [policy.validateResource ?? []].flat();
        for (const r of graph) {
            const args: ResourceValidationArgs = {
                type: r.type,
                props: r.props,
                urn: r.urn,
                name: r.name,
                opts: r.opts,
                stackTags: new Map(),
                isType: r.isType,
                // Same check and same props as the stack-level resource: a typed view of the untyped props.
                asType: r.asType as ResourceValidationArgs["asType"],
                getConfig,
                notApplicable,
            };
            for (const validate of validations) {
                await run(r.urn, (report) => validate(args, report));
            }
        }
    }
    return violations;
}
