// The model store as the policy pack sees it: the inference area annotates each serving pod template with the
// sources its loaders fetch from, so a rule can check them against the cluster's network without reading config.
import { parseStringList } from "./json";

/** Pod template annotation: a JSON list of source URLs (`https://10.0.0.5:9000`, `nfs://10.0.0.6/models`, …). */
export const MODEL_SOURCES_ANNOTATION = "platform.io/model-sources";

/** The annotation's value for a list of source URLs: distinct, in first-seen order. */
export function modelSourcesAnnotation(urls: readonly string[]): Record<string, string> {
    return { [MODEL_SOURCES_ANNOTATION]: JSON.stringify([...new Set(urls)]) };
}

/** The source URLs an annotation value lists; undefined when it is not a JSON list of strings. */
export function readModelSources(value: unknown): string[] | undefined {
    return parseStringList(value);
}

/** A Service's name in the cluster's DNS: `<service>.<namespace>.svc`, with or without the cluster domain. */
const SERVICE_HOST = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?$/;

/** The Service a host names, or undefined when it names none. */
export function serviceOfHost(host: string): { service: string; namespace: string } | undefined {
    const match = SERVICE_HOST.exec(host);
    return match === null ? undefined : { service: match[1], namespace: match[3] };
}
