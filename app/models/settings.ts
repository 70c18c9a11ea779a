// Province profiles: every number a rule uses, with the consortium's own overrides on top.
// Zhejiang first (001, 000 art. 3, 17); Jiangsu adds "must include a university or institute" (002).
import * as z from "zod";
import type { Province } from "./domain";

export const settingsSchema = z.object({
  minUnits: z.number().int().min(0).max(1000),
  minSmes: z.number().int().min(0).max(1000),
  requireAcademic: z.boolean(),
  leadProjectCap: z.number().int().min(0).max(100),
  leadOutsideCap: z.number().int().min(0).max(100),
  ragYellowLag: z.number().min(0).max(100), // percent behind the time-proportional plan
  ragRedLag: z.number().min(0).max(100),
  ragYellowDays: z.number().int().min(0).max(365),
  ragRedDays: z.number().int().min(0).max(365),
  filingDay: z.number().int().min(1).max(28),
  /** Unit leads whose unit has not filed the month are told this many days before the filing day (absent in older stored settings: 3). */
  filingReminderDays: z.number().int().min(0).max(27).default(3),
  closeoutRoundMonths: z.number().int().min(1).max(12),
  /** Day of the month a close-out round closes on by default (absent in older stored settings: 28). */
  closeoutRoundDay: z.number().int().min(1).max(28).default(28),
  reportDueMonth: z.number().int().min(1).max(12),
  /** 整改 clock of checks: remind this many days before due, escalate when overdue by more, default period. */
  checkReminderDays: z.number().int().min(0).max(365).default(7),
  checkEscalateDays: z.number().int().min(0).max(365).default(14),
  checkRectifyDays: z.number().int().min(1).max(365).default(30),
});
export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

const zhejiang: Settings = {
  minUnits: 5,
  minSmes: 5,
  requireAcademic: false,
  leadProjectCap: 5,
  leadOutsideCap: 2,
  ragYellowLag: 10,
  ragRedLag: 30,
  ragYellowDays: 7,
  ragRedDays: 15,
  filingDay: 25,
  filingReminderDays: 3,
  closeoutRoundMonths: 1,
  closeoutRoundDay: 28,
  reportDueMonth: 1, // annual self-evaluation due each January
  checkReminderDays: 7,
  checkEscalateDays: 14,
  checkRectifyDays: 30,
};

export const PROVINCE_PROFILES: Record<Province, Settings> = {
  zhejiang,
  jiangsu: { ...zhejiang, requireAcademic: true, reportDueMonth: 5 },
};

/** Profile defaults overlaid with stored overrides (unknown or invalid overrides are ignored). */
export function effectiveSettings(province: string, overrides: Record<string, unknown>): Settings {
  const base = PROVINCE_PROFILES[province as Province] ?? zhejiang;
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in base)) continue;
    const one = settingsSchema.shape[k as SettingKey].safeParse(v);
    if (one.success) merged[k] = one.data;
  }
  return merged as Settings;
}
