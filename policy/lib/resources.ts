import type { PolicyResource } from "@pulumi/policy";

/**
 * A resource's properties as the engine hands them to a policy: untyped JSON (the SDK declares them so), which the
 * rules read defensively, with optional chaining, and never trust to have a shape.
 */
export type Props = PolicyResource["props"];

export function metadataName(props: Props): string | undefined {
    return props.metadata?.name;
}

export function metadataNamespace(props: Props): string {
    return props.metadata?.namespace ?? "default";
}

export function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type);
}

/** Namespaces (by name) in which at least one resource of `type` satisfying `accept` is declared. */
export function namespacesWith(
    resources: readonly PolicyResource[],
    type: string,
    accept: (props: Props) => boolean = () => true,
): Set<string> {
    return new Set(
        ofType(resources, type)
            .filter((r) => accept(r.props))
            .map((r) => metadataNamespace(r.props)),
    );
}
