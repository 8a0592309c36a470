import { platformEnforceNodeSpread as policy } from "../../../../policy/rules/availability/platform-enforce-node-spread";
import { messages, runPolicy } from "../../../helpers/policy";
import { change, compliantStack, PREVIEW_UNKNOWN, replace, webDeployment, webHpa } from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

type Props = Record<string, any>;

const NOT_SPREAD =
    'Deployment "apps/web" runs 3 replicas (minReplicas of HorizontalPodAutoscaler "apps/web") but no ' +
    "topologySpreadConstraint or podAntiAffinity term on kubernetes.io/hostname selects its own pods, so one failure " +
    "domain can hold every replica";

const withPodSpec = (edit: (podSpec: Props) => void) =>
    replace(
        compliantStack(),
        change(webDeployment(), (p) => edit(p.spec.template.spec)),
    );

const antiAffinity = (labelSelector: Props, topologyKey = "kubernetes.io/hostname") => ({
    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector, topologyKey }],
});

describe("platform-enforce-node-spread", () => {
    it("passes the compliant stack: a hostname topology spread constraint on the pods' own labels", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("flags a replicated Deployment with no spread, at the Deployment", async () => {
        const violations = await runPolicy(
            policy,
            withPodSpec((spec) => delete spec.topologySpreadConstraints),
        );
        expect(violations.map((v) => [v.message, v.urn])).toEqual([[NOT_SPREAD, webDeployment().urn]]);
    });

    it("flags a spread constraint on another topology key", async () => {
        const zone = withPodSpec(
            (spec) => (spec.topologySpreadConstraints[0].topologyKey = "topology.kubernetes.io/zone"),
        );
        expect(await messages(policy, zone)).toEqual([NOT_SPREAD]);
    });

    it("accepts another topology key the profile allows", async () => {
        const zone = withPodSpec(
            (spec) => (spec.topologySpreadConstraints[0].topologyKey = "topology.kubernetes.io/zone"),
        );
        expect(
            await messages(policy, zone, { topologyKeys: ["kubernetes.io/hostname", "topology.kubernetes.io/zone"] }),
        ).toEqual([]);
    });

    it("flags a spread constraint whose selector does not count the workload's own pods", async () => {
        const other = withPodSpec(
            (spec) => (spec.topologySpreadConstraints[0].labelSelector = { matchLabels: { app: "api" } }),
        );
        expect(await messages(policy, other)).toEqual([NOT_SPREAD]);
    });

    it("flags a spread constraint without a labelSelector, which counts no pods", async () => {
        expect(
            await messages(
                policy,
                withPodSpec((spec) => delete spec.topologySpreadConstraints[0].labelSelector),
            ),
        ).toEqual([NOT_SPREAD]);
    });

    it("accepts required pod anti-affinity on the hostname", async () => {
        const stack = withPodSpec((spec) => {
            delete spec.topologySpreadConstraints;
            spec.affinity = { podAntiAffinity: antiAffinity({ matchLabels: { app: "web" } }) };
        });
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("accepts preferred pod anti-affinity on the hostname", async () => {
        const stack = withPodSpec((spec) => {
            delete spec.topologySpreadConstraints;
            spec.affinity = {
                podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [
                        {
                            weight: 100,
                            podAffinityTerm: {
                                labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] },
                                topologyKey: "kubernetes.io/hostname",
                            },
                        },
                    ],
                },
            };
        });
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("flags anti-affinity against other pods only", async () => {
        const stack = withPodSpec((spec) => {
            delete spec.topologySpreadConstraints;
            spec.affinity = { podAntiAffinity: antiAffinity({ matchLabels: { app: "db" } }) };
        });
        expect(await messages(policy, stack)).toEqual([NOT_SPREAD]);
    });

    it("does not require a spread for a single replica", async () => {
        const stack = replace(
            withPodSpec((spec) => delete spec.topologySpreadConstraints),
            change(webHpa(), (p) => (p.spec.minReplicas = 1)),
        );
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("checks StatefulSets with fixed replicas", async () => {
        const stack = compliantStack().map((r) =>
            r.type === K8sType.statefulSet
                ? change(r, (p) => delete p.spec.template.spec.topologySpreadConstraints)
                : r,
        );
        expect(await messages(policy, stack)).toEqual([
            'StatefulSet "apps/db" runs 3 replicas (spec.replicas) but no topologySpreadConstraint or podAntiAffinity ' +
                "term on kubernetes.io/hostname selects its own pods, so one failure domain can hold every replica",
        ]);
    });

    it("reports an unknown topology key at preview as advisory instead of crashing", async () => {
        const unknown = withPodSpec((spec) => (spec.topologySpreadConstraints[0].topologyKey = PREVIEW_UNKNOWN));
        const violations = await runPolicy(policy, unknown);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.template.spec.topologySpreadConstraints.0.topologyKey can't be known during preview",
            ],
        ]);
    });
});
