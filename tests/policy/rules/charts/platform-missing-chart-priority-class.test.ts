import { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
import { platformMissingChartPriorityClass as policy } from "../../../../policy/rules/charts/platform-missing-chart-priority-class";
import { K8sType } from "../../../../contract/k8s-types";
import { fixture, messages } from "../../../helpers/policy";
import { cannotRun, change, pinnedCharts, unpinnedOperator } from "./fixtures";

const platformClass = fixture(K8sType.priorityClass, "pc", { metadata: { name: "platform-critical" }, value: 1 });
const KNOWN = "known: platform-critical, system-cluster-critical, system-node-critical";

/** The pinned charts with every declared priority-class path set to the platform's class. */
function classed() {
    return [
        platformClass,
        ...change(pinnedCharts(), "metallb", (p) => {
            p.values.controller.priorityClassName = "platform-critical";
            p.values.speaker.priorityClassName = "platform-critical";
        }).map((r) =>
            r.name === "cert-manager"
                ? {
                      ...r,
                      props: {
                          ...r.props,
                          values: { ...(r.props.values as object), global: { priorityClassName: "platform-critical" } },
                      },
                  }
                : r.name === "envoy-gateway"
                  ? {
                        ...r,
                        props: {
                            ...r.props,
                            values: {
                                ...(r.props.values as object),
                                deployment: {
                                    ...(r.props.values as any).deployment,
                                    priorityClassName: "system-cluster-critical",
                                },
                            },
                        },
                    }
                  : r,
        ),
    ];
}

describe("platform-missing-chart-priority-class", () => {
    it("passes charts whose every declared path names a declared or built-in class", async () => {
        expect(await messages(policy, classed())).toEqual([]);
    });

    it("flags a declared path left to the chart's default", async () => {
        const resources = change(classed(), "cert-manager", (p) => delete p.values.global);
        expect(await messages(policy, resources)).toEqual([
            'Chart "cert-manager" values.global.priorityClassName names no priority class',
        ]);
    });

    it("flags a class the stack does not declare", async () => {
        const resources = change(
            classed(),
            "metallb",
            (p) => (p.values.speaker.priorityClassName = "longhorn-critical"),
        );
        expect(await messages(policy, resources)).toEqual([
            `Chart "metallb" values.speaker.priorityClassName names priority class "longhorn-critical", which is neither declared in the stack nor built in (${KNOWN})`,
        ]);
    });

    it("flags a class value that is not a string", async () => {
        const resources = change(classed(), "metallb", (p) => (p.values.speaker.priorityClassName = 7));
        expect(await messages(policy, resources)).toEqual([
            `Chart "metallb" values.speaker.priorityClassName names priority class 7, which is neither declared in the stack nor built in (${KNOWN})`,
        ]);
    });

    it("skips a path whose enabledBy value is false, and checks one whose switch is on", async () => {
        const off = change(classed(), "metallb", (p) => {
            p.values.speaker = { enabled: false };
        });
        expect(await messages(policy, off)).toEqual([]);
        const on = change(classed(), "metallb", (p) => {
            p.values.frrk8s = { enabled: true };
        });
        expect(await messages(policy, on)).toEqual([
            'Chart "metallb" values.frr-k8s.frrk8s.priorityClassName names no priority class',
        ]);
    });

    it("leaves a chart without a pin to the container resources rule", async () => {
        expect(await messages(policy, [...classed(), unpinnedOperator()])).toEqual([]);
    });

    it("reports that it cannot run when a class is unknown at preview", async () => {
        const resources = change(
            classed(),
            "cert-manager",
            (p) => (p.values.global.priorityClassName = PREVIEW_UNKNOWN),
        );
        expect(await messages(policy, resources)).toEqual([cannotRun("values.global.priorityClassName")]);
    });
});
