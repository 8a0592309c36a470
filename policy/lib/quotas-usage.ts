import type { PolicyResource } from "@pulumi/policy";
import { formatBytes, formatCpu, parseQuantity } from "../../contract/quantity";
import { resourceList, type DeclaredQuantity, type EffectiveContainer } from "./quotas-limitrange";
import { metadataName, metadataNamespace, type Props } from "./resources";
import { K8sType } from "../../contract/k8s-types";
import { byCodePoint } from "../../contract/order";
import { append } from "../../contract/group";

/** Sums of per-resource numbers. */
export type Amounts = Map<string, number>;

function add(into: Amounts, resource: string, value: number): void {
    into.set(resource, (into.get(resource) ?? 0) + value);
}

/**
 * A pod's effective requests or limits, the Kubernetes way (PodRequests): the sum over app containers and
 * sidecars, or the largest init container (plus the sidecars started before it), whichever is larger; plus
 * the pod's declared overhead.
 */
export function podAmounts(
    containers: readonly EffectiveContainer[],
    pick: "requests" | "limits",
    overhead?: Props,
): Amounts {
    const total: Amounts = new Map();
    for (const c of containers.filter((c) => !c.init)) {
        c[pick].forEach((q, resource) => add(total, resource, q.value));
    }
    const sidecars: Amounts = new Map();
    const initPeak: Amounts = new Map();
    for (const c of containers.filter((c) => c.init)) {
        const running: Amounts = new Map(sidecars);
        if (c.sidecar) {
            c[pick].forEach((q, resource) => {
                add(total, resource, q.value);
                add(sidecars, resource, q.value);
            });
            sidecars.forEach((value, resource) => running.set(resource, value));
        } else {
            c[pick].forEach((q, resource) => add(running, resource, q.value));
        }
        running.forEach((value, resource) => initPeak.set(resource, Math.max(initPeak.get(resource) ?? 0, value)));
    }
    initPeak.forEach((value, resource) => total.set(resource, Math.max(total.get(resource) ?? 0, value)));
    resourceList(overhead).forEach((q, resource) => add(total, resource, q.value));
    return total;
}

/** Scales per-pod amounts by a pod count. */
export function times(amounts: Amounts, pods: number): Amounts {
    return new Map([...amounts].map(([resource, value]) => [resource, value * pods]));
}

/** Compares sums with a tolerance, so 0.1 + 0.2 cores never exceeds 0.3. */
export function exceeds(value: number, bound: number): boolean {
    return value - bound > 1e-9 * Math.max(1, Math.abs(bound));
}

/** The resource a quota key counts: `cpu` for `requests.cpu`, `storage` for `<class>...storage.k8s.io/requests.storage`. */
function baseResource(key: string): string {
    const tail = key.includes(".storageclass.storage.k8s.io/") ? key.slice(key.lastIndexOf("/") + 1) : key;
    return tail.replace(/^(requests|limits)\./, "");
}

function isBytes(resource: string): boolean {
    return ["memory", "storage", "ephemeral-storage"].includes(resource) || resource.startsWith("hugepages-");
}

/** Bytes the way `kubectl` shows them: a binary suffix when exact, else a decimal one, else plain. */
export function formatMemory(bytes: number): string {
    const binary = formatBytes(Math.round(bytes));
    if (!/^\d+$/.test(binary)) {
        return binary;
    }
    for (const [suffix, unit] of [
        ["E", 1e18],
        ["P", 1e15],
        ["T", 1e12],
        ["G", 1e9],
        ["M", 1e6],
        ["k", 1e3],
    ] as const) {
        if (bytes >= unit && Math.round(bytes) % unit === 0) {
            return `${Math.round(bytes) / unit}${suffix}`;
        }
    }
    return binary;
}

/** A quota key's amount as the API server prints it: bytes with suffixes, everything else like cpu. */
export function formatAmount(key: string, value: number): string {
    return isBytes(baseResource(key)) ? formatMemory(value) : formatCpu(value);
}

/** `key=value` pairs sorted by key and joined by commas, as the quota admission plugin prints lists. */
export function prettyPrint(entries: ReadonlyMap<string, string>): string {
    return [...entries]
        .sort(([a], [b]) => byCodePoint(a, b))
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
}

/** A ResourceQuota's hard limits; scoped quotas (scopes or scopeSelector) only count some pods. */
export interface Quota {
    readonly name: string;
    readonly urn: string;
    readonly namespace: string;
    readonly hard: ReadonlyMap<string, DeclaredQuantity>;
    readonly scoped: boolean;
}

/** Every ResourceQuota per namespace, in name order. */
export function quotasByNamespace(resources: readonly PolicyResource[]): Map<string, Quota[]> {
    const byNamespace = new Map<string, Quota[]>();
    const quotas = resources
        .filter((r) => r.type === K8sType.resourceQuota)
        .map((r) => ({
            name: metadataName(r.props) ?? r.name,
            urn: r.urn,
            namespace: metadataNamespace(r.props),
            hard: resourceList(r.props.spec?.hard),
            scoped: (r.props.spec?.scopes ?? []).length > 0 || r.props.spec?.scopeSelector !== undefined,
        }))
        .sort((a, b) => byCodePoint(a.name, b.name));
    for (const quota of quotas) {
        append(byNamespace, quota.namespace, quota);
    }
    return byNamespace;
}

/** The quota keys the pod evaluator fails a pod for when a container does not declare them. */
const MUST_SPECIFY: Readonly<Record<string, { pick: "requests" | "limits"; resource: string }>> = {
    cpu: { pick: "requests", resource: "cpu" },
    memory: { pick: "requests", resource: "memory" },
    "requests.cpu": { pick: "requests", resource: "cpu" },
    "requests.memory": { pick: "requests", resource: "memory" },
    "limits.cpu": { pick: "limits", resource: "cpu" },
    "limits.memory": { pick: "limits", resource: "memory" },
};

/**
 * The pod evaluator's constraint check: a quota on cpu or memory requires every container to declare it.
 * Returns the API server's `must specify limits.cpu for: app,setup; ...` text, or undefined when satisfied.
 */
export function missingForQuota(quota: Quota, containers: readonly EffectiveContainer[]): string | undefined {
    const missing = [...quota.hard.keys()]
        .filter((key) => key in MUST_SPECIFY)
        .sort(byCodePoint)
        .flatMap((key) => {
            const { pick, resource } = MUST_SPECIFY[key];
            const names = containers.filter((c) => !c[pick].has(resource)).map((c) => c.name);
            return names.length === 0 ? [] : [`${key} for: ${[...new Set(names)].sort(byCodePoint).join(",")}`];
        });
    return missing.length === 0 ? undefined : `must specify ${missing.join("; ")}`;
}

/** What one pod counts against each compute key of a quota (`pods`, `requests.*`, `limits.*`, bare cpu/memory). */
export function podUsage(requests: Amounts, limits: Amounts): (key: string) => number | undefined {
    return (key) => {
        if (key === "pods" || key === "count/pods") {
            return 1;
        }
        if (key === "cpu" || key === "memory" || key === "ephemeral-storage") {
            return requests.get(key) ?? 0;
        }
        if (key === "requests.storage") {
            return undefined;
        }
        if (key.startsWith("requests.")) {
            return requests.get(key.slice("requests.".length)) ?? 0;
        }
        if (key.startsWith("limits.")) {
            return limits.get(key.slice("limits.".length)) ?? 0;
        }
        return undefined;
    };
}

/**
 * The running `used` of one quota as admission fills it: `admit` returns the keys a request would push over
 * `hard` (nothing is added then, as a rejected pod adds nothing), or adds the request and returns [].
 */
export class QuotaLedger {
    private readonly used: Amounts = new Map();

    constructor(readonly quota: Quota) {}

    /** Keys of this quota a request would exceed. */
    exceeded(requested: Amounts): string[] {
        return [...requested]
            .filter(([key, value]) => {
                const hard = this.quota.hard.get(key);
                return hard !== undefined && exceeds((this.used.get(key) ?? 0) + value, hard.value);
            })
            .map(([key]) => key);
    }

    add(requested: Amounts): void {
        requested.forEach((value, key) => {
            if (this.quota.hard.has(key)) {
                add(this.used, key, value);
            }
        });
    }

    /** `exceeded quota: dev-quota, requested: requests.cpu=2, used: requests.cpu=2200m, limited: requests.cpu=4` */
    message(requested: Amounts, keys: readonly string[]): string {
        const pick = (value: (key: string) => string) => prettyPrint(new Map(keys.map((k) => [k, value(k)])));
        return (
            `exceeded quota: ${this.quota.name}, ` +
            `requested: ${pick((k) => formatAmount(k, requested.get(k) ?? 0))}, ` +
            `used: ${pick((k) => formatAmount(k, this.used.get(k) ?? 0))}, ` +
            `limited: ${pick((k) => this.quota.hard.get(k)?.text ?? "")}`
        );
    }
}

/** Parses a quantity and returns 0 when absent or invalid, for sums. */
export function amountOf(raw: unknown): number {
    return typeof raw === "string" || typeof raw === "number" ? (parseQuantity(raw) ?? 0) : 0;
}
