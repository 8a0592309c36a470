import { GatewayType } from "../../../../policy/lib/network-gateway";
import { kubernetesAutoscalingV2HorizontalpodautoscalerDisallowFixedReplicas as policy } from "../../../../policy/rules/availability/kubernetes-autoscaling-v2-horizontalpodautoscaler-disallow-fixed-replicas";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, kedaStack, NS, PREVIEW_UNKNOWN, webHpa, webScaledObject } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const fixed = (bounds: string) =>
    `HorizontalPodAutoscaler "${NS}/web" has ${bounds}: it can never scale, so its target always runs`;

const pinned = (min: number | undefined, max: number) =>
    change(webHpa(), (p) => {
        if (min === undefined) {
            delete p.spec.minReplicas;
        } else {
            p.spec.minReplicas = min;
        }
        p.spec.maxReplicas = max;
    });

const as = (resource: ReturnType<typeof webHpa>, type: string) => ({
    ...resource,
    type,
    urn: `${resource.urn}-${type}`,
});

const envoyProxy = (envoyHpa: Record<string, unknown>) =>
    fixture(GatewayType.envoyProxy, "shared-proxy", {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "EnvoyProxy",
        metadata: { name: "shared-proxy", namespace: "gateway-system" },
        spec: { provider: { type: "Kubernetes", kubernetes: { envoyHpa } } },
    });

describe("kubernetes-autoscaling-v2-horizontalpodautoscaler-disallow-fixed-replicas", () => {
    it("passes the compliant stack: an HPA that scales 3 to 10", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags an HPA whose maxReplicas equals minReplicas, at the HPA", async () => {
        const hpa = pinned(3, 3);
        const violations = await runPolicy(policy, [hpa]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [`${fixed("minReplicas 3 and maxReplicas 3")} 3 replicas while looking autoscaled`, hpa.urn],
        ]);
    });

    it("flags maxReplicas 1 with minReplicas left to its default of 1", async () => {
        expect(await messages(policy, [pinned(undefined, 1)])).toEqual([
            `${fixed("minReplicas 1 (not set) and maxReplicas 1")} 1 replica while looking autoscaled`,
        ]);
    });

    it("flags an autoscaling/v1 HPA the same way", async () => {
        expect(await messages(policy, [as(pinned(2, 2), K8sType.hpaV1)])).toEqual([
            `${fixed("minReplicas 2 and maxReplicas 2")} 2 replicas while looking autoscaled`,
        ]);
    });

    it("leaves invalid bounds to the min-replicas rule: no maxReplicas, or maxReplicas below minReplicas", async () => {
        const missing = change(webHpa(), (p) => {
            delete p.spec.maxReplicas;
        });
        expect(await messages(policy, [missing, pinned(3, 2)])).toEqual([]);
    });

    it("flags an EnvoyProxy envoyHpa pinned to one count, and passes one that scales", async () => {
        const resources = [envoyProxy({ minReplicas: 2, maxReplicas: 2 })];
        expect(await messages(policy, resources)).toEqual([
            'EnvoyProxy "gateway-system/shared-proxy" envoyHpa has minReplicas 2 and maxReplicas 2: it can never ' +
                "scale, so its target always runs 2 replicas while looking autoscaled",
        ]);
        expect(await messages(policy, [envoyProxy({ minReplicas: 2, maxReplicas: 4 })])).toEqual([]);
    });

    it("reports that it cannot run when maxReplicas is unknown at preview", async () => {
        const hpa = change(webHpa(), (p) => {
            p.spec.maxReplicas = PREVIEW_UNKNOWN;
        });
        const violations = await runPolicy(policy, [hpa]);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.maxReplicas can't be known during preview",
            ],
        ]);
    });

    it("passes a ScaledObject that scales 3 to 10", async () => {
        expect(await messages(policy, kedaStack())).toEqual([]);
    });

    it("flags a ScaledObject whose maxReplicaCount equals minReplicaCount, at the ScaledObject", async () => {
        const scaler = change(webScaledObject(), (p) => (p.spec.maxReplicaCount = 3));
        const violations = await runPolicy(policy, [scaler]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                `ScaledObject "${NS}/web" has minReplicaCount 3 and maxReplicaCount 3: it can never scale, so its ` +
                    "target always runs 3 replicas while looking autoscaled",
                scaler.urn,
            ],
        ]);
    });

    it("flags minReplicaCount 100 with maxReplicaCount left to KEDA's default of 100", async () => {
        const scaler = change(webScaledObject(), (p) => {
            p.spec.minReplicaCount = 100;
            delete p.spec.maxReplicaCount;
        });
        expect(await messages(policy, [scaler])).toEqual([
            `ScaledObject "${NS}/web" has minReplicaCount 100 and maxReplicaCount 100 (not set): it can never ` +
                "scale, so its target always runs 100 replicas while looking autoscaled",
        ]);
    });

    it("passes equal bounds with an idleReplicaCount: the target still moves between idle and minimum", async () => {
        const scaler = change(webScaledObject(), (p) => {
            p.spec.maxReplicaCount = 3;
            p.spec.idleReplicaCount = 0;
        });
        expect(await messages(policy, [scaler])).toEqual([]);
    });
});
