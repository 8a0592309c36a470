import { PREVIEW_UNKNOWN, type HarnessResource } from "../../../../policy/harness/evaluate";
import { platformDisallowUnlistedChartRepository as policy } from "../../../../policy/rules/charts/platform-disallow-unlisted-chart-repository";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { cannotRun, certManager, change, envoyGateway, mariadbOperator } from "./fixtures";
import { INVENTORY, inventoryData } from "../../../../contract/inventory";
import { CHARTS, UPSTREAM_CHART_REPOSITORIES } from "../../../../contract/versions";
import { K8sType } from "../../../../contract/k8s-types";

const MIRROR = "harbor.platform.example.com/mirror";
const BEYOND_MIRROR = `is neither in allowedRepositories nor under oci://${MIRROR}/charts, the charts of the registry mirror the cluster inventory declares`;

/** The cluster inventory ConfigMap as the stack publishes it (contract/inventory), with or without a mirror. */
function inventory(registryMirror?: string): HarnessResource {
    return fixture(INVENTORY.type, "platform-capacity", {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: "platform-capacity",
            namespace: INVENTORY.namespace,
            labels: { [INVENTORY.label.key]: INVENTORY.label.value },
        },
        data: inventoryData({ nodes: [], capacity: { cpu: 24, memory: 48 * 2 ** 30, gpus: 0 }, registryMirror }),
    });
}

// cert-manager (HTTP) and Envoy Gateway (OCI) are pinned in contract/versions.ts, so the default list allows them.
const compliant = [inventory(), certManager(), envoyGateway()];
const mirrored = [inventory(MIRROR), certManager(), envoyGateway()];

describe("platform-disallow-unlisted-chart-repository", () => {
    it("passes charts from the pinned upstream repositories, HTTP and OCI", async () => {
        expect(await messages(policy, compliant)).toEqual([]);
    });

    it("defaults to the repositories of the chart pins, sorted and unique", async () => {
        const pins = Object.values(CHARTS).map((pin) =>
            fixture(K8sType.chartV4, pin.chart, {
                name: pin.chart,
                chart: pin.chart,
                repositoryOpts: { repo: pin.repository },
            }),
        );
        expect(await messages(policy, [inventory(), ...pins])).toEqual([]);
        expect(UPSTREAM_CHART_REPOSITORIES).toEqual([...new Set(UPSTREAM_CHART_REPOSITORIES)].sort());
        expect(policy.configSchema?.properties?.allowedRepositories).toMatchObject({
            default: UPSTREAM_CHART_REPOSITORIES,
        });
    });

    it("flags a repository outside the allow-list, on the chart", async () => {
        const resources = change(compliant, "cert-manager", (p) => {
            p.repositoryOpts.repo = "https://charts.example.net";
        });
        const violations = await runPolicy(policy, resources);
        expect(violations.map((v) => [v.urn, v.message])).toEqual([
            [
                certManager().urn,
                `Chart "cert-manager" pulls from https://charts.example.net, which is not in allowedRepositories`,
            ],
        ]);
    });

    it("flags a release from a repository no chart pin names", async () => {
        expect(await messages(policy, [...compliant, mariadbOperator()])).toEqual([
            `Release "mariadb-operator" pulls from https://helm.mariadb.com/mariadb-operator, which is not in allowedRepositories`,
        ]);
    });

    it("matches prefixes on a path boundary", async () => {
        const resources = change(compliant, "envoy-gateway", (p) => {
            p.chart = "oci://docker.io/envoyproxy-fork/gateway-helm";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "envoy-gateway" pulls from oci://docker.io/envoyproxy-fork/gateway-helm, which is not in allowedRepositories`,
        ]);
    });

    it("flags a chart that names no repository (a repo alias or local path)", async () => {
        const resources = change(compliant, "cert-manager", (p) => {
            delete p.repositoryOpts;
            p.chart = "jetstack/cert-manager";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" names no repository; set repositoryOpts.repo or an oci:// chart reference`,
        ]);
    });

    it("takes the allow-list from config", async () => {
        const resources = change([...compliant, mariadbOperator()], "cert-manager", (p) => {
            p.repositoryOpts.repo = "https://charts.example.net";
        });
        const allowedRepositories = [
            "https://charts.example.net/",
            "oci://docker.io/envoyproxy",
            "https://helm.mariadb.com",
        ];
        expect(await messages(policy, resources, { allowedRepositories })).toEqual([]);
    });

    it("flags the mirror's charts when the inventory declares no mirror", async () => {
        const resources = change(compliant, "envoy-gateway", (p) => {
            p.chart = `oci://${MIRROR}/charts/gateway-helm`;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "envoy-gateway" pulls from oci://${MIRROR}/charts/gateway-helm, which is not in allowedRepositories`,
        ]);
    });

    describe("when the inventory declares a registry mirror", () => {
        it("still passes the upstream repositories (charts go through the mirror only offline)", async () => {
            expect(await messages(policy, mirrored)).toEqual([]);
        });

        it("passes charts and releases pulled from the mirror's charts", async () => {
            const resources = change(
                change(mirrored, "envoy-gateway", (p) => {
                    p.chart = `oci://${MIRROR}/charts/gateway-helm`;
                }),
                "cert-manager",
                (p) => {
                    delete p.repositoryOpts;
                    p.chart = `oci://${MIRROR}/charts/cert-manager`;
                },
            );
            const release = change([mariadbOperator()], "mariadb-operator", (p) => {
                p.repositoryOpts.repo = `oci://${MIRROR}/charts`;
            });
            expect(await messages(policy, [...resources, ...release])).toEqual([]);
        });

        it("flags a mirror path other than its charts", async () => {
            const resources = change(mirrored, "envoy-gateway", (p) => {
                p.chart = `oci://${MIRROR}/envoyproxy/gateway-helm`;
            });
            expect(await messages(policy, resources)).toEqual([
                `Chart "envoy-gateway" pulls from oci://${MIRROR}/envoyproxy/gateway-helm, which ${BEYOND_MIRROR}`,
            ]);
        });

        it("flags a repository outside both", async () => {
            const resources = change(mirrored, "cert-manager", (p) => {
                p.repositoryOpts.repo = "https://charts.example.net";
            });
            expect(await messages(policy, resources)).toEqual([
                `Chart "cert-manager" pulls from https://charts.example.net, which ${BEYOND_MIRROR}`,
            ]);
        });
    });

    describe("at preview", () => {
        it("reports that it cannot run when a repository is unknown", async () => {
            const resources = change(compliant, "cert-manager", (p) => {
                p.repositoryOpts.repo = PREVIEW_UNKNOWN;
            });
            const violations = await runPolicy(policy, resources);
            expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
                ["advisory", cannotRun("repositoryOpts.repo")],
            ]);
        });

        it("reports that it cannot run when the declared mirror is unknown", async () => {
            const violations = await runPolicy(policy, [inventory(PREVIEW_UNKNOWN), certManager(), envoyGateway()]);
            expect(violations.map((v) => [v.enforcement, v.message])).toEqual([
                ["advisory", cannotRun("data.registryMirror")],
            ]);
        });
    });
});
