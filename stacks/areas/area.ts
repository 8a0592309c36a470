// The contract between the composition (stacks/platform.ts) and an area module: its config sections, its
// cross-field checks, the namespaces it manages, and its wiring from parsed config to components.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { MariaDbDatabaseRef, ValkeyRef } from "../../components/data";
import type { ClusterAddresses, Flow, GatewayRef } from "../../components/network";
import type { Telemetry } from "../../components/observability/telemetry";
import type { NamespaceResources } from "../../components/tenancy";
import type { ConfigIssue } from "../config/errors";
import type { PlatformConfig } from "../config/schema";
import type { StorageClassName } from "../../contract/storage";
import type { StorageRole } from "./storage/schema";

/** Sections parsed so far; a check runs only when every section it reads parsed cleanly. */
export type ParsedSections = Partial<PlatformConfig>;

/** Where images and charts come from. */
export interface ImageSources {
    /** Images are always pulled through the mirror when one is set. */
    readonly registryMirror?: string;
    /** Charts come through the mirror only when the cluster is offline (online, the upstream repositories). */
    readonly chartMirror?: string;
}

/** A node as later areas need it: where to reach it and what it does. */
export interface ClusterNode {
    readonly name: string;
    readonly ip: string;
    readonly role: "control-plane" | "worker";
    /** Allocatable CPU as config states it, e.g. `16` or `1500m`. */
    readonly cpu: string;
    /** Whole GPUs on the node. */
    readonly gpus: number;
}

/** The nodes and the subnet they live in. */
export interface ClusterTopology {
    /** Every node, in config order (per-node agents size their budgets by the count). */
    readonly nodes: readonly ClusterNode[];
    readonly nodeSubnet: string;
    /** How many pods share each GPU when the cluster time-slices them. @default undefined (one per GPU) */
    readonly gpuTimeSlicing?: { readonly replicasPerGpu: number };
}

/** The storage classes later areas use: never a literal class name. */
export interface StorageRef {
    /** The class of each role the stack sets; a role left unset is not offered (an area needing it must say so). */
    readonly classes: Readonly<Partial<Record<StorageRole, string>>>;
    /** The one default StorageClass. */
    readonly defaultClass: string;
    /** The VolumeSnapshotClass of each installed class that takes snapshots, when storage.snapshots is on. */
    readonly snapshotClasses: Readonly<Partial<Record<StorageClassName, string>>>;
}

/** The PriorityClasses pods name: never a literal class name; what runs pods may wait for `resources`. */
export interface PriorityClassRef {
    /** Platform components'. */
    readonly platform: string;
    /** Tenant apps'. */
    readonly tenant: string;
    /** The PriorityClass objects. */
    readonly resources: readonly pulumi.Resource[];
}

/** What areas hand to the areas after them, in list order; each is set by the area named beside it. */
export interface PlatformRefs {
    /** cluster: where the API server lives and where its webhook calls come from. */
    readonly addresses?: ClusterAddresses;
    /** cluster: the registry mirror and chart mirror. */
    readonly sources?: ImageSources;
    /** cluster: the nodes and their subnet. */
    readonly topology?: ClusterTopology;
    /** cluster: the PriorityClasses for platform components and tenant apps. */
    readonly priorityClasses?: PriorityClassRef;
    /** tenancy: each tenant's governed namespace by name, for areas that run instances beside the apps. */
    readonly tenants?: NamespaceResources;
    /** network: the shared Gateway routes attach to and flows name. */
    readonly gateway?: GatewayRef;
    /** network: cert-manager's charts; what asks it for certificates (an operator's webhook) waits for them. */
    readonly certManager?: readonly pulumi.Resource[];
    /** storage: the class of each role and the default class. */
    readonly storage?: StorageRef;
    /** data: each database by name, as its apps reach it (a Secret reference, never the password). */
    readonly databases?: Readonly<Record<string, MariaDbDatabaseRef>>;
    /** data: the Valkey cache, as its apps reach it (a Secret reference, never the password). */
    readonly cache?: ValkeyRef;
}

/** A ref an area needs from an earlier one; throws naming both when the list is out of order. */
export function need<K extends keyof PlatformRefs>(
    refs: PlatformRefs,
    key: K,
    area: string,
): NonNullable<PlatformRefs[K]> {
    const value = refs[key];
    if (value === undefined || value === null) {
        throw new Error(`area ${area} needs the ${key} ref, which no earlier area in the list provides`);
    }
    return value as NonNullable<PlatformRefs[K]>;
}

export interface CheckContext {
    /** Every namespace the areas manage (tenants included), as far as their sections parsed. */
    readonly managedNamespaces: readonly string[];
    /** The areas that manage each of those namespaces, in AREAS order (more than one is a collision). */
    readonly namespaceOwners: ReadonlyMap<string, readonly string[]>;
    /** Whether a section parsed and no earlier check reported a problem in it. */
    sound(section: string): boolean;
    /** Whether the stack sets the section at all, parsed or not: a missing value is not a malformed one. */
    given(section: string): boolean;
}

export interface WiringContext {
    readonly refs: PlatformRefs;
    /** Every area's telemetry, merged: what the observability area turns into monitors, rules and dashboards. */
    readonly telemetry: Telemetry;
    /** Every namespace the areas manage; flows to `*` reach all of them. */
    readonly managedNamespaces: readonly string[];
    /** Labels areas ask to put on tenant namespaces (e.g. gateway access), by namespace. */
    readonly tenantLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** What an area's wiring returns. */
export interface AreaWiring {
    /** Stack outputs the area contributes. */
    readonly outputs: Readonly<Record<string, unknown>>;
    /**
     * The namespaces it created, by name: exactly the ones `namespaces()` declares. A flow's NetworkPolicy waits for
     * its own namespace's entry, not for the charts.
     */
    readonly namespaces: NamespaceResources;
    /** Flows its components need on top of default deny (system flows and the ones its config declares). */
    readonly flows: readonly Flow[];
    /** Refs for the areas after it. */
    readonly refs: PlatformRefs;
}

export interface Area<Sections extends Readonly<Record<string, z.ZodType>> = Readonly<Record<string, z.ZodType>>> {
    readonly name: string;
    /** The `platform:` config keys it owns, each with its zod schema. */
    readonly sections: Sections;
    /** Namespaces it manages, from what parsed: flows may name them, tenants may not take them. */
    namespaces(sections: ParsedSections): string[];
    /** Cross-field checks; field syntax is the schema's job. */
    check(sections: ParsedSections, context: CheckContext): ConfigIssue[];
    /** Labels it asks for on tenant namespaces. @default none */
    tenantLabels?(config: PlatformConfig): ReadonlyMap<string, Readonly<Record<string, string>>>;
    /**
     * Its components' metrics endpoints, alert rules and dashboards (`telemetry()` from components/observability),
     * declared beside them; the observability area collects every area's. @default none
     */
    telemetry?(config: PlatformConfig): Telemetry;
    /** Creates its components from the parsed config. */
    wire(config: PlatformConfig, context: WiringContext): AreaWiring;
}
