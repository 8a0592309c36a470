import type { HarnessResource } from "../../../../policy/harness/evaluate";
import { fixture } from "../../../helpers/policy";
import { K8sType } from "../../../../contract/k8s-types";

/** Shared compliant fixtures for the availability rules; each test changes one field of a copy. */
export const NS = "apps";

type Props = Record<string, any>;

/**
 * A copy of `resource` with one change to its props. A JSON round trip rather than the shared `mutate`: under
 * jest, structuredClone returns objects of the host realm, which fail @pulumi/policy's `instanceof Object`
 * check, so the unknown-checking proxy would silently not wrap them and PREVIEW_UNKNOWN would never throw.
 */
export function change(resource: HarnessResource, edit: (props: Props) => void): HarnessResource {
    const props = JSON.parse(JSON.stringify(resource.props)) as Props;
    edit(props);
    return { ...resource, props };
}

function probe(path: string): Props {
    return { httpGet: { path, port: 8080 }, periodSeconds: 10 };
}

/** A pod spec that passes every availability rule for pods labelled `app: <name>`. */
function podSpec(name: string): Props {
    return {
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "DoNotSchedule",
                labelSelector: { matchLabels: { app: name } },
            },
        ],
        initContainers: [{ name: "migrate", image: "registry.example.com/migrate:1.0.0" }],
        containers: [
            {
                name: "app",
                image: "registry.example.com/app:1.2.3",
                readinessProbe: probe("/ready"),
                livenessProbe: probe("/health"),
            },
        ],
    };
}

/** A stateless Deployment that an HPA scales: no spec.replicas, probes, spread on hostname. */
export function webDeployment(name = "web"): HarnessResource {
    return fixture(K8sType.deployment, name, {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace: NS, labels: { app: name } },
        spec: {
            selector: { matchLabels: { app: name } },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: { metadata: { labels: { app: name, tier: "frontend" } }, spec: podSpec(name) },
        },
    });
}

/** An autoscaling/v2 HPA for `webDeployment`: 3–10 at 70 % CPU (the prod web app). */
export function webHpa(name = "web", target = "web"): HarnessResource {
    return fixture(K8sType.hpa, name, {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name, namespace: NS },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: target },
            minReplicas: 3,
            maxReplicas: 10,
            metrics: [
                {
                    type: "Resource",
                    resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
                },
            ],
        },
    });
}

/**
 * A KEDA ScaledObject for `webDeployment` in place of the HPA: 3–10 on a Prometheus query. Its scaleTargetRef
 * names only the target, so KEDA's defaults (apps/v1, Deployment) decide the rest.
 */
export function webScaledObject(name = "web", target = "web"): HarnessResource {
    return fixture(K8sType.scaledObject, name, {
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: { name, namespace: NS },
        spec: {
            scaleTargetRef: { name: target },
            minReplicaCount: 3,
            maxReplicaCount: 10,
            triggers: [
                {
                    type: "prometheus",
                    metadata: {
                        serverAddress: "http://prometheus-operated.monitoring:9090",
                        query: 'sum(rate(http_requests_total{app="web"}[2m]))',
                        threshold: "100",
                    },
                },
            ],
        },
    });
}

/** A policy/v1 PDB for `webDeployment`: maxUnavailable 1. */
export function webPdb(name = "web", app = "web"): HarnessResource {
    return fixture(K8sType.pdb, name, {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name, namespace: NS },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app } } },
    });
}

/** A quorum StatefulSet of 3 (e.g. a self-managed database). */
export function quorumStatefulSet(name = "db"): HarnessResource {
    return fixture(K8sType.statefulSet, name, {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name, namespace: NS, labels: { app: name, "platform.io/workload-class": "quorum" } },
        spec: {
            replicas: 3,
            serviceName: name,
            selector: { matchLabels: { app: name } },
            template: { metadata: { labels: { app: name } }, spec: podSpec(name) },
        },
    });
}

/** A mariadb-operator MariaDB: 1 primary + 2 replicas with 3 embedded MaxScale instances (prod). */
export function mariaDb(name = "mariadb"): HarnessResource {
    return fixture(K8sType.mariaDb, name, {
        apiVersion: "k8s.mariadb.com/v1alpha1",
        kind: "MariaDB",
        metadata: { name, namespace: "data" },
        spec: {
            replicas: 3,
            replication: { enabled: true },
            maxScale: { enabled: true, replicas: 3 },
            storage: { size: "10Gi" },
        },
    });
}

/** Every compliant fixture at once: the web app (Deployment + HPA + PDB) and a quorum StatefulSet with its PDB. */
export function compliantStack(): HarnessResource[] {
    return [webDeployment(), webHpa(), webPdb(), quorumStatefulSet(), webPdb("db", "db"), mariaDb()];
}

/** The compliant stack with a ScaledObject scaling the web app instead of the HPA. */
export function kedaStack(): HarnessResource[] {
    return [...without(compliantStack(), K8sType.hpa, "web"), webScaledObject()];
}

/** The stack with the resource of the same urn swapped for `replacement`. */
export function replace(stack: readonly HarnessResource[], replacement: HarnessResource): HarnessResource[] {
    return stack.map((r) => (r.urn === replacement.urn ? replacement : r));
}

/** The stack without the resource of `type` named `name`. */
export function without(stack: readonly HarnessResource[], type: string, name: string): HarnessResource[] {
    return stack.filter((r) => !(r.type === type && r.name === name));
}

export { PREVIEW_UNKNOWN } from "../../../../policy/harness/evaluate";
