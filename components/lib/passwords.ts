import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * A 32-character password of letters, digits and `-_.~`: nothing a shell, an SQL string (mariadb-operator quotes
 * passwords unescaped), an option file, a chart's init script or a URL would read specially. Protected with the data
 * it opens, so no change replaces one by accident.
 */
export function safePassword(resourceName: string, parent: pulumi.Resource, protect: boolean): random.RandomPassword {
    return new random.RandomPassword(
        resourceName,
        { length: 32, special: true, overrideSpecial: "-_.~", minLower: 1, minUpper: 1, minNumeric: 1 },
        { parent, protect },
    );
}
