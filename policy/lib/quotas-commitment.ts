import type { PolicyConfigSchema, StackValidation } from "@pulumi/policy";
import { INVENTORY } from "../../contract/inventory";
import { withDefaults } from "./config";
import { findInventory, type Inventory } from "./quotas-inventory";
import { exceeds, formatAmount } from "./quotas-usage";

/** The resources the capacity rules compare, and the inventory total each is compared with. */
export const CAPACITY_RESOURCES = [
    { resource: "cpu", capacity: "cpu" },
    { resource: "memory", capacity: "memoryBytes" },
] as const;
export type CapacityResource = (typeof CAPACITY_RESOURCES)[number]["resource"];

/** One part of what is committed, in cores or bytes, labelled for the message. */
export interface Commitment {
    readonly label: string;
    readonly value: number;
}

const DEFAULTS = { maxCommitPercent: 100 };

/** The `maxCommitPercent` config of a capacity rule. */
export function commitConfigSchema(description: string): PolicyConfigSchema {
    return {
        properties: {
            maxCommitPercent: { type: "number", minimum: 1, description, default: DEFAULTS.maxCommitPercent },
        },
    };
}

/** How a capacity rule names what it sums and what it compares with, in its message. */
export interface CommitmentWording {
    /** e.g. `committed`, `of the platform and tenant quotas`. */
    readonly committed: string;
    /** e.g. `declared`, `schedulable`. */
    readonly capacity: string;
}

/**
 * The shape of the capacity rules: for cpu and memory, the parts `commitments` finds must fit `maxCommitPercent`
 * of what the cluster inventory declares; not applicable without an inventory.
 */
export function validateCommitments(
    wording: CommitmentWording,
    commitments: (
        args: Parameters<StackValidation>[0],
        inventory: Inventory,
    ) => (resource: CapacityResource) => readonly Commitment[],
): StackValidation {
    return (args, report) => {
        const { maxCommitPercent } = withDefaults(DEFAULTS, args.getConfig);
        const inventory = findInventory(args.resources);
        if (inventory === undefined) {
            args.notApplicable("no cluster inventory ConfigMap declares capacity");
            return;
        }
        const where = `ConfigMap ${INVENTORY.namespace}/${inventory.name}`;
        const partsOf = commitments(args, inventory);
        for (const { resource, capacity } of CAPACITY_RESOURCES) {
            const declared = inventory[capacity];
            if (declared === undefined) {
                report(`${where} declares no numeric data.${capacity}`, inventory.urn);
                continue;
            }
            const parts = partsOf(resource);
            const committed = parts.reduce((total, p) => total + p.value, 0);
            if (exceeds(committed, (declared * maxCommitPercent) / 100)) {
                const key = `requests.${resource}`;
                const share = maxCommitPercent === 100 ? "" : `${maxCommitPercent}% of `;
                const breakdown = parts.map((p) => `${p.label} ${formatAmount(key, p.value)}`).join(", ");
                report(
                    `${key} ${wording.committed} is ${formatAmount(key, committed)}, over ${share}the ${wording.capacity} ` +
                        `capacity of ${formatAmount(key, declared)} (${where}): ${breakdown}`,
                    inventory.urn,
                );
            }
        }
    };
}
