import type { PolicyResource, ResourceValidation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { objectType } from "../../contract/objects";
import type { PlatformPolicy } from "./metadata";

type TypeCheck = Pick<ResourceValidationArgs, "isType" | "asType">;

function pulumiTypeOf(cls: unknown): string | undefined {
    const type = (cls as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof type === "string" && type !== "" ? type : undefined;
}

/** The object type of a resource; a kind unknown at preview leaves the token as declared. */
function typeOf(type: string, props: unknown): string {
    try {
        return objectType(type, props);
    } catch {
        return type;
    }
}

/** isType/asType answering for the object type, as the engine answers for the token. */
function typeChecks(type: string, props: PolicyResource["props"]): TypeCheck {
    return {
        isType: (cls) => pulumiTypeOf(cls) === type,
        asType: ((cls: unknown) => (pulumiTypeOf(cls) === type ? props : undefined)) as TypeCheck["asType"],
    };
}

function asObject(resource: PolicyResource): PolicyResource {
    const type = typeOf(resource.type, resource.props);
    return type === resource.type ? resource : { ...resource, type, ...typeChecks(type, resource.props) };
}

function judgeValidation(validate: ResourceValidation): ResourceValidation {
    const only = pulumiTypeOf(validate);
    return (args, report) => {
        const type = typeOf(args.type, args.props);
        if (only !== undefined && type !== only) {
            return;
        }
        return validate(type === args.type ? args : { ...args, type, ...typeChecks(type, args.props) }, report);
    };
}

/**
 * Every rule judges the object a resource declares, not its Pulumi type token (see objectType): a privileged Pod
 * declared through `apiextensions.CustomResource`, a `PodPatch` or a `DeploymentPatch` meets the same rules as a
 * `core.v1.Pod` or `apps.v1.Deployment`. Typed validations lose their `__pulumiType` tag, with which the engine
 * would skip those resources by token before the rule saw them, and apply the same filter to the object type.
 */
export function judgeByObject(policies: readonly PlatformPolicy[]): PlatformPolicy[] {
    return policies.map((policy) => {
        if ("validateStack" in policy) {
            return {
                ...policy,
                validateStack: (args: StackValidationArgs, report) =>
                    policy.validateStack({ ...args, resources: args.resources.map(asObject) }, report),
            };
        }
        return { ...policy, validateResource: [policy.validateResource ?? []].flat().map(judgeValidation) };
    });
}
