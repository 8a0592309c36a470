import { platformEnforceMinReplicas as policy } from "../../../../policy/rules/availability/platform-enforce-min-replicas";
import { messages, runPolicy } from "../../../helpers/policy";
import {
    change,
    compliantStack,
    kedaStack,
    PREVIEW_UNKNOWN,
    quorumStatefulSet,
    replace,
    webDeployment,
    without,
} from "./fixtures";
import { K8sType } from "../../../../contract/k8s-types";

const unscaled = () => without(compliantStack(), K8sType.hpa, "web");
const withReplicas = (replicas: number) =>
    replace(
        unscaled(),
        change(webDeployment(), (p) => (p.spec.replicas = replicas)),
    );

describe("platform-enforce-min-replicas", () => {
    it("passes the compliant stack (HPA-scaled web, quorum StatefulSet, MariaDB)", async () => {
        expect(await messages(policy, compliantStack())).toEqual([]);
    });

    it("passes a Deployment without HPA at the stateless minimum", async () => {
        expect(await messages(policy, withReplicas(2))).toEqual([]);
    });

    it("flags a Deployment below the stateless minimum, at the Deployment", async () => {
        const violations = await runPolicy(policy, withReplicas(1));
        expect(violations.map((v) => [v.message, v.urn])).toEqual([
            ['Deployment "apps/web" runs 1 replica (spec.replicas); the stateless minimum is 2', webDeployment().urn],
        ]);
    });

    it("counts an unset spec.replicas as the API server's default of 1", async () => {
        expect(await messages(policy, unscaled())).toEqual([
            'Deployment "apps/web" runs 1 replica (spec.replicas not set); the stateless minimum is 2',
        ]);
    });

    it("leaves the count of an HPA-scaled Deployment to the HPA rule", async () => {
        const stack = replace(
            compliantStack(),
            change(webDeployment(), (p) => (p.spec.replicas = 1)),
        );
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("holds a Deployment labelled ha to the ha minimum", async () => {
        const stack = replace(
            withReplicas(2),
            change(withReplicas(2)[0], (p) => (p.metadata.labels["platform.io/workload-class"] = "ha")),
        );
        expect(await messages(policy, stack)).toEqual([
            'Deployment "apps/web" runs 2 replicas (spec.replicas); the ha minimum is 3',
        ]);
    });

    it("reads the class from the pod template labels too", async () => {
        const stack = replace(
            withReplicas(2),
            change(withReplicas(2)[0], (p) => (p.spec.template.metadata.labels["platform.io/workload-class"] = "ha")),
        );
        expect(await messages(policy, stack)).toEqual([
            'Deployment "apps/web" runs 2 replicas (spec.replicas); the ha minimum is 3',
        ]);
    });

    it("defaults a StatefulSet without a class label to ha", async () => {
        const set = change(quorumStatefulSet(), (p) => {
            delete p.metadata.labels["platform.io/workload-class"];
            p.spec.replicas = 2;
        });
        expect(await messages(policy, replace(compliantStack(), set))).toEqual([
            'StatefulSet "apps/db" runs 2 replicas (spec.replicas); the ha minimum is 3',
        ]);
    });

    it("leaves quorum StatefulSets to the quorum rule", async () => {
        const set = change(quorumStatefulSet(), (p) => (p.spec.replicas = 1));
        expect(await messages(policy, replace(compliantStack(), set))).toEqual([]);
    });

    it("treats a database-component StatefulSet as a quorum set", async () => {
        const set = change(quorumStatefulSet(), (p) => {
            p.metadata.labels = { app: "db", "app.kubernetes.io/component": "database" };
            p.spec.replicas = 1;
        });
        expect(await messages(policy, replace(compliantStack(), set))).toEqual([]);
    });

    it("flags an unknown workload class", async () => {
        const stack = replace(
            compliantStack(),
            change(webDeployment(), (p) => (p.metadata.labels["platform.io/workload-class"] = "critical")),
        );
        expect(await messages(policy, stack)).toEqual([
            'Deployment "apps/web" has label platform.io/workload-class "critical"; expected one of stateless, ha, quorum',
        ]);
    });

    it("accepts a single replica under the stage profile's minimums", async () => {
        expect(await messages(policy, unscaled(), { minReplicas: { stateless: 1, ha: 1 } })).toEqual([]);
    });

    it("keeps the default for a class the profile leaves out", async () => {
        const set = change(quorumStatefulSet(), (p) => {
            p.metadata.labels["platform.io/workload-class"] = "ha";
            p.spec.replicas = 2;
        });
        expect(await messages(policy, replace(withReplicas(1), set), { minReplicas: { stateless: 1 } })).toEqual([
            'StatefulSet "apps/db" runs 2 replicas (spec.replicas); the ha minimum is 3',
        ]);
    });

    it("ignores DaemonSets", async () => {
        const daemonSet = change(webDeployment(), (p) => (p.kind = "DaemonSet"));
        const stack = [{ ...daemonSet, type: K8sType.daemonSet, urn: `${daemonSet.urn}-ds` }];
        expect(await messages(policy, stack)).toEqual([]);
    });

    it("reports an unknown replica count at preview as advisory instead of crashing", async () => {
        const stack = replace(
            unscaled(),
            change(webDeployment(), (p) => (p.spec.replicas = PREVIEW_UNKNOWN)),
        );
        const violations = await runPolicy(policy, stack);
        expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
            [
                "advisory",
                "can't run policy during preview: string value at .spec.replicas can't be known during preview",
            ],
        ]);
    });

    it("leaves the count of a ScaledObject-scaled Deployment to the autoscaler rule", async () => {
        const stack = replace(
            kedaStack(),
            change(webDeployment(), (p) => (p.spec.replicas = 1)),
        );
        expect(await messages(policy, stack)).toEqual([]);
    });
});
