import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformDisallowUnlistedChartRepository as policy } from "../../../../policy/rules/charts/platform-disallow-unlisted-chart-repository";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, charts } from "./fixtures";

const MIRROR = "harbor.platform.example.com/mirror";

describe("platform-disallow-unlisted-chart-repository", () => {
    it("passes charts from the upstream repositories, HTTP and OCI", async () => {
        expect(await messages(policy, charts())).toEqual([]);
    });

    it("flags a repository outside the allow-list", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.repositoryOpts.repo = "https://charts.example.net";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" pulls from https://charts.example.net, which is not in allowedRepositories`,
        ]);
    });

    it("matches prefixes on a path boundary", async () => {
        const resources = change(charts(), "envoy-gateway", (p) => {
            p.chart = "oci://docker.io/envoyproxy-fork/gateway-helm";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "envoy-gateway" pulls from oci://docker.io/envoyproxy-fork/gateway-helm, which is not in allowedRepositories`,
        ]);
    });

    it("flags a chart that names no repository (a repo alias or local path)", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            delete p.repositoryOpts;
            p.chart = "jetstack/cert-manager";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" names no repository; set repositoryOpts.repo or an oci:// chart reference`,
        ]);
    });

    it("takes the allow-list from config", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.repositoryOpts.repo = "https://charts.example.net";
        });
        const allowedRepositories = [
            "https://charts.example.net/",
            "oci://docker.io/envoyproxy",
            "https://helm.mariadb.com",
        ];
        expect(await messages(policy, resources, { allowedRepositories })).toEqual([]);
    });

    it("allows only the mirror when offlineMirror is set", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.repositoryOpts.repo = `https://${MIRROR}/jetstack`;
        });
        expect(await messages(policy, resources, { offlineMirror: MIRROR })).toEqual([
            `Chart "envoy-gateway" pulls from oci://docker.io/envoyproxy/gateway-helm, not the offline mirror ${MIRROR}`,
            `Release "mariadb-operator" pulls from https://helm.mariadb.com/mariadb-operator, not the offline mirror ${MIRROR}`,
        ]);
    });

    it("accepts an OCI chart reference under the mirror", async () => {
        const resources = change(charts(), "envoy-gateway", (p) => {
            p.chart = `oci://${MIRROR}/envoyproxy/gateway-helm`;
        });
        expect(
            await messages(
                policy,
                resources.filter((r) => r.name === "envoy-gateway"),
                { offlineMirror: MIRROR },
            ),
        ).toEqual([]);
    });

    it("reports that it cannot run when the repository is unknown at preview", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.repositoryOpts.repo = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("repositoryOpts.repo")]);
    });
});
