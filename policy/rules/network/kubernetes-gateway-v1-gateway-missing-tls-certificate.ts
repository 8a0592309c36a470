import { Topic, type PlatformResourcePolicy } from "../../lib/metadata";
import { GatewayType } from "../../lib/network-gateway";
import { qualifiedName } from "../../lib/network-selectors";
import type { Props } from "../../lib/resources";

/** Whether a listener terminates TLS at the Gateway: HTTPS always, TLS unless its mode is Passthrough. */
function terminatesTls(listener: Props): boolean {
    return (
        listener.protocol === "HTTPS" ||
        (listener.protocol === "TLS" && (listener.tls?.mode ?? "Terminate") === "Terminate")
    );
}

export const kubernetesGatewayV1GatewayMissingTlsCertificate: PlatformResourcePolicy = {
    name: "kubernetes-gateway-v1-gateway-missing-tls-certificate",
    description: "Every HTTPS or TLS-terminating Gateway listener references a certificate to terminate TLS with.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Set the listener's tls.certificateRefs to the Secret of a cert-manager Certificate issued by the stack's ClusterIssuer.",
    validateResource: (args, report) => {
        if (args.type !== GatewayType.gateway) {
            return;
        }
        for (const listener of (args.props.spec?.listeners ?? []) as Props[]) {
            if (terminatesTls(listener) && (listener.tls?.certificateRefs ?? []).length === 0) {
                report(
                    `Gateway "${qualifiedName(args.props)}" listener "${listener.name}" (${listener.protocol}) ` +
                        `has no tls.certificateRefs`,
                );
            }
        }
    },
};
