import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

/** Shared compliant fixtures for the security rules; each test changes one field of a copy. */
export const NS = "apps";

type Props = Record<string, any>;

export const DIGEST = "sha256:0d4e9b1ff2d6e0a3c8f1b2a4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4";

/** The container security context the workload component sets: the restricted Pod Security Standard. */
export function hardenedContext(): Props {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    };
}

/** A pod spec that passes every security rule: non-root, seccomp RuntimeDefault, secrets from a Secret. */
function hardenedPodSpec(): Props {
    return {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
        initContainers: [
            {
                name: "migrate",
                image: "ghcr.io/acme/web-migrate:1.4.2",
                securityContext: hardenedContext(),
                env: [{ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web-db", key: "password" } } }],
            },
        ],
        containers: [
            {
                name: "app",
                image: `ghcr.io/acme/web:1.4.2@${DIGEST}`,
                securityContext: hardenedContext(),
                env: [
                    { name: "DB_HOST", value: "mariadb-primary.data.svc" },
                    { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web-db", key: "password" } } },
                ],
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: {} }],
    };
}

/** A hardened Deployment: every security rule passes. */
export function hardenedDeployment(name = "web", namespace = NS): HarnessResource {
    return fixture(K8sType.deployment, name, {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace, labels: { app: name } },
        spec: {
            selector: { matchLabels: { app: name } },
            template: { metadata: { labels: { app: name } }, spec: hardenedPodSpec() },
        },
    });
}

/** The same pod as a bare Pod, a DaemonSet, a StatefulSet or a CronJob, to show each kind is checked. */
export function hardenedWorkload(type: string, name = "agent", namespace = NS): HarnessResource {
    const metadata = { name, namespace, labels: { app: name } };
    const template = { metadata: { labels: { app: name } }, spec: hardenedPodSpec() };
    const selector = { matchLabels: { app: name } };
    const specs: Record<string, Props> = {
        [K8sType.pod]: hardenedPodSpec(),
        [K8sType.daemonSet]: { selector, template },
        [K8sType.statefulSet]: { selector, serviceName: name, template },
        [K8sType.job]: { template },
        [K8sType.cronJob]: { schedule: "0 3 * * *", jobTemplate: { spec: { template } } },
    };
    return fixture(type, name, { metadata, spec: specs[type] });
}

/** The pod spec of any workload fixture, for edits. */
export function podOf(props: Props): Props {
    const spec = props.spec;
    return spec.jobTemplate?.spec.template.spec ?? spec.template?.spec ?? spec;
}

/**
 * A deep copy with one change applied. Not the shared `mutate`: under jest, structuredClone builds objects in
 * Node's realm, which fail @pulumi/policy's `instanceof Object` test and so are never wrapped in the unknown-checking
 * proxy, hiding PREVIEW_UNKNOWN values; a JSON round trip stays in the test's realm.
 */
export function change<T>(value: T, edit: (copy: T) => void): T {
    const copy = JSON.parse(JSON.stringify(value)) as T;
    edit(copy);
    return copy;
}

/** A copy of a resource with one change to its props. */
export function changeProps(resource: HarnessResource, edit: (props: Props) => void): HarnessResource {
    return change(resource, (copy) => edit(copy.props as Props));
}

/** A copy of a workload with one change to its pod spec. */
export function changePod(resource: HarnessResource, edit: (pod: Props) => void): HarnessResource {
    return changeProps(resource, (props) => edit(podOf(props)));
}

/** A copy of a workload with one change to its container "app". */
export function changeApp(resource: HarnessResource, edit: (container: Props) => void): HarnessResource {
    return changePod(resource, (pod) => edit(pod.containers[0]));
}

/** The hardened Deployment with its app container's image replaced. */
export function withImage(image: string): HarnessResource {
    return changeApp(hardenedDeployment(), (c) => {
        c.image = image;
    });
}

/** A copy of a workload with one change to its init container "migrate". */
export function changeInit(resource: HarnessResource, edit: (container: Props) => void): HarnessResource {
    return changePod(resource, (pod) => edit(pod.initContainers[0]));
}

/** A hardened debug container, as `kubectl debug` adds one to a Pod. */
export function ephemeralContainer(): Props {
    return { name: "debug", image: "docker.io/library/busybox:1.36.1", securityContext: hardenedContext() };
}

/** The kinds whose pod specs every pod-security rule reads. */
export const WORKLOAD_KINDS = [K8sType.pod, K8sType.daemonSet, K8sType.statefulSet, K8sType.job, K8sType.cronJob];

/** The engine's preview diagnostic for a rule that read an unknown value at `path`. */
export function cannotRun(path: string, kind = "string"): string {
    return `can't run policy during preview: ${kind} value at .${path} can't be known during preview`;
}
