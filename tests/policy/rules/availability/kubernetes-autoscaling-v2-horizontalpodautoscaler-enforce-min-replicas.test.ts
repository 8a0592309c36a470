import { kubernetesAutoscalingV2HorizontalpodautoscalerEnforceMinReplicas as policy } from "../../../../policy/rules/availability/kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas";
import { messages, runPolicy } from "../../../helpers/policy";
import {
    change,
    compliantStack,
    kedaStack,
    PREVIEW_UNKNOWN,
    replace,
    webDeployment,
    webHpa,
    webScaledObject,
    without,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const withHpa = (edit: (spec: Record<string, any>) => void) =>
    replace(
        compliantStack(),
        change(webHpa(), (p) => edit(p.spec)),
    );

describe("kubernetes-autoscaling-v2-horizontalpodautoscaler-enforce-min-replicas", () => {
    it("passes the compliant stack (HPA 3–10)", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags minReplicas below the stateless minimum, at the HPA", async () => {
        const violations = await runPolicy(
            policy,
            withHpa((spec) => (spec.minReplicas = 1)),
        );
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                'HorizontalPodAutoscaler "apps/web" has minReplicas 1; the stateless minimum for Deployment "apps/web" is 2',
                webHpa().urn,
            ],
        ]);
    });

    it("counts an unset minReplicas as the API server's default of 1", async () => {
        expect(
            await messages(
                policy,
                withHpa((spec) => delete spec.minReplicas),
            ),
        ).toEqual([
            'HorizontalPodAutoscaler "apps/web" has minReplicas 1 (not set); the stateless minimum for Deployment "apps/web" is 2',
        ]);
    });

    it("holds an HPA on an ha workload to the ha minimum", async () => {
        const ha = change(webDeployment(), (p) => (p.metadata.labels["platform.io/workload-class"] = "ha"));
        const stack = replace(
            withHpa((spec) => (spec.minReplicas = 2)),
            ha,
        );
        expect(await messages(policy, stack)).toEqual([
            'HorizontalPodAutoscaler "apps/web" has minReplicas 2; the ha minimum for Deployment "apps/web" is 3',
        ]);
    });

    it("judges an HPA whose target is not declared in the stack as stateless", async () => {
        const stack = without(
            withHpa((spec) => (spec.minReplicas = 1)),
            webDeployment().type,
            "web",
        );
        expect(await messages(policy, stack)).toEqual([
            'HorizontalPodAutoscaler "apps/web" has minReplicas 1; the stateless minimum is 2',
        ]);
    });

    it("accepts the stage profile's lower minimum", async () => {
        expect(
            await messages(
                policy,
                withHpa((spec) => (spec.minReplicas = 1)),
                { minReplicas: { stateless: 1, ha: 1 } },
            ),
        ).toEqual([]);
    });

    it("flags minReplicas 0 as the API server does", async () => {
        expect(
            await messages(
                policy,
                withHpa((spec) => (spec.minReplicas = 0)),
            ),
        ).toEqual([
            'HorizontalPodAutoscaler "apps/web": spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
        ]);
    });

    it("flags maxReplicas below minReplicas as the API server does", async () => {
        expect(
            await messages(
                policy,
                withHpa((spec) => (spec.maxReplicas = 2)),
            ),
        ).toEqual([
            'HorizontalPodAutoscaler "apps/web": spec.maxReplicas: Invalid value: 2: must be greater than or equal to minReplicas (3)',
        ]);
    });

    it("passes maxReplicas equal to minReplicas", async () => {
        expect(
            await messages(
                policy,
                withHpa((spec) => (spec.maxReplicas = 3)),
            ),
        ).toEqual([]);
    });

    it("flags a missing maxReplicas as the API server does", async () => {
        expect(
            await messages(
                policy,
                withHpa((spec) => delete spec.maxReplicas),
            ),
        ).toEqual(['HorizontalPodAutoscaler "apps/web": spec.maxReplicas: Required value']);
    });

    it("flags a second HPA on the same Deployment, at the Deployment", async () => {
        const violations = await runPolicy(policy, [...compliantStack(), webHpa("web-memory")]);
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            [
                'Deployment "apps/web" is scaled by 2 HorizontalPodAutoscalers (HorizontalPodAutoscaler "apps/web", ' +
                    'HorizontalPodAutoscaler "apps/web-memory"): the HPA controller refuses to scale pods that more ' +
                    "than one HPA controls (AmbiguousSelector)",
                webDeployment().urn,
            ],
        ]);
    });

    it("checks legacy HPA versions too", async () => {
        const legacy = { ...change(webHpa(), (p) => (p.spec.minReplicas = 1)), type: K8sType.hpaV1 };
        expect(await messages(policy, [...without(compliantStack(), K8sType.hpa, "web"), legacy])).toEqual([
            'HorizontalPodAutoscaler "apps/web" has minReplicas 1; the stateless minimum for Deployment "apps/web" is 2',
        ]);
    });

    it("reports an unknown minReplicas at preview as advisory instead of crashing", async () => {
        const violations = await runPolicy(
            policy,
            withHpa((spec) => (spec.minReplicas = PREVIEW_UNKNOWN)),
        );
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.minReplicas can't be known during preview",
            ],
        ]);
    });

    describe("with a KEDA ScaledObject", () => {
        const withScaledObject = (edit: (spec: Record<string, any>) => void) =>
            replace(
                kedaStack(),
                change(webScaledObject(), (p) => edit(p.spec)),
            );

        it("passes a ScaledObject 3–10 and one without maxReplicaCount (KEDA's default is 100)", async () => {
            expect(await messages(policy, kedaStack())).toEqual([]);
            expect(
                await messages(
                    policy,
                    withScaledObject((spec) => delete spec.maxReplicaCount),
                ),
            ).toEqual([]);
        });

        it("flags minReplicaCount below the class minimum, at the ScaledObject", async () => {
            const violations = await runPolicy(
                policy,
                withScaledObject((spec) => (spec.minReplicaCount = 1)),
            );
            expect(violations.map((v) => [v.message, v.urn])).toEqual([
                [
                    'ScaledObject "apps/web" has minReplicaCount 1; the stateless minimum for Deployment "apps/web" is 2',
                    webScaledObject().urn,
                ],
            ]);
        });

        it("counts an unset minReplicaCount as KEDA's default of 0, below even the stage minimum", async () => {
            expect(
                await messages(
                    policy,
                    withScaledObject((spec) => delete spec.minReplicaCount),
                    { minReplicas: { stateless: 1, ha: 1 } },
                ),
            ).toEqual([
                'ScaledObject "apps/web" has minReplicaCount 0 (not set); the stateless minimum for Deployment "apps/web" is 1',
            ]);
        });

        it("flags an idleReplicaCount, which scales the target below minReplicaCount when idle", async () => {
            expect(
                await messages(
                    policy,
                    withScaledObject((spec) => (spec.idleReplicaCount = 0)),
                ),
            ).toEqual([
                'ScaledObject "apps/web" has idleReplicaCount 0; the stateless minimum for Deployment "apps/web" is 2',
            ]);
        });

        it("flags maxReplicaCount below minReplicaCount", async () => {
            expect(
                await messages(
                    policy,
                    withScaledObject((spec) => (spec.maxReplicaCount = 2)),
                ),
            ).toEqual([
                'ScaledObject "apps/web": spec.maxReplicaCount: Invalid value: 2: must be greater than or equal to minReplicaCount (3)',
            ]);
        });

        it("flags an HPA and a ScaledObject on the same Deployment, at the Deployment", async () => {
            const violations = await runPolicy(policy, [...kedaStack(), webHpa("web-cpu")]);
            expect(violations.map((v) => [v.message, v.urn])).toEqual([
                [
                    'Deployment "apps/web" is scaled by 2 autoscalers (ScaledObject "apps/web", HorizontalPodAutoscaler ' +
                        '"apps/web-cpu"): KEDA\'s webhook rejects a ScaledObject on a workload another autoscaler ' +
                        "already scales, and the HPA KEDA creates for it would share the pods with the other " +
                        "(AmbiguousSelector)",
                    webDeployment().urn,
                ],
            ]);
        });

        it("passes an HPA and a ScaledObject on different Deployments", async () => {
            expect(await messages(policy, [...kedaStack(), webDeployment("api"), webHpa("api", "api")])).toEqual([]);
        });
    });
});
