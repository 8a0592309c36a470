import type { ClusterInventoryArgs } from "../../../components/cluster/inventory";
import { INVENTORY, readInventoryData } from "../../../contract/inventory";
import { capture, findResource, setBareMocks } from "../../helpers/capture";

const ARGS: ClusterInventoryArgs = {
    nodes: [{ name: "node1", ip: "10.0.0.21", role: "worker", schedulable: true, cpu: "16", memory: "64Gi", gpus: 0 }],
    capacity: { cpu: 16, memory: 64 * 2 ** 30, gpus: 0 },
    namespaces: ["web"],
    offline: true,
    networks: ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"],
};

describe("ClusterInventory", () => {
    it("publishes offline and the networks in kube-public, readable by the pack", async () => {
        const { ClusterInventory } = await import("../../../components/cluster/inventory");
        const { resources } = await capture(() => {
            new ClusterInventory("platform", ARGS);
        });
        const configMap = findResource(resources, INVENTORY.type, "platform-capacity").inputs as any;
        expect(configMap.metadata.namespace).toBe(INVENTORY.namespace);
        expect(readInventoryData(configMap.data)).toMatchObject({
            offline: true,
            networks: ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"],
        });
    });

    describe("argument checks", () => {
        beforeAll(async () => {
            await setBareMocks();
        });

        it("refuses networks that are not IPv4 CIDRs, naming each", async () => {
            const { ClusterInventory } = await import("../../../components/cluster/inventory");
            expect(
                () =>
                    new ClusterInventory("platform", { ...ARGS, networks: ["10.0.0.0/24", "10.0.0.1/24", "fd00::/8"] }),
            ).toThrow(
                "ClusterInventory platform: networks must be IPv4 CIDRs without host bits (a.b.c.d/n): 10.0.0.1/24, fd00::/8",
            );
        });

        it.each([
            "10.0.0.0/08",
            "010.0.0.0/8",
            "10.0.0.0",
            "10.0.0.0/33",
            "10.0.0.256/32",
            "10.0.0/24",
            " 10.0.0.0/8",
            "",
        ])("refuses %j", async (cidr) => {
            const { ClusterInventory } = await import("../../../components/cluster/inventory");
            expect(() => new ClusterInventory("platform", { ...ARGS, networks: [cidr] })).toThrow(
                `networks must be IPv4 CIDRs without host bits (a.b.c.d/n): ${cidr}`,
            );
        });

        it("accepts the whole address space and a single address", async () => {
            const { ClusterInventory } = await import("../../../components/cluster/inventory");
            expect(
                () => new ClusterInventory("platform", { ...ARGS, networks: ["0.0.0.0/0", "10.0.0.7/32"] }),
            ).not.toThrow();
        });
    });
});
