import { inventoryData, readInventoryData, type InventoryFacts } from "../../contract/inventory";

const FACTS: InventoryFacts = {
    nodes: [{ name: "gpu1", ip: "10.0.0.31", role: "worker", schedulable: true, cpu: "16", memory: "64Gi", gpus: 1 }],
    capacity: { cpu: 16, memory: 64 * 2 ** 30, gpus: 1 },
    registryMirror: "harbor.example.com/mirror",
    namespaces: ["web", "inference", "web"],
    offline: true,
    networks: ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"],
};

describe("inventoryData and readInventoryData", () => {
    it("publishes offline and the cluster's networks as ConfigMap text", () => {
        const data = inventoryData(FACTS);
        expect([data.offline, data.networks]).toEqual(["true", '["10.0.0.0/24","10.244.0.0/16","10.96.0.0/12"]']);
        expect(inventoryData({ ...FACTS, offline: false }).offline).toBe("false");
    });

    it("reads back every published fact", () => {
        expect(readInventoryData(inventoryData(FACTS))).toEqual({
            cpu: 16,
            memoryBytes: 64 * 2 ** 30,
            gpus: 1,
            nodes: [{ name: "gpu1", role: "worker", schedulable: true, cpu: "16", memory: "64Gi", gpus: 1 }],
            namespaces: ["inference", "web"],
            offline: true,
            networks: ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"],
            registryMirror: "harbor.example.com/mirror",
        });
    });

    it.each([
        ["missing", undefined],
        ["neither true nor false", "yes"],
        ["not text", true],
    ])("reads an offline flag that is %s as undefined", (_case, offline) => {
        const data: Record<string, unknown> = { ...inventoryData(FACTS), offline };
        expect(readInventoryData(data).offline).toBeUndefined();
    });

    it.each([
        ["missing", undefined],
        ["not JSON", "10.0.0.0/24"],
        ["not a list", '"10.0.0.0/24"'],
        ["a list with a non-string", '["10.0.0.0/24", 7]'],
        ["not text", ["10.0.0.0/24"]],
    ])("reads networks that are %s as undefined", (_case, networks) => {
        const data: Record<string, unknown> = { ...inventoryData(FACTS), networks };
        expect(readInventoryData(data).networks).toBeUndefined();
    });

    it("reads networks back as written, leaving the CIDRs to readers to check", () => {
        const networks = ["10.0.0.1/24", "fd00::/8", "", "10.0.0.0/24"];
        expect(readInventoryData(inventoryData({ ...FACTS, networks })).networks).toEqual(networks);
        expect(readInventoryData({ ...inventoryData(FACTS), networks: "[]" }).networks).toEqual([]);
    });
});
