import { podSpecAt } from "../../contract/objects";
import type { Props } from "./resources";

export { WORKLOAD_TYPES } from "../../contract/objects";

/**
 * The pod spec of a workload, or undefined for other types or a spec not declared. `type` is the object type the
 * pack's rules see (judgeByObject in object-types.ts), so CustomResources of a core kind and Patches count too.
 */
export function podSpecOf(type: string, props: Props): Props | undefined {
    const spec = podSpecAt(type, props);
    return spec !== null && typeof spec === "object" ? (spec as Props) : undefined;
}

export interface NamedContainer {
    /** `container "app"` or `init container "setup"`, for messages. */
    readonly label: string;
    readonly container: Props;
}

/** Init, regular and ephemeral containers of a pod spec, labelled for messages. */
export function containersOf(podSpec: Props): NamedContainer[] {
    const list = (key: string, kind: string): NamedContainer[] =>
        ((podSpec[key] ?? []) as Props[]).map((container) => ({ label: `${kind} "${container.name}"`, container }));
    return [
        ...list("initContainers", "init container"),
        ...list("containers", "container"),
        ...list("ephemeralContainers", "ephemeral container"),
    ];
}
