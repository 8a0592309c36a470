import type * as pulumi from "@pulumi/pulumi";
import { EPHEMERAL_STORAGE, withEphemeralStorage } from "../../contract/ephemeral-storage";
import { isRecord, list, type JsonRecord } from "../../contract/json";
import { objectType, POD_SPEC_PATHS, podSpecAt } from "../../contract/objects";
import { withValueAt } from "../../contract/pins";

const CONTAINER_LISTS = ["initContainers", "containers"] as const;

function hasEphemeralStorage(resources: unknown, key: "requests" | "limits"): boolean {
    const pair = isRecord(resources) ? resources[key] : undefined;
    return isRecord(pair) && pair[EPHEMERAL_STORAGE] !== undefined;
}

function withContainerDefaults(container: unknown): unknown {
    if (!isRecord(container)) {
        return container;
    }
    const resources: JsonRecord = isRecord(container.resources) ? container.resources : {};
    if (hasEphemeralStorage(resources, "requests") && hasEphemeralStorage(resources, "limits")) {
        return container;
    }
    const requests = isRecord(resources.requests) ? resources.requests : {};
    const limits = isRecord(resources.limits) ? resources.limits : {};
    return { ...container, resources: withEphemeralStorage({ ...resources, requests, limits }) };
}

/** A pod spec with the class where it names none, and every init and regular container's ephemeral storage set. */
export function withPodDefaults(podSpec: JsonRecord, className: string): JsonRecord {
    const containers = Object.fromEntries(
        CONTAINER_LISTS.filter((key) => podSpec[key] !== undefined).map((key) => [
            key,
            list(podSpec[key]).map(withContainerDefaults),
        ]),
    );
    return { ...podSpec, priorityClassName: podSpec.priorityClassName ?? className, ...containers };
}

/**
 * A transform for a platform chart's objects: a pod template without a `priorityClassName` gets `className`, and a
 * container without an ephemeral-storage request or limit gets the platform default (contract/ephemeral-storage.ts).
 * Values set both wherever the chart has a key for them (withPriorityClass, the pins' resources blocks); this fills
 * what a chart's templates give no key for (Envoy Gateway's certgen Job, frr-k8s' init containers, Longhorn's UI
 * and driver deployer), so every pod the preview shows the pack names its class and bounds its disk, as the
 * namespace's LimitRange would at admission. Values stay the contract: a chart key always wins over this default.
 * Chart v4's children are registered by the provider, so only a transform reaches them (the chart's own options
 * do not pass down).
 */
export function chartPodDefaults(className: string): pulumi.ResourceTransform {
    return (args) => {
        const type = objectType(args.type, args.props);
        const podSpec = podSpecAt(type, args.props);
        if (!isRecord(podSpec)) {
            return undefined;
        }
        const props = withValueAt(args.props, POD_SPEC_PATHS[type], withPodDefaults(podSpec, className));
        return { props, opts: args.opts };
    };
}
