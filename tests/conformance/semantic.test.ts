import { validateObjects } from "../../tools/validate/validate";
import { deployment, lines, namespace, withField, type Obj } from "./fixtures";

function check(...objects: Obj[]): string[] {
    return lines(validateObjects([namespace("apps"), ...objects], undefined));
}

function configMap(name: string, ns = "apps"): Obj {
    return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data: { key: "value" } };
}

describe("checks the apiserver makes beyond its schemas", () => {
    it("rejects a Deployment whose selector does not match its pod template's labels", () => {
        expect(check(withField(deployment(), "spec.selector.matchLabels.app", "api"))).toEqual([
            "apps/v1 Deployment apps/web: spec.template.metadata.labels: `selector` does not match template `labels`",
        ]);
    });

    it("evaluates matchExpressions against the template's labels", () => {
        const notIn = { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["frontend"] }] };
        const exists = { matchExpressions: [{ key: "tier", operator: "Exists" }] };

        expect(check(withField(deployment(), "spec.selector", notIn))).toEqual([
            "apps/v1 Deployment apps/web: spec.template.metadata.labels: `selector` does not match template `labels`",
        ]);
        expect(check(withField(deployment(), "spec.selector", exists))).toEqual([]);
    });

    it("rejects a matchExpression with In and no values", () => {
        const selector = { matchExpressions: [{ key: "app", operator: "In", values: [] }] };

        expect(check(withField(deployment(), "spec.selector", selector))).toEqual([
            "apps/v1 Deployment apps/web: spec.selector.matchExpressions[0].values: must be specified when operator is In",
        ]);
    });

    it("rejects an empty selector, which would select every pod", () => {
        expect(check(withField(deployment(), "spec.selector", {}))).toEqual([
            "apps/v1 Deployment apps/web: spec.selector: empty selector is invalid for a Deployment",
        ]);
    });

    it("rejects a Job selector the apiserver would generate", () => {
        const job = {
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: { name: "migrate", namespace: "apps" },
            spec: {
                selector: { matchLabels: { app: "migrate" } },
                template: {
                    metadata: { labels: { app: "migrate" } },
                    spec: { restartPolicy: "Never", containers: [{ name: "migrate", image: "migrate:1.0" }] },
                },
            },
        };

        expect(check(job)).toEqual([
            "batch/v1 Job apps/migrate: spec.selector: `selector` will be auto-generated unless spec.manualSelector is true",
        ]);
        expect(check(withField(job, "spec.manualSelector", true))).toEqual([]);
    });

    it("rejects a name that is not a DNS-1123 subdomain", () => {
        expect(check(configMap("Web_Config"))).toEqual([
            "v1 ConfigMap apps/Web_Config: metadata.name: \"Web_Config\" is not a DNS-1123 subdomain (at most 253 lower-case alphanumerics, '-' or '.', starting and ending with an alphanumeric)",
        ]);
    });

    it("holds a Namespace's name to a DNS-1123 label, dots excluded", () => {
        expect(check(namespace("team.apps"))).toEqual([
            "v1 Namespace /team.apps: metadata.name: \"team.apps\" is not a DNS-1123 label (at most 63 lower-case alphanumerics or '-', starting and ending with an alphanumeric)",
        ]);
    });

    it("holds a Service's name to a DNS-1035 label: no leading digit", () => {
        const service = {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "1web", namespace: "apps" },
            spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
        };

        expect(check(service)).toEqual([
            "v1 Service apps/1web: metadata.name: \"1web\" is not a DNS-1035 label (at most 63 lower-case alphanumerics or '-', starting with a letter and ending with an alphanumeric)",
        ]);
    });

    it("accepts RBAC names with colons, which are path segments", () => {
        const role = {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: "platform:metrics-reader" },
            rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
        };

        expect(check(role)).toEqual([]);
    });

    it("rejects a namespace that is neither in the render nor built in", () => {
        expect(check(configMap("settings", "payments"))).toEqual([
            'v1 ConfigMap payments/settings: metadata.namespace: namespace "payments" is neither in the render nor one every cluster has',
        ]);
    });

    it("accepts the namespaces every cluster has", () => {
        expect(check(configMap("settings", "kube-system"), configMap("settings", "default"))).toEqual([]);
    });

    it("rejects a namespace on a cluster-scoped built-in kind", () => {
        const storageClass = {
            apiVersion: "storage.k8s.io/v1",
            kind: "StorageClass",
            metadata: { name: "nfs-client", namespace: "apps" },
            provisioner: "nfs.csi.k8s.io",
        };

        expect(check(storageClass)).toEqual([
            "storage.k8s.io/v1 StorageClass apps/nfs-client: metadata.namespace: a cluster-scoped StorageClass takes no namespace",
        ]);
    });

    it("rejects a label value the apiserver would refuse", () => {
        expect(check(withField(configMap("settings"), "metadata.labels", { team: "web team" }))).toEqual([
            "v1 ConfigMap apps/settings: metadata.labels.team: value \"web team\" must be at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric",
        ]);
    });
});
