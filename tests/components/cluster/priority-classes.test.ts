import { priorityClassArgs } from "../../../components/cluster/priority-classes";
import { PRIORITY_CLASSES, PriorityClassName, SYSTEM_PRIORITY_CLASSES } from "../../../contract/priority-classes";

describe("PriorityClasses", () => {
    it("ranks the platform above tenants, below the system classes and the user-defined ceiling", () => {
        const [platform, tenant] = PRIORITY_CLASSES;
        expect([platform.name, tenant.name]).toEqual([PriorityClassName.platform, PriorityClassName.tenant]);
        expect(platform.value).toBeGreaterThan(tenant.value);
        expect(platform.value).toBeLessThanOrEqual(1_000_000_000);
        expect(SYSTEM_PRIORITY_CLASSES).toEqual(["system-node-critical", "system-cluster-critical"]);
    });

    it("lets only the platform preempt, and makes the tenant class the one global default", () => {
        expect(PRIORITY_CLASSES.map(priorityClassArgs)).toEqual([
            {
                metadata: { name: "platform-critical", labels: expect.any(Object) },
                value: 1_000_000,
                globalDefault: false,
                preemptionPolicy: "PreemptLowerPriority",
                description: expect.stringContaining("preempts tenant workloads"),
            },
            {
                metadata: { name: "tenant-workload", labels: expect.any(Object) },
                value: 1_000,
                globalDefault: true,
                preemptionPolicy: "Never",
                description: expect.stringContaining("never preempts"),
            },
        ]);
    });
});
