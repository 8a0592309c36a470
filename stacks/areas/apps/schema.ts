import { z } from "zod";
import { dnsLabel, dnsName, quantity, text, unknownKeys } from "../../config/primitives";

/** Seed 001's HPA: 2–5 replicas at 70 % CPU (prod: seed 003's 3–10). */
export const DEFAULT_WORDPRESS_AUTOSCALING = { minReplicas: 2, maxReplicas: 5, targetCpuUtilization: 70 } as const;

const autoscaling = z
    .strictObject(
        {
            minReplicas: z.number().int().min(2).describe("At least two, so a drain or a crash keeps it serving."),
            maxReplicas: z.number().int().min(2).describe("The most the HPA may run; at least minReplicas."),
            targetCpuUtilization: z
                .number()
                .int()
                .min(10)
                .max(100)
                .describe("Average CPU utilisation (percent of requests) the HPA holds."),
        },
        { error: unknownKeys("key", ["minReplicas", "maxReplicas", "targetCpuUtilization"]) },
    )
    .prefault(DEFAULT_WORDPRESS_AUTOSCALING)
    .describe("Horizontal autoscaling on CPU; the Deployment sets no replicas. @default 2–5 at 70 %");

export const wordpressSchema = z
    .strictObject(
        {
            namespace: dnsLabel.describe("The tenant namespace it runs in; its database must run there too."),
            hostname: dnsName.describe("Served over HTTPS on the shared Gateway: one of network.gateway.hostnames."),
            database: text.describe("The data.mariadb.databases entry it uses (name)."),
            autoscaling,
            uploadsSize: quantity.describe("Size of the uploads claim (class from platform:storage.roles.shared)."),
            objectCache: z
                .boolean()
                .default(false)
                .describe(
                    "Configure the object cache on data.valkey (same namespace) and open the flow to it on 6379. The Redis Object Cache plugin, which speaks to Valkey, must come with the image (code does). @default false",
                ),
            protect: z
                .boolean()
                .default(true)
                .describe("Protect the uploads claim (protect and retainOnDelete). @default true"),
        },
        {
            error: unknownKeys("key", [
                "namespace",
                "hostname",
                "database",
                "autoscaling",
                "uploadsSize",
                "objectCache",
                "protect",
            ]),
        },
    )
    .describe("The WordPress reference app (seed 001) on the Workload building block.");

export const appsSchema = z
    .strictObject({ wordpress: wordpressSchema.optional() }, { error: unknownKeys("key", ["wordpress"]) })
    .prefault({})
    .describe("Reference apps the platform runs on its own building blocks.");

/** The config section the apps area owns. */
export const appsSections = { apps: appsSchema } as const;

export type AppsConfig = z.output<typeof appsSchema>;
export type WordPressConfig = NonNullable<AppsConfig["wordpress"]>;
