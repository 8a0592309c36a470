/** An image reference split the way the container runtime resolves it. */
export interface ImageReference {
    /** Registry host, `docker.io` when the reference names none. */
    readonly registry: string;
    /** Repository path under the registry, with Docker Hub's implicit `library/` for official images. */
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
    /** `registry/repository`, the form allow-list prefixes are matched against. */
    readonly fullName: string;
}

const DEFAULT_REGISTRY = "docker.io";

/** The first path component is a registry host when it has a dot or a port, or is `localhost`. */
function isRegistryHost(component: string): boolean {
    return component.includes(".") || component.includes(":") || component === "localhost";
}

/** Parses `[registry/]path[:tag][@digest]`; the result is normalised so `nginx` is `docker.io/library/nginx`. */
export function parseImage(image: string): ImageReference {
    const at = image.indexOf("@");
    const digest = at >= 0 ? image.slice(at + 1) : undefined;
    const named = at >= 0 ? image.slice(0, at) : image;
    const slash = named.lastIndexOf("/");
    const colon = named.lastIndexOf(":");
    const tag = colon > slash ? named.slice(colon + 1) : undefined;
    const name = colon > slash ? named.slice(0, colon) : named;
    const [first, ...rest] = name.split("/");
    const explicit = rest.length > 0 && isRegistryHost(first);
    const registry = explicit ? first.toLowerCase() : DEFAULT_REGISTRY;
    const path = explicit ? rest.join("/") : name;
    const repository = registry === DEFAULT_REGISTRY && !path.includes("/") ? `library/${path}` : path;
    return { registry, repository, tag, digest, fullName: `${registry}/${repository}` };
}

/** Whether `fullName` is `prefix` or lies under it (`ghcr.io/org` matches `ghcr.io/org/app`, not `ghcr.io/orgx`). */
export function underPrefix(fullName: string, prefix: string): boolean {
    const bare = prefix.replace(/\/+$/, "").toLowerCase();
    const name = fullName.toLowerCase();
    return name === bare || name.startsWith(`${bare}/`);
}
