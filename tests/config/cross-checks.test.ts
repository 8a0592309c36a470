import { AREAS } from "../../stacks/areas";
import { tenancyArea } from "../../stacks/areas/tenancy";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { problemsAfter, stackSections, withChange } from "./cases";
import { PLANNED_PLATFORM_NAMESPACES } from "../../contract/namespaces";

// Stage: nodeSubnet 192.168.56.0/24, control1 .11 (also the API VIP), workers node1-3 .21-.23 (2 cores, 2560Mi)
// and gpu1 .31 (4 cores, 16Gi, 1 GPU): schedulable capacity 10 cores, 24064Mi, 1 GPU. Tenants web (Day 5
// defaults: 4 cores, 8Gi) and ml (4 cores, 12Gi, 1 GPU). Prod: 3 control planes, API VIP 10.0.0.10, and room
// for one more Day 5 tenant. Cases add a tenant rather than rename one, as network.flows name the tenants.
const STAGE_ON = "schedulable nodes (node1, node2, node3, gpu1)";

describe("cluster networks", () => {
    it("rejects a podCidr that overlaps the nodeSubnet", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.podCidr = "192.168.0.0/16"))).toEqual([
            "platform:cluster.podCidr: 192.168.0.0/16 overlaps nodeSubnet 192.168.56.0/24",
        ]);
    });

    it("rejects a serviceCidr that overlaps the nodeSubnet", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.serviceCidr = "192.168.56.128/25"))).toEqual([
            "platform:cluster.serviceCidr: 192.168.56.128/25 overlaps nodeSubnet 192.168.56.0/24",
        ]);
    });

    it("rejects a serviceCidr that overlaps the podCidr", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.serviceCidr = "10.233.64.0/20"))).toEqual([
            "platform:cluster.serviceCidr: 10.233.64.0/20 overlaps podCidr 10.233.64.0/18",
        ]);
    });

    it("accepts adjacent networks that share no address", () => {
        const raw = withChange("stage", (c) => (c.cluster.serviceCidr = "10.233.128.0/18"));
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });
});

describe("cluster nodes and API VIP", () => {
    it("rejects a node address outside the nodeSubnet", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[2].ip = "192.168.57.22"))).toEqual([
            "platform:cluster.nodes[2].ip: 192.168.57.22 is outside nodeSubnet 192.168.56.0/24",
        ]);
    });

    it("rejects a duplicate node name at the later index", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[2].name = "node1"))).toEqual([
            "platform:cluster.nodes[2].name: duplicate node name node1 (also at index 1)",
        ]);
    });

    it("rejects a duplicate node address at the later index", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[2].ip = "192.168.56.21"))).toEqual([
            "platform:cluster.nodes[2].ip: duplicate node address 192.168.56.21 (also at index 1)",
        ]);
    });

    it("rejects an API VIP outside the nodeSubnet", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.apiVip = "192.168.57.11"))).toEqual([
            "platform:cluster.apiVip: 192.168.57.11 is outside nodeSubnet 192.168.56.0/24",
        ]);
    });

    it("rejects a cluster without a control-plane node", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[0].role = "worker"))).toEqual([
            "platform:cluster.nodes: declares no control-plane node",
        ]);
    });

    it("rejects an API VIP that is a node's address when there are several control planes", () => {
        expect(problemsAfter("prod", (c) => (c.cluster.apiVip = "10.0.0.12"))).toEqual([
            "platform:cluster.apiVip: 10.0.0.12 is node cp2's address; with 3 control planes the VIP must be a free address",
        ]);
    });

    it("accepts the single control plane's own address as the API VIP (stage)", () => {
        const config = parsePlatformConfig(withChange("stage", () => undefined));
        expect(config.cluster.apiVip).toBe(config.cluster.nodes[0].ip);
    });
});

describe("MetalLB pools", () => {
    it("rejects a pool range outside the nodeSubnet (the issue's example)", () => {
        const change = (c: Record<string, any>) =>
            c.network.lbPools[0].addresses.unshift("192.168.57.10-192.168.57.20");
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.lbPools[0].addresses[0]: 192.168.57.10-192.168.57.20 is outside nodeSubnet 192.168.56.0/24",
        ]);
    });

    it("rejects a pool CIDR wider than the nodeSubnet, naming every reserved address it covers", () => {
        expect(problemsAfter("prod", (c) => (c.network.lbPools[0].addresses = ["10.0.0.0/23"]))).toEqual([
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 is outside nodeSubnet 10.0.0.0/24",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node cp1's address 10.0.0.11",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node cp2's address 10.0.0.12",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node cp3's address 10.0.0.13",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node data1's address 10.0.0.21",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node data2's address 10.0.0.22",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node data3's address 10.0.0.23",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node gpu1's address 10.0.0.31",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains node gpu2's address 10.0.0.32",
            "platform:network.lbPools[0].addresses[0]: 10.0.0.0/23 contains the API VIP 10.0.0.10",
        ]);
    });

    it("rejects ranges that overlap within one pool", () => {
        const change = (c: Record<string, any>) => c.network.lbPools[0].addresses.push("192.168.56.205-192.168.56.215");
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.lbPools[0].addresses[1]: 192.168.56.205-192.168.56.215 overlaps 192.168.56.200-192.168.56.209",
        ]);
    });

    it("rejects ranges that overlap across pools", () => {
        const change = (c: Record<string, any>) =>
            c.network.lbPools.push({ name: "extra", addresses: ["192.168.56.208/29"] });
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.lbPools[1].addresses[0]: 192.168.56.208/29 overlaps 192.168.56.200-192.168.56.209",
        ]);
    });

    it("rejects a pool that contains a node's address", () => {
        const change = (c: Record<string, any>) =>
            c.network.lbPools[0].addresses.unshift("192.168.56.30-192.168.56.39");
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.lbPools[0].addresses[0]: 192.168.56.30-192.168.56.39 contains node gpu1's address 192.168.56.31",
        ]);
    });

    it("rejects a pool that contains the API VIP", () => {
        const change = (c: Record<string, any>) => c.network.lbPools[0].addresses.unshift("10.0.0.1-10.0.0.10");
        expect(problemsAfter("prod", change)).toEqual([
            "platform:network.lbPools[0].addresses[0]: 10.0.0.1-10.0.0.10 contains the API VIP 10.0.0.10",
        ]);
    });

    it("rejects duplicate pool names at the later index", () => {
        const change = (c: Record<string, any>) =>
            c.network.lbPools.push({ name: "default", addresses: ["192.168.56.210-192.168.56.219"] });
        expect(problemsAfter("stage", change)).toEqual([
            "platform:network.lbPools[1].name: duplicate pool name default (also at index 0)",
        ]);
    });
});

describe("tenants", () => {
    it("rejects a duplicate tenant name at the later index", () => {
        expect(problemsAfter("prod", (c) => c.tenants.push({ name: "web" }))).toEqual([
            "platform:tenants[3].name: duplicate tenant web (also at index 0)",
        ]);
    });

    it.each(["default", "kube-system", "kube-public", "kube-node-lease", "kube-anything"])(
        "rejects the reserved namespace %s as a tenant",
        (name) => {
            expect(problemsAfter("prod", (c) => c.tenants.push({ name }))).toEqual([
                `platform:tenants[3].name: ${name} is a reserved namespace`,
            ]);
        },
    );

    // Every namespace another area manages, read from the areas themselves: a new area's namespaces join the list.
    const PLATFORM_NAMESPACES = AREAS.filter((area) => area.name !== tenancyArea.name).flatMap((area) =>
        area.namespaces(parsePlatformConfig(stackSections("prod"))).map((ns) => [ns, area.name]),
    );

    it.each(PLATFORM_NAMESPACES)(
        "rejects %s, which the %s area manages, as a tenant (even privileged)",
        (name, area) => {
            expect(problemsAfter("prod", (c) => c.tenants.push({ name, podSecurity: "privileged" }))).toEqual([
                `platform:tenants[3].name: ${name} is a namespace the ${area} area manages; a tenant may not take it`,
            ]);
        },
    );

    // Those no area manages in stage (prod, with Longhorn, manages them all; a managed one is reported as the
    // area's, above).
    const STAGE_MANAGED = AREAS.flatMap((area) => area.namespaces(parsePlatformConfig(stackSections("stage"))));
    const RESERVED = PLANNED_PLATFORM_NAMESPACES.filter((ns) => !STAGE_MANAGED.includes(ns));

    it.each(RESERVED)("rejects %s, reserved for a platform area, as a tenant", (name) => {
        // A small quota, so the lab's capacity check stays quiet.
        const quota = { requestsCpu: "100m", requestsMemory: "128Mi" };
        expect(problemsAfter("stage", (c) => c.tenants.push({ name, podSecurity: "privileged", quota }))).toEqual([
            `platform:tenants[2].name: ${name} is reserved for a platform area (storage, observability or inference); a tenant may not take it`,
        ]);
    });

    it("rejects a LimitRange min above defaultRequest", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].limits = { min: { cpu: "1", memory: "128Mi" } }))).toEqual([
            "platform:tenants[0].limits.defaultRequest.cpu: 200m is below limits.min.cpu 1",
        ]);
    });

    it("rejects a LimitRange defaultRequest above default", () => {
        const change = (c: Record<string, any>) =>
            (c.tenants[0].limits = { defaultRequest: { cpu: "200m", memory: "2Gi" } });
        expect(problemsAfter("stage", change)).toEqual([
            "platform:tenants[0].limits.default.memory: 1Gi is below limits.defaultRequest.memory 2Gi",
        ]);
    });

    it("rejects a LimitRange default above max", () => {
        const change = (c: Record<string, any>) => (c.tenants[0].limits = { default: { cpu: "3", memory: "1Gi" } });
        expect(problemsAfter("stage", change)).toEqual([
            "platform:tenants[0].limits.max.cpu: 2 is below limits.default.cpu 3",
        ]);
    });

    it("rejects quota requests.cpu above limits.cpu", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { limitsCpu: "2" }))).toEqual([
            "platform:tenants[0].quota.requestsCpu: 4 is above quota.limitsCpu 2",
        ]);
    });

    it("rejects quota requests.memory above limits.memory", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { limitsMemory: "4Gi" }))).toEqual([
            "platform:tenants[0].quota.requestsMemory: 8Gi is above quota.limitsMemory 4Gi",
        ]);
    });
});

describe("tenant quotas against declared capacity", () => {
    // Stage's one T4 is time-sliced in two (cluster.gpuTimeSlicing), so it counts as 2.
    it("rejects one tenant's GPU quota above the cluster's GPUs (and so the sum)", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[1].quota.gpus = 3))).toEqual([
            `platform:tenants[1].quota.gpus: 3 exceeds the 2 GPUs of ${STAGE_ON}`,
            `platform:tenants: sum of quota.gpus (3) exceeds the 2 GPUs of ${STAGE_ON}`,
        ]);
    });

    it("rejects GPU quotas that fit one by one but not together", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { gpus: 1 }))).toEqual([
            `platform:tenants: sum of quota.gpus (3) exceeds the 2 GPUs of ${STAGE_ON}`,
        ]);
    });

    it("rejects requests.cpu quotas summing above schedulable cores, in millicores", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { requestsCpu: "6500m" }))).toEqual([
            `platform:tenants: sum of quota.requestsCpu (10500m) exceeds the 10 cpu of ${STAGE_ON}`,
        ]);
    });

    it("rejects requests.memory quotas summing above schedulable memory", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { requestsMemory: "14Gi" }))).toEqual([
            `platform:tenants: sum of quota.requestsMemory (24Gi) exceeds the 24064Mi memory of ${STAGE_ON}`,
        ]);
    });

    it("does not count control planes unless marked schedulable", () => {
        const raw = withChange("stage", (c) => {
            c.tenants[0].quota = { requestsCpu: "6", limitsCpu: "8" };
            c.cluster.nodes[0].schedulable = true;
        });
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });

    it("names no nodes when none is schedulable", () => {
        const change = (c: Record<string, any>) =>
            c.cluster.nodes.forEach((n: Record<string, unknown>) => (n.schedulable = false));
        expect(problemsAfter("stage", change)).toEqual([
            "platform:tenants[1].quota.gpus: 2 exceeds the 0 GPUs of schedulable nodes (none)",
            "platform:tenants: sum of quota.requestsCpu (8) exceeds the 0 cpu of schedulable nodes (none)",
            "platform:tenants: sum of quota.requestsMemory (18Gi) exceeds the 0 memory of schedulable nodes (none)",
            "platform:tenants: sum of quota.gpus (2) exceeds the 0 GPUs of schedulable nodes (none)",
        ]);
    });

    // Float sums of millicore quotas (1300m + 8700m) must not read as more than the 10 schedulable cores.
    it("accepts requests.cpu quotas that sum to exactly the schedulable cores", () => {
        const raw = withChange("stage", (c) => {
            c.tenants[0].quota = { requestsCpu: "1300m" };
            c.tenants[1].quota.requestsCpu = "8700m";
            c.tenants[1].quota.limitsCpu = "9";
        });
        expect(() => parsePlatformConfig(raw)).not.toThrow();
    });
});

describe("registry", () => {
    it("requires a mirror when the registry is offline", () => {
        expect(problemsAfter("stage", (c) => (c.registry = { offline: true }))).toEqual([
            "platform:registry.mirror: is required when registry.offline is true",
        ]);
    });

    it("accepts an offline registry with a mirror", () => {
        const registry = { mirror: "harbor.lab:5000/mirror", offline: true };
        expect(parsePlatformConfig(withChange("stage", (c) => (c.registry = registry))).registry).toEqual(registry);
    });
});
