import { isPatch, objectType } from "../../contract/objects";
import type { CapturedResource } from "../runtime/capture";

function metadataOf(inputs: Readonly<Record<string, unknown>>): { name?: unknown; namespace?: unknown } {
    const metadata = inputs.metadata;
    return typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>) : {};
}

/**
 * Kubernetes objects two resources declare: the same kind, namespace and name. The engine takes them for two
 * resources, the cluster has one object, and each `pulumi up` overwrites the other's fields, so the render fails
 * as it does on a repeated URN. Patches modify an object someone else owns and are left out.
 */
export function duplicateObjects(resources: readonly CapturedResource[]): string[] {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const r of resources) {
        const { name, namespace } = metadataOf(r.inputs);
        if (!r.type.startsWith("kubernetes:") || isPatch(r.type) || typeof name !== "string" || name === "") {
            continue;
        }
        const type = objectType(r.type, r.inputs);
        const where = typeof namespace === "string" && namespace !== "" ? `${namespace}/${name}` : name;
        const key = `${type} ${where}`;
        const first = seen.get(key);
        if (first === undefined) {
            seen.set(key, r.urn);
        } else {
            clashes.push(
                `${type.slice(type.lastIndexOf(":") + 1)} "${where}" is declared twice: by ${first} and by ${r.urn}`,
            );
        }
    }
    return clashes;
}
