import { PREVIEW_UNKNOWN, type HarnessResource } from "../../../../policy/harness/evaluate";
import { platformDisallowUnlistedChartRepository as policy } from "../../../../policy/rules/charts/platform-disallow-unlisted-chart-repository";
import { fixture, messages, runPolicy } from "../../../helpers/policy";
import { cannotRun, certManager, change, envoyGateway, unpinnedOperator } from "./fixtures";
import { inventory, PROD_MIRROR, profileEntry } from "../security/image-fixtures";
import { chartArgs, chartSource } from "../../../../components/lib/helm";
import { CHARTS, UPSTREAM_CHART_REPOSITORIES } from "../../../../contract/versions";
import { K8sType } from "../../../../contract/k8s-types";

const compliant = [certManager(), envoyGateway()];

/** The three pinned charts as the network components declare them, pulled through `chartMirror` when set. */
function pinnedSources(chartMirror?: string): HarnessResource[] {
    return Object.values(CHARTS).map((pin) =>
        fixture(K8sType.chartV4, `${pin.chart}-chart`, { ...chartArgs(chartSource(pin, chartMirror), "platform", {}) }),
    );
}

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
        expect(await messages(policy, pins)).toEqual([]);
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
        expect(await messages(policy, [...compliant, unpinnedOperator()])).toEqual([
            `Release "acme-operator" pulls from https://charts.acme.example/acme-operator, which is not in allowedRepositories`,
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
        const resources = change([...compliant, unpinnedOperator()], "cert-manager", (p) => {
            p.repositoryOpts.repo = "https://charts.example.net";
        });
        const allowedRepositories = [
            "https://charts.example.net/",
            "oci://docker.io/envoyproxy",
            "https://charts.acme.example",
        ];
        expect(await messages(policy, resources, { allowedRepositories })).toEqual([]);
    });

    it("flags the mirror's charts unless the profile lists them", async () => {
        const resources = change(compliant, "envoy-gateway", (p) => {
            p.chart = `oci://${PROD_MIRROR}/charts/gateway-helm`;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "envoy-gateway" pulls from oci://${PROD_MIRROR}/charts/gateway-helm, which is not in allowedRepositories`,
        ]);
    });

    it("does not take the mirror a stack file declares for an allowed repository", async () => {
        const resources = change([inventory(PROD_MIRROR), ...compliant], "cert-manager", (p) => {
            delete p.repositoryOpts;
            p.chart = `oci://${PROD_MIRROR}/charts/cert-manager`;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" pulls from oci://${PROD_MIRROR}/charts/cert-manager, which is not in allowedRepositories`,
        ]);
    });

    describe("with the profiles' repositories, whatever mirror the stack file declares", () => {
        const prod = profileEntry("prod", policy.name);
        const stage = profileEntry("stage", policy.name);
        const MOVED = "registry.attacker.example/mirror";
        /** A stack's charts pulled through its mirror (registry.offline), next to the inventory naming that mirror. */
        const offline = (mirror: string) => [inventory(mirror), ...pinnedSources(mirror)];

        it("passes prod's charts from upstream and through its mirror, and flags a moved mirror's charts", async () => {
            expect(await messages(policy, [...offline(PROD_MIRROR), ...pinnedSources()], prod)).toEqual([]);
            expect(await messages(policy, offline(MOVED), prod)).toEqual(
                Object.values(CHARTS).map(
                    (pin) =>
                        `Chart "${pin.chart}-chart" pulls from oci://${MOVED}/charts/${pin.chart}, which is not in allowedRepositories`,
                ),
            );
        });

        it("flags a path of prod's mirror other than its charts", async () => {
            const resources = change(offline(PROD_MIRROR), "metallb-chart", (p) => {
                p.chart = `oci://${PROD_MIRROR}/metallb/metallb`;
            });
            expect(await messages(policy, resources, prod)).toEqual([
                `Chart "metallb-chart" pulls from oci://${PROD_MIRROR}/metallb/metallb, which is not in allowedRepositories`,
            ]);
        });

        it("passes stage's upstream charts and flags a mirror's charts there", async () => {
            expect(await messages(policy, [inventory(), ...pinnedSources()], stage)).toEqual([]);
            expect(await messages(policy, offline(PROD_MIRROR).slice(0, 2), stage)).toEqual([
                `Chart "metallb-chart" pulls from oci://${PROD_MIRROR}/charts/metallb, which is not in allowedRepositories`,
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

        it("does not read the inventory, so a mirror unknown at preview does not stop it", async () => {
            expect(await messages(policy, [inventory(PREVIEW_UNKNOWN), ...compliant])).toEqual([]);
        });
    });
});
