import type { WordPressArgs } from "../../../components/apps";
import type { GatewayRef } from "../../../components/network/gateway-manifests";
import { SecretValue, type CapturedResource } from "../../../tools/runtime/capture";
import { capture, findResource, ofType, setBareMocks } from "../../helpers/capture";

const GATEWAY: GatewayRef = {
    name: "platform",
    namespace: "gateway-system",
    listeners: { "blog.example.com": "https-blog-example-com" },
    proxy: {
        kind: "pods",
        name: "gateway",
        namespaces: ["envoy-gateway-system"],
        labels: { "app.kubernetes.io/component": "proxy" },
    },
};

const ARGS: WordPressArgs = {
    namespace: "web",
    database: {
        secretName: "mariadb-wordpress-credentials",
        host: "mariadb-primary",
        port: 3306,
        database: "wordpress",
        user: "wordpress",
        pods: {
            name: "mariadb",
            labels: { "app.kubernetes.io/name": "mariadb", "app.kubernetes.io/instance": "mariadb" },
        },
    },
    uploads: { storageClass: "nfs-client", size: "20Gi" },
    autoscaling: { minReplicas: 2, maxReplicas: 5, targetCpuUtilization: 70 },
    route: { hostname: "blog.example.com", gateway: GATEWAY },
    protect: true,
};

async function render(args: WordPressArgs): Promise<readonly CapturedResource[]> {
    const { WordPress } = await import("../../../components/apps");
    return (
        await capture(() => {
            new WordPress("wordpress", args);
        })
    ).resources;
}

describe("WordPress", () => {
    let resources: readonly CapturedResource[];
    let deployment: CapturedResource;
    let pod: any;
    let container: any;

    beforeAll(async () => {
        resources = await render(ARGS);
        deployment = findResource(resources, "kubernetes:apps/v1:Deployment", "wordpress-deployment");
        pod = (deployment.inputs.spec as any).template;
        container = pod.spec.containers[0];
    });

    it("autoscales 2–5 at 70 % CPU with no static replicas, a PDB and node spread", () => {
        expect((deployment.inputs.spec as any).replicas).toBeUndefined();
        const hpa = findResource(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "wordpress-hpa");
        expect(hpa.inputs.spec).toMatchObject({
            minReplicas: 2,
            maxReplicas: 5,
            scaleTargetRef: { kind: "Deployment", name: "wordpress" },
            metrics: [{ resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
        });
        expect(
            findResource(resources, "kubernetes:policy/v1:PodDisruptionBudget", "wordpress-pdb").inputs.spec,
        ).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "wordpress" } } });
        expect(pod.spec.topologySpreadConstraints).toHaveLength(1);
        expect(pod.metadata.labels).toEqual({
            "app.kubernetes.io/name": "wordpress",
            "platform.io/workload-class": "ha",
        });
    });

    it("runs the pinned Apache image as www-data with a read-only root filesystem on port 8080", () => {
        expect(container.image).toMatch(/^docker\.io\/library\/wordpress:6\.\d+\.\d+-php8\.\d-apache$/);
        expect(container.securityContext).toMatchObject({
            runAsNonRoot: true,
            runAsUser: 33,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        });
        expect(container.securityContext.capabilities.add).toBeUndefined();
        expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 33 });
        expect(container.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
        const apache = findResource(resources, "kubernetes:core/v1:ConfigMap", "wordpress-apache");
        const data = apache.inputs.data as Record<string, string>;
        expect(data["ports.conf"]).toBe("Listen 8080\n");
        expect(data["wordpress.conf"]).toContain("<VirtualHost *:8080>");
        const configVolume = (pod.spec.volumes as any[]).find((v) => v.configMap);
        expect(configVolume.configMap.name).toBe((apache.inputs.metadata as any).name);
        expect(container.volumeMounts).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ mountPath: "/etc/apache2/ports.conf", subPath: "ports.conf" }),
                expect.objectContaining({
                    mountPath: "/etc/apache2/sites-enabled/wordpress.conf",
                    subPath: "wordpress.conf",
                }),
            ]),
        );
    });

    it("gives Apache and the entrypoint emptyDirs for what they write", () => {
        const emptyDirs = new Set((pod.spec.volumes as any[]).filter((v) => v.emptyDir).map((v) => v.name));
        const scratch = (container.volumeMounts as any[]).filter((m) => emptyDirs.has(m.name)).map((m) => m.mountPath);
        expect(scratch).toEqual([
            "/tmp",
            "/var/run/apache2",
            "/var/lock/apache2",
            "/var/www/html",
            "/var/www/html/wp-content",
        ]);
    });

    it("probes a static file on the http port", () => {
        for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
            expect(container[probe].httpGet).toEqual({ path: "/wp-includes/images/blank.gif", port: "http" });
        }
    });

    it("passes the database location plainly and every secret by secretKeyRef", () => {
        const env = container.env as any[];
        const plain = Object.fromEntries(env.filter((e) => "value" in e).map((e) => [e.name, e.value]));
        expect(plain).toMatchObject({
            WORDPRESS_DB_HOST: "mariadb-primary:3306",
            WORDPRESS_DB_NAME: "wordpress",
            WORDPRESS_DB_USER: "wordpress",
        });
        expect(Object.keys(plain).filter((k) => /PASSWORD|KEY|SALT/.test(k))).toEqual([]);
        expect(env.find((e) => e.name === "WORDPRESS_DB_PASSWORD")).toEqual({
            name: "WORDPRESS_DB_PASSWORD",
            valueFrom: { secretKeyRef: { name: "mariadb-wordpress-credentials", key: "password" } },
        });
        const keys = env.filter((e) => e.valueFrom?.secretKeyRef?.name === "wordpress-keys");
        expect(keys.map((e) => e.name)).toHaveLength(8);
        expect(keys).toContainEqual({
            name: "WORDPRESS_AUTH_KEY",
            valueFrom: { secretKeyRef: { name: "wordpress-keys", key: "AUTH_KEY" } },
        });
        const secret = findResource(resources, "kubernetes:core/v1:Secret", "wordpress-keys");
        expect(secret.inputs.stringData).toBeInstanceOf(SecretValue);
        expect(ofType(resources, "random:index/randomPassword:RandomPassword")).toHaveLength(8);
    });

    it("mounts its protected ReadWriteMany uploads claim at wp-content/uploads", () => {
        const claim = findResource(resources, "kubernetes:core/v1:PersistentVolumeClaim", "wordpress-uploads");
        expect(claim.inputs.spec).toEqual({
            accessModes: ["ReadWriteMany"],
            storageClassName: "nfs-client",
            resources: { requests: { storage: "20Gi" } },
        });
        expect(claim.options).toMatchObject({ protect: true, retainOnDelete: true });
        const volume = (pod.spec.volumes as any[]).find((v) => v.persistentVolumeClaim);
        expect(volume.persistentVolumeClaim).toEqual({ claimName: "wordpress-uploads" });
        expect(container.volumeMounts).toContainEqual({
            name: volume.name,
            mountPath: "/var/www/html/wp-content/uploads",
        });
    });

    it("routes the hostname to port 8080 through the Gateway's HTTPS listener", () => {
        const route = findResource(resources, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "wordpress-route");
        expect(route.inputs.spec).toEqual({
            parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "https-blog-example-com" }],
            hostnames: ["blog.example.com"],
            rules: [
                {
                    matches: [{ path: { type: "PathPrefix", value: "/" } }],
                    backendRefs: [{ name: "wordpress", port: 8080 }],
                },
            ],
        });
    });

    it("opens the Gateway → WordPress and WordPress → MariaDB flows", () => {
        const names = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
            (p) => `${(p.inputs.metadata as any).namespace}/${(p.inputs.metadata as any).name}`,
        );
        expect(names.sort()).toEqual([
            "envoy-gateway-system/flow-web-wordpress-from-gateway-out",
            "web/flow-web-wordpress-from-gateway-in",
            "web/flow-web-wordpress-to-web-mariadb-in",
            "web/flow-web-wordpress-to-web-mariadb-out",
        ]);
        const toDb = findResource(
            resources,
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "wordpress-web-flow-web-wordpress-to-web-mariadb-in",
        ).inputs.spec as any;
        expect(toDb.podSelector.matchLabels).toEqual({
            "app.kubernetes.io/name": "mariadb",
            "app.kubernetes.io/instance": "mariadb",
        });
        expect(toDb.ingress[0].ports).toEqual([{ protocol: "TCP", port: 3306 }]);
    });
});

describe("WordPress with the object cache", () => {
    const CACHE = {
        secretName: "valkey-credentials",
        host: "valkey",
        port: 6379,
        pods: {
            name: "valkey",
            labels: { "app.kubernetes.io/name": "valkey", "app.kubernetes.io/instance": "valkey" },
        },
    };
    let resources: readonly CapturedResource[];
    let env: any[];

    beforeAll(async () => {
        resources = await render({ ...ARGS, cache: CACHE });
        const deployment = findResource(resources, "kubernetes:apps/v1:Deployment", "wordpress-deployment");
        env = (deployment.inputs.spec as any).template.spec.containers[0].env;
    });

    it("points the object cache plugin at the primary, its password read from the environment", () => {
        const extra = env.find((e) => e.name === "WORDPRESS_CONFIG_EXTRA").value as string;
        expect(extra.split("\n")).toEqual([
            "define('DISALLOW_FILE_MODS', true);",
            "define('WP_HTTP_BLOCK_EXTERNAL', true);",
            "define('WP_REDIS_HOST', 'valkey');",
            "define('WP_REDIS_PORT', 6379);",
            "define('WP_REDIS_PASSWORD', getenv_docker('WORDPRESS_REDIS_PASSWORD', ''));",
            "define('WP_REDIS_PREFIX', 'wordpress:');",
            "define('WP_REDIS_TIMEOUT', 1);",
            "define('WP_REDIS_READ_TIMEOUT', 1);",
        ]);
        expect(env.find((e) => e.name === "WORDPRESS_REDIS_PASSWORD")).toEqual({
            name: "WORDPRESS_REDIS_PASSWORD",
            valueFrom: { secretKeyRef: { name: "valkey-credentials", key: "password" } },
        });
    });

    it("opens WordPress → Valkey on 6379 beside the database flow", () => {
        const toCache = findResource(
            resources,
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "wordpress-web-flow-web-wordpress-to-web-valkey-in",
        ).inputs.spec as any;
        expect(toCache.podSelector.matchLabels).toEqual(CACHE.pods.labels);
        expect(toCache.ingress[0].ports).toEqual([{ protocol: "TCP", port: 6379 }]);
    });
});

describe("WordPress args", () => {
    beforeAll(setBareMocks);

    it.each([
        [{ uploads: { storageClass: "", size: "1Gi" } }, "args.uploads.storageClass is empty"],
        [{ uploads: { storageClass: "shared", size: "0" } }, 'args.uploads.size "0" is not a positive quantity'],
    ])("rejects %j", async (override, message) => {
        const { WordPress } = await import("../../../components/apps");
        expect(() => new WordPress("wordpress", { ...ARGS, ...override })).toThrow(message);
    });
});
