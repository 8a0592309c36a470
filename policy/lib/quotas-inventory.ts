import type { PolicyResource } from "@pulumi/policy";
import {
    isInventoryObject,
    readInventoryData,
    type PublishedInventory,
    type PublishedNode,
} from "../../contract/inventory";
import { metadataName } from "./resources";

/** The declared capacity and sources, with the urn and name of the ConfigMap they were read from. */
export interface Inventory extends PublishedInventory {
    readonly urn: string;
    readonly name: string;
}

/** The inventory ConfigMap (the first by urn if several are declared), or undefined when the stack has none. */
export function findInventory(resources: readonly PolicyResource[]): Inventory | undefined {
    const found = resources
        .filter((r) => isInventoryObject(r.type, r.props))
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))[0];
    if (found === undefined) {
        return undefined;
    }
    return { urn: found.urn, name: metadataName(found.props) ?? found.name, ...readInventoryData(found.props.data) };
}

/** Schedulable nodes, or undefined when there is no inventory or it lists no nodes. */
export function schedulableNodes(inventory: Inventory | undefined): readonly PublishedNode[] | undefined {
    return inventory?.nodes?.filter((n) => n.schedulable);
}
