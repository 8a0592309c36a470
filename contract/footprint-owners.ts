// Who owns what the footprint counts: the area component a pod comes from, whether its namespace is the platform's
// or a tenant's, and what each tenant is promised by its ResourceQuotas.
import {
    add,
    memoryBytesOf,
    milliCpuOf,
    schedulableRequests,
    ZERO,
    type Amount,
    type FootprintEntry,
    type FootprintResource,
} from "./footprint-resources";
import { K8sType, PLATFORM_TYPE_PREFIX } from "./k8s-types";
import { field } from "./json";
import { append } from "./group";
import { byCodePoint } from "./order";

/** The tenancy area: its components (GovernedNamespace) make a namespace a tenant's when the stack creates them. */
const TENANCY_PREFIX = `${PLATFORM_TYPE_PREFIX}tenancy:`;

/** The area component a resource belongs to: the nearest ancestor typed `platform:<area>:<Type>`. */
export interface Component {
    readonly area: string;
    readonly type: string;
    readonly name: string;
    readonly urn: string;
}

/** `platform`: created inside an area component (a system namespace); `tenant`: created by the stack itself. */
export type NamespaceOwner = "platform" | "tenant";

export interface Ownership {
    /** The nearest platform component above a resource, or undefined when the stack created it directly. */
    component(urn: string): Component | undefined;
    /**
     * Whose a namespace is: its declared Namespace's, else (a namespace the program does not create) the resource
     * in it's own ancestry decides.
     */
    ownerOf(namespace: string, urn: string): NamespaceOwner;
}

function areaOf(type: string): string | undefined {
    if (!type.startsWith(PLATFORM_TYPE_PREFIX)) {
        return undefined;
    }
    const parts = type.split(":");
    return parts.length === 3 && parts[1] !== "" ? parts[1] : undefined;
}

export function ownership(resources: readonly FootprintResource[]): Ownership {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const ancestors = (urn: string): FootprintResource[] => {
        const chain: FootprintResource[] = [];
        const seen = new Set<string>();
        for (let p = byUrn.get(urn)?.parent; p !== undefined && !seen.has(p); p = byUrn.get(p)?.parent) {
            seen.add(p);
            const r = byUrn.get(p);
            if (r === undefined) {
                break;
            }
            chain.push(r);
        }
        return chain;
    };
    // A namespace is a tenant's unless an area component other than tenancy created it.
    const ownerByAncestry = (urn: string): NamespaceOwner =>
        ancestors(urn).some((a) => areaOf(a.type) !== undefined && !a.type.startsWith(TENANCY_PREFIX))
            ? "platform"
            : "tenant";
    const declared = new Map<string, NamespaceOwner>();
    for (const r of resources.filter((r) => r.type === K8sType.namespace).sort((a, b) => byCodePoint(a.urn, b.urn))) {
        const name = field(r.props.metadata, "name");
        if (typeof name === "string" && !declared.has(name)) {
            declared.set(name, ownerByAncestry(r.urn));
        }
    }
    return {
        component: (urn) => {
            const found = ancestors(urn).find((a) => areaOf(a.type) !== undefined);
            return found && { area: areaOf(found.type)!, type: found.type, name: found.name, urn: found.urn };
        },
        ownerOf: (namespace, urn) => declared.get(namespace) ?? ownerByAncestry(urn),
    };
}

/** One ResourceQuota's promised requests (the tighter of `requests.x` and bare `x`); undefined where it sets none. */
export interface QuotaBound {
    readonly namespace: string;
    readonly name: string;
    readonly urn: string;
    /** Scoped quotas (scopes or scopeSelector) only count some pods, so they promise nothing cluster-wide. */
    readonly scoped: boolean;
    readonly milliCpu?: number;
    readonly memoryBytes?: number;
}

function tightest(values: readonly (number | undefined)[]): number | undefined {
    const known = values.filter((v): v is number => v !== undefined);
    return known.length === 0 ? undefined : Math.min(...known);
}

export function quotaBounds(resources: readonly FootprintResource[]): QuotaBound[] {
    return resources
        .filter((r) => r.type === K8sType.resourceQuota)
        .map((r) => {
            const hard = field(r.props.spec, "hard");
            const name = field(r.props.metadata, "name");
            const namespace = field(r.props.metadata, "namespace");
            const scopes = field(r.props.spec, "scopes");
            return {
                namespace: typeof namespace === "string" && namespace !== "" ? namespace : "default",
                name: typeof name === "string" ? name : r.name,
                urn: r.urn,
                scoped:
                    (Array.isArray(scopes) && scopes.length > 0) || field(r.props.spec, "scopeSelector") !== undefined,
                milliCpu: tightest([milliCpuOf(field(hard, "requests.cpu")), milliCpuOf(field(hard, "cpu"))]),
                memoryBytes: tightest([
                    memoryBytesOf(field(hard, "requests.memory")),
                    memoryBytesOf(field(hard, "memory")),
                ]),
            };
        })
        .sort((a, b) => byCodePoint(a.namespace, b.namespace) || byCodePoint(a.name, b.name));
}

/** One thing that takes schedulable capacity: a tenant quota, a tenant's unquota'd workloads, or a platform area. */
export interface Commitment {
    /** `quota web/web-quota`, `workloads in web`, `platform network`. */
    readonly label: string;
    readonly value: number;
}

export type Compute = "cpu" | "memory";
const KEY: Readonly<Record<Compute, keyof Amount>> = { cpu: "milliCpu", memory: "memoryBytes" };

/** A platform namespace's area is its entries' area; the stack's own resources are `stack`. */
export const STACK_AREA = "stack";

/**
 * What the cluster is asked to hold, for one resource: the platform's own requests on schedulable nodes (per
 * area; its namespaces' quotas are budgets over these same pods, so they are not added), then per tenant namespace
 * its tightest unscoped quota, or its pods' requests where no quota bounds that resource.
 */
export function commitments(
    resources: readonly FootprintResource[],
    entries: readonly FootprintEntry[],
    resource: Compute,
): { platform: Commitment[]; tenants: Commitment[] } {
    const owners = ownership(resources);
    const key = KEY[resource];
    const areas = new Map<string, number>();
    const tenantPods = new Map<string, Amount>();
    for (const e of entries) {
        if (owners.ownerOf(e.namespace, e.urn) === "tenant") {
            tenantPods.set(e.namespace, add(tenantPods.get(e.namespace) ?? ZERO, schedulableRequests(e)));
            continue;
        }
        const area = owners.component(e.urn)?.area ?? STACK_AREA;
        areas.set(area, (areas.get(area) ?? 0) + schedulableRequests(e)[key]);
    }
    const quotas = quotaBounds(resources).filter((q) => !q.scoped && owners.ownerOf(q.namespace, q.urn) === "tenant");
    const namespaces = [...new Set([...quotas.map((q) => q.namespace), ...tenantPods.keys()])].sort(byCodePoint);
    // Each namespace's quotas, grouped once: filtering every quota per namespace is quadratic in the tenants.
    const quotasIn = new Map<string, QuotaBound[]>();
    for (const q of quotas.filter((q) => q[key] !== undefined)) {
        append(quotasIn, q.namespace, q);
    }
    const tenants = namespaces.flatMap((ns): Commitment[] => {
        const bound = [...(quotasIn.get(ns) ?? [])].sort((a, b) => a[key]! - b[key]! || byCodePoint(a.name, b.name))[0];
        if (bound !== undefined) {
            return [{ label: `quota ${ns}/${bound.name}`, value: bound[key]! }];
        }
        const pods = tenantPods.get(ns)?.[key] ?? 0;
        return pods > 0 ? [{ label: `workloads in ${ns}`, value: pods }] : [];
    });
    const platform = [...areas]
        .filter(([, value]) => value > 0)
        .sort(([a], [b]) => byCodePoint(a, b))
        .map(([area, value]) => ({ label: `platform ${area}`, value }));
    return { platform, tenants };
}
