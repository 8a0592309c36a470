/**
 * Orders strings by code point, the same under every locale: `localeCompare` follows the process's ICU locale,
 * under which (lt, da, et, cs) names such as `ch-t` and `aa-t` move, so output would differ between machines.
 */
export function byCodePoint(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
