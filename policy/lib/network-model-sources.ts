// The model sources workloads declare (contract/models.ts) and whether an offline cluster's pods can reach them:
// an address in the cluster's own ranges, a Service name, or, for OCI artifacts, a reference under the mirror.
import type { PolicyResource } from "@pulumi/policy";
import ipaddr from "ipaddr.js";
import { valueAt } from "../../contract/json";
import { MODEL_SOURCES_ANNOTATION, readModelSources, serviceOfHost } from "../../contract/models";
import { kindOf, POD_SPEC_PATHS } from "../../contract/objects";
import { qualifiedName } from "./network-selectors";
import type { Props } from "./resources";
import { parseImage, underPrefix } from "./security-images";

/** What pods of an offline cluster can reach, as the inventory publishes it. */
export interface ReachableNetwork {
    /** The cluster's IPv4 CIDRs (node subnet, pod network, service network). */
    readonly networks: readonly string[];
    /** The registry mirror, the one place OCI artifacts may come from outside those ranges. */
    readonly registryMirror?: string;
}

/** One workload's model-sources annotation: its URLs, or undefined when the value is not a JSON list of strings. */
export interface DeclaredModelSources {
    readonly resource: PolicyResource;
    /** `Deployment "inference/triton"`, for messages. */
    readonly subject: string;
    readonly urls?: readonly string[];
}

/** Whether `cidr` is an IPv4 CIDR written `a.b.c.d/n`: decimal octets and prefix, no leading zeros, no host bits. */
function isIpv4Network(cidr: string): boolean {
    return (
        ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) &&
        `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${ipaddr.IPv4.parseCIDR(cidr)[1]}` === cidr
    );
}

/** The inventory's networks when every one is an IPv4 CIDR (isIpv4Network); undefined otherwise or when missing. */
export function reachableNetworks(networks: readonly string[] | undefined): readonly string[] | undefined {
    return networks?.every(isIpv4Network) === true ? networks : undefined;
}

/** Whether `host` is a dotted-quad IPv4 address inside one of the CIDRs `networks` (a malformed one has none). */
function insideNetworks(host: string, networks: readonly string[]): boolean {
    if (!ipaddr.IPv4.isValidFourPartDecimal(host)) {
        return false;
    }
    const address = ipaddr.IPv4.parse(host);
    return networks.some((cidr) => isIpv4Network(cidr) && address.match(ipaddr.IPv4.parseCIDR(cidr)));
}

/** The pod template's annotations (a bare Pod's own): its metadata sits beside the pod spec. */
function podTemplateAnnotations(type: string, props: Props): unknown {
    const specPath = POD_SPEC_PATHS[type];
    return specPath === undefined ? undefined : valueAt(props, `${specPath.replace(/spec$/, "metadata")}.annotations`);
}

/** Every workload whose pod template carries the model-sources annotation, in declaration order. */
export function declaredModelSources(resources: readonly PolicyResource[]): DeclaredModelSources[] {
    return resources.flatMap((resource) => {
        const annotations = podTemplateAnnotations(resource.type, resource.props) as Props | undefined;
        if (annotations?.[MODEL_SOURCES_ANNOTATION] === undefined) {
            return [];
        }
        const subject = `${kindOf(resource.type)} "${qualifiedName(resource.props)}"`;
        return [{ resource, subject, urls: readModelSources(annotations[MODEL_SOURCES_ANNOTATION]) }];
    });
}

/** The URL as a message may show it: credentials in it are replaced, never echoed. */
function shown(text: string, url: URL): string {
    return url.username === "" && url.password === "" ? text : `${url.protocol}//<redacted>@${url.host}${url.pathname}`;
}

/** Why an offline cluster's pods cannot fetch a model from `source`, or undefined when it is inside the network. */
export function outsideSourceProblem(source: string, reach: ReachableNetwork): string | undefined {
    let url: URL;
    try {
        url = new URL(source);
    } catch {
        return `model source ${JSON.stringify(source)} is not a URL`;
    }
    const host = url.hostname.toLowerCase();
    if (host === "") {
        return `model source ${shown(source, url)} names no host`;
    }
    if (insideNetworks(host, reach.networks) || serviceOfHost(host) !== undefined) {
        return undefined;
    }
    const network = `the cluster's network (${[...reach.networks, "a <service>.<namespace>.svc name"].join(", ")})`;
    if (url.protocol !== "oci:") {
        return `model source ${shown(source, url)} is outside ${network}`;
    }
    const mirror = reach.registryMirror;
    if (mirror !== undefined && underPrefix(parseImage(`${url.host}${url.pathname}`).fullName, mirror)) {
        return undefined;
    }
    const notMirror =
        mirror === undefined ? "no registry mirror is declared" : `not under the registry mirror ${mirror}`;
    return `model source ${shown(source, url)} is outside ${network} and ${notMirror}`;
}
