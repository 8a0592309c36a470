import fc from "fast-check";
import { podResources, scale, sum, type Amount, type Resources } from "../../contract/footprint";
import { K8sType } from "../../contract/k8s-types";
import { footprintReport } from "../../tools/render/footprint";
import { container, inventory, namespace, res, workload, type FixtureNode } from "./footprint-fixtures";

const RUNS = { seed: 20261101, numRuns: 200 };
const MI = 2 ** 20;

const amount = fc.record({ milliCpu: fc.nat(64_000), memoryBytes: fc.nat(256).map((n) => n * MI) });
const resources: fc.Arbitrary<Resources> = fc.record({
    requests: amount,
    limits: amount,
    unbounded: fc.record({ cpu: fc.boolean(), memory: fc.boolean() }),
});
const spec = fc.record({ cpu: fc.nat(4000), memory: fc.nat(4096) });

const asContainer = (name: string, s: { cpu: number; memory: number }) =>
    container(name, { cpu: `${s.cpu}m`, memory: `${s.memory}Mi` });
const plain = (a: Amount) => [a.milliCpu, a.memoryBytes];

describe("footprint arithmetic", () => {
    it("sums the same whatever the order", () => {
        fc.assert(
            fc.property(fc.array(resources, { maxLength: 12 }), (list) => {
                expect(sum([...list].reverse())).toEqual(sum(list));
            }),
            RUNS,
        );
    });

    it("scales by n as n copies summed", () => {
        fc.assert(
            fc.property(resources, fc.integer({ min: 1, max: 20 }), (r, n) => {
                expect(scale(r, n)).toEqual(sum(Array.from({ length: n }, () => r)));
            }),
            RUNS,
        );
    });

    it("gives a pod at least each container's requests and at most all of them together", () => {
        fc.assert(
            fc.property(
                fc.array(spec, { minLength: 1, maxLength: 4 }),
                fc.array(spec, { maxLength: 3 }),
                (apps, inits) => {
                    const pod = podResources({
                        containers: apps.map((s, i) => asContainer(`app${i}`, s)),
                        initContainers: inits.map((s, i) => asContainer(`init${i}`, s)),
                    });
                    const all = [...apps, ...inits];
                    const appCpu = apps.reduce((t, s) => t + s.cpu, 0);
                    expect(pod.requests.milliCpu).toBe(Math.max(appCpu, ...inits.map((s) => s.cpu)));
                    expect(pod.requests.milliCpu).toBeLessThanOrEqual(all.reduce((t, s) => t + s.cpu, 0));
                    for (const s of all) {
                        expect(pod.requests.memoryBytes).toBeGreaterThanOrEqual(s.memory * MI);
                    }
                },
            ),
            RUNS,
        );
    });
});

const node = fc.record({
    role: fc.constantFrom("control-plane", "worker"),
    schedulable: fc.boolean(),
    gpus: fc.constantFrom(0, 0, 1),
});
const pods = fc.record({
    component: fc.constantFrom("a", "b", "c"),
    daemon: fc.boolean(),
    replicas: fc.nat(5),
    spec,
});

describe("the footprint report", () => {
    it("totals the platform as the sum of its entries, of its areas, and of its node roles", () => {
        fc.assert(
            fc.property(fc.array(node, { minLength: 1, maxLength: 6 }), fc.array(pods, { maxLength: 8 }), (ns, ps) => {
                const nodes: FixtureNode[] = ns.map((n, i) => ({ name: `n${i}`, cpu: "4", memory: "8Gi", ...n }));
                const areas = ["network", "storage", "data"];
                const components = ["a", "b", "c"].map((c, i) => res(`platform:${areas[i]}:Thing`, c, {}));
                const stack = [
                    inventory(nodes),
                    ...components,
                    ...components.map((c) => namespace(`${c.name}-system`, c.urn)),
                    ...ps.map((p, i) => {
                        const owner = components.find((c) => c.name === p.component)!;
                        const template = { spec: { containers: [asContainer("c", p.spec)] } };
                        return p.daemon
                            ? workload(K8sType.daemonSet, `${owner.name}-system`, `p${i}`, { template }, owner.urn)
                            : workload(
                                  K8sType.deployment,
                                  `${owner.name}-system`,
                                  `p${i}`,
                                  { replicas: p.replicas, template },
                                  owner.urn,
                              );
                    }),
                ];
                const report = footprintReport("prop", stack, []);
                const entries = report.areas.flatMap((a) => a.components.flatMap((c) => c.entries));
                const total = plain(report.platform.total.requests);
                expect(plain(sum(entries.map((e) => e.total)).requests)).toEqual(total);
                expect(plain(sum(report.areas.map((a) => a.split.total)).requests)).toEqual(total);
                const byRole = report.roles!.reduce(
                    (t, r) => [t[0] + r.platform.milliCpu, t[1] + r.platform.memoryBytes],
                    [0, 0],
                );
                expect(byRole).toEqual(total);
                for (const fit of [report.fit!.cpu, report.fit!.memory]) {
                    expect(fit.committed).toBe([...fit.platform, ...fit.tenants].reduce((t, c) => t + c.value, 0));
                }
            }),
            RUNS,
        );
    });
});
