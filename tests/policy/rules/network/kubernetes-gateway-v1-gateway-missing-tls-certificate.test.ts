import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesGatewayV1GatewayMissingTlsCertificate as policy } from "../../../../policy/rules/network/kubernetes-gateway-v1-gateway-missing-tls-certificate";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, GATEWAY_NS, sharedGateway } from "./fixtures";

const gateway = () => [sharedGateway()];

describe("kubernetes-gateway-v1-gateway-missing-tls-certificate", () => {
    it("passes the shared Gateway: HTTP redirect listener plus an HTTPS listener with a certificate", async () => {
        expect(await messages(policy, gateway())).toEqual([]);
    });

    it("flags an HTTPS listener without tls", async () => {
        const resources = change(gateway(), "shared", (p) => {
            delete p.spec.listeners[1].tls;
        });
        expect(await messages(policy, resources)).toEqual([
            `Gateway "${GATEWAY_NS}/shared" listener "https-web" (HTTPS) has no tls.certificateRefs`,
        ]);
    });

    it("flags an HTTPS listener with an empty certificateRefs list", async () => {
        const resources = change(gateway(), "shared", (p) => {
            p.spec.listeners[1].tls.certificateRefs = [];
        });
        expect(await messages(policy, resources)).toEqual([
            `Gateway "${GATEWAY_NS}/shared" listener "https-web" (HTTPS) has no tls.certificateRefs`,
        ]);
    });

    it("flags a TLS listener that terminates (the default mode) without a certificate", async () => {
        const resources = change(gateway(), "shared", (p) => {
            p.spec.listeners[1].protocol = "TLS";
            delete p.spec.listeners[1].tls;
        });
        expect(await messages(policy, resources)).toEqual([
            `Gateway "${GATEWAY_NS}/shared" listener "https-web" (TLS) has no tls.certificateRefs`,
        ]);
    });

    it("passes a TLS passthrough listener, where the backend terminates TLS", async () => {
        const resources = change(gateway(), "shared", (p) => {
            p.spec.listeners[1].protocol = "TLS";
            p.spec.listeners[1].tls = { mode: "Passthrough" };
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("reports that it cannot run when the certificateRefs are unknown at preview", async () => {
        const resources = change(gateway(), "shared", (p) => {
            p.spec.listeners[1].tls.certificateRefs = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.listeners.1.tls.certificateRefs")]);
    });
});
