import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { CHARTS } from "../../contract/versions";
import { CrdCatalog, DEFAULT_CRD_DIR } from "../../tools/validate/crds";
import { summarize } from "../../tools/validate/report";
import { validateObjects } from "../../tools/validate/validate";
import { namespace, type Obj } from "./fixtures";

let dir: string;

/** A minimal CRD document whose schema names the version folder it came from, so a test can tell which won. */
function gizmoCrd(marker: string): Obj {
    return {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "gizmos.example.com" },
        spec: {
            group: "example.com",
            names: { kind: "Gizmo", plural: "gizmos", singular: "gizmo", listKind: "GizmoList" },
            scope: "Namespaced",
            versions: [
                {
                    name: "v1",
                    served: true,
                    storage: true,
                    schema: { openAPIV3Schema: { type: "object", description: marker } },
                },
            ],
        },
    };
}

function write(relative: string, content: string): void {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
}

function chosen(root: string, pins: Record<string, string>): string | undefined {
    return CrdCatalog.load([root], pins).find("example.com", "Gizmo")?.source;
}

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-crds-"));
    for (const version of ["v0.1.0", "v0.2.0", "v0.3.0"]) {
        write(`pinned/metallb/${version}/gizmos.yaml`, stringify(gizmoCrd(version)));
        write(`unpinned/other/${version}/gizmos.yaml`, stringify(gizmoCrd(version)));
    }
});

afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("loading CRDs", () => {
    it("takes MetalLB's CRDs from the folder of the version contract/versions.ts pins", () => {
        const pinned = CHARTS.metallb.version.replace(/^v/, "");

        expect(CrdCatalog.load([DEFAULT_CRD_DIR]).find("metallb.io", "BGPPeer")?.source).toBe(
            `metallb/v${pinned}/metallb.io_bgppeers.yaml`,
        );
    });

    it("takes the version folder equal to the pin", () => {
        expect(chosen(path.join(dir, "pinned"), { metallb: "0.2.0" })).toBe("metallb/v0.2.0/gizmos.yaml");
    });

    it("takes the newest version not above the pin when the pinned one is absent", () => {
        expect(chosen(path.join(dir, "pinned"), { metallb: "v0.2.9" })).toBe("metallb/v0.2.0/gizmos.yaml");
    });

    it("takes the oldest version when every one is above the pin", () => {
        expect(chosen(path.join(dir, "pinned"), { metallb: "0.0.1" })).toBe("metallb/v0.1.0/gizmos.yaml");
    });

    it("takes the newest version of a project without a pin", () => {
        expect(chosen(path.join(dir, "unpinned"), { metallb: "0.1.0" })).toBe("other/v0.3.0/gizmos.yaml");
    });

    it("reads a cluster's `kubectl get crd -o yaml` List", () => {
        write("cluster/crds.yaml", stringify({ apiVersion: "v1", kind: "List", items: [gizmoCrd("cluster")] }));

        const found = CrdCatalog.load([path.join(dir, "cluster")]).find("example.com", "Gizmo");

        expect(found?.name).toBe("gizmos.example.com");
        expect(found?.versions.map((v) => v.name)).toEqual(["v1"]);
    });

    it("reads CRDs in any YAML layout, not only controller-gen's", () => {
        const flow = JSON.stringify(gizmoCrd("json"));
        write("flow/gizmo.json", flow);

        expect(CrdCatalog.load([path.join(dir, "flow")]).find("example.com", "Gizmo")?.scope).toBe("Namespaced");
    });
});

describe("without a CRD directory", () => {
    const pool = {
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name: "lb", namespace: "metallb-system" },
        spec: { adresses: "not even the right field" },
    };

    it("still checks core kinds and counts custom resources as not checked", () => {
        const report = validateObjects([namespace("metallb-system"), namespace("Bad"), pool], undefined);

        expect(report.objects).toEqual({ core: 2, custom: 0, notChecked: 1 });
        expect(report.problems.map((p) => `${p.kind} ${p.name}: ${p.path}`)).toEqual(["Namespace Bad: metadata.name"]);
    });

    it("says in the summary that their schemas were not checked", () => {
        const report = validateObjects([namespace("metallb-system"), pool], undefined);

        expect(summarize(report, { stack: "stage", crdDirs: [], crdCount: 0 }).split("\n")).toEqual([
            "validate stage: 2 objects, 0 problem(s)",
            "  core:        1 checked against kubernetes-models",
            "  custom:      0 checked",
            "  not checked: 1 custom resources (no CRD directory: their schemas were NOT checked)",
            "  CEL rules:   0 evaluated, 0 not evaluated",
        ]);
    });
});
