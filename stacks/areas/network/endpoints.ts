import { z } from "zod";
import { endpointText, type EndpointRef } from "../../../components/network/flows";
import { display, text } from "../../config/primitives";

/** Names a config flow may use for endpoints outside tenant and platform namespaces. */
export const FLOW_ALIASES = ["gateway", "world", "kube-apiserver"] as const;
export type FlowAlias = (typeof FLOW_ALIASES)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Parses an endpoint as written in config: `*`, an alias, `ns` or `ns/app`. A bare name is an alias when it is
 * one of FLOW_ALIASES, else a namespace. Returns undefined for text that is neither.
 */
export function parseEndpointRef(written: string): EndpointRef | undefined {
    if (written === "*") {
        return { kind: "all" };
    }
    const parts = written.split("/");
    if (parts.length === 1 && (FLOW_ALIASES as readonly string[]).includes(written)) {
        return { kind: "alias", alias: written };
    }
    if (parts.length > 2 || !parts.every((p) => DNS_LABEL.test(p))) {
        return undefined;
    }
    return parts.length === 2
        ? { kind: "namespace", namespace: parts[0], app: parts[1] }
        : { kind: "namespace", namespace: parts[0] };
}

/** A flow endpoint (`text`, so a stray character is named), decoded once into an EndpointRef and encoded back. */
export const endpoint = z.codec(
    text.refine((v) => parseEndpointRef(v) !== undefined, {
        error: (issue) =>
            `${display(String(issue.input))} is not *, <namespace>, <namespace>/<app> or one of the aliases ${FLOW_ALIASES.join(", ")}`,
    }),
    z.custom<EndpointRef>(),
    { decode: (written) => parseEndpointRef(written)!, encode: endpointText },
);
