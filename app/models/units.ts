// Pure schemas of member units, shared by the admin forms and the server.
import * as z from "zod";
import { PLATFORM_SUBKINDS, SERVICE_SUBKINDS, UNIT_KINDS, UNIT_SUBKINDS } from "./domain";
import { isoDate, optionalText, requiredText, version, msg } from "./validation";

/** Sub-kinds a kind may carry; other kinds have none. */
export const SUBKINDS_OF: Partial<Record<(typeof UNIT_KINDS)[number], readonly string[]>> = {
  platform: PLATFORM_SUBKINDS,
  service: SERVICE_SUBKINDS,
};

const fields = {
  name: requiredText(100),
  shortName: requiredText(20),
  kind: z.enum(UNIT_KINDS),
  subKind: z.enum(UNIT_SUBKINDS).optional(),
  isSme: z.boolean().default(false),
  isSpecialized: z.boolean().default(false),
  isLittleGiant: z.boolean().default(false),
  district: optionalText(60),
  creditCode: z
    .string()
    .trim()
    .regex(/^$|^[0-9A-HJ-NPQRTUWXY]{18}$/, msg("validation.creditCode"))
    .default(""),
  contact: optionalText(60),
  externalProjects: z.number().int().min(0).max(99).default(0),
  joinedOn: isoDate,
  leftOn: isoDate.optional(),
};

// A testing centre is no kind of platform: refuse a sub-kind that does not belong to the kind.
const subKindFitsKind = (u: { kind: string; subKind?: string }, ctx: z.RefinementCtx) => {
  const allowed = SUBKINDS_OF[u.kind as keyof typeof SUBKINDS_OF];
  if (u.subKind && allowed && !allowed.includes(u.subKind)) {
    ctx.addIssue({ code: "custom", path: ["subKind"], message: msg("validation.invalidChoice") });
  }
};

export const unitSchema = z.object(fields).superRefine(subKindFitsKind);
export const unitUpdateSchema = z
  .object({ ...fields, id: z.number().int().positive(), version })
  .superRefine(subKindFitsKind);
export type UnitInput = z.infer<typeof unitSchema>;
