import type { Violation } from "../../policy/harness/evaluate";
import type { ReportContext } from "./artifacts";

const LEVEL = { mandatory: "error", advisory: "warning" } as const;

/** SARIF 2.1.0 as GitHub code scanning accepts it; results point at the stack file that produced them. */
export function toSarif(violations: readonly Violation[], ctx: ReportContext): object {
    const ruleIndex = new Map(ctx.policies.map((p, i) => [p.name, i]));
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: ctx.pack.name,
                        version: ctx.pack.version,
                        rules: ctx.policies.map((p) => ({
                            id: p.name,
                            name: p.name,
                            shortDescription: { text: p.description },
                            fullDescription: { text: p.description },
                            help: { text: p.remediationSteps },
                            properties: { tags: p.tags, severity: p.severity },
                        })),
                    },
                },
                automationDetails: { id: `platform-render/${ctx.stack}` },
                results: violations.map((v) => ({
                    ruleId: v.policy,
                    ruleIndex: ruleIndex.get(v.policy),
                    level: LEVEL[v.enforcement],
                    message: { text: `${v.message} (${v.urn || "stack"})` },
                    locations: [
                        {
                            physicalLocation: { artifactLocation: { uri: ctx.stackFile }, region: { startLine: 1 } },
                            logicalLocations: v.urn ? [{ fullyQualifiedName: v.urn, kind: "resource" }] : [],
                        },
                    ],
                })),
            },
        ],
    };
}
