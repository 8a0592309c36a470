// The whole `platform:` config: the union of every area's sections (stacks/areas), parsed by one loader.
import { z } from "zod";
import { AREAS, type AreaSections } from "../areas";

/** Every config section under the `platform:` namespace, in the order the loader reports them. */
export const sectionSchemas = Object.fromEntries(
    AREAS.flatMap((area) => Object.entries(area.sections)),
) as AreaSections;

export const platformConfigSchema = z.strictObject(sectionSchemas);

export type PlatformConfig = z.output<typeof platformConfigSchema>;
export type SectionName = keyof typeof sectionSchemas;
