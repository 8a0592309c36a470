import { z } from "zod";
import { endpointText, type EndpointRef } from "../../../components/network/flows";

/** Names a config flow may use for endpoints outside tenant and platform namespaces. */
export const FLOW_ALIASES = ["gateway", "world", "kube-apiserver"] as const;
export type FlowAlias = (typeof FLOW_ALIASES)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Parses an endpoint as written in config: `*`, an alias, `ns` or `ns/app`. A bare name is an alias when it is
 * one of FLOW_ALIASES, else a namespace. Returns undefined for text that is neither.
 */
export function parseEndpointRef(text: string): EndpointRef | undefined {
    if (text === "*") {
        return { kind: "all" };
    }
    const parts = text.split("/");
    if (parts.length === 1 && (FLOW_ALIASES as readonly string[]).includes(text)) {
        return { kind: "alias", alias: text };
    }
    if (parts.length > 2 || !parts.every((p) => DNS_LABEL.test(p))) {
        return undefined;
    }
    return parts.length === 2
        ? { kind: "namespace", namespace: parts[0], app: parts[1] }
        : { kind: "namespace", namespace: parts[0] };
}

/** A flow endpoint, decoded once into an EndpointRef (and encoded back to its text). */
export const endpoint = z.codec(
    z.string().refine((v) => parseEndpointRef(v) !== undefined, {
        error: (issue) =>
            `${JSON.stringify(issue.input)} is not *, <namespace>, <namespace>/<app> or one of the aliases ${FLOW_ALIASES.join(", ")}`,
    }),
    z.custom<EndpointRef>(),
    { decode: (text) => parseEndpointRef(text)!, encode: endpointText },
);
