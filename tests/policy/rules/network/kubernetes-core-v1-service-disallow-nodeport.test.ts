import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { kubernetesCoreV1ServiceDisallowNodeport as policy } from "../../../../policy/rules/network/kubernetes-core-v1-service-disallow-nodeport";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, NS, service } from "./fixtures";

const web = () => [service(NS, "web", { type: "ClusterIP", ports: [{ name: "http", port: 80, targetPort: 8080 }] })];

describe("kubernetes-core-v1-service-disallow-nodeport", () => {
    it("passes a ClusterIP Service", async () => {
        expect(await messages(policy, web())).toEqual([]);
    });

    it("passes a Service that leaves the type to its ClusterIP default", async () => {
        const resources = change(web(), "web", (p) => {
            delete p.spec.type;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("flags a NodePort Service, as the seed exposed WordPress in prod", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.type = "NodePort";
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${NS}/web" is type NodePort, which opens a port on every node`,
        ]);
    });

    it("names the node ports a NodePort Service pins", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.type = "NodePort";
            p.spec.ports[0].nodePort = 30080;
        });
        expect(await messages(policy, resources)).toEqual([
            `Service "${NS}/web" is type NodePort (nodePort 30080), which opens a port on every node`,
        ]);
    });

    it("accepts NodePort when the profile sets allowNodePort", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.type = "NodePort";
        });
        expect(await messages(policy, resources, { allowNodePort: true })).toEqual([]);
    });

    it("reports that it cannot run when the type is unknown at preview", async () => {
        const resources = change(web(), "web", (p) => {
            p.spec.type = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("spec.type")]);
    });
});
