import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformMissingPinnedChartVersion as policy } from "../../../../policy/rules/charts/platform-missing-pinned-chart-version";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, charts } from "./fixtures";

describe("platform-missing-pinned-chart-version", () => {
    it("passes exact versions, with or without a leading v, on Charts and Releases", async () => {
        expect(await messages(policy, charts())).toEqual([]);
    });

    it("flags a Chart without a version", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            delete p.version;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" pins no version; Helm would install the latest chart`,
        ]);
    });

    it("flags an empty version", async () => {
        const resources = change(charts(), "envoy-gateway", (p) => {
            p.version = " ";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "envoy-gateway" pins no version; Helm would install the latest chart`,
        ]);
    });

    it("flags a version range on a Release", async () => {
        const resources = change(charts(), "acme-operator", (p) => {
            p.version = "^0.36.0";
        });
        expect(await messages(policy, resources)).toEqual([
            `Release "acme-operator" version "^0.36.0" is not an exact version x.y.z`,
        ]);
    });

    it("flags a partial version", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.version = "1.16";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" version "1.16" is not an exact version x.y.z`,
        ]);
    });

    it("flags a wildcard version", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.version = "1.16.x";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" version "1.16.x" is not an exact version x.y.z`,
        ]);
    });

    it("accepts an exact pre-release version", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.version = "1.17.0-rc.1";
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("names the chart by its Pulumi name when no release name is set", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            delete p.name;
            delete p.version;
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" pins no version; Helm would install the latest chart`,
        ]);
    });

    it("reports that it cannot run when the version is unknown at preview", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.version = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("version")]);
    });
});
