import { kubernetesAppsV1DeploymentDisallowDisruptiveRollout as policy } from "../../../../policy/rules/availability/kubernetes-apps-v1-deployment-disallow-disruptive-rollout";
import { messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, PREVIEW_UNKNOWN, replace, webDeployment, webHpa } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

type Props = Record<string, any>;

const REPLICAS = '3 replicas (minReplicas of HorizontalPodAutoscaler "apps/web")';

const withStrategy = (strategy: Props | undefined) =>
    replace(
        compliantStack(),
        change(webDeployment(), (p) => (p.spec.strategy = strategy)),
    );

describe("kubernetes-apps-v1-deployment-disallow-disruptive-rollout", () => {
    it("passes the compliant stack (maxUnavailable 0, maxSurge 1)", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("passes the API server's default strategy (25% / 25%)", async () => {
        expect(await messages(policy, withStrategy(undefined))).toEqual([]);
    });

    it("flags Recreate on a replicated Deployment, at the Deployment", async () => {
        const violations = await runPolicy(policy, withStrategy({ type: "Recreate" }));
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                `Deployment "apps/web" runs ${REPLICAS} with strategy Recreate: every rollout stops all of them before starting new ones`,
                webDeployment().urn,
            ],
        ]);
    });

    it("allows Recreate on a single replica", async () => {
        const stack = replace(
            withStrategy({ type: "Recreate" }),
            change(webHpa(), (p) => (p.spec.minReplicas = 1)),
        );
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("flags maxUnavailable 100%", async () => {
        expect(
            await messages(policy, withStrategy({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: "100%" } })),
        ).toEqual([
            `Deployment "apps/web" runs ${REPLICAS} with rollingUpdate.maxUnavailable 100% (3 pods): a rollout may stop all of them at once`,
        ]);
    });

    it("flags an integer maxUnavailable of at least the replicas", async () => {
        expect(await messages(policy, withStrategy({ rollingUpdate: { maxUnavailable: 3 } }))).toEqual([
            `Deployment "apps/web" runs ${REPLICAS} with rollingUpdate.maxUnavailable 3: a rollout may stop all of them at once`,
        ]);
    });

    it("rounds a maxUnavailable percentage down, as the deployment controller does", async () => {
        expect(await messages(policy, withStrategy({ rollingUpdate: { maxUnavailable: "99%" } }))).toEqual([]);
    });

    it("flags maxUnavailable and maxSurge both 0 as the API server does", async () => {
        expect(await messages(policy, withStrategy({ rollingUpdate: { maxUnavailable: 0, maxSurge: "0%" } }))).toEqual([
            'Deployment "apps/web": spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when maxSurge is 0',
        ]);
    });

    it("leaves a malformed maxUnavailable to the API server", async () => {
        expect(await messages(policy, withStrategy({ rollingUpdate: { maxUnavailable: "all" } }))).toEqual([]);
    });

    it("ignores StatefulSets", async () => {
        const stack = compliantStack().map((r) =>
            r.type === K8sType.statefulSet ? change(r, (p) => (p.spec.strategy = { type: "Recreate" })) : r,
        );
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("reports an unknown strategy at preview as advisory instead of crashing", async () => {
        const violations = await runPolicy(policy, withStrategy({ type: PREVIEW_UNKNOWN }));
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.strategy.type can't be known during preview",
            ],
        ]);
    });
});
