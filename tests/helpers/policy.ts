import { evaluatePolicies, type HarnessResource, type Violation } from "../../policy/harness/evaluate";
import type { PlatformPolicy } from "../../policy/lib/metadata";
import { chartsPolicies } from "../../policy/rules/charts";
import { INVENTORY } from "../../contract/inventory";
import { K8sType } from "../../contract/k8s-types";
import type { ChartPin } from "../../contract/pins";

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

/** The cluster inventory ConfigMap (contract/inventory) with this data, as the stack publishes it. */
export function inventoryConfigMap(data: Record<string, string>): HarnessResource {
    return fixture(INVENTORY.type, "platform-capacity", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: "platform-capacity",
            namespace: INVENTORY.namespace,
            labels: { [INVENTORY.label.key]: INVENTORY.label.value },
        },
        data,
    });
}

/**
 * The pack's chart rules, all mandatory, on one Chart v4 of `pin` with `values` beside the stack's two
 * PriorityClasses: `policy: message` lines, empty when the chart passes.
 */
export async function chartRuleFindings(pin: ChartPin, name: string, values: unknown): Promise<string[]> {
    const chart = fixture(K8sType.chartV4, name, {
        chart: pin.chart,
        version: pin.version,
        repositoryOpts: { repo: pin.repository },
        values,
    });
    const classes = ["platform-critical", "tenant-workload"].map((className) =>
        fixture(K8sType.priorityClass, className, { metadata: { name: className }, value: 1000 }),
    );
    const config = Object.fromEntries(chartsPolicies.map((p) => [p.name, { enforcementLevel: "mandatory" }]));
    const violations = await evaluatePolicies(chartsPolicies, [chart, ...classes], config as never);
    return violations.map((v) => `${v.policy}: ${v.message}`);
}
