import { describeResource, plural, SCALABLE_TYPES, workloadClass } from "../../lib/availability-workloads";
import { withDefaults } from "../../lib/config";
import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { K8sType } from "../../../contract/k8s-types";
import { WorkloadClass } from "../../../contract/labels";
import type { Props } from "../../lib/resources";

const DEFAULTS = { minQuorumMembers: 3 };

/** One set of voting members a resource declares: its size and the field it comes from. */
interface MemberSet {
    readonly count: number;
    readonly source: string;
    readonly noun: string;
}

function members(count: number | undefined, field: string, noun = "member"): MemberSet {
    // Every kind checked here (StatefulSet, MariaDB, MaxScale, RedisSentinel) defaults an absent count to 1.
    return count === undefined ? { count: 1, source: `${field} not set`, noun } : { count, source: field, noun };
}

/** The voting member sets of a resource, or none when it is not a quorum. */
function memberSets(type: string, props: Props): MemberSet[] {
    const spec: Props = props.spec ?? {};
    switch (type) {
        case K8sType.mariaDb: {
            const sets = [members(spec.replicas, "spec.replicas")];
            // MaxScale instances monitor cooperatively and need a majority among themselves to fail over.
            if (spec.maxScale?.enabled === true) {
                sets.push(members(spec.maxScale.replicas, "spec.maxScale.replicas", "MaxScale instance"));
            }
            return sets;
        }
        case K8sType.maxScale:
            return [members(spec.replicas, "spec.replicas", "instance")];
        case K8sType.redisSentinel:
            return [members(spec.clusterSize, "spec.clusterSize", "sentinel")];
        default:
            return SCALABLE_TYPES.includes(type) && workloadClass(type, props) === WorkloadClass.quorum
                ? [members(spec.replicas, "spec.replicas")]
                : [];
    }
}

export const platformEnforceOddQuorum: PlatformResourcePolicy = {
    name: "platform-enforce-odd-quorum",
    description:
        "Database and quorum member sets (MariaDB, MaxScale, Redis Sentinel, quorum StatefulSets) have an odd number of members, at least the profile minimum.",
    severity: "critical",
    tags: [Topic.availability, "replicas", "data"],
    remediationSteps:
        "Set the member count (MariaDB spec.replicas, spec.maxScale.replicas, MaxScale spec.replicas, RedisSentinel " +
        "spec.clusterSize, StatefulSet spec.replicas) to an odd number of at least minQuorumMembers, e.g. 1 primary + 2 replicas.",
    configSchema: {
        properties: {
            minQuorumMembers: {
                type: "integer",
                minimum: 1,
                default: DEFAULTS.minQuorumMembers,
                description: "Fewest members a quorum set may have.",
            },
        },
    },
    validateResource: (args, report) => {
        const sets = memberSets(args.type, args.props);
        if (sets.length === 0) {
            return;
        }
        const { minQuorumMembers } = withDefaults(DEFAULTS, args.getConfig);
        for (const { count, source, noun } of sets) {
            const even = count % 2 === 0;
            if (even || count < minQuorumMembers) {
                const splitBrain = even
                    ? ": an even count can split into two halves with no majority (split brain)"
                    : "";
                report(
                    `${describeResource(args)} has ${plural(count, noun)} (${source}); quorum sets need an odd number ` +
                        `of members, at least ${minQuorumMembers}${splitBrain}`,
                );
            }
        }
    },
};
