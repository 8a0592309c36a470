import { DAY5_LIMITS, DAY5_QUOTA } from "../../stacks/areas/tenancy/schema";
import type { CapturedResource } from "../../tools/runtime/capture";
import { capture, findResource, ofType } from "../helpers/capture";

describe("GovernedNamespace", () => {
    let resources: readonly CapturedResource[];
    let namespaceOutput: string;

    beforeAll(async () => {
        const { GovernedNamespace } = await import("../../components/tenancy");
        const run = await capture(() => {
            const ns = new GovernedNamespace("team-a", { quota: { ...DAY5_QUOTA, gpus: 1 }, limits: DAY5_LIMITS });
            return { namespace: ns.namespace };
        });
        resources = run.resources;
        namespaceOutput = run.outputs.namespace as string;
    });

    it("creates a Namespace named after the component with restricted Pod Security by default", () => {
        const ns = findResource(resources, "kubernetes:core/v1:Namespace", "team-a");
        expect(ns.inputs.metadata).toEqual({
            name: "team-a",
            labels: expect.objectContaining({
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
                "app.kubernetes.io/managed-by": "pulumi",
            }),
        });
        expect(namespaceOutput).toBe("team-a");
    });

    it("sets the Day 5 quota, storage and PVC counts, and the GPU quota", () => {
        const quota = findResource(resources, "kubernetes:core/v1:ResourceQuota", "team-a-quota");
        expect(quota.inputs.metadata).toMatchObject({ name: "team-a-quota", namespace: "team-a" });
        expect(quota.inputs.spec).toEqual({
            hard: {
                "requests.cpu": "4",
                "requests.memory": "8Gi",
                "limits.cpu": "8",
                "limits.memory": "16Gi",
                pods: "10",
                services: "5",
                persistentvolumeclaims: "5",
                "requests.storage": "50Gi",
                "requests.nvidia.com/gpu": "1",
            },
        });
    });

    it("bounds containers with the Day 5 LimitRange", () => {
        const limits = findResource(resources, "kubernetes:core/v1:LimitRange", "team-a-limits");
        expect(limits.inputs.spec).toEqual({
            limits: [
                {
                    type: "Container",
                    max: { cpu: "2", memory: "4Gi" },
                    min: { cpu: "100m", memory: "128Mi" },
                    // Ephemeral storage defaulted, not bounded: a container without it still gets both.
                    default: { cpu: "500m", memory: "1Gi", "ephemeral-storage": "1Gi" },
                    defaultRequest: { cpu: "200m", memory: "512Mi", "ephemeral-storage": "128Mi" },
                },
            ],
        });
    });

    it("denies all ingress and egress, then allows DNS to kube-dns on UDP and TCP 53", () => {
        const policies = ofType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        expect(policies.map((p) => p.name).sort()).toEqual(["team-a-allow-dns", "team-a-default-deny"]);
        expect(findResource(resources, policies[0].type, "team-a-default-deny").inputs.spec).toEqual({
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
        });
        const dns = findResource(resources, policies[0].type, "team-a-allow-dns").inputs.spec as any;
        expect(dns.policyTypes).toEqual(["Egress"]);
        expect(dns.egress[0].ports).toEqual([
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
        ]);
        expect(dns.egress[0].to[0]).toEqual({
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        });
    });

    it("parents every child to the component and makes namespaced children depend on the Namespace", () => {
        const component = findResource(resources, "platform:tenancy:GovernedNamespace", "team-a");
        const children = resources.filter((r) => r.parent === component.urn);
        expect(children).toHaveLength(5);
        const nsUrn = findResource(resources, "kubernetes:core/v1:Namespace", "team-a").urn;
        for (const child of children.filter((c) => c.type !== "kubernetes:core/v1:Namespace")) {
            expect(child.dependencies).toContain(nsUrn);
        }
    });
});

describe("GovernedNamespace with a loosened Pod Security level", () => {
    it("labels the namespace with the level the args name", async () => {
        const { GovernedNamespace } = await import("../../components/tenancy");
        const run = await capture(() => {
            new GovernedNamespace("system-x", { podSecurity: "privileged", quota: DAY5_QUOTA, limits: DAY5_LIMITS });
        });
        const ns = findResource(run.resources, "kubernetes:core/v1:Namespace", "system-x");
        expect((ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    });
});
