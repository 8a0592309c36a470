// "Nothing else reaches into monitoring": every NetworkPolicy that admits traffic into the monitoring namespace
// implements one of the observability area's flows, by the flow name its annotation carries, or KEDA's query of
// Prometheus where an inference service scales on its serving signal (stage).
import { FLOW_ANNOTATION } from "../../contract/labels";
import { renderStack } from "../../tools/render/render";
import { ofType } from "../helpers/capture";

/** The flows into monitoring: Prometheus's own scrapes, Grafana's and Alloy's reads, the Gateway and the API server. */
const INTO_MONITORING = [
    "alloy-cluster",
    "alloy-to-loki",
    "gateway-to-grafana",
    "grafana-to-alertmanager",
    "grafana-to-loki",
    "grafana-to-prometheus",
    "loki-self",
    "nodes-to-prometheus-operator-webhook",
    "prometheus-self",
    "prometheus-to-alertmanager",
    "prometheus-to-alloy",
    "prometheus-to-grafana",
    "prometheus-to-kube-state-metrics",
    "prometheus-to-loki",
    "prometheus-to-prometheus-operator",
];

describe.each([
    ["stage", [...INTO_MONITORING, "keda-operator-to-prometheus"]],
    // prod's Alloy tails the nodes' files from log-agents, where Prometheus scrapes it and no cluster forms.
    ["prod", INTO_MONITORING.filter((f) => !["alloy-cluster", "prometheus-to-alloy"].includes(f))],
])("the %s stack's ingress into monitoring", (stack, expected) => {
    it("is exactly the observability area's flows", async () => {
        const { resources } = await renderStack({ stack });
        const ingress = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .map((r) => r.inputs as any)
            .filter((p) => p.metadata.namespace === "monitoring" && (p.spec.policyTypes ?? []).includes("Ingress"))
            .filter((p) => (p.spec.ingress ?? []).length > 0);
        const flows = ingress.map((p) =>
            String(p.metadata.annotations?.[FLOW_ANNOTATION]).replace(/ \(ingress\)$/, ""),
        );
        expect([...new Set(flows)].sort()).toEqual([...expected].sort());
    });
});
