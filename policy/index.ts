// The pack the Pulumi CLI runs: pulumi preview --policy-pack policy --policy-pack-config policy/profiles/<stack>.json
// Constructing a PolicyPack starts its gRPC server, so nothing else imports this file; tests and the offline
// harness import ./pack instead, and apply the same exemptions the same way.
import { PolicyPack } from "@pulumi/policy";
import { applyExemptions, utcDay } from "./lib/exemptions";
import { exemptions, PACK_NAME, policies } from "./pack";

new PolicyPack(PACK_NAME, {
    description: "Quotas, network policies, replica counts, security and stack invariants for the platform.",
    enforcementLevel: "advisory",
    policies: applyExemptions(policies, exemptions, utcDay(new Date())),
});
