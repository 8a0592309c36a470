import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { metadataName, metadataNamespace } from "../../lib/resources";
import { isStatefulData, storageKind } from "../../lib/storage-claims";

/**
 * Checks the `protect` resource option only: the engine's analyzer request (AnalyzerResourceOptions, as read by
 * @pulumi/policy 1.21) carries protect, ignoreChanges, deleteBeforeReplace, aliases, customTimeouts,
 * additionalSecretOutputs and parent, but not retainOnDelete, so a rule cannot see retainOnDelete in a real
 * preview. Components set both; this rule asks for the one it can verify.
 */
export const platformMissingDataProtection: PlatformResourcePolicy = {
    name: "platform-missing-data-protection",
    description: "Stateful data resources (claims, StatefulSets with claims, MariaDB, Longhorn volumes) are protected.",
    severity: "high",
    tags: [Topic.storage],
    remediationSteps:
        "Pass { protect: true, retainOnDelete: true } in the resource options of the data resource (the data components do when asked to protect data).",
    validateResource: (args, report) => {
        if (!isStatefulData(args.type, args.props)) {
            return;
        }
        if (args.opts.protect) {
            return;
        }
        const ns = metadataNamespace(args.props);
        report(
            `${storageKind(args.type)} "${ns}/${metadataName(args.props) ?? args.name}" holds data ` +
                `but is not protected; set the protect resource option`,
        );
    },
};
