import * as pulumi from "@pulumi/pulumi";

/** The engine's sentinel for a value not known until `up`. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value the program marked secret, kept apart so every writer can redact it. */
export class SecretValue {
    constructor(readonly value: unknown) {}
}

/** The resource options that matter for review and policy, as the engine receives them. */
export interface CapturedOptions {
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
}

/** One registration request as the engine would see it. */
export interface CapturedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** Inputs with secrets as SecretValue; preview-unknowns stay the engine's UNKNOWN_SENTINEL, as policies see them. */
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly options: CapturedOptions;
}

export interface ProgramRun {
    readonly resources: readonly CapturedResource[];
    readonly outputs: Readonly<Record<string, unknown>>;
}

export interface RunOptions {
    readonly project: string;
    readonly stack: string;
    /** Full keys (`platform:cluster`) to the strings the CLI would pass; objects JSON-encoded. */
    readonly config: Readonly<Record<string, string>>;
    readonly secretKeys?: readonly string[];
    /** The program; what it returns becomes the stack outputs. */
    readonly program: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

function decode(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(decode);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[SIG_KEY] === SECRET_SIG) {
            return new SecretValue(decode(record.value));
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
    }
    return value;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getParent(): string;
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (deps: { getUrnsList(): string[] }, key: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (err: unknown, response?: { getUrn(): string }) => void;

/** The SDK's internal promise bookkeeping (not in its typings): every Output's promises pass through it. */
interface Debuggable {
    debugPromiseLeaks: boolean;
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
}

/**
 * Runs `body` without the two stack traces the SDK formats for every resource and every promise it makes, which
 * nothing under the mock runtime reads and which cost more than the rest of a registration (formatted through
 * source maps under tsx, and kept alive with every pending Output):
 * - each registration's source position and stack trace (`Resource.stackTrace`), which the engine would show
 *   but the mock monitor drops and the capture does not record;
 * - each promise's creation stack (`debuggablePromise`), printed only when PULUMI_DEBUG_PROMISE_LEAKS asks for
 *   the leak report, so it is kept then.
 * Everything else, the leak detection itself included, runs unchanged; both are restored afterwards.
 */
async function withoutUnreadStackTraces<T>(body: () => Promise<T>): Promise<T> {
    // The module's own exports object: the SDK calls debuggablePromise through it, and an ES import is a copy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    const resource = pulumi.Resource as unknown as { stackTrace: (skip: number) => unknown[] };
    const { debuggablePromise } = debuggable;
    const { stackTrace } = resource;
    if (!debuggable.debugPromiseLeaks) {
        debuggable.debuggablePromise = (p, ctx) => {
            const limit = Error.stackTraceLimit;
            Error.stackTraceLimit = 0;
            try {
                return debuggablePromise(p, ctx);
            } finally {
                Error.stackTraceLimit = limit;
            }
        };
    }
    resource.stackTrace = () => [];
    try {
        return await body();
    } finally {
        debuggable.debuggablePromise = debuggablePromise;
        resource.stackTrace = stackTrace;
    }
}

/**
 * Runs a Pulumi program under the mock runtime and records every registration request — type, name, parent,
 * dependencies, options and inputs — exactly as the engine would receive it, then waits for every RPC.
 * Mocked resources echo their inputs as state, so outputs not among the inputs stay unknown, as in a preview.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    return withoutUnreadStackTraces(() => capture(options));
}

async function capture(options: RunOptions): Promise<ProgramRun> {
    pulumi.runtime.setAllConfig({ ...options.config }, [...(options.secretKeys ?? [])]);
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }),
            call: (args) => args.inputs,
        },
        options.project,
        options.stack,
        true,
    );
    const resources: CapturedResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) =>
        register(req, (err, response) => {
            if (!err && response) {
                resources.push(toCaptured(req, response.getUrn()));
            }
            callback(err, response);
        });
    const outputs = await pulumi.runtime.runInPulumiStack(async () => options.program());
    // Drains every outstanding registration before reading what was captured.
    await pulumi.runtime.disconnect();
    resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const repeated = resources.filter((r, i) => i > 0 && resources[i - 1].urn === r.urn).map((r) => r.urn);
    if (repeated.length > 0) {
        // The engine refuses the second registration of a URN, so `pulumi up` would fail there; so does the render.
        throw new Error(
            `duplicate resource URN (two resources of one type and name under one parent):\n  ${[...new Set(repeated)].join("\n  ")}`,
        );
    }
    return { resources, outputs: (decode(outputs ?? {}) as Record<string, unknown>) ?? {} };
}

function toCaptured(req: RegisterRequest, urn: string): CapturedResource {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
        propertyDependencies[key] = [...deps.getUrnsList()].sort();
    });
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        dependencies: [...req.getDependenciesList()].sort(),
        propertyDependencies,
        inputs: decode(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        options: {
            protect: req.getProtect(),
            retainOnDelete: req.getRetainondelete(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: [...req.getIgnorechangesList()],
            additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()],
        },
    };
}
