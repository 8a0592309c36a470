import { platformMissingPodDisruptionBudget as policy } from "../../../../policy/rules/availability/platform-missing-pod-disruption-budget";
import { messages, runPolicy } from "../../../helpers/policy";
import {
    change,
    compliantStack,
    kedaStack,
    PREVIEW_UNKNOWN,
    replace,
    webDeployment,
    webHpa,
    webPdb,
    webScaledObject,
    without,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const NO_BUDGET =
    'Deployment "apps/web" runs 3 replicas (minReplicas of HorizontalPodAutoscaler "apps/web") but no PodDisruptionBudget with a bound in namespace "apps" selects its pods';

const withSelector = (selector: unknown) =>
    replace(
        compliantStack(),
        change(webPdb(), (p) => (p.spec.selector = selector)),
    );

describe("platform-missing-pod-disruption-budget", () => {
    it("passes the compliant stack: every replicated workload has a budget", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags an HPA-scaled Deployment without a budget, at the Deployment", async () => {
        const violations = await runPolicy(policy, without(compliantStack(), K8sType.pdb, "web"));
        expect(violations.map((v) => [v.message, v.urn])).toEqual([[NO_BUDGET, webDeployment().urn]]);
    });

    it("flags a fixed 2-replica Deployment without a budget", async () => {
        const stack = without(without(compliantStack(), K8sType.pdb, "web"), K8sType.hpa, "web");
        const fixed = change(webDeployment(), (p) => (p.spec.replicas = 2));
        expect(await messages(policy, replace(stack, fixed))).toEqual([
            'Deployment "apps/web" runs 2 replicas (spec.replicas) but no PodDisruptionBudget with a bound in namespace "apps" selects its pods',
        ]);
    });

    it("flags a quorum StatefulSet without a budget", async () => {
        expect(await messages(policy, without(compliantStack(), K8sType.pdb, "db"))).toEqual([
            'StatefulSet "apps/db" runs 3 replicas (spec.replicas) but no PodDisruptionBudget with a bound in namespace "apps" selects its pods',
        ]);
    });

    it("does not count a budget with neither minAvailable nor maxUnavailable, which protects nothing", async () => {
        const noop = change(webPdb(), (p) => {
            delete p.spec.minAvailable;
            delete p.spec.maxUnavailable;
        });
        expect(await messages(policy, replace(compliantStack(), noop))).toEqual([
            `${NO_BUDGET} (PodDisruptionBudget "apps/web" set neither minAvailable nor maxUnavailable)`,
        ]);
    });

    it("does not require a budget for a single replica", async () => {
        const single = change(webHpa(), (p) => (p.spec.minReplicas = 1));
        const stack = replace(without(compliantStack(), K8sType.pdb, "web"), single);
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("does not count a budget in another namespace", async () => {
        expect(
            await messages(
                policy,
                replace(
                    compliantStack(),
                    change(webPdb(), (p) => (p.metadata.namespace = "other")),
                ),
            ),
        ).toEqual([NO_BUDGET]);
    });

    it("does not count a budget whose matchLabels the pod template lacks", async () => {
        expect(await messages(policy, withSelector({ matchLabels: { app: "web", tier: "backend" } }))).toEqual([
            NO_BUDGET,
        ]);
    });

    it("does not count a budget with a null selector, which selects no pods", async () => {
        expect(await messages(policy, withSelector(undefined))).toEqual([NO_BUDGET]);
    });

    it("counts a budget with an empty selector, which selects every pod in the namespace", async () => {
        expect(await messages(policy, withSelector({}))).toEqual([]);
    });

    it("evaluates matchExpressions: In, NotIn, Exists, DoesNotExist", async () => {
        const selects = {
            matchExpressions: [
                { key: "app", operator: "In", values: ["web", "api"] },
                { key: "tier", operator: "NotIn", values: ["backend"] },
                { key: "tier", operator: "Exists" },
                { key: "canary", operator: "DoesNotExist" },
            ],
        };
        expect(await messages(policy, withSelector(selects))).toEqual([]);
        for (const expression of [
            { key: "app", operator: "In", values: ["api"] },
            { key: "tier", operator: "NotIn", values: ["frontend"] },
            { key: "canary", operator: "Exists" },
            { key: "app", operator: "DoesNotExist" },
            { key: "app", operator: "Gt", values: ["1"] },
        ]) {
            expect(await messages(policy, withSelector({ matchExpressions: [expression] }))).toEqual([NO_BUDGET]);
        }
    });

    it("raises the threshold from config", async () => {
        const stack = without(compliantStack(), K8sType.pdb, "web");
        expect(await messages(policy, stack, { minReplicasForBudget: 4 })).toEqual([]);
    });

    it("reports an unknown budget selector at preview as advisory instead of crashing", async () => {
        const violations = await runPolicy(policy, withSelector({ matchLabels: PREVIEW_UNKNOWN }));
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.selector.matchLabels can't be known during preview",
            ],
        ]);
    });

    it("flags a ScaledObject-scaled Deployment without a budget, counting its minReplicaCount", async () => {
        expect(await messages(policy, without(kedaStack(), K8sType.pdb, "web"))).toEqual([
            'Deployment "apps/web" runs 3 replicas (minReplicaCount of ScaledObject "apps/web") but no ' +
                'PodDisruptionBudget with a bound in namespace "apps" selects its pods',
        ]);
    });

    it("needs no budget for a ScaledObject that may scale to zero (minReplicaCount not set)", async () => {
        const toZero = change(webScaledObject(), (p) => delete p.spec.minReplicaCount);
        expect(await messages(policy, replace(without(kedaStack(), K8sType.pdb, "web"), toZero))).toEqual([]);
    });
});
