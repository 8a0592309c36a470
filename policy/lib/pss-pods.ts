import type { ResourceValidation } from "@pulumi/policy";
import { valueAt } from "../../contract/json";
import { POD_SPEC_PATHS } from "../../contract/objects";
import type { Props } from "./resources";
import { validatePodSpec } from "./security-pods";
import { containersOf } from "./workloads";

type Report = (message: string) => void;

/**
 * The metadata of the pod a workload runs: a Pod's own, else its pod template's (`spec.template.metadata`, a
 * CronJob's `spec.jobTemplate.spec.template.metadata`), where the kubelet reads pod annotations from; `{}` when none
 * is declared. `type` is an object type (see podSpecOf).
 */
export function podMetadataOf(type: string, props: Props): Props {
    const path = POD_SPEC_PATHS[type];
    const metadata = path === undefined ? undefined : valueAt(props, path.replace(/spec$/, "metadata"));
    return metadata !== null && typeof metadata === "object" ? (metadata as Props) : {};
}

/**
 * validatePodSpec for a check that also reads the pod's metadata (podMetadataOf): every pod-bearing kind, every
 * finding reported on the resource.
 */
export function validatePodTemplate(
    check: (podSpec: Props, podMetadata: Props, report: Report) => void,
): ResourceValidation {
    return (args, report) =>
        validatePodSpec({}, (podSpec, _config, found) => check(podSpec, podMetadataOf(args.type, args.props), found))(
            args,
            report,
        );
}

export interface LabelledContext {
    /** `pod`, `container "app"`, `init container "setup"` or `ephemeral container "debug"`, for messages. */
    readonly label: string;
    /** The security context as declared there, or undefined. */
    readonly securityContext: Props | undefined;
}

/**
 * The pod's security context, then each init, regular and ephemeral container's: the places a field that the Pod
 * Security Standards restrict at both levels (seLinuxOptions, appArmorProfile, windowsOptions) can be set. Each is
 * judged as declared; the container's value overrides the pod's at runtime, but a forbidden value is forbidden
 * wherever it is written, as Pod Security Admission judges it.
 */
export function securityContextsOf(podSpec: Props): LabelledContext[] {
    return [
        { label: "pod", securityContext: podSpec.securityContext },
        ...containersOf(podSpec).map(({ label, container }) => ({ label, securityContext: container.securityContext })),
    ];
}

/** `"a", "b"` for messages. */
export function quoted(values: readonly unknown[]): string {
    return values.map((v) => `"${String(v)}"`).join(", ");
}
