// V型迭代: key technologies, their iterations and the items on the two legs of the V (000 art. 4).
// Pure: row types, zod schemas, item rules and the V layout (positions of the items on the legs and the
// links between a verification item and the design item it verifies), shared by page, server and tests.
//
// The left leg decomposes downwards (需求 → 系统设计 → 分系统设计 → 部件设计); the right leg verifies upwards
// on the same four levels (部件测试 → 分系统验证 → 系统验证 → 使用确认). A right item verifies one left item
// of the same iteration and the same level, so each link is a horizontal line across the V.
import * as z from "zod";
import { id, isoDate, msg, optionalText, requiredText, version } from "./validation";
import {
  confirmedTrlOf,
  iterationWarnings,
  SAMPLE_LEVELS,
  STAGES,
  trlValue,
  type ClaimStatus,
  type IterationWarning,
  type SampleLevel,
  type Stage,
} from "./trl";

export const LEVELS = ["requirement", "system", "subsystem", "component"] as const;
export type Level = (typeof LEVELS)[number];
export const LEGS = ["left", "right"] as const;
export type Leg = (typeof LEGS)[number];
export const ITEM_STATES = ["planned", "in_progress", "done", "failed"] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const ITERATION_STATUSES = ["planned", "active", "done"] as const;
export type IterationStatus = (typeof ITERATION_STATUSES)[number];

// ------------------------------------------------------------------------------------------ rows

export type LinkedTask = { id: number; code: string; title: string; status: string };
export type EvidenceRef = { id: number; name: string; size: number; mime: string };

export type ItemRow = {
  id: number;
  iterationId: number;
  leg: Leg;
  level: Level;
  title: string;
  state: ItemState;
  verifiesItemId: number | null;
  version: number;
  tasks: LinkedTask[];
};

export type IterationRow = {
  id: number;
  technologyId: number;
  seq: number;
  stage: Stage;
  sampleLevel: SampleLevel;
  entryTrl: number;
  targetTrl: number;
  startOn: string;
  endOn: string;
  status: IterationStatus;
  version: number;
  items: ItemRow[];
};

export type ClaimRow = {
  id: number;
  technologyId: number;
  iterationId: number | null;
  trl: number;
  reason: string;
  unitId: number;
  unitName: string;
  claimedBy: number;
  claimerName: string;
  claimedAt: string;
  status: ClaimStatus;
  decidedBy: number | null;
  deciderName: string | null;
  decidedAt: string | null;
  decisionComment: string;
  checkId: number | null;
  version: number;
  evidence: EvidenceRef[];
};

/** One key technology with everything its page shows: the unit of live updates (entity "technology"). */
export type TechnologyRow = {
  id: number;
  projectId: number;
  projectCode: string;
  projectName: string;
  projectStartOn: string;
  name: string;
  description: string;
  ownerUnitId: number;
  ownerUnitName: string;
  startTrl: number;
  targetTrl: number;
  version: number;
  /** Responsible experts of the project (user ids), for the confirm rule in the UI. */
  experts: number[];
  iterations: IterationRow[];
  claims: ClaimRow[];
};

// ------------------------------------------------------------------------------------------ summary

export type TechnologySummary = {
  confirmedTrl: number;
  activeIteration: IterationRow | null;
  pendingClaims: ClaimRow[];
  /** Items per state over all iterations. */
  states: Record<ItemState, number>;
};

/** The iteration worked on: the active one, else the first planned, else the last. */
export function activeIterationOf(iterations: IterationRow[]): IterationRow | null {
  const sorted = [...iterations].sort((a, b) => a.seq - b.seq);
  return sorted.find((i) => i.status === "active") ?? sorted.find((i) => i.status === "planned") ?? sorted[sorted.length - 1] ?? null;
}

export function technologySummary(t: TechnologyRow): TechnologySummary {
  const states = Object.fromEntries(ITEM_STATES.map((s) => [s, 0])) as Record<ItemState, number>;
  for (const it of t.iterations) for (const item of it.items) states[item.state]++;
  return {
    confirmedTrl: confirmedTrlOf(t.startTrl, t.claims),
    activeIteration: activeIterationOf(t.iterations),
    pendingClaims: t.claims.filter((c) => c.status === "claimed"),
    states,
  };
}

// ------------------------------------------------------------------------------------------ rules

export type ItemRule = "vmodelVerifyWrongItem" | "vmodelLeftCannotVerify" | "vmodelVerifyBeforeDesign";

/**
 * Rules of an item against the other items of its iteration: only a right item verifies, and it verifies
 * a left item of the same iteration and level; a verification cannot be done before its design item is.
 */
export function itemRuleBreaks(
  item: Pick<ItemRow, "leg" | "level" | "state" | "verifiesItemId">,
  siblings: Pick<ItemRow, "id" | "leg" | "level" | "state">[],
): ItemRule[] {
  if (item.verifiesItemId == null) return [];
  if (item.leg === "left") return ["vmodelLeftCannotVerify"];
  const target = siblings.find((s) => s.id === item.verifiesItemId);
  if (!target || target.leg !== "left" || target.level !== item.level) return ["vmodelVerifyWrongItem"];
  if (item.state === "done" && target.state !== "done") return ["vmodelVerifyBeforeDesign"];
  return [];
}

export { iterationWarnings, type IterationWarning };

// ------------------------------------------------------------------------------------------ schemas

const trlPair = <T extends { entryTrl: number; targetTrl: number }>(v: T) => v.entryTrl <= v.targetTrl;
const datePair = <T extends { startOn: string; endOn: string }>(v: T) => v.startOn <= v.endOn;

export const technologyCreateSchema = z
  .object({
    projectId: id,
    name: requiredText(100),
    description: optionalText(2000),
    ownerUnitId: id,
    startTrl: trlValue,
    targetTrl: trlValue,
  })
  .strict()
  .refine((v) => v.startTrl < v.targetTrl, { path: ["targetTrl"], message: msg("technologies.targetAboveStart") });
export type TechnologyCreateInput = z.infer<typeof technologyCreateSchema>;

export const technologyUpdateSchema = z
  .object({ id, version, name: requiredText(100), description: optionalText(2000), startTrl: trlValue, targetTrl: trlValue })
  .strict()
  .refine((v) => v.startTrl < v.targetTrl, { path: ["targetTrl"], message: msg("technologies.targetAboveStart") });
export type TechnologyUpdateInput = z.infer<typeof technologyUpdateSchema>;

const iterationFields = {
  stage: z.enum(STAGES),
  sampleLevel: z.enum(SAMPLE_LEVELS),
  entryTrl: trlValue,
  targetTrl: trlValue,
  startOn: isoDate,
  endOn: isoDate,
};

export const iterationCreateSchema = z
  .object({ technologyId: id, ...iterationFields })
  .strict()
  .refine(trlPair, { path: ["targetTrl"], message: msg("technologies.targetBelowEntry") })
  .refine(datePair, { path: ["endOn"], message: msg("technologies.endBeforeStart") });
export type IterationCreateInput = z.infer<typeof iterationCreateSchema>;

export const iterationUpdateSchema = z
  .object({ id, version, ...iterationFields, status: z.enum(ITERATION_STATUSES) })
  .strict()
  .refine(trlPair, { path: ["targetTrl"], message: msg("technologies.targetBelowEntry") })
  .refine(datePair, { path: ["endOn"], message: msg("technologies.endBeforeStart") });
export type IterationUpdateInput = z.infer<typeof iterationUpdateSchema>;

export const itemCreateSchema = z
  .object({
    iterationId: id,
    leg: z.enum(LEGS),
    level: z.enum(LEVELS),
    title: requiredText(120),
    state: z.enum(ITEM_STATES).default("planned"),
    verifiesItemId: id.optional(),
  })
  .strict();
export type ItemCreateInput = z.infer<typeof itemCreateSchema>;

export const itemUpdateSchema = z
  .object({ id, version, title: requiredText(120), state: z.enum(ITEM_STATES), verifiesItemId: id.optional() })
  .strict();
export type ItemUpdateInput = z.infer<typeof itemUpdateSchema>;

export const itemRemoveSchema = z.object({ id, version }).strict();
export type ItemRemoveInput = z.infer<typeof itemRemoveSchema>;

/** Link a task to an item by its code (e.g. RX01-T03). */
export const itemLinkSchema = z
  .object({ id, version, taskCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9-]{2,20}$/, msg("technologies.taskCodeFormat")) })
  .strict();
export type ItemLinkInput = z.infer<typeof itemLinkSchema>;

export const itemUnlinkSchema = z.object({ id, version, taskId: id }).strict();
export type ItemUnlinkInput = z.infer<typeof itemUnlinkSchema>;

// ------------------------------------------------------------------------------------------ V layout

export type LayoutItem = Pick<ItemRow, "id" | "leg" | "level" | "verifiesItemId">;
export type Box = { id: number; leg: Leg; level: Level; slot: number; x: number; y: number; w: number; h: number };
export type Link = { rightId: number; leftId: number; x1: number; y1: number; x2: number; y2: number; horizontal: boolean };
export type LevelBand = { level: Level; y: number; h: number; slots: number };
export type VLayout = {
  width: number;
  height: number;
  boxes: Box[];
  links: Link[];
  bands: LevelBand[];
  /** Centre line of the V: down the left leg's anchors, up the right leg's. */
  spine: [number, number][];
};

export const V_DIMS = { width: 980, boxW: 178, boxH: 46, stepX: 92, marginX: 12, top: 34, slotGap: 8, bandGap: 24 };
export type VDims = typeof V_DIMS;

/**
 * Positions on the V. Level d (0 = requirement … 3 = component) is a horizontal band; in it, left items
 * sit at marginX + d·stepX and right items mirror them from the right edge, stacked in slots. Left items
 * take slots in id order; a right item takes the slot of the left item it verifies when free (so the link
 * is horizontal), otherwise the next free slot.
 */
export function vLayout(items: LayoutItem[], dims: VDims = V_DIMS): VLayout {
  const { width, boxW, boxH, stepX, marginX, top, slotGap, bandGap } = dims;
  const byId = new Map(items.map((i) => [i.id, i]));
  const slotOf = new Map<number, number>();
  const bands: LevelBand[] = [];
  let y = top;
  LEVELS.forEach((level) => {
    const lefts = items.filter((i) => i.leg === "left" && i.level === level).sort((a, b) => a.id - b.id);
    const rights = items.filter((i) => i.leg === "right" && i.level === level).sort((a, b) => a.id - b.id);
    lefts.forEach((l, k) => slotOf.set(l.id, k));
    const taken = new Set<number>();
    const deferred: LayoutItem[] = [];
    for (const r of rights) {
      const target = r.verifiesItemId != null ? byId.get(r.verifiesItemId) : undefined;
      const want = target && target.leg === "left" && target.level === level ? slotOf.get(target.id) : undefined;
      if (want !== undefined && !taken.has(want)) {
        slotOf.set(r.id, want);
        taken.add(want);
      } else deferred.push(r);
    }
    let next = 0;
    for (const r of deferred) {
      while (taken.has(next)) next++;
      slotOf.set(r.id, next);
      taken.add(next);
    }
    const slots = Math.max(1, lefts.length, ...[...taken].map((s) => s + 1));
    const h = slots * boxH + (slots - 1) * slotGap;
    bands.push({ level, y, h, slots });
    y += h + bandGap;
  });
  const height = y - bandGap + top / 2;
  const xOf = (leg: Leg, d: number) => (leg === "left" ? marginX + d * stepX : width - marginX - boxW - d * stepX);
  const boxes: Box[] = items.map((i) => {
    const d = LEVELS.indexOf(i.level);
    const slot = slotOf.get(i.id) ?? 0;
    return { id: i.id, leg: i.leg, level: i.level, slot, x: xOf(i.leg, d), y: bands[d]!.y + slot * (boxH + slotGap), w: boxW, h: boxH };
  });
  const boxById = new Map(boxes.map((b) => [b.id, b]));
  const links: Link[] = [];
  for (const r of boxes) {
    if (r.leg !== "right") continue;
    const target = byId.get(byId.get(r.id)!.verifiesItemId ?? -1);
    const l = target && target.leg === "left" ? boxById.get(target.id) : undefined;
    if (!l) continue;
    const y1 = r.y + r.h / 2;
    const y2 = l.y + l.h / 2;
    links.push({ rightId: r.id, leftId: l.id, x1: r.x, y1, x2: l.x + l.w, y2, horizontal: y1 === y2 });
  }
  const mid = (d: number) => bands[d]!.y + boxH / 2;
  const spine: [number, number][] = [
    ...LEVELS.map((_, d): [number, number] => [xOf("left", d) + boxW / 2, mid(d)]),
    ...[...LEVELS].reverse().map((_, k): [number, number] => {
      const d = LEVELS.length - 1 - k;
      return [xOf("right", d) + boxW / 2, mid(d)];
    }),
  ];
  return { width, height, boxes, links, bands, spine };
}
