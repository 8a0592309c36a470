import { ConfigError } from "../../stacks/config/errors";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { sectionSchemas } from "../../stacks/config/schema";
import { configError, problemsAfter, withChange, type RawConfig } from "./cases";

const NOT_IP = (v: string) => `"${v}" is not an IPv4 address`;
const NOT_CIDR = (v: string) => `"${v}" is not an IPv4 CIDR with its network address (e.g. 10.0.0.0/24)`;
const NOT_RANGE = (v: string) => `"${v}" is not an IPv4 range (first-last, first ≤ last) or CIDR`;
const NOT_QUANTITY = "must be a Kubernetes quantity such as 500m, 2 or 4Gi";
const NOT_LABEL = "must be a DNS label: lowercase letters, digits and '-', at most 63 characters";
const SECTIONS = Object.keys(sectionSchemas).join(", ");

describe("IPv4 addresses", () => {
    it.each(["192.168.56.300", "192.168.56", "192.168.056.21", "node1.lab", "::1"])(
        "rejects the node address %j",
        (ip) => {
            expect(problemsAfter("stage", (c) => (c.cluster.nodes[1].ip = ip))).toEqual([
                `platform:cluster.nodes[1].ip: ${NOT_IP(ip)}`,
            ]);
        },
    );

    it("rejects a malformed API VIP", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.apiVip = "10.0.0"))).toEqual([
            `platform:cluster.apiVip: ${NOT_IP("10.0.0")}`,
        ]);
    });
});

describe("CIDRs", () => {
    it.each(["10.233.64.0/33", "10.233.64.0", "10.233.64.0/18/1", "10.233.64.0/x", "10.233.64.0/-1"])(
        "rejects the podCidr %j",
        (cidr) => {
            expect(problemsAfter("stage", (c) => (c.cluster.podCidr = cidr))).toEqual([
                `platform:cluster.podCidr: ${NOT_CIDR(cidr)}`,
            ]);
        },
    );

    it("rejects a CIDR with host bits set", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodeSubnet = "192.168.56.1/24"))).toEqual([
            `platform:cluster.nodeSubnet: ${NOT_CIDR("192.168.56.1/24")}`,
        ]);
    });
});

describe("address ranges", () => {
    it.each([
        "192.168.56.209-192.168.56.200",
        "192.168.56.200-",
        "192.168.56.200",
        "192.168.56.200-192.168.56.205-192.168.56.209",
        "192.168.56.200/28",
    ])("rejects the pool entry %j", (range) => {
        expect(problemsAfter("stage", (c) => (c.network.lbPools[0].addresses = [range]))).toEqual([
            `platform:network.lbPools[0].addresses[0]: ${NOT_RANGE(range)}`,
        ]);
    });

    it("accepts a single-address range and a CIDR", () => {
        const raw = withChange("stage", (c) => {
            c.network.lbPools[0].addresses = ["192.168.56.200-192.168.56.200", "192.168.56.208/29"];
        });
        expect(parsePlatformConfig(raw).network.lbPools[0].addresses).toHaveLength(2);
    });
});

describe("quantities", () => {
    it.each(["2cores", "4GB", "-1", "", "1.2.3", "Gi"])("rejects the cpu %j", (cpu) => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[1].cpu = cpu))).toEqual([
            `platform:cluster.nodes[1].cpu: ${NOT_QUANTITY}`,
        ]);
    });

    it("rejects a negative number", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { requestsStorage: -5 }))).toEqual([
            `platform:tenants[0].quota.requestsStorage: ${NOT_QUANTITY}`,
        ]);
    });

    it("normalises a YAML number to the quantity string", () => {
        const config = parsePlatformConfig(withChange("stage", (c) => (c.cluster.nodes[1].cpu = 2)));
        expect(config.cluster.nodes[1].cpu).toBe("2");
    });

    it("rejects a fractional or negative GPU count", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[4].gpus = 1.5))).toEqual([
            "platform:cluster.nodes[4].gpus: Invalid input: expected int, received number",
        ]);
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[4].gpus = -1))).toEqual([
            "platform:cluster.nodes[4].gpus: Too small: expected number to be >=0",
        ]);
    });
});

describe("DNS names and labels", () => {
    it.each(["Web", "web_app", "-web", "web-", "a".repeat(64), ""])("rejects the tenant name %j", (name) => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].name = name))).toEqual([
            `platform:tenants[0].name: ${NOT_LABEL}`,
        ]);
    });

    it("accepts a 63-character tenant name", () => {
        const name = "a".repeat(63);
        expect(parsePlatformConfig(withChange("prod", (c) => c.tenants.push({ name }))).tenants[3].name).toBe(name);
    });

    it("rejects a domain that is not a DNS name", () => {
        expect(problemsAfter("stage", (c) => (c.tls.domain = "Bad_Domain"))).toEqual([
            'platform:tls.domain: "Bad_Domain" is not a DNS name',
        ]);
    });

    it("rejects a registry mirror written as a URL", () => {
        expect(problemsAfter("prod", (c) => (c.registry.mirror = "https://harbor.example.com"))).toEqual([
            "platform:registry.mirror: must be a registry host with optional :port and /path, without a scheme",
        ]);
    });
});

describe("enumerations", () => {
    it("rejects an unknown node role, TLS mode and Pod Security level", () => {
        const raw = withChange("stage", (c) => {
            c.cluster.nodes[0].role = "master";
            c.tls.mode = "letsencrypt";
            c.tenants[0].podSecurity = "open";
        });
        expect(configError(raw).issues.map((i) => i.path)).toEqual([
            ["cluster", "nodes", 0, "role"],
            ["tenants", 0, "podSecurity"],
            ["tls", "mode"],
        ]);
    });
});

describe("unknown keys", () => {
    it("rejects an unknown key inside a node", () => {
        expect(problemsAfter("stage", (c) => (c.cluster.nodes[0].zone = "a"))).toEqual([
            'platform:cluster.nodes[0]: Unrecognized key: "zone"',
        ]);
    });

    it("rejects an unknown key inside a section", () => {
        expect(problemsAfter("stage", (c) => (c.tls.issuer = "letsencrypt"))).toEqual([
            'platform:tls: Unrecognized key: "issuer"',
        ]);
    });

    it("rejects an unknown key inside a tenant's quota", () => {
        expect(problemsAfter("stage", (c) => (c.tenants[0].quota = { cpu: "4" }))).toEqual([
            'platform:tenants[0].quota: Unrecognized key: "cpu"',
        ]);
    });

    it("rejects an unknown top-level section and lists the known ones", () => {
        expect(problemsAfter("stage", (c) => (c.clusters = c.cluster))).toEqual([
            `platform:clusters: unknown config key; known keys are ${SECTIONS}`,
        ]);
    });
});

describe("sections", () => {
    it.each(["cluster", "network", "tls"])("requires the %s section", (section) => {
        expect(problemsAfter("stage", (c) => delete c[section])).toEqual([
            `platform:${section}: Invalid input: expected object, received undefined`,
        ]);
    });

    it("defaults the optional registry and tenants sections", () => {
        const raw = withChange("stage", (c) => {
            delete c.registry;
            delete c.tenants;
            delete c.network.flows; // they name tenants
            delete c.data; // its database and cache run in a tenant's namespace
            delete c.apps; // and so does WordPress
            delete c.inference; // and the inference services
        });
        const config = parsePlatformConfig(raw);
        expect([config.registry, config.tenants]).toEqual([{ offline: false }, []]);
    });

    it("rejects a section of the wrong type", () => {
        expect(problemsAfter("stage", (c) => (c.network = "192.168.56.200-192.168.56.209"))).toEqual([
            "platform:network: Invalid input: expected object, received string",
        ]);
        expect(problemsAfter("stage", (c) => (c.tenants = null))).toEqual([
            "platform:tenants: Invalid input: expected array, received null",
        ]);
    });
});

describe("ConfigError", () => {
    const several = (c: RawConfig) => {
        c.extra = true;
        c.tls.domain = "Bad_Domain";
        c.network.lbPools[0].addresses.unshift("192.168.57.10-192.168.57.20");
        c.tenants[1].limits = { min: { cpu: "1", memory: "128Mi" } };
    };

    it("lists every problem, unknown keys first, then each section's fields, then cross-field checks in area order", () => {
        const e = configError(withChange("stage", several));
        expect(e).toBeInstanceOf(ConfigError);
        expect(e.name).toBe("ConfigError");
        expect(e.message).toBe(
            [
                "invalid platform config (4 problems):",
                `  platform:extra: unknown config key; known keys are ${SECTIONS}`,
                '  platform:tls.domain: "Bad_Domain" is not a DNS name',
                "  platform:tenants[1].limits.defaultRequest.cpu: 200m is below limits.min.cpu 1",
                "  platform:network.lbPools[0].addresses[0]: 192.168.57.10-192.168.57.20 is outside nodeSubnet 192.168.56.0/24",
            ].join("\n"),
        );
    });

    it("carries each issue's path, section first, array indices as numbers", () => {
        expect(configError(withChange("stage", several)).issues).toEqual([
            { path: ["extra"], message: `unknown config key; known keys are ${SECTIONS}` },
            { path: ["tls", "domain"], message: '"Bad_Domain" is not a DNS name' },
            { path: ["tenants", 1, "limits", "defaultRequest", "cpu"], message: "200m is below limits.min.cpu 1" },
            {
                path: ["network", "lbPools", 0, "addresses", 0],
                message: "192.168.57.10-192.168.57.20 is outside nodeSubnet 192.168.56.0/24",
            },
        ]);
    });

    it("says 1 problem in the singular", () => {
        const e = configError(withChange("stage", (c) => (c.registry.offline = true)));
        expect(e.message).toBe(
            "invalid platform config (1 problem):\n  platform:registry.mirror: is required when registry.offline is true",
        );
    });

    it("still runs the checks of sections that parsed when another section is invalid", () => {
        const raw = withChange("stage", (c) => {
            c.tls.mode = "letsencrypt";
            c.tenants[1].quota.limitsCpu = "2";
        });
        expect(configError(raw).issues.map((i) => i.path)).toEqual([
            ["tls", "mode"],
            ["tenants", 1, "quota", "requestsCpu"],
        ]);
    });

    it("skips the pool checks while the cluster they depend on is invalid", () => {
        const raw = withChange("stage", (c) => {
            c.cluster.nodeSubnet = "192.168.56.0";
            c.network.lbPools[0].addresses = ["192.168.57.10-192.168.57.20"];
        });
        expect(configError(raw).issues.map((i) => i.path)).toEqual([["cluster", "nodeSubnet"]]);
    });
});
