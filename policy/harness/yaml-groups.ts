// The children of YAML groups, as the engine would see them. `yaml.v2.ConfigGroup` and `ConfigFile` are components
// the Kubernetes provider expands: in a real preview every object they hold is registered as a child resource, and
// each rule meets it; under mocks nothing expands them, so the harness does, the same way.
import * as fs from "node:fs";
import { parseAllDocuments } from "yaml";
import { objectType } from "../../contract/objects";
import type { HarnessResource } from "./evaluate";

const YAML_GROUP_TYPES: readonly string[] = ["kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml/v2:ConfigFile"];

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

function textsOf(value: unknown): string[] {
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** Local files are read relative to the program's directory, as the provider does; remote ones are not fetched. */
function fileTexts(paths: readonly string[]): string[] {
    return paths.filter((p) => !REMOTE.test(p) && fs.existsSync(p)).map((p) => fs.readFileSync(p, "utf8"));
}

function objectsOf(props: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
    const texts = [...textsOf(props.yaml), ...fileTexts([...textsOf(props.files), ...textsOf(props.file)])];
    const parsed = texts.flatMap((text) => parseAllDocuments(text).map((doc) => doc.toJS() as unknown));
    const objs = Array.isArray(props.objs) ? props.objs : [];
    // An object without apiVersion and kind is one the provider rejects: nothing would be registered.
    return [...objs, ...parsed].filter(
        (o): o is Record<string, unknown> =>
            o !== null && typeof o === "object" && typeof o.apiVersion === "string" && typeof o.kind === "string",
    );
}

function childName(group: HarnessResource, obj: Record<string, unknown>): string {
    const prefix = typeof group.props.resourcePrefix === "string" ? group.props.resourcePrefix : group.name;
    const metadata = (obj.metadata ?? {}) as Record<string, unknown>;
    const namespace = typeof metadata.namespace === "string" ? `${metadata.namespace}/` : "";
    const name = `${namespace}${String(metadata.name ?? "")}`;
    return prefix === "" ? name : `${prefix}:${name}`;
}

/** `urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>` for a child of `parent`. */
function childUrn(parent: string, type: string, name: string): string {
    const [stack, project, types] = parent.split("::");
    return `${stack}::${project}::${types}$${type}::${name}`;
}

/** The resources with every YAML group's objects added as its children (groups with objects stay too). */
export function withYamlGroupChildren(resources: readonly HarnessResource[]): HarnessResource[] {
    const children = resources
        .filter((r) => YAML_GROUP_TYPES.includes(r.type))
        .flatMap((group) =>
            objectsOf(group.props).map((obj): HarnessResource => {
                const type = objectType("kubernetes:yaml/v2:Object", obj);
                const name = childName(group, obj);
                return {
                    urn: childUrn(group.urn, type, name),
                    type,
                    name,
                    parent: group.urn,
                    dependencies: [],
                    propertyDependencies: {},
                    props: obj,
                    options: { protect: false, ignoreChanges: [] },
                };
            }),
        );
    return children.length === 0 ? [...resources] : [...resources, ...children];
}
