import * as k8s from "@pulumi/kubernetes";
import { duplicateObjects } from "../../tools/render/duplicate-objects";
import { capture } from "../helpers/capture";

const policy = (namespace: string) => ({
    metadata: { name: "flow-web-wordpress-to-web-mariadb-in", namespace },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
});

describe("duplicateObjects", () => {
    it("names an object two resources declare, with both URNs", async () => {
        const { resources } = await capture(() => {
            new k8s.networking.v1.NetworkPolicy("network-flows-web-flow", policy("web"));
            new k8s.networking.v1.NetworkPolicy("wordpress-flow", policy("web"));
        });
        expect(duplicateObjects(resources)).toEqual([
            'NetworkPolicy "web/flow-web-wordpress-to-web-mariadb-in" is declared twice: by urn:pulumi:test::platform::pulumi:pulumi:Stack$kubernetes:networking.k8s.io/v1:NetworkPolicy::network-flows-web-flow and by urn:pulumi:test::platform::pulumi:pulumi:Stack$kubernetes:networking.k8s.io/v1:NetworkPolicy::wordpress-flow',
        ]);
    });

    it("tells apart namespaces and kinds, and leaves patches alone", async () => {
        const { resources } = await capture(() => {
            new k8s.networking.v1.NetworkPolicy("a", policy("web"));
            new k8s.networking.v1.NetworkPolicy("b", policy("ml"));
            new k8s.core.v1.ConfigMap("c", {
                metadata: { name: "flow-web-wordpress-to-web-mariadb-in", namespace: "web" },
            });
            new k8s.core.v1.ConfigMapPatch("d", {
                metadata: { name: "flow-web-wordpress-to-web-mariadb-in", namespace: "web" },
            });
        });
        expect(duplicateObjects(resources)).toEqual([]);
    });

    it("finds none in either stack (the renders fail otherwise)", async () => {
        const { renderStack } = await import("../../tools/render/render");
        for (const stack of ["stage", "prod"]) {
            expect(duplicateObjects((await renderStack({ stack })).resources)).toEqual([]);
        }
    });
});
