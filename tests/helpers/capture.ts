import * as pulumi from "@pulumi/pulumi";
import { runProgram, type CapturedResource, type ProgramRun } from "../../tools/runtime/capture";

/** Runs a program under the mock runtime (project "platform") and returns what it registered. */
export function capture(
    program: () => Record<string, unknown> | void | Promise<Record<string, unknown> | void>,
    config: Record<string, string> = {},
    stack = "test",
): Promise<ProgramRun> {
    return runProgram({ project: "platform", stack, config, program: async () => (await program()) ?? {} });
}

/**
 * Mocks for constructing components outside a program run, where their argument errors are thrown plainly (from
 * inside a run an exception escapes the mock runtime as an unhandled rejection).
 */
export function setBareMocks(): Promise<void> {
    return pulumi.runtime.setMocks(
        { newResource: (args) => ({ id: undefined, state: args.inputs }), call: (args) => args.inputs },
        "platform",
        "test",
        true,
    );
}

export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** The one captured resource of a type and name; fails loudly when absent or ambiguous. */
export function findResource(resources: readonly CapturedResource[], type: string, name: string): CapturedResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    }
    return found[0];
}

export function ofType(resources: readonly CapturedResource[], type: string): CapturedResource[] {
    return resources.filter((r) => r.type === type);
}
