// The consortium's soft rules, shown as warnings, never enforced. Pure: inputs in, warnings out.
import type { Settings } from "./settings";

export type SoftRuleInput = {
  province: string;
  units: {
    id: number;
    name: string;
    kind: string;
    isSme: boolean;
    active: boolean;
    /** Projects of this major project the unit leads. */
    leadProjects: number;
    /** Provincial projects it leads outside this major project. */
    externalProjects: number;
    /** Whether it owns at least one task of the major project. */
    ownsTasks: boolean;
  }[];
};

export type SoftRuleWarning =
  | { rule: "minUnits"; params: { actual: number; min: number } }
  | { rule: "minSmes"; params: { actual: number; min: number } }
  | { rule: "needAcademic"; params: { province: string } }
  | { rule: "leadTotalCap"; params: { unit: string; actual: number; max: number } }
  | { rule: "leadOutsideCap"; params: { unit: string; actual: number; max: number } };

const LEAD_KINDS = new Set(["lead_enterprise", "platform"]);

export function softRuleWarnings(input: SoftRuleInput, s: Settings): SoftRuleWarning[] {
  const active = input.units.filter((u) => u.active);
  const out: SoftRuleWarning[] = [];
  if (active.length < s.minUnits) out.push({ rule: "minUnits", params: { actual: active.length, min: s.minUnits } });
  const smes = active.filter((u) => u.isSme && u.ownsTasks).length;
  if (smes < s.minSmes) out.push({ rule: "minSmes", params: { actual: smes, min: s.minSmes } });
  if (s.requireAcademic && !active.some((u) => u.kind === "university" || u.kind === "institute")) {
    out.push({ rule: "needAcademic", params: { province: input.province } });
  }
  for (const u of active) {
    if (!LEAD_KINDS.has(u.kind) && u.leadProjects === 0) continue;
    const total = u.leadProjects + u.externalProjects;
    if (total > s.leadProjectCap) out.push({ rule: "leadTotalCap", params: { unit: u.name, actual: total, max: s.leadProjectCap } });
    if (u.externalProjects > s.leadOutsideCap) {
      out.push({ rule: "leadOutsideCap", params: { unit: u.name, actual: u.externalProjects, max: s.leadOutsideCap } });
    }
  }
  return out;
}
