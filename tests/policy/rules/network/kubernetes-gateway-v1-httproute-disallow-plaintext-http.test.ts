import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { GatewayType } from "../../../../policy/lib/network-gateway";
import { kubernetesGatewayV1HttprouteDisallowPlaintextHttp as policy } from "../../../../policy/rules/network/kubernetes-gateway-v1-httproute-disallow-plaintext-http";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import {
    cannotRun,
    change,
    GATEWAY_NS,
    gatewayNamespaces,
    httpsRedirect,
    NS,
    sharedGateway,
    webRoute,
} from "./fixtures";

const world = () => [...gatewayNamespaces(), sharedGateway(), httpsRedirect(), webRoute()];
const HTTP = `plain-HTTP listener "http" of Gateway "${GATEWAY_NS}/shared"`;

describe("kubernetes-gateway-v1-httproute-disallow-plaintext-http", () => {
    it("passes a redirect-only route on the HTTP listener and the app route on the HTTPS listener", async () => {
        expect(await messages(policy, world())).toEqual([]);
    });

    it("flags a route on the HTTP listener that forwards to a backend", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            p.spec.rules = [{ backendRefs: [{ name: "web", port: 8080 }] }];
        });
        expect(await messages(policy, resources)).toEqual([
            `HTTPRoute "${GATEWAY_NS}/https-redirect" rule 0 forwards to backends from ${HTTP}`,
        ]);
    });

    it("reports at the route", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            p.spec.rules = [{ backendRefs: [{ name: "web", port: 8080 }] }];
        });
        const [violation] = await runPolicy(policy, resources);
        expect(violation.urn).toBe(resources.find((r) => r.name === "https-redirect")?.urn);
    });

    it("flags a redirect that keeps the http scheme", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            p.spec.rules[0].filters[0].requestRedirect.scheme = "http";
        });
        expect(await messages(policy, resources)).toEqual([
            `HTTPRoute "${GATEWAY_NS}/https-redirect" rule 0 on ${HTTP} does not redirect to https`,
        ]);
    });

    it("flags a route on the HTTP listener without rules (it answers instead of redirecting)", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            delete p.spec.rules;
        });
        expect(await messages(policy, resources)).toEqual([
            `HTTPRoute "${GATEWAY_NS}/https-redirect" rule 0 on ${HTTP} does not redirect to https`,
        ]);
    });

    it("flags an app route whose parentRef names no section when its namespace may attach to the HTTP listener", async () => {
        const resources = change(
            change(world(), "web", (p) => {
                delete p.spec.parentRefs[0].sectionName;
            }),
            "shared",
            (p) => {
                p.spec.listeners[0].allowedRoutes = { namespaces: { from: "All" } };
            },
        );
        expect(await messages(policy, resources)).toEqual([
            `HTTPRoute "${NS}/web" rule 0 forwards to backends from ${HTTP}`,
        ]);
    });

    it("does not attach a route from another namespace to a listener that admits only its own (the default)", async () => {
        const resources = change(world(), "web", (p) => {
            delete p.spec.parentRefs[0].sectionName;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("attaches by namespace selector when the HTTP listener admits labelled namespaces", async () => {
        const resources = change(
            change(world(), "web", (p) => {
                delete p.spec.parentRefs[0].sectionName;
            }),
            "shared",
            (p) => {
                p.spec.listeners[0].allowedRoutes = p.spec.listeners[1].allowedRoutes;
            },
        );
        expect(await messages(policy, resources)).toEqual([
            `HTTPRoute "${NS}/web" rule 0 forwards to backends from ${HTTP}`,
        ]);
    });

    it("attaches by port when the parentRef names one", async () => {
        const resources = change(
            change(world(), "web", (p) => {
                p.spec.parentRefs[0] = { name: "shared", namespace: GATEWAY_NS, port: 80 };
            }),
            "shared",
            (p) => {
                p.spec.listeners[0].allowedRoutes = { namespaces: { from: "All" } };
            },
        );
        expect(await messages(policy, resources)).toEqual([
            `HTTPRoute "${NS}/web" rule 0 forwards to backends from ${HTTP}`,
        ]);
    });

    it("does not attach when the listener's allowedRoutes kinds exclude HTTPRoute", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            p.spec.rules = [{ backendRefs: [{ name: "web", port: 8080 }] }];
        });
        const narrowed = change(resources, "shared", (p) => {
            p.spec.listeners[0].allowedRoutes.kinds = [{ kind: "GRPCRoute" }];
        });
        expect(await messages(policy, narrowed)).toEqual([]);
    });

    it("ignores parents that are not declared Gateways", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            p.spec.rules = [{ backendRefs: [{ name: "web", port: 8080 }] }];
            p.spec.parentRefs = [{ name: "elsewhere", sectionName: "http" }];
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("flags a GRPCRoute attached to the HTTP listener", async () => {
        const grpc = fixture(GatewayType.grpcRoute, "api", {
            metadata: { name: "api", namespace: GATEWAY_NS },
            spec: {
                parentRefs: [{ name: "shared", sectionName: "http" }],
                rules: [{ backendRefs: [{ name: "api" }] }],
            },
        });
        expect(await messages(policy, [...world(), grpc])).toEqual([
            `GRPCRoute "${GATEWAY_NS}/api" is attached to ${HTTP}; gRPC routes belong on HTTPS listeners`,
        ]);
    });

    it("reports that it cannot run when the redirect's scheme is unknown at preview", async () => {
        const resources = change(world(), "https-redirect", (p) => {
            p.spec.rules[0].filters[0].requestRedirect.scheme = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.rules.0.filters.0.requestRedirect.scheme")]);
    });
});
