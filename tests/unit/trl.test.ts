// TRL rules (claims, confirmation, ladder) and the V layout: pure functions, no database.
import { describe, expect, it } from "vitest";
import {
  claimNeedsReason,
  confirmedTrlOf,
  confirmRefusal,
  iterationWarnings,
  ladderSeries,
  mayConfirm,
  stageOfTrl,
  trlDecisionSchema,
  validateClaim,
  type ClaimLike,
} from "../../app/models/trl";
import { itemRuleBreaks, technologyCreateSchema, iterationCreateSchema, itemLinkSchema, vLayout, V_DIMS, type LayoutItem } from "../../app/models/vmodel";
import { DEFAULT_PERMISSIONS, type Grantee } from "../../app/models/permissions";

const iteration = { entryTrl: 4, targetTrl: 5 };

describe("validateClaim", () => {
  it("accepts the next level within the iteration's target without a reason", () => {
    expect(validateClaim({ claimedTrl: 5, iteration, confirmedTrl: 4, reason: "" })).toEqual([]);
  });

  it("refuses a level outside 1..9 or not a whole number, whatever the reason", () => {
    for (const claimedTrl of [0, 10, -1, 4.5, Number.NaN]) {
      expect(validateClaim({ claimedTrl, iteration: null, confirmedTrl: 0, reason: "理由" })).toEqual(["trlOutOfRange"]);
    }
  });

  it("refuses a level at or below the confirmed one, even with a reason", () => {
    expect(validateClaim({ claimedTrl: 4, iteration, confirmedTrl: 4, reason: "复核" })).toEqual(["trlNotAbove"]);
    expect(validateClaim({ claimedTrl: 3, iteration, confirmedTrl: 4, reason: "复核" })).toEqual(["trlNotAbove"]);
  });

  it("needs a reason to jump beyond the iteration's target", () => {
    // 5 → 6 is one level up, but above this iteration's target 5.
    expect(validateClaim({ claimedTrl: 6, iteration, confirmedTrl: 5, reason: "" })).toEqual(["trlAboveTargetNeedsReason"]);
    expect(validateClaim({ claimedTrl: 6, iteration, confirmedTrl: 5, reason: "   " })).toEqual(["trlAboveTargetNeedsReason"]);
    expect(validateClaim({ claimedTrl: 6, iteration, confirmedTrl: 5, reason: "正样提前完成相关环境试验" })).toEqual([]);
  });

  it("needs a reason to jump more than one level above the last confirmed, inside the target too", () => {
    const wide = { entryTrl: 3, targetTrl: 6 };
    expect(validateClaim({ claimedTrl: 5, iteration: wide, confirmedTrl: 3, reason: "" })).toEqual(["trlJumpNeedsReason"]);
    expect(validateClaim({ claimedTrl: 5, iteration: wide, confirmedTrl: 3, reason: "TRL4 试验已在上一轮完成" })).toEqual([]);
    // Both rules at once: 4 → 7 in an iteration targeting 5.
    expect(validateClaim({ claimedTrl: 7, iteration, confirmedTrl: 4, reason: "" })).toEqual(["trlAboveTargetNeedsReason", "trlJumpNeedsReason"]);
  });

  it("claimNeedsReason tells the form when the reason becomes mandatory", () => {
    expect(claimNeedsReason({ claimedTrl: 5, iteration, confirmedTrl: 4 })).toBe(false);
    expect(claimNeedsReason({ claimedTrl: 6, iteration, confirmedTrl: 5 })).toBe(true);
    expect(claimNeedsReason({ claimedTrl: 6, iteration: null, confirmedTrl: 4 })).toBe(true);
  });
});

describe("confirmed level", () => {
  it("is the start TRL raised by confirmed claims only", () => {
    const claims = [
      { trl: 4, status: "confirmed" as const },
      { trl: 6, status: "rejected" as const },
      { trl: 5, status: "claimed" as const },
    ];
    expect(confirmedTrlOf(3, claims)).toBe(4);
    expect(confirmedTrlOf(3, [])).toBe(3);
  });
});

const grantee = (id: number, unitId: number | null, roles: (keyof typeof DEFAULT_PERMISSIONS)[], projectIds: number[] = []): Grantee => ({
  id,
  unitId,
  projectIds,
  permissions: roles.flatMap((r) => DEFAULT_PERMISSIONS[r]),
});

describe("mayConfirm / confirmRefusal", () => {
  const claim = { unitId: 3, projectId: 1, status: "claimed" as const };
  const outsideExpert = grantee(10, null, ["expert"], [1]);
  const expertOfUnit = grantee(11, 3, ["expert"], [1]);
  const chief = grantee(12, 2, ["chief_scientist"]);

  it("lets a responsible expert of the project from outside the claiming unit confirm", () => {
    expect(mayConfirm(outsideExpert, claim, [10, 11])).toBe(true);
    expect(confirmRefusal(outsideExpert, claim, [10, 11])).toBeNull();
  });

  it("bars an expert of the claiming unit, even though he supervises the project", () => {
    expect(mayConfirm(expertOfUnit, claim, [10, 11])).toBe(false);
    expect(confirmRefusal(expertOfUnit, claim, [10, 11])).toBe("trlOwnUnit");
  });

  it("bars an expert who does not supervise this project", () => {
    expect(confirmRefusal(outsideExpert, claim, [11])).toBe("forbidden");
  });

  it("lets the chief scientist (confirm:trl:any) confirm other units' claims but not his own unit's", () => {
    expect(confirmRefusal(chief, claim, [])).toBeNull();
    expect(confirmRefusal(chief, { ...claim, unitId: 2 }, [])).toBe("trlOwnUnit");
  });

  it("does not count leading the project as own-project scope, and bars roles without confirm:trl", () => {
    const lead = grantee(13, 5, ["project_lead", "researcher"], [1]);
    expect(confirmRefusal(lead, claim, [10])).toBe("forbidden");
    expect(confirmRefusal(grantee(14, 4, ["secretariat"]), claim, [10])).toBe("forbidden");
  });

  it("refuses a claim already decided", () => {
    expect(confirmRefusal(outsideExpert, { ...claim, status: "confirmed" }, [10])).toBe("trlNotPending");
  });
});

describe("decision schema", () => {
  it("needs a comment to reject, not to confirm", () => {
    expect(trlDecisionSchema.safeParse({ claimId: 1, decision: "confirmed", comment: "", version: 1 }).success).toBe(true);
    const r = trlDecisionSchema.safeParse({ claimId: 1, decision: "rejected", comment: "", version: 1 });
    expect(r.error?.issues[0]).toMatchObject({ path: ["comment"], message: "technologies.rejectNeedsComment" });
    expect(trlDecisionSchema.safeParse({ claimId: 1, decision: "maybe", comment: "x", version: 1 }).success).toBe(false);
  });
});

describe("stages and iterations", () => {
  it("maps TRL to stages 1-3 / 4-6 / 7-9", () => {
    expect([1, 3, 4, 6, 7, 9].map(stageOfTrl)).toEqual(["basic_research", "basic_research", "key_common_tech", "key_common_tech", "transfer", "transfer"]);
  });

  it("warns when an iteration's target leaves its stage's or sample level's band", () => {
    expect(iterationWarnings({ stage: "key_common_tech", sampleLevel: "prototype", entryTrl: 4, targetTrl: 5 })).toEqual([]);
    expect(iterationWarnings({ stage: "basic_research", sampleLevel: "mock", entryTrl: 3, targetTrl: 5 })).toEqual(["stageRange", "sampleRange"]);
    expect(iterationWarnings({ stage: "transfer", sampleLevel: "production", entryTrl: 6, targetTrl: 7 })).toEqual([]);
  });

  it("refuses a target below the entry, an end before the start, a target TRL not above the start", () => {
    const base = { technologyId: 1, stage: "key_common_tech", sampleLevel: "prototype", entryTrl: 5, targetTrl: 4, startOn: "2026-01-01", endOn: "2026-06-30" };
    expect(iterationCreateSchema.safeParse(base).error?.issues[0]?.message).toBe("technologies.targetBelowEntry");
    expect(iterationCreateSchema.safeParse({ ...base, targetTrl: 6, endOn: "2025-12-31" }).error?.issues[0]?.message).toBe("technologies.endBeforeStart");
    expect(iterationCreateSchema.safeParse({ ...base, targetTrl: 10 }).success).toBe(false);
    const tech = { projectId: 1, name: "谐波减速器", description: "", ownerUnitId: 3, startTrl: 5, targetTrl: 5 };
    expect(technologyCreateSchema.safeParse(tech).error?.issues[0]?.message).toBe("technologies.targetAboveStart");
  });

  it("normalises task codes to upper case", () => {
    expect(itemLinkSchema.parse({ id: 1, version: 1, taskCode: " rx01-t03 " }).taskCode).toBe("RX01-T03");
    expect(itemLinkSchema.safeParse({ id: 1, version: 1, taskCode: "RX01 T03" }).success).toBe(false);
  });
});

describe("item rules", () => {
  const left = { id: 1, leg: "left" as const, level: "component" as const, state: "in_progress" as const };
  const sys = { id: 2, leg: "left" as const, level: "system" as const, state: "done" as const };
  it("a right item verifies a left item of the same level, and is done only after it", () => {
    expect(itemRuleBreaks({ leg: "right", level: "component", state: "in_progress", verifiesItemId: 1 }, [left, sys])).toEqual([]);
    expect(itemRuleBreaks({ leg: "right", level: "component", state: "done", verifiesItemId: 1 }, [left, sys])).toEqual(["vmodelVerifyBeforeDesign"]);
    expect(itemRuleBreaks({ leg: "right", level: "component", state: "done", verifiesItemId: 1 }, [{ ...left, state: "done" }])).toEqual([]);
    expect(itemRuleBreaks({ leg: "right", level: "component", state: "planned", verifiesItemId: 2 }, [left, sys])).toEqual(["vmodelVerifyWrongItem"]);
    expect(itemRuleBreaks({ leg: "right", level: "component", state: "planned", verifiesItemId: 99 }, [left, sys])).toEqual(["vmodelVerifyWrongItem"]);
    expect(itemRuleBreaks({ leg: "left", level: "component", state: "planned", verifiesItemId: 1 }, [left])).toEqual(["vmodelLeftCannotVerify"]);
    expect(itemRuleBreaks({ leg: "right", level: "system", state: "done", verifiesItemId: null }, [])).toEqual([]);
  });
});

describe("ladderSeries", () => {
  const claims: ClaimLike[] = [
    { trl: 4, status: "confirmed", claimedAt: "2026-03-02T02:00:00Z", decidedAt: "2026-03-20T02:00:00Z" },
    { trl: 6, status: "rejected", claimedAt: "2026-06-01T02:00:00Z", decidedAt: "2026-06-15T02:00:00Z" },
    { trl: 5, status: "claimed", claimedAt: "2026-11-10T02:00:00Z", decidedAt: null },
  ];

  it("steps the claimed level up at each claim, back at a rejection; the confirmed level only at confirmations", () => {
    const l = ladderSeries({ startTrl: 3, startOn: "2025-11-23", end: "2026-11-23", claims });
    expect(l.confirmed).toEqual([
      { date: "2025-11-23", trl: 3 },
      { date: "2026-03-20", trl: 4 },
    ]);
    expect(l.claimed).toEqual([
      { date: "2025-11-23", trl: 3 },
      { date: "2026-03-02", trl: 4 },
      { date: "2026-06-01", trl: 6 },
      { date: "2026-06-15", trl: 4 },
      { date: "2026-11-10", trl: 5 },
    ]);
    expect(l.markers.map((m) => [m.date, m.trl, m.status])).toEqual([
      ["2026-03-02", 4, "confirmed"],
      ["2026-06-01", 6, "rejected"],
      ["2026-11-10", 5, "claimed"],
    ]);
    expect(l.end).toBe("2026-11-23");
  });

  it("never shows a claimed level below the confirmed one, and clamps early dates to the start", () => {
    const l = ladderSeries({
      startTrl: 2,
      startOn: "2026-01-01",
      end: "2026-02-01",
      claims: [{ trl: 3, status: "confirmed", claimedAt: "2025-12-01T00:00:00Z", decidedAt: "2026-01-01T00:00:00Z" }],
    });
    expect(l.claimed).toEqual([{ date: "2026-01-01", trl: 3 }]);
    expect(l.confirmed).toEqual([{ date: "2026-01-01", trl: 3 }]);
    expect(l.markers[0]!.date).toBe("2026-01-01");
  });

  it("is flat at the start TRL without claims", () => {
    const l = ladderSeries({ startTrl: 4, startOn: "2026-01-01", end: "2026-11-23", claims: [] });
    expect(l.claimed).toEqual([{ date: "2026-01-01", trl: 4 }]);
    expect(l.confirmed).toEqual([{ date: "2026-01-01", trl: 4 }]);
  });
});

describe("vLayout", () => {
  const items: LayoutItem[] = [
    { id: 1, leg: "left", level: "requirement", verifiesItemId: null },
    { id: 2, leg: "left", level: "system", verifiesItemId: null },
    { id: 3, leg: "left", level: "component", verifiesItemId: null },
    { id: 4, leg: "left", level: "component", verifiesItemId: null },
    { id: 5, leg: "right", level: "component", verifiesItemId: 4 },
    { id: 6, leg: "right", level: "component", verifiesItemId: 3 },
    { id: 7, leg: "right", level: "requirement", verifiesItemId: 1 },
    { id: 8, leg: "right", level: "system", verifiesItemId: null },
    { id: 9, leg: "right", level: "component", verifiesItemId: 4 },
  ];
  const l = vLayout(items);
  const box = (id: number) => l.boxes.find((b) => b.id === id)!;

  it("places the left leg descending to the right and the right leg mirrored, narrowing to the bottom", () => {
    expect(box(1).x).toBeLessThan(box(2).x);
    expect(box(2).x).toBeLessThan(box(3).x);
    expect(box(1).y).toBeLessThan(box(2).y);
    expect(box(2).y).toBeLessThan(box(3).y);
    expect(box(7).x).toBeGreaterThan(box(8).x);
    expect(box(8).x).toBeGreaterThan(box(5).x);
    // mirror image: requirement boxes touch the two margins
    expect(box(1).x).toBe(V_DIMS.marginX);
    expect(box(7).x + box(7).w).toBe(V_DIMS.width - V_DIMS.marginX);
    // the legs never overlap at the bottom
    expect(box(3).x + box(3).w).toBeLessThan(box(5).x);
  });

  it("puts each verification item level with the design item it verifies, so the link is horizontal", () => {
    expect(box(5).slot).toBe(box(4).slot);
    expect(box(6).slot).toBe(box(3).slot);
    expect(l.links.find((k) => k.rightId === 6)).toMatchObject({ leftId: 3, horizontal: true, x2: box(3).x + box(3).w, x1: box(6).x });
    expect(l.links.find((k) => k.rightId === 7)?.horizontal).toBe(true);
    // a second verification of item 4 gets the next free slot: its link slants
    expect(box(9).slot).toBe(2);
    expect(l.links.find((k) => k.rightId === 9)).toMatchObject({ leftId: 4, horizontal: false });
    // an item without a link has none
    expect(l.links.some((k) => k.rightId === 8)).toBe(false);
    expect(l.links).toHaveLength(4);
  });

  it("gives each level a band tall enough for its slots, an empty level one slot", () => {
    const band = (level: string) => l.bands.find((b) => b.level === level)!;
    expect(band("component").slots).toBe(3);
    expect(band("subsystem").slots).toBe(1);
    expect(band("component").h).toBe(3 * V_DIMS.boxH + 2 * V_DIMS.slotGap);
    expect(l.height).toBeGreaterThan(band("component").y + band("component").h);
    expect(l.spine).toHaveLength(8);
  });

  it("lays out an empty iteration as an empty V", () => {
    const e = vLayout([]);
    expect(e.boxes).toEqual([]);
    expect(e.bands).toHaveLength(4);
  });
});
