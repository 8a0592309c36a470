import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";

const AT = "platform:inference.services[0]";

describe("the inference services' scaler settings", () => {
    it("parse a scaler with the runtime's default target left to the runtime", () => {
        const raw = withChange("prod", (c) => {
            c.tenants.find((t: any) => t.name === "ml").quota.gpus = 2;
            c.inference.services[0].replicas = 1;
            c.inference.services[0].scaling = { maxReplicas: 2 };
        });
        expect(parsePlatformConfig(raw).inference!.services[0].scaling).toEqual({ maxReplicas: 2 });
    });

    it("refuses a scaler maximum above the GPU quota and the declared GPUs", () => {
        expect(
            problemsAfter("prod", (c) => {
                c.inference.services[0].scaling = { maxReplicas: 3 };
            }),
        ).toEqual([
            "platform:inference.services: the scaler maximum is above the GPUs: scaled out the services hold 3 (scaling.maxReplicas × gpusPerReplica), but cluster.nodes declare 2",
            "platform:inference.services: the scaler maximum is above the GPU quota: scaled out the services hold 3 GPUs (scaling.maxReplicas × gpusPerReplica), but the quota of tenant ml allows 2 (tenants[].quota.gpus)",
        ]);
    });

    it("refuses a maximum that is not above the floor, and a target that is not positive", () => {
        expect(problemsAfter("prod", (c) => (c.inference.services[0].scaling = { maxReplicas: 2 }))).toEqual([
            `${AT}.scaling.maxReplicas: 2 is not above replicas (2), the floor the scaler keeps`,
        ]);
        expect(
            problemsAfter("prod", (c) => (c.inference.services[0].scaling = { maxReplicas: 3, target: 0 })),
        ).toContain(`${AT}.scaling.target: Too small: expected number to be >0`);
        expect(problemsAfter("prod", (c) => (c.inference.services[0].scaling = { maxReplicas: 3, step: 1 }))).toEqual([
            expect.stringContaining(`${AT}.scaling: `),
        ]);
    });

    it("refuses a scaler without the platform's Prometheus to read", () => {
        expect(
            problemsAfter("prod", (c) => {
                delete c.observability;
                delete c.alertWebhookUrl;
                delete c.alertSmtpPassword;
                c.inference.services[0].replicas = 1;
                c.inference.services[0].scaling = { maxReplicas: 2 };
            }),
        ).toContain(
            `${AT}.scaling: needs platform:observability: the scaler reads the runtime's metrics from the platform's Prometheus`,
        );
    });

    it("stage parses as it stands", () => {
        expect(() => parsePlatformConfig(stackSections("stage"))).not.toThrow();
    });
});
