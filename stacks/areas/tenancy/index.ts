import * as pulumi from "@pulumi/pulumi";
import { GovernedNamespace } from "../../../components/tenancy";
import type { Area } from "../area";
import { checkTenants } from "./checks";
import { tenancySections } from "./schema";

/** Team namespaces, each governed by quota, limits, Pod Security and default deny. */
export const tenancyArea: Area<typeof tenancySections> = {
    name: "tenancy",
    sections: tenancySections,
    namespaces: ({ tenants }) => (tenants ?? []).map((t) => t.name),
    check: ({ tenants, cluster }, { namespaceOwners }) =>
        tenants ? checkTenants(tenants, cluster, namespaceOwners) : [],
    wire: ({ tenants }, { tenantLabels }) => {
        const namespaces = new Map(
            tenants.map((tenant) => [
                tenant.name,
                new GovernedNamespace(tenant.name, {
                    podSecurity: tenant.podSecurity,
                    quota: tenant.quota,
                    limits: tenant.limits,
                    labels: { ...tenantLabels.get(tenant.name) },
                }),
            ]),
        );
        return {
            outputs: { namespaces: pulumi.all([...namespaces.values()].map((t) => t.namespace)) },
            namespaces,
            flows: [],
            refs: { tenants: namespaces },
        };
    },
};
