// The footprint report: the platform's own requests and limits per area and component (own pods, chart containers
// from their values, operator-managed pods), against the capacity the inventory declares per node role, plus the
// tenants' quotas and whether everything fits. Pure: from captured resources to footprint.json and footprint.md.
import {
    add,
    commitments,
    entryTotal,
    footprintEntries,
    inventoryResource,
    milliCpuOf,
    NODE_ROLES,
    nodeCapacities,
    ownership,
    quotaBounds,
    roleCapacity,
    roleRequests,
    STACK_AREA,
    sum,
    ZERO,
    type Amount,
    DEFAULT_PINS,
    type ChartCount,
    type Commitment,
    type Compute,
    type FootprintEntry,
    type FootprintResource,
    type NodeRole,
    type Resources,
} from "../../contract/footprint";
import { readInventoryData } from "../../contract/inventory";
import type { ChartPin } from "../../contract/versions";
import type { CapturedResource } from "../runtime/capture";
import { stableJson } from "./artifacts";
import { reportMarkdown } from "./footprint-markdown";
import { unwrapSecrets } from "./redact";
import { byCodePoint } from "../../contract/order";

type Source = FootprintEntry["source"];

/** Resources split by where they were counted from, and their total. */
export interface Split {
    readonly pod: Resources;
    readonly chart: Resources;
    readonly managed: Resources;
    readonly total: Resources;
}

/** An entry with its total (one copy times its replicas), so readers of the JSON need not multiply. */
export type ReportEntry = FootprintEntry & { readonly total: Resources };

export interface ComponentFootprint {
    readonly name: string;
    readonly type: string;
    readonly split: Split;
    readonly entries: readonly ReportEntry[];
}

export interface AreaFootprint {
    readonly area: string;
    readonly split: Split;
    readonly components: readonly ComponentFootprint[];
}

export interface RoleLine {
    readonly role: NodeRole;
    readonly nodes: number;
    readonly capacity: Amount;
    /** The platform's requests on nodes of this role. */
    readonly platform: Amount;
}

/** One side of the fit, for cpu or memory: capacity, what is committed, what is left. */
export interface Fit {
    readonly capacity: number;
    readonly platform: readonly Commitment[];
    readonly tenants: readonly Commitment[];
    readonly committed: number;
    readonly free: number;
    readonly fits: boolean;
}

export interface Budget {
    readonly namespace: string;
    readonly quota: string;
    readonly budget: { readonly milliCpu?: number; readonly memoryBytes?: number };
    /** The platform's requests in the namespace (all copies). */
    readonly requested: Amount;
}

export interface FootprintReport {
    readonly stack: string;
    readonly platform: Split;
    readonly areas: readonly AreaFootprint[];
    /** Pods in tenant namespaces: inside the tenants' quotas, so not part of the platform's total. */
    readonly tenantWorkloads: readonly ReportEntry[];
    /** Undefined without an inventory. */
    readonly roles?: readonly RoleLine[];
    readonly budgets: readonly Budget[];
    readonly fit?: Readonly<Record<Compute, Fit>>;
    readonly charts: readonly ChartCount[];
    /** Entries with a container that declares no cpu or memory request (counted as 0). */
    readonly undeclared: readonly string[];
}

function split(entries: readonly FootprintEntry[]): Split {
    const of = (source: Source) => sum(entries.filter((e) => e.source === source).map(entryTotal));
    return { pod: of("pod"), chart: of("chart"), managed: of("managed"), total: sum(entries.map(entryTotal)) };
}

function sumSplits(splits: readonly Split[]): Split {
    const of = (key: keyof Split) => sum(splits.map((s) => s[key]));
    return { pod: of("pod"), chart: of("chart"), managed: of("managed"), total: of("total") };
}

export function toFootprintResource(r: CapturedResource): FootprintResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        props: unwrapSecrets(r.inputs) as FootprintResource["props"],
    };
}

function entryLabel(e: FootprintEntry): string {
    return `${e.namespace}/${e.name} (${e.kind})`;
}

/** The report of one stack; `pins` are the chart declarations (the pinned charts unless a test passes its own). */
export function footprintReport(
    stack: string,
    captured: readonly CapturedResource[],
    pins: readonly ChartPin[] = DEFAULT_PINS,
): FootprintReport {
    const resources = captured.map(toFootprintResource);
    const inventory = inventoryResource(resources);
    const nodes = inventory === undefined ? undefined : nodeCapacities(readInventoryData(inventory.props.data).nodes);
    const footprint = footprintEntries(resources, nodes, pins);
    const { charts } = footprint;
    const entries: ReportEntry[] = footprint.entries.map((e) => ({ ...e, total: entryTotal(e) }));
    const owners = ownership(resources);
    const platformEntries = entries.filter((e) => owners.ownerOf(e.namespace, e.urn) === "platform");
    const byComponent = new Map<string, { area: string; name: string; type: string; entries: ReportEntry[] }>();
    for (const e of platformEntries) {
        const c = owners.component(e.urn) ?? { area: STACK_AREA, name: stack, type: "pulumi:pulumi:Stack", urn: "" };
        const group = byComponent.get(c.urn) ?? { area: c.area, name: c.name, type: c.type, entries: [] };
        group.entries.push(e);
        byComponent.set(c.urn, group);
    }
    const components = [...byComponent.values()].sort(
        (a, b) => byCodePoint(a.area, b.area) || byCodePoint(a.name, b.name) || byCodePoint(a.type, b.type),
    );
    const areas = [...new Set(components.map((c) => c.area))].map((area) => {
        const of = components
            .filter((c) => c.area === area)
            .map((c) => ({ name: c.name, type: c.type, split: split(c.entries), entries: c.entries }));
        return { area, split: sumSplits(of.map((c) => c.split)), components: of };
    });
    const capacity = roleCapacity(nodes ?? []);
    const roles =
        nodes === undefined
            ? undefined
            : NODE_ROLES.map((role) => ({
                  role,
                  ...capacity[role],
                  platform: platformEntries.reduce((t, e) => add(t, roleRequests(e, role)), ZERO),
              }));
    const budgets = quotaBounds(resources)
        .filter((q) => owners.ownerOf(q.namespace, q.urn) === "platform")
        .map((q) => ({
            namespace: q.namespace,
            quota: q.name,
            budget: { milliCpu: q.milliCpu, memoryBytes: q.memoryBytes },
            requested: sum(platformEntries.filter((e) => e.namespace === q.namespace).map(entryTotal)).requests,
        }));
    const totals = inventory === undefined ? undefined : readInventoryData(inventory.props.data);
    const fitOf = (resource: Compute, capacityOf: number | undefined): Fit | undefined => {
        if (capacityOf === undefined) {
            return undefined;
        }
        const { platform, tenants } = commitments(resources, entries, resource);
        const committed = [...platform, ...tenants].reduce((t, c) => t + c.value, 0);
        return {
            capacity: capacityOf,
            platform,
            tenants,
            committed,
            free: capacityOf - committed,
            fits: committed <= capacityOf,
        };
    };
    const cpu = fitOf("cpu", totals?.cpu === undefined ? undefined : milliCpuOf(totals.cpu));
    const memory = fitOf("memory", totals?.memoryBytes);
    return {
        stack,
        platform: sumSplits(areas.map((a) => a.split)),
        areas,
        tenantWorkloads: entries.filter((e) => owners.ownerOf(e.namespace, e.urn) === "tenant"),
        roles,
        budgets,
        fit: cpu && memory ? { cpu, memory } : undefined,
        charts,
        undeclared: entries.filter((e) => !e.declared).map(entryLabel),
    };
}

/** footprint.json and footprint.md of the render, from one report. */
export function footprintFiles(
    stack: string,
    resources: readonly CapturedResource[],
): { readonly json: string; readonly markdown: string } {
    const report = footprintReport(stack, resources);
    return { json: stableJson(report), markdown: reportMarkdown(report) };
}

/** footprint.json of the render. */
export function footprintJson(stack: string, resources: readonly CapturedResource[]): string {
    return stableJson(footprintReport(stack, resources));
}

/** footprint.md of the render. */
export function footprintMarkdown(stack: string, resources: readonly CapturedResource[]): string {
    return reportMarkdown(footprintReport(stack, resources));
}
