// What the command-line tools (render, validate) share: the stack argument, and how errors become exit codes.
import { ProfileError } from "../../policy/harness/profile";
import { ConfigError } from "../../stacks/config";
import { StackFileError } from "./stack-file";

type ErrorClass = abstract new (...args: never[]) => Error;

/** Errors that mean bad input: the message is shown without a stack trace and the exit code is 2. */
export const INPUT_ERRORS: readonly ErrorClass[] = [ConfigError, StackFileError, ProfileError];

/** The one positional argument, a stack name; undefined (after printing the usage) when it is not one. */
export function stackArgument(positionals: readonly string[], usage: string): string | undefined {
    const stack = positionals[0];
    if (positionals.length !== 1 || !/^[a-z0-9-]+$/.test(stack)) {
        console.error(usage);
        return undefined;
    }
    return stack;
}

/** Runs a command's main and exits with its code: 2 for an input error, 3 for anything unexpected. */
export function runCli(main: () => Promise<number>, inputErrors: readonly ErrorClass[] = INPUT_ERRORS): void {
    main()
        .catch((e: unknown) => {
            if (e instanceof Error && inputErrors.some((type) => e instanceof type)) {
                console.error(e.message);
                return 2;
            }
            throw e;
        })
        .then(
            (code) => process.exit(code),
            (e: unknown) => {
                console.error(e);
                process.exit(3);
            },
        );
}
