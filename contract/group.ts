// Grouping in one pass. Re-spreading a group on every insert (`[...(map.get(k) ?? []), v]`) copies it each time,
// which is quadratic in the group's size.

/** Appends `value` to the list under `key`, creating the list for a new key. */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list === undefined) {
        map.set(key, [value]);
    } else {
        list.push(value);
    }
}
