import { K8sType } from "../../contract/k8s-types";
import type { Props } from "./resources";

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    [K8sType.pod]: ["spec"],
    [K8sType.deployment]: ["spec", "template", "spec"],
    [K8sType.statefulSet]: ["spec", "template", "spec"],
    [K8sType.daemonSet]: ["spec", "template", "spec"],
    [K8sType.replicaSet]: ["spec", "template", "spec"],
    [K8sType.job]: ["spec", "template", "spec"],
    [K8sType.cronJob]: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** The pod spec of a workload, or undefined for other types or a spec not declared. */
export function podSpecOf(type: string, props: Props): Props | undefined {
    const path = POD_SPEC_PATHS[type];
    return path?.reduce<Props | undefined>((node, key) => node?.[key], props);
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
