import type { StackValidationArgs } from "@pulumi/policy";
import { Topic, type PlatformStackPolicy } from "../../lib/metadata";
import { attachments, GatewayType, redirectsToHttps, ROUTE_TYPES } from "../../lib/network-gateway";
import { namespaceLabels, qualifiedName } from "../../lib/network-selectors";
import { kindOf } from "../../../contract/objects";
import { ofType, type Props } from "../../lib/resources";

/**
 * A Gateway listener with protocol HTTP is acceptable only while every route attached to it redirects to https:
 * each attached HTTPRoute rule must have no backendRefs and a RequestRedirect filter with scheme https, and no
 * GRPCRoute may attach at all. A rule with backends is reported as forwarding plain HTTP.
 */
export const kubernetesGatewayV1HttprouteDisallowPlaintextHttp: PlatformStackPolicy = {
    name: "kubernetes-gateway-v1-httproute-disallow-plaintext-http",
    description:
        "Routes attached to a plain-HTTP Gateway listener only redirect to https and never forward to backends.",
    severity: "high",
    tags: [Topic.network],
    remediationSteps:
        "Attach application routes to the HTTPS listeners (parentRefs sectionName); on the HTTP listener keep only a RequestRedirect to scheme https.",
    validateStack: (args: StackValidationArgs, report) => {
        const gateways = ofType(args.resources, GatewayType.gateway);
        const labels = namespaceLabels(args.resources);
        const routes = args.resources.filter((r) => ROUTE_TYPES.includes(r.type));
        for (const route of routes) {
            for (const { gateway, listener } of attachments(route, gateways, labels)) {
                if (listener.protocol !== "HTTP") {
                    continue;
                }
                const where = `plain-HTTP listener "${listener.name}" of Gateway "${qualifiedName(gateway.props)}"`;
                const subject = `${kindOf(route.type)} "${qualifiedName(route.props)}"`;
                if (route.type === GatewayType.grpcRoute) {
                    report(`${subject} is attached to ${where}; gRPC routes belong on HTTPS listeners`, route.urn);
                    continue;
                }
                const rules: Props[] = route.props.spec?.rules ?? [{}];
                rules.forEach((rule, index) => {
                    if ((rule.backendRefs ?? []).length > 0) {
                        report(`${subject} rule ${index} forwards to backends from ${where}`, route.urn);
                    } else if (!redirectsToHttps(rule)) {
                        report(`${subject} rule ${index} on ${where} does not redirect to https`, route.urn);
                    }
                });
            }
        }
    },
};
