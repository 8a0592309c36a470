import { UnknownValueError } from "@pulumi/policy";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import {
    CLUSTER_SCOPED_KINDS,
    groupVersionOf,
    removalOf,
    REMOVALS_REPORTED_ELSEWHERE,
    type Removal,
} from "../../lib/scope-removed-apis";
import type { Props } from "../../lib/resources";
import { kindOf } from "../../../contract/objects";

/** `Ingress "apps/web"`, or `PriorityClass "critical"` for a cluster-scoped kind. */
function describeObject(type: string, props: Props): string {
    const kind = kindOf(type);
    const name: string = props.metadata?.name;
    const namespace: string = props.metadata?.namespace ?? "default";
    return `${kind} "${CLUSTER_SCOPED_KINDS.has(kind) ? "" : `${namespace}/`}${name}"`;
}

/**
 * The object's name, or its Pulumi name when the name is unknown at preview: the type alone decides the
 * violation, so an auto-named or computed name must not turn it into a "can't run" diagnostic.
 */
function subject(type: string, props: Props, pulumiName: string): string {
    try {
        return describeObject(type, props);
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return `${kindOf(type)} ${pulumiName} (Pulumi name; its metadata is unknown at preview)`;
        }
        throw e;
    }
}

function advice(removal: Removal): string {
    return removal.use === undefined ? (removal.instead ?? "") : `declare it as ${removal.use}`;
}

export const platformDisallowRemovedApiVersions: PlatformResourcePolicy = {
    name: "platform-disallow-removed-api-versions",
    description:
        "No resource declares a Kubernetes API version that the API server no longer serves (the Deprecated API Migration Guide's removals up to 1.32), which would fail the whole update.",
    severity: "high",
    tags: [Topic.governance, "api-versions"],
    remediationSteps:
        "Declare the object with the served apiVersion the message names (e.g. k8s.apps.v1.Deployment, " +
        "k8s.batch.v1.CronJob, k8s.networking.v1.Ingress, k8s.flowcontrol.v1.FlowSchema) and apply the field " +
        "changes the migration guide lists; for a chart, upgrade it to a version that renders the served API.",
    validateResource: (args, report) => {
        // args.type is the object type (judgeByObject): a CustomResource or a Patch of a removed kind counts too.
        const removal = removalOf(args.type);
        if (removal === undefined || REMOVALS_REPORTED_ELSEWHERE.has(args.type)) {
            return;
        }
        report(
            `${subject(args.type, args.props, args.name)} uses ${groupVersionOf(args.type)}, which Kubernetes ` +
                `${removal.removedIn} stopped serving; ${advice(removal)}`,
        );
    },
};
