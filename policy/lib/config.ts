/** The engine passes only the profile's values; each rule merges them over its declared defaults. */
export function withDefaults<T extends object>(defaults: T, getConfig: () => object): T {
    return { ...defaults, ...(getConfig() as Partial<T>) };
}
