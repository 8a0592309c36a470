import { INVENTORY, readInventoryData } from "../../contract/inventory";
import { reachableNetworks } from "../../policy/lib/network-model-sources";
import { clusterArea } from "../../stacks/areas/cluster";
import { parsePlatformConfig } from "../../stacks/config/loader";
import { platformTelemetry } from "../../stacks/platform";
import { withChange, type RawConfig } from "../config/cases";
import { capture, findResource } from "../helpers/capture";

/** The inventory the cluster area publishes for a stack file with one change. */
async function published(stack: string, change: (raw: RawConfig) => void = () => {}) {
    const config = parsePlatformConfig(withChange(stack, change));
    const { resources } = await capture(() => {
        clusterArea.wire(config, {
            refs: {},
            telemetry: platformTelemetry(config),
            managedNamespaces: ["web"],
            tenantLabels: new Map(),
        });
    });
    return readInventoryData((findResource(resources, INVENTORY.type, "platform-capacity").inputs as any).data);
}

describe("the cluster area's inventory", () => {
    it("publishes prod's node subnet, pod and service networks, online as its stack file says", async () => {
        expect(await published("prod")).toMatchObject({
            offline: false,
            networks: ["10.0.0.0/24", "10.244.0.0/16", "10.96.0.0/12"],
        });
    });

    it("publishes registry.offline", async () => {
        // An offline prod also needs the internal CA: the ACME servers are out of reach.
        const inventory = await published("prod", (raw) => {
            raw.registry.offline = true;
            raw.tls.mode = "internal-ca";
            raw.tls.acme = {};
            delete raw.dns01Credentials;
        });
        expect(inventory.offline).toBe(true);
    });

    it("publishes stage's lab networks", async () => {
        expect((await published("stage")).networks).toEqual(["192.168.56.0/24", "10.233.64.0/18", "10.233.0.0/18"]);
    });

    it.each(["prod", "stage"])("publishes %s's networks as CIDRs the policy pack accepts", async (stack) => {
        const { networks } = await published(stack);
        expect(networks).toHaveLength(3);
        expect(reachableNetworks(networks)).toEqual(networks);
    });
});
