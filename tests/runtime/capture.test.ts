import * as k8s from "@pulumi/kubernetes";
import { capture } from "../helpers/capture";

describe("runProgram", () => {
    it("fails, naming the URN, when two resources share a type, name and parent, as the engine does", async () => {
        const twice = () => {
            for (let i = 0; i < 2; i++) {
                new k8s.core.v1.ConfigMap("settings", { metadata: { name: `settings-${i}` } });
            }
        };
        await expect(capture(twice)).rejects.toThrow(
            "duplicate resource URN (two resources of one type and name under one parent):\n  urn:pulumi:test::platform::pulumi:pulumi:Stack$kubernetes:core/v1:ConfigMap::settings",
        );
    });

    it("captures distinct resources", async () => {
        const { resources } = await capture(() => {
            new k8s.core.v1.ConfigMap("a", {});
            new k8s.core.v1.ConfigMap("b", {});
        });
        expect(resources.map((r) => r.name)).toEqual(["a", "b", "platform-test"]);
    });
});
