import { NetworkFlows } from "../components/network";
import { mergeTelemetry, type Telemetry } from "../components/observability/telemetry";
import { AREAS } from "./areas";
import type { AreaWiring, PlatformRefs, WiringContext } from "./areas/area";
import type { PlatformConfig } from "./config";

/** Every area's telemetry for this config, in AREAS order. */
export function platformTelemetry(config: PlatformConfig): Telemetry {
    return mergeTelemetry(AREAS.flatMap((area) => (area.telemetry ? [area.telemetry(config)] : [])));
}

/**
 * Creates one stack's areas in list order from its parsed config, each with the refs of the areas before it,
 * then the flows every area asked for over the namespaces they created. Returns the stack outputs.
 */
export function createPlatform(config: PlatformConfig): Record<string, unknown> {
    const managedNamespaces = AREAS.flatMap((area) => area.namespaces(config));
    const tenantLabels = new Map<string, Record<string, string>>();
    for (const area of AREAS) {
        for (const [ns, labels] of area.tenantLabels?.(config) ?? []) {
            tenantLabels.set(ns, { ...tenantLabels.get(ns), ...labels });
        }
    }
    const telemetry = platformTelemetry(config);
    let refs: PlatformRefs = {};
    const wired: AreaWiring[] = [];
    for (const area of AREAS) {
        const context: WiringContext = { refs, managedNamespaces, tenantLabels, telemetry };
        const result = area.wire(config, context);
        refs = { ...refs, ...result.refs };
        wired.push(result);
    }
    // Each policy waits only for its own namespace: the charts' pods need these flows to become ready, so waiting for
    // the charts would deadlock behind the namespaces' default deny, and waiting for every namespace would make each
    // policy depend on all of them.
    new NetworkFlows("network-flows", {
        flows: wired.flatMap((w) => w.flows),
        namespaces: new Map(wired.flatMap((w) => [...w.namespaces])),
    });
    return Object.assign({}, ...wired.map((w) => w.outputs));
}
