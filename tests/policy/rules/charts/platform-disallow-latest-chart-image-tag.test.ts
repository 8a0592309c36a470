import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformDisallowLatestChartImageTag as policy } from "../../../../policy/rules/charts/platform-disallow-latest-chart-image-tag";
import { messages } from "../../../helpers/policy";
import { cannotRun, change, charts } from "./fixtures";

describe("platform-disallow-latest-chart-image-tag", () => {
    it("passes pinned tags and empty tags (the chart's appVersion)", async () => {
        expect(await messages(policy, charts())).toEqual([]);
    });

    it("flags an image tag of latest, as the seed's manifests used", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.values.image.tag = "latest";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" sets values.image.tag to "latest"; pin an exact image tag`,
        ]);
    });

    it("finds latest tags nested in lists", async () => {
        const resources = change(charts(), "acme-operator", (p) => {
            p.values.extraContainers = [{ name: "sidecar", image: { tag: "latest" } }];
        });
        expect(await messages(policy, resources)).toEqual([
            `Release "acme-operator" sets values.extraContainers[0].image.tag to "latest"; pin an exact image tag`,
        ]);
    });

    it("flags an image reference ending in :latest", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.values.webhook.image = "quay.io/jetstack/cert-manager-webhook:latest";
        });
        expect(await messages(policy, resources)).toEqual([
            `Chart "cert-manager" sets values.webhook.image to "quay.io/jetstack/cert-manager-webhook:latest"; pin an exact image tag`,
        ]);
    });

    it("ignores latest under keys that are not image tags", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.values.releaseChannel = "latest";
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("passes a chart without values", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            delete p.values;
        });
        expect(await messages(policy, resources)).toEqual([]);
    });

    it("reports that it cannot run when a tag is unknown at preview", async () => {
        const resources = change(charts(), "cert-manager", (p) => {
            p.values.image.tag = PREVIEW_UNKNOWN;
        });
        expect(await messages(policy, resources)).toEqual([cannotRun("values.image.tag")]);
    });
});
