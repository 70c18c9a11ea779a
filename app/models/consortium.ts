// Pure schemas of the consortium profile and rule settings, shared by the admin forms and the server.
import * as z from "zod";
import { settingsSchema } from "./settings";
import { isoDate, optionalText, requiredText, version } from "./validation";
import { PROVINCES, STRATEGIC_FIELDS } from "./domain";
import { DEFAULT_TIME_ZONE, isTimeZone } from "./clock";

export const profileSchema = z.object({
  version,
  name: requiredText(100),
  shortName: optionalText(30),
  field: z.enum(STRATEGIC_FIELDS),
  district: requiredText(60),
  province: z.enum(PROVINCES),
  foundedOn: isoDate,
  goalStartYear: z.number().int().min(2000).max(2100),
  goalYears: z.number().int().min(1).max(10),
  applicationType: requiredText(20),
  overallGoal: optionalText(4000),
  timeZone: z.string().max(60).refine(isTimeZone, "validation.timeZone").default(DEFAULT_TIME_ZONE),
});

/** An unticked checkbox is absent from the form, so the flag defaults to false there. */
/** The settings form: a yellow threshold above its red one would make red unreachable. */
export const settingsFormSchema = settingsSchema
  .extend({ requireAcademic: z.boolean().default(false) })
  .refine((v) => v.ragYellowLag <= v.ragRedLag, { message: "validation.yellowAboveRed", path: ["ragYellowLag"] })
  .refine((v) => v.ragYellowDays <= v.ragRedDays, { message: "validation.yellowAboveRed", path: ["ragYellowDays"] });
