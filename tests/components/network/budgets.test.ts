import { certManagerValues } from "../../../components/network/cert-manager-manifests";
import { envoyGatewayValues } from "../../../components/network/gateway-manifests";
import { metallbValues } from "../../../components/network/metallb-manifests";
import { metallbBudget, SYSTEM_BUDGETS } from "../../../components/network/namespaces";
import { parseQuantity } from "../../../contract/quantity";
import { CHARTS, type ChartPin } from "../../../contract/versions";
import { at, running } from "./chart-values";

describe("system namespace budgets", () => {
    /**
     * Millicores and MiB the running containers of a chart request on `nodes` nodes, with one surge pod for each
     * container named in `surge` (a Deployment's rolling update; Jobs and DaemonSets have none).
     */
    function requested(
        pin: ChartPin,
        values: unknown,
        nodes: number,
        surge: readonly string[],
    ): { cpu: number; memory: number } {
        const sum = { cpu: 0, memory: 0 };
        for (const c of running(pin, values)) {
            const copies =
                "perNode" in c.replicas
                    ? nodes
                    : ("fixed" in c.replicas ? c.replicas.fixed : c.replicas.default) +
                      (surge.includes(c.name) ? 1 : 0);
            sum.cpu += copies * (parseQuantity(String(at(values, `${c.resources}.requests.cpu`))) ?? NaN) * 1000;
            sum.memory +=
                (copies * (parseQuantity(String(at(values, `${c.resources}.requests.memory`))) ?? NaN)) / 2 ** 20;
        }
        return { cpu: Math.round(sum.cpu), memory: Math.round(sum.memory) };
    }

    it("size metallb-system to the declared containers: a speaker per node, frr-k8s beside it in BGP mode", () => {
        expect(metallbBudget(5, false).quota).toMatchObject({ requestsCpu: "70m", requestsMemory: "448Mi", pods: 9 });
        expect(metallbBudget(7, true).quota).toMatchObject({
            requestsCpu: "530m",
            requestsMemory: "2272Mi",
            // A speaker and an frr-k8s pod on every node.
            pods: 18,
        });
        // Every Deployment with a surge pod; the budget is exactly that, not rounded up.
        for (const [nodes, bgp] of [
            [5, false],
            [7, true],
        ] as const) {
            const need = requested(CHARTS.metallb, metallbValues({ bgp }), nodes, [
                "controller",
                "frr-k8s-statuscleaner",
            ]);
            const { quota } = metallbBudget(nodes, bgp);
            expect([quota.requestsCpu, quota.requestsMemory]).toEqual([`${need.cpu}m`, `${need.memory}Mi`]);
        }
    });

    it("cover cert-manager's and Envoy Gateway's declared containers with a surge pod each", () => {
        const certManager = requested(CHARTS.certManager, certManagerValues(), 0, [
            "controller",
            "webhook",
            "cainjector",
        ]);
        expect(certManager).toEqual({ cpu: 70, memory: 352 });
        expect(SYSTEM_BUDGETS["cert-manager"].quota).toMatchObject({ requestsCpu: "70m", requestsMemory: "352Mi" });
        const controller = requested(CHARTS.envoyGateway, envoyGatewayValues(), 0, ["envoy-gateway"]);
        // Plus the proxies (two and a surge pod, each with Envoy Gateway's 10m / 32Mi shutdown manager).
        expect(controller.cpu + 3 * 110).toBeLessThanOrEqual(550);
        expect(controller.memory + 3 * 160).toBeLessThanOrEqual(1024);
    });

    it("keep every system namespace's requests small and its GPU quota at zero", () => {
        for (const { quota } of [...Object.values(SYSTEM_BUDGETS), metallbBudget(8, false)]) {
            expect(quota.gpus).toBe(0);
            expect(quota.persistentVolumeClaims).toBe(0);
        }
        expect(SYSTEM_BUDGETS["envoy-gateway-system"].quota).toMatchObject({
            requestsCpu: "550m",
            requestsMemory: "1Gi",
        });
    });
});
