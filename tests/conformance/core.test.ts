import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { validateCore } from "../../tools/validate/core";
import { validateObjects } from "../../tools/validate/validate";
import { deployment, lines, namespace, withField, type Obj } from "./fixtures";

function check(object: Obj): string[] {
    return lines(validateObjects([namespace("apps"), object], undefined));
}

describe("core kinds against kubernetes-models", () => {
    it("accepts the compliant Deployment fixture", () => {
        expect(check(deployment())).toEqual([]);
    });

    it("relies on its own check for unknown fields: kubernetes-models' validator alone accepts them", () => {
        const object = withField(deployment(), "spec.replica", 2);

        expect(() => new Deployment(object).validate()).not.toThrow();
        expect(validateCore(object)).toEqual([{ path: ["spec", "replica"], message: "unknown field" }]);
    });

    it("rejects an unknown field of a Deployment's spec", () => {
        expect(check(withField(deployment(), "spec.replica", 2))).toEqual([
            "apps/v1 Deployment apps/web: spec.replica: unknown field",
        ]);
    });

    it("rejects an unknown field deep inside the pod template", () => {
        const object = withField(deployment(), "spec.template.spec.containers.0.imagePullPolcy", "Always");

        expect(check(object)).toEqual([
            "apps/v1 Deployment apps/web: spec.template.spec.containers[0].imagePullPolcy: unknown field",
        ]);
    });

    it("rejects a string where the schema wants an integer", () => {
        expect(check(withField(deployment(), "spec.replicas", "2"))).toEqual([
            "apps/v1 Deployment apps/web: spec.replicas: must be of type integer, got string",
        ]);
    });

    it("names both types of an int-or-string port it rejects", () => {
        const object = withField(deployment(), "spec.strategy", { rollingUpdate: { maxSurge: true } });

        expect(check(object)).toEqual([
            "apps/v1 Deployment apps/web: spec.strategy.rollingUpdate.maxSurge: must be of type string or integer, got boolean",
        ]);
    });

    it("rejects a quantity that does not parse", () => {
        const object = withField(deployment(), "spec.template.spec.containers.0.resources", {
            limits: { cpu: "lots" },
        });

        expect(check(object)).toEqual([
            "apps/v1 Deployment apps/web: spec.template.spec.containers[0].resources.limits.cpu: must be a valid quantity",
        ]);
    });

    it("accepts a PriorityClass's description, a field kubernetes-models' schemas lose, and nothing else unknown there", () => {
        const priorityClass = {
            apiVersion: "scheduling.k8s.io/v1",
            kind: "PriorityClass",
            metadata: { name: "platform-critical", labels: { description: "label" } },
            value: 1_000_000,
            description: "Platform components.",
        };

        expect(check(priorityClass)).toEqual([]);
        expect(check(withField(priorityClass, "descripton", "typo"))).toEqual([
            "scheduling.k8s.io/v1 PriorityClass /platform-critical: descripton: unknown field",
        ]);
        expect(check(withField(priorityClass, "metadata.description", "misplaced"))).toEqual([
            "scheduling.k8s.io/v1 PriorityClass /platform-critical: metadata.description: unknown field",
        ]);
    });

    it("rejects a missing required field", () => {
        expect(check(withField(deployment(), "spec.selector", undefined))).toEqual([
            "apps/v1 Deployment apps/web: spec.selector: required value",
        ]);
    });

    it("accepts any keys in a map field (labels) and checks their values' type", () => {
        const object = withField(deployment(), "metadata.labels", { "app.kubernetes.io/name": 3, team: "web" });

        expect(check(object)).toEqual([
            "apps/v1 Deployment apps/web: metadata.labels[app.kubernetes.io/name]: must be of type string, got integer",
        ]);
    });

    it("does not judge values the render redacted", () => {
        const secret = {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "creds", namespace: "apps" },
            data: { token: "<redacted>" },
            stringData: { password: "<redacted>" },
        };

        expect(check(secret)).toEqual([]);
    });
});
