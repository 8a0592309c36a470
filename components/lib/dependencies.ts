import type * as pulumi from "@pulumi/pulumi";

/**
 * The caller's opts.dependsOn as one entry of a child's dependsOn: a component's children do not inherit it, so
 * a component passes it on to the children that must wait (the SDK gathers resources from nested lists and outputs
 * alike).
 */
export function inheritedDependsOn(opts: pulumi.ComponentResourceOptions | undefined): pulumi.Input<pulumi.Resource>[] {
    return opts?.dependsOn === undefined ? [] : [opts.dependsOn as pulumi.Input<pulumi.Resource>];
}
