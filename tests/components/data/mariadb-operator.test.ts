import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { MariaDbOperatorArgs } from "../../../components/data/mariadb-operator";
import { keepCustomResourceDefinitions } from "../../../components/data/mariadb-operator";
import type { CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, setBareMocks } from "../../helpers/capture";

const COMPONENT = "platform:data:MariaDbOperator";
const GOVERNED = "platform:tenancy:GovernedNamespace";
const CHART = "kubernetes:helm.sh/v4:Chart";
const NAMESPACE = "kubernetes:core/v1:Namespace";

async function run(args: MariaDbOperatorArgs = {}, withPrerequisite = false) {
    const { MariaDbOperator } = await import("../../../components/data/mariadb-operator");
    let exposed: { namespaces: string[] } | undefined;
    let readyUrns: Promise<string[]> = Promise.resolve([]);
    const { resources } = await capture(() => {
        // Stands for what the stack makes the operator wait for (the network area's flows, say).
        const before = withPrerequisite ? new k8s.core.v1.ConfigMap("before", {}) : undefined;
        const operator = new MariaDbOperator("mariadb-operator", args, before ? { dependsOn: [before] } : undefined);
        exposed = { namespaces: [...operator.namespaces.keys()] };
        readyUrns = Promise.all(operator.ready.map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
    });
    return { resources, exposed: exposed!, readyUrns: await readyUrns };
}

describe("MariaDbOperator", () => {
    let resources: readonly CapturedResource[];
    let exposed: Awaited<ReturnType<typeof run>>["exposed"];
    let readyUrns: string[];

    beforeAll(async () => {
        ({ resources, exposed, readyUrns } = await run(
            { registryMirror: "harbor.example.com/mirror", chartMirror: "harbor.example.com" },
            true,
        ));
    });

    it("creates mariadb-operator as a restricted governed namespace sized to the charts' pods", () => {
        expect(exposed.namespaces).toEqual(["mariadb-operator"]);
        findResource(resources, COMPONENT, "mariadb-operator");
        findResource(resources, GOVERNED, "mariadb-operator");
        const ns = findResource(resources, NAMESPACE, "mariadb-operator");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "mariadb-operator-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "9", "requests.cpu": "210m", services: "1" });
    });

    it("installs the CRDs chart first, after the namespace and the caller's dependencies", () => {
        const crds = findResource(resources, CHART, "mariadb-operator-crds");
        expect(crds.inputs).toMatchObject({
            chart: "oci://harbor.example.com/charts/mariadb-operator-crds",
            version: "26.6.0",
            namespace: "mariadb-operator",
            values: {},
        });
        expect(crds.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, NAMESPACE, "mariadb-operator").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "before").urn,
            ]),
        );
    });

    it("installs the operator chart after the CRDs chart, with its images through the mirror", () => {
        const chart = findResource(resources, CHART, "mariadb-operator-chart");
        expect(chart.inputs).toMatchObject({
            chart: "oci://harbor.example.com/charts/mariadb-operator",
            version: "26.6.0",
            namespace: "mariadb-operator",
            values: {
                fullnameOverride: "mariadb-operator",
                ha: { enabled: true, replicas: 2 },
                image: { repository: "harbor.example.com/mirror/ghcr.io/mariadb-operator/mariadb-operator" },
            },
        });
        expect(chart.dependencies).toEqual(
            expect.arrayContaining([
                findResource(resources, CHART, "mariadb-operator-crds").urn,
                findResource(resources, "kubernetes:core/v1:ConfigMap", "before").urn,
            ]),
        );
    });

    it("exposes both charts as what custom resources wait for", () => {
        expect(readyUrns).toEqual([
            findResource(resources, CHART, "mariadb-operator-crds").urn,
            findResource(resources, CHART, "mariadb-operator-chart").urn,
        ]);
    });
});

describe("MariaDbOperator from upstream, one replica", () => {
    let resources: readonly CapturedResource[];

    beforeAll(async () => {
        ({ resources } = await run({ replicas: 1, protect: true }));
    });

    it("pulls both charts from the mariadb-operator repository and runs one replica without a budget", () => {
        const repositoryOpts = { repo: "https://mariadb-operator.github.io/mariadb-operator" };
        expect(findResource(resources, CHART, "mariadb-operator-crds").inputs).toMatchObject({
            chart: "mariadb-operator-crds",
            repositoryOpts,
        });
        const chart = findResource(resources, CHART, "mariadb-operator-chart");
        expect(chart.inputs).toMatchObject({ chart: "mariadb-operator", repositoryOpts });
        expect((chart.inputs.values as any).ha).toEqual({ enabled: false, replicas: 1 });
        expect((chart.inputs.values as any).pdb).toEqual({ enabled: false, maxUnavailable: 1 });
        expect((chart.inputs.values as any).image).toBeUndefined();
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "mariadb-operator-quota");
        expect((quota.inputs.spec as any).hard).toMatchObject({ pods: "6" });
    });
});

describe("keepCustomResourceDefinitions", () => {
    it("protects and retains CRDs, and leaves every other object of the chart alone", () => {
        const args = (type: string): pulumi.ResourceTransformArgs => ({
            custom: true,
            type,
            name: "x",
            props: { metadata: { name: "x" } },
            opts: { ignoreChanges: ["spec"] },
        });
        expect(
            keepCustomResourceDefinitions(args("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition")),
        ).toEqual({
            props: { metadata: { name: "x" } },
            opts: { ignoreChanges: ["spec"], protect: true, retainOnDelete: true },
        });
        expect(keepCustomResourceDefinitions(args("kubernetes:apps/v1:Deployment"))).toBeUndefined();
    });
});

// Outside a program run: an exception from inside one escapes the mock runtime as an unhandled rejection.
describe("MariaDbOperator args", () => {
    beforeAll(async () => {
        await setBareMocks();
    });

    it("refuses a replica count below 1, naming the component", async () => {
        const { MariaDbOperator } = await import("../../../components/data/mariadb-operator");
        expect(() => new MariaDbOperator("mariadb-operator", { replicas: 0 })).toThrow(
            /^MariaDbOperator mariadb-operator: args\.replicas must be a whole number of at least 1, not 0$/,
        );
    });
});
