import { evaluatePolicies, type HarnessResource, type Violation } from "../../policy/harness/evaluate";
import type { PlatformPolicy } from "../../policy/lib/metadata";

/** A resource fixture as the engine would hand it to a policy; the urn is derived from type and name. */
export function fixture(
    type: string,
    name: string,
    props: Record<string, unknown>,
    options: Partial<HarnessResource["options"]> = {},
): HarnessResource {
    return {
        urn: `urn:pulumi:test::platform::${type}::${name}`,
        type,
        name,
        dependencies: [],
        propertyDependencies: {},
        props,
        options: { protect: false, ignoreChanges: [], ...options },
    };
}

/** Runs one policy, mandatory, with optional config; returns its violations. */
export function runPolicy(
    policy: PlatformPolicy,
    resources: readonly HarnessResource[],
    config: Record<string, unknown> = {},
): Promise<Violation[]> {
    return evaluatePolicies([policy], resources, { [policy.name]: { enforcementLevel: "mandatory", ...config } });
}

/** Just the messages, for exact assertions. */
export async function messages(
    policy: PlatformPolicy,
    resources: readonly HarnessResource[],
    config: Record<string, unknown> = {},
): Promise<string[]> {
    return (await runPolicy(policy, resources, config)).map((v) => v.message);
}

/** A deep copy with one change applied: each failing fixture starts from the compliant one. */
export function mutate<T>(value: T, change: (copy: T) => void): T {
    // Not structuredClone: under jest it returns objects of another realm, which @pulumi/policy's
    // unknownCheckingProxy (an `instanceof Object` check) leaves unwrapped, so PREVIEW_UNKNOWN would never throw.
    const copy = JSON.parse(JSON.stringify(value)) as T;
    change(copy);
    return copy;
}

/** The resources with the one named `name` replaced by a changed copy: one field per failing case. */
export function change(
    resources: readonly HarnessResource[],
    name: string,
    apply: (props: Record<string, any>) => void,
): HarnessResource[] {
    return resources.map((r) => (r.name === name ? { ...r, props: mutate(r.props as Record<string, any>, apply) } : r));
}
