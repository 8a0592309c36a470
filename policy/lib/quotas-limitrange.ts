import type { PolicyResource } from "@pulumi/policy";
import { parseQuantity } from "../../contract/quantity";
import { metadataName, metadataNamespace, type Props } from "./resources";
import { containersOf } from "./workloads";
import { K8sType } from "../../contract/k8s-types";
import { byCodePoint } from "../../contract/order";

/** A quantity as declared (its text, for messages) and as a number (cores, bytes or count). */
export interface DeclaredQuantity {
    readonly text: string;
    readonly value: number;
    /** The LimitRange whose default filled it in; undefined when the container declared it. */
    readonly defaultedBy?: string;
}

export type ResourceList = ReadonlyMap<string, DeclaredQuantity>;

/** Parses a `{cpu: "500m", memory: "1Gi"}` list; entries that are not valid quantities are left out. */
export function resourceList(list: Props | undefined): Map<string, DeclaredQuantity> {
    const parsed = new Map<string, DeclaredQuantity>();
    for (const [resource, raw] of Object.entries(list ?? {})) {
        const value = parseQuantity(raw as string | number);
        if (value !== undefined) {
            parsed.set(resource, { text: String(raw), value });
        }
    }
    return parsed;
}

/** One `type: Container` item of a LimitRange. */
export interface ContainerLimitItem {
    readonly limitRange: string;
    readonly max: ResourceList;
    readonly min: ResourceList;
    readonly default: ResourceList;
    readonly defaultRequest: ResourceList;
    readonly maxLimitRequestRatio: ResourceList;
}

/** Container items of every LimitRange, per namespace, LimitRanges in name order (the order defaults apply in). */
export function containerLimitsByNamespace(resources: readonly PolicyResource[]): Map<string, ContainerLimitItem[]> {
    const byNamespace = new Map<string, ContainerLimitItem[]>();
    const limitRanges = resources
        .filter((r) => r.type === K8sType.limitRange)
        .map((r) => ({ name: metadataName(r.props) ?? r.name, namespace: metadataNamespace(r.props), props: r.props }))
        .sort((a, b) => byCodePoint(a.name, b.name));
    for (const lr of limitRanges) {
        const items = byNamespace.get(lr.namespace) ?? [];
        for (const item of (lr.props.spec?.limits ?? []) as Props[]) {
            if (item.type !== "Container") {
                continue;
            }
            items.push({
                limitRange: lr.name,
                max: resourceList(item.max),
                min: resourceList(item.min),
                default: resourceList(item.default),
                defaultRequest: resourceList(item.defaultRequest),
                maxLimitRequestRatio: resourceList(item.maxLimitRequestRatio),
            });
        }
        byNamespace.set(lr.namespace, items);
    }
    return byNamespace;
}

/** A container's resources after the API server's defaulting and the LimitRanger admission plugin's. */
export interface EffectiveContainer {
    /** `container "app"` or `init container "setup"`. */
    readonly label: string;
    readonly name: string;
    readonly init: boolean;
    /** An init container with restartPolicy Always (a sidecar): it keeps running beside the app containers. */
    readonly sidecar: boolean;
    readonly requests: ResourceList;
    readonly limits: ResourceList;
}

/**
 * Reproduces admission's mutation of one container: the API server first copies each limit without a request
 * into the request; then LimitRanger, LimitRange by LimitRange, fills each missing limit from `default` and
 * each missing request from `defaultRequest`.
 */
export function effectiveContainer(container: Props, items: readonly ContainerLimitItem[]) {
    const requests = resourceList(container.resources?.requests);
    const limits = resourceList(container.resources?.limits);
    for (const [resource, limit] of limits) {
        if (!requests.has(resource)) {
            requests.set(resource, limit);
        }
    }
    for (const item of items) {
        for (const [resource, value] of item.default) {
            if (!limits.has(resource)) {
                limits.set(resource, { ...value, defaultedBy: item.limitRange });
            }
        }
        for (const [resource, value] of item.defaultRequest) {
            if (!requests.has(resource)) {
                requests.set(resource, { ...value, defaultedBy: item.limitRange });
            }
        }
    }
    return { requests, limits };
}

/** Every container and init container of a pod spec as admission sees it. */
export function effectiveContainers(podSpec: Props, items: readonly ContainerLimitItem[]): EffectiveContainer[] {
    return containersOf(podSpec).map(({ label, container }) => {
        const init = label.startsWith("init ");
        return {
            label,
            name: String(container.name),
            init,
            sidecar: init && container.restartPolicy === "Always",
            ...effectiveContainer(container, items),
        };
    });
}
