import { APP_LABEL } from "../../contract/labels";
import { CHARTS, withMirroredImages } from "../../contract/versions";
import { containerSecurityContext, podSecurityContext } from "../lib/security";
import { podsQuota, type BudgetPod, type ContainerResources, type SystemBudget } from "../tenancy/manifests";
import { withEphemeralStorage } from "../../contract/ephemeral-storage";
import { withPriorityClass } from "../../contract/pins";
import { PriorityClassName } from "../../contract/priority-classes";

/**
 * The chart's `fullnameOverride`: object names stay `mariadb-operator`, `mariadb-operator-webhook` and
 * `mariadb-operator-cert-controller` whatever the release is called (Chart v4 names it after the resource).
 */
export const MARIADB_OPERATOR_FULLNAME = "mariadb-operator";

/** Port the webhook serves on (the chart's `webhook.port`); its Service maps 443 to it. */
export const MARIADB_OPERATOR_WEBHOOK_PORT = 9443;

/** Replicas of each Deployment unless the args say otherwise: one survives a drain or a node failure. */
export const MARIADB_OPERATOR_REPLICAS = 2;

/**
 * The pod labels each Deployment selects on (the chart's selectorLabels without the release's instance label), for
 * flows and anti-affinity. The controller calls every MariaDB's pods (SQL on 3306, the agent on 5555), the API
 * server calls the webhook on MARIADB_OPERATOR_WEBHOOK_PORT, and all three call the API server.
 */
export const MARIADB_OPERATOR_POD_LABELS = {
    controller: { [APP_LABEL]: MARIADB_OPERATOR_FULLNAME },
    webhook: { [APP_LABEL]: `${MARIADB_OPERATOR_FULLNAME}-webhook` },
    certController: { [APP_LABEL]: `${MARIADB_OPERATOR_FULLNAME}-cert-controller` },
} as const;

type Role = keyof typeof MARIADB_OPERATOR_POD_LABELS;

/**
 * Requests and limits of the three containers the chart runs (see CHARTS.mariadbOperator.containers). The webhook
 * and cert-controller requests are the chart's commented suggestion (10m / 32Mi); the controller's are higher: it
 * caches the MariaDBs, StatefulSets, Pods, Secrets and Jobs of every namespace it watches, and reconciles
 * replication, failover and the SQL resources. Every request meets mariadbOperatorLimits' minimum and every
 * container names a cpu limit, which that LimitRange bounds.
 */
export const MARIADB_OPERATOR_RESOURCES = {
    controller: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
    webhook: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
    certController: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
} as const satisfies Record<Role, ContainerResources>;

/** Services the chart declares with these values: the webhook's (its metrics Services stay off with `metrics`). */
export const MARIADB_OPERATOR_SERVICES = 1;

/** Why the args cannot work, or undefined. */
export function mariadbOperatorProblem(args: { readonly replicas: number }): string | undefined {
    if (!Number.isInteger(args.replicas) || args.replicas < 1) {
        return `args.replicas must be a whole number of at least 1, not ${args.replicas}`;
    }
    return undefined;
}

/**
 * Prefers another node for each pod of a Deployment: a hard rule would stall a rollout's surge pod on a cluster
 * with as many nodes as replicas, and two copies on one node are only a while less available.
 */
function spreadAcrossNodes(role: Role): Record<string, unknown> {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                {
                    weight: 100,
                    podAffinityTerm: {
                        labelSelector: { matchLabels: { ...MARIADB_OPERATOR_POD_LABELS[role] } },
                        topologyKey: "kubernetes.io/hostname",
                    },
                },
            ],
        },
    };
}

/**
 * One Deployment's values. With two replicas or more, `ha.enabled` turns on leader election (controller,
 * cert-controller; the webhook's replicas all serve) and `pdb.enabled` a budget that lets a drain stop one at a
 * time. Every container runs as the image's nonroot user (distroless, 65532) on a read-only root filesystem with
 * no capabilities, under the runtime's seccomp profile, so the namespace enforces the restricted level.
 */
function workload(role: Role, replicas: number): Record<string, unknown> {
    const ha = replicas > 1;
    return {
        ha: { enabled: ha, replicas },
        pdb: { enabled: ha, maxUnavailable: 1 },
        resources: withEphemeralStorage(MARIADB_OPERATOR_RESOURCES[role]),
        podSecurityContext: podSecurityContext(),
        securityContext: containerSecurityContext(),
        affinity: spreadAcrossNodes(role),
    };
}

/**
 * Helm values for the mariadb-operator chart: the CRDs stay with their own chart, explicit resources and security
 * contexts for every container, the webhook's certificate from the operator's own cert-controller (cert-manager
 * is not required), no metrics Services until the observability area lands, no rights on its custom resources
 * for the namespaces' own users, and every image through the mirror when set: the operator's own and the defaults
 * it starts for custom resources that name none (tags stay the chart's). The operator watches every namespace, so
 * MariaDBs live beside their apps.
 */
export function mariadbOperatorValues(options: {
    readonly replicas: number;
    readonly mirror?: string;
}): Record<string, unknown> {
    const values = {
        fullnameOverride: MARIADB_OPERATOR_FULLNAME,
        crds: { enabled: false },
        currentNamespaceOnly: false,
        // Not aggregated into the view and edit ClusterRoles: a tenant's `edit` binding would otherwise let its
        // team delete or rewrite the MariaDB (and run SQLJobs) behind the platform's back.
        rbac: { enabled: true, aggregation: { enabled: false } },
        ...workload("controller", options.replicas),
        metrics: { enabled: false },
        webhook: {
            enabled: true,
            port: MARIADB_OPERATOR_WEBHOOK_PORT,
            cert: { certManager: { enabled: false } },
            ...workload("webhook", options.replicas),
        },
        certController: { enabled: true, ...workload("certController", options.replicas) },
    };
    const classed = withPriorityClass(values, CHARTS.mariadbOperator, PriorityClassName.platform);
    return options.mirror === undefined ? classed : withMirroredImages(classed, CHARTS.mariadbOperator, options.mirror);
}

/** The pods mariadb-operator runs: each Deployment's replicas and the surge pod of a rollout (25% rounds up to 1). */
export function mariadbOperatorPods(replicas: number): BudgetPod[] {
    const r = MARIADB_OPERATOR_RESOURCES;
    return [r.controller, r.webhook, r.certController].map((c) => ({ containers: [c], copies: replicas + 1 }));
}

/**
 * mariadb-operator's quota and limits: mariadbOperatorPods summed, so the quota holds a rollout. The LimitRange's
 * defaults apply to nothing the chart runs (every container is declared); its maximum is the controller's limit.
 */
export function mariadbOperatorBudget(replicas: number): SystemBudget {
    return {
        quota: podsQuota(mariadbOperatorPods(replicas), MARIADB_OPERATOR_SERVICES),
        limits: {
            max: { cpu: "500m", memory: "512Mi" },
            min: { cpu: "10m", memory: "16Mi" },
            default: { cpu: "100m", memory: "128Mi" },
            defaultRequest: { cpu: "10m", memory: "32Mi" },
        },
    };
}
