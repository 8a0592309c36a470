import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../../contract/labels";
import { PRIORITY_CLASSES, type PriorityClassSpec } from "../../contract/priority-classes";
import { childName } from "../lib/naming";

/** The classes to declare. @default PRIORITY_CLASSES (platform and tenant) */
export interface PriorityClassesArgs {
    classes?: readonly PriorityClassSpec[];
}

/** A PriorityClass object for one spec: pure, so tests read it without mocks. */
export function priorityClassArgs(spec: PriorityClassSpec): k8s.scheduling.v1.PriorityClassArgs {
    return {
        metadata: { name: spec.name, labels: platformLabels() },
        value: spec.value,
        globalDefault: spec.globalDefault,
        preemptionPolicy: spec.preemptionPolicy,
        description: spec.description,
    };
}

/**
 * The platform's PriorityClasses (contract/priority-classes.ts says why these values): every pod the program runs
 * and every chart names one of them or a built-in system class, so the scheduler knows what to keep when the fixed
 * capacity runs short. Pods naming a class that does not exist yet are refused, so what runs pods waits for
 * `resources`.
 */
export class PriorityClasses extends pulumi.ComponentResource {
    /** The PriorityClass objects, for dependsOn. */
    public readonly resources: readonly pulumi.Resource[];

    constructor(name: string, args: PriorityClassesArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:PriorityClasses", name, {}, opts);
        this.resources = (args.classes ?? PRIORITY_CLASSES).map(
            (spec) =>
                new k8s.scheduling.v1.PriorityClass(childName(name, spec.name), priorityClassArgs(spec), {
                    parent: this,
                }),
        );
        this.registerOutputs({});
    }
}
