import { kubernetesAppsV1DeploymentDisallowStaticReplicas as policy } from "../../../../policy/rules/availability/kubernetes-apps-v1-deployment-disallow-static-replicas";
import { messages, runPolicy } from "../../../helpers/policy";
import {
    change,
    compliantStack,
    kedaStack,
    PREVIEW_UNKNOWN,
    quorumStatefulSet,
    replace,
    webDeployment,
    webHpa,
    webScaledObject,
} from "./fixtures";

const CONFLICT = "every update resets the count the HPA chose (a server-side apply conflict on spec.replicas)";

const withReplicas = (replicas: unknown) =>
    replace(
        compliantStack(),
        change(webDeployment(), (p) => (p.spec.replicas = replicas)),
    );

describe("kubernetes-apps-v1-deployment-disallow-static-replicas", () => {
    it("passes the compliant stack: the HPA-scaled Deployment sets no spec.replicas", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags the seed's HPA plus fixed replicas: a Deployment with replicas set while an HPA targets it", async () => {
        const violations = await runPolicy(policy, withReplicas(3));
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                `Deployment "apps/web" sets spec.replicas 3 while HorizontalPodAutoscaler "apps/web" scales it: ${CONFLICT}`,
                webDeployment().urn,
            ],
        ]);
    });

    it("flags spec.replicas even when ignoreChanges covers it (the remediation explains the transition)", async () => {
        const ignored = { ...withReplicas(3)[0], options: { protect: false, ignoreChanges: ["spec.replicas"] } };
        expect(await messages(policy, replace(withReplicas(3), ignored))).toEqual([
            `Deployment "apps/web" sets spec.replicas 3 while HorizontalPodAutoscaler "apps/web" scales it: ${CONFLICT}`,
        ]);
    });

    it("flags a StatefulSet with replicas set while an HPA targets it", async () => {
        const hpa = change(
            webHpa("db-hpa"),
            (p) => (p.spec.scaleTargetRef = { apiVersion: "apps/v1", kind: "StatefulSet", name: "db" }),
        );
        expect(await messages(policy, [...compliantStack(), hpa])).toEqual([
            `StatefulSet "apps/db" sets spec.replicas 3 while HorizontalPodAutoscaler "apps/db-hpa" scales it: ${CONFLICT}`,
        ]);
    });

    it("passes fixed replicas when no HPA targets the Deployment", async () => {
        const hpa = change(webHpa(), (p) => (p.spec.scaleTargetRef.name = "api"));
        expect(await messages(policy, replace(withReplicas(3), hpa))).toEqual([]);
    });

    it("matches the HPA's target by kind and namespace as well as name", async () => {
        const otherKind = change(webHpa(), (p) => (p.spec.scaleTargetRef.kind = "StatefulSet"));
        expect(await messages(policy, replace(withReplicas(3), otherKind))).toEqual([]);
        const otherNamespace = change(webHpa(), (p) => (p.metadata.namespace = "other"));
        expect(await messages(policy, replace(withReplicas(3), otherNamespace))).toEqual([]);
    });

    it("leaves a quorum StatefulSet without an HPA alone", async () => {
        expect(await messages(policy, [quorumStatefulSet()])).toEqual([]);
    });

    it("reports an unknown HPA target at preview as advisory instead of crashing", async () => {
        const hpa = change(webHpa(), (p) => (p.spec.scaleTargetRef.name = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, replace(compliantStack(), hpa));
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.scaleTargetRef.name can't be known during preview",
            ],
        ]);
    });

    it("passes a Deployment that a ScaledObject scales without spec.replicas", async () => {
        expect(await messages(policy, kedaStack())).toEqual([]);
    });

    it("flags a Deployment with replicas set while a ScaledObject targets it (KEDA's default kind)", async () => {
        const stack = replace(
            kedaStack(),
            change(webDeployment(), (p) => (p.spec.replicas = 3)),
        );
        const violations = await runPolicy(policy, stack);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                `Deployment "apps/web" sets spec.replicas 3 while ScaledObject "apps/web" scales it: ${CONFLICT}`,
                webDeployment().urn,
            ],
        ]);
    });

    it("flags a StatefulSet with replicas set while a ScaledObject names it as its target", async () => {
        const scaler = change(
            webScaledObject("db-scaler"),
            (p) => (p.spec.scaleTargetRef = { apiVersion: "apps/v1", kind: "StatefulSet", name: "db" }),
        );
        expect(await messages(policy, [...kedaStack(), scaler])).toEqual([
            `StatefulSet "apps/db" sets spec.replicas 3 while ScaledObject "apps/db-scaler" scales it: ${CONFLICT}`,
        ]);
    });

    it("does not match a ScaledObject whose target is another API's kind of the same name", async () => {
        const rollout = change(
            webScaledObject(),
            (p) => (p.spec.scaleTargetRef = { apiVersion: "argoproj.io/v1alpha1", kind: "Deployment", name: "web" }),
        );
        const stack = replace(
            replace(
                kedaStack(),
                change(webDeployment(), (p) => (p.spec.replicas = 3)),
            ),
            rollout,
        );
        expect(await messages(policy, stack)).toEqual([]);
    });
});
