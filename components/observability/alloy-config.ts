// Grafana Alloy's configuration (its own syntax, formerly River) for shipping every pod's logs to Loki, in the
// two ways the platform collects them. Pure text builders; alloy-values.ts puts the result in the chart values.

/**
 * How Alloy reads pod logs.
 * - `api`: one Deployment tails every container's log through the API server (`loki.source.kubernetes`, the
 *   kubelet's log endpoint behind it). No hostPath, non-root, restricted Pod Security; but every line crosses the
 *   API server and each kubelet streams it, which costs them CPU and network as the cluster grows, only pods'
 *   logs are reachable (nothing node-level), and read positions live in an emptyDir, so a replaced pod re-reads
 *   what the kubelet still holds, which can store lines twice.
 * - `node`: a DaemonSet on every node reads the container runtime's files under /var/log/pods itself
 *   (`loki.source.file`), positions on the host so a restart resumes where it stopped; no API-server or kubelet
 *   load, and /var/log is there for node-level logs later. But it needs hostPath mounts and root (the files are
 *   root's), so it runs in its own privileged namespace.
 */
export type LogCollection = "api" | "node";

/** An Alloy string literal: its escapes are Go's, which JSON's (`\"`, `\\`, `\n`, `\uXXXX`) are a subset of. */
function literal(text: string): string {
    return JSON.stringify(text);
}

/** Labels every stream gets from the pod's metadata: namespace, pod, container and node. */
const RELABEL_RULES = [
    ["__meta_kubernetes_namespace", "namespace"],
    ["__meta_kubernetes_pod_name", "pod"],
    ["__meta_kubernetes_pod_container_name", "container"],
    ["__meta_kubernetes_pod_node_name", "node"],
]
    .map(
        ([source, target]) =>
            `  rule {\n    source_labels = [${literal(source)}]\n    target_label  = ${literal(target)}\n  }`,
    )
    .join("\n");

/** Node mode: the pod's files, `/var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log`. */
const PATH_RULE = `  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    target_label  = "__path__"
    replacement   = "/var/log/pods/*$1/*.log"
  }`;

/** Pod discovery: every pod in the cluster (api), or only this node's (node; the chart sets HOSTNAME to it). */
function discovery(collection: LogCollection): string {
    const selector =
        collection === "node"
            ? `
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("HOSTNAME")
  }`
            : "";
    return `discovery.kubernetes "pods" {
  role = "pod"${selector}
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
${collection === "node" ? `${RELABEL_RULES}\n${PATH_RULE}` : RELABEL_RULES}
}`;
}

/** The reading half: through the API (shared across clustered replicas), or from files, CRI lines unwrapped. */
function source(collection: LogCollection): string {
    if (collection === "api") {
        return `loki.source.kubernetes "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [loki.write.default.receiver]

  clustering {
    enabled = true
  }
}`;
    }
    return `local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

loki.source.file "pods" {
  targets    = local.file_match.pods.targets
  forward_to = [loki.process.cri.receiver]
}

loki.process "cri" {
  stage.cri {}
  forward_to = [loki.write.default.receiver]
}`;
}

/**
 * The whole configuration for one collection mode: discover pods, label their streams with namespace, pod,
 * container and node, read their logs and push them to Loki at `pushUrl`.
 */
export function alloyConfig(collection: LogCollection, pushUrl: string): string {
    const write = `loki.write "default" {
  endpoint {
    url = ${literal(pushUrl)}
  }
}`;
    return `${[discovery(collection), source(collection), write].join("\n\n")}\n`;
}

/**
 * Text that survives the chart's `tpl` unchanged: the alloy chart runs `alloy.configMap.content` through Helm's
 * template engine, where `{{` opens an action; each becomes an action that prints `{{`. A lone `}}` is plain text.
 */
export function escapeForTpl(text: string): string {
    return text.replace(/\{\{/g, '{{ "{{" }}');
}
