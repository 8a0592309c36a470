/** Child resource names derive from their component's name, so two instances never collide. */
export function childName(component: string, role: string): string {
    return `${component}-${role}`;
}
