import { appsArea } from "./apps";
import { clusterArea } from "./cluster";
import { dataArea } from "./data";
import { inferenceArea } from "./inference";
import { networkArea } from "./network";
import { observabilityArea } from "./observability";
import { storageArea } from "./storage";
import { tenancyArea } from "./tenancy";

/**
 * Every area, in dependency order: each may use the refs of the areas before it. Adding an area is one entry
 * here (see docs/architecture.md, "Adding an area").
 */
export const AREAS = [
    clusterArea,
    tenancyArea,
    networkArea,
    storageArea,
    dataArea,
    appsArea,
    inferenceArea,
    observabilityArea,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every area's config sections, by key. */
export type AreaSections = UnionToIntersection<(typeof AREAS)[number]["sections"]>;
