import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { declaredModelSources, outsideSourceProblem, reachableNetworks } from "../../lib/network-model-sources";
import { findInventory } from "../../lib/quotas-inventory";
import { INVENTORY } from "../../../contract/inventory";
import { MODEL_SOURCES_ANNOTATION } from "../../../contract/models";

/**
 * An air-gapped cluster's loaders fail at pod start when a model source is outside its network; this catches it at
 * preview from the annotation the inference area puts on each serving pod template, read against the network the
 * stack publishes in its inventory. Online clusters, and stacks without an inventory, have nothing to check.
 */
export const platformDisallowExternalModelSource: PlatformStackPolicy = {
    name: "platform-disallow-external-model-source",
    description:
        "When the cluster inventory declares the cluster offline, every model source a workload lists in its platform.io/model-sources annotation is inside the cluster's network (an address in its node, pod or service range, a Service name, or an OCI reference under the registry mirror); online clusters and stacks without an inventory have nothing to check.",
    severity: "high",
    tags: [Topic.network, "inference", "offline"],
    remediationSteps:
        "Serve the models from a store inside the cluster's network (platform:inference.services[].models[].source: an address in platform:cluster.nodeSubnet, podCidr or serviceCidr, or a <service>.<namespace>.svc name), or push OCI model artifacts to the registry mirror (platform:registry.mirror).",
    validateStack: (args, report) => {
        const inventory = findInventory(args.resources);
        if (inventory === undefined) {
            args.notApplicable("no cluster inventory ConfigMap declares whether the cluster is offline");
            return;
        }
        if (inventory.offline !== true) {
            args.notApplicable("the cluster inventory does not declare the cluster offline");
            return;
        }
        const where = `ConfigMap ${INVENTORY.namespace}/${inventory.name}`;
        const networks = reachableNetworks(inventory.networks);
        if (networks === undefined) {
            report(
                `${where} declares the cluster offline but no data.networks (a JSON list of IPv4 CIDRs)`,
                inventory.urn,
            );
            return;
        }
        const reach = { networks, registryMirror: inventory.registryMirror };
        for (const { resource, subject, urls } of declaredModelSources(args.resources)) {
            if (urls === undefined) {
                report(
                    `${subject}: annotation ${MODEL_SOURCES_ANNOTATION} is not a JSON list of URLs, so its model sources cannot be checked against the offline network ${where} declares`,
                    resource.urn,
                );
                continue;
            }
            for (const url of urls) {
                const problem = outsideSourceProblem(url, reach);
                if (problem !== undefined) {
                    report(`${subject}: ${problem}, and ${where} declares the cluster offline`, resource.urn);
                }
            }
        }
    },
};
