// Pure rules of milestone / mid-term checks: the generated checklist, the conflict-of-interest rule, the
// outcome rules and the rectification reminder clock.
import { describe, expect, it } from "vitest";
import {
  checkScheduleSchema,
  coiConflict,
  DEFAULT_RECT_RULES,
  expertRefusal,
  findingSchema,
  generateChecklist,
  outcomeRefusal,
  rectificationAlert,
  signOutcomeSchema,
  sortRectifications,
  type ChecklistInput,
} from "../../app/models/checks";
import { makeT } from "../../app/i18n/catalog";
import { renderText } from "../../app/i18n/local-text";

const project = { id: 1, code: "2025ZDZX-RX-01", name: "高功率密度关节模组研制" };
const node = { id: 12, name: "中期检查节点", dueOn: "2026-12-23", expectedResults: "减速器寿命试验中期数据", status: "pending" };
const earlier = { id: 11, name: "初样评审", dueOn: "2026-07-23", expectedResults: "关节模组初样3套", status: "reached" };

const input = (over: Partial<ChecklistInput> = {}): ChecklistInput => ({
  project,
  milestone: node,
  milestoneResults: [earlier, node],
  indicators: [
    { id: 7, name: "关节峰值扭矩密度", unitOfMeasure: "N·m/kg", target: 120, direction: "higher", dueOn: "2027-06-30", latest: { value: 96.5, measuredOn: "2026-11-02" }, evidenceCount: 2, responsibleUnitId: 1, unitName: "智元人形" },
    { id: 3, name: "谐波减速器传动误差", unitOfMeasure: "角秒", target: 30, direction: "lower", dueOn: "2026-10-31", latest: null, evidenceCount: 0, responsibleUnitId: 3, unitName: "精传减速" },
    { id: 5, name: "通过第三方型式试验", unitOfMeasure: "", target: null, direction: "yesno", dueOn: "2026-10-31", latest: { value: 1, measuredOn: "2026-10-20" }, evidenceCount: 1, responsibleUnitId: 1, unitName: "智元人形" },
  ],
  trlClaims: [
    { id: 40, technologyName: "一体化关节模组", trl: 6, unitName: "智元人形" },
    { id: 31, technologyName: "谐波减速器", trl: 5, unitName: "精传减速" },
  ],
  ...over,
});

describe("generateChecklist", () => {
  it("orders milestones, then indicators by due date, then evidence per responsible unit, then TRL claims, numbered from 1", () => {
    const items = generateChecklist(input());
    expect(items.map((i) => [i.seq, i.kind, i.refId])).toEqual([
      [1, "milestone", 12],
      [2, "milestone", 11],
      [3, "indicator", 3],
      [4, "indicator", 5],
      [5, "indicator", 7],
      [6, "evidence", 3],
      [7, "evidence", 1],
      [8, "trl_claim", 31],
      [9, "trl_claim", 40],
    ]);
  });

  it("writes what is reviewed into each title: expected results, target against latest value, evidence count, claimed level", () => {
    const items = generateChecklist(input());
    const title = (kind: string, refId: number) => items.find((i) => i.kind === kind && i.refId === refId)!.title;
    expect(title("milestone", 12)).toContain("中期检查节点");
    expect(title("milestone", 12)).toContain("减速器寿命试验中期数据");
    expect(title("milestone", 11)).toContain("已达成");
    expect(title("indicator", 7)).toContain("≥120 N·m/kg");
    expect(title("indicator", 7)).toContain("96.5 N·m/kg（2026-11-02）");
    expect(title("indicator", 3)).toContain("≤30 角秒");
    expect(title("indicator", 3)).toContain("暂无实测值");
    expect(title("indicator", 5)).toContain("目标 是");
    // Evidence: 智元人形 answers for two indicators with 3 files; 精传减速's one indicator has none.
    expect(title("evidence", 1)).toBe("智元人形 负责的 2 项指标，共 3 份佐证材料");
    expect(title("evidence", 3)).toBe("精传减速 负责的 1 项指标，共 0 份佐证材料；尚无佐证：谐波减速器传动误差");
    expect(title("trl_claim", 40)).toBe("一体化关节模组 申报 TRL 6（智元人形）");
  });

  it("lists the node once even when it is also among the milestone results, and is empty for an empty project", () => {
    expect(generateChecklist(input()).filter((i) => i.refId === 12 && i.kind === "milestone")).toHaveLength(1);
    expect(generateChecklist({ project, milestone: null, milestoneResults: [], indicators: [], trlClaims: [] })).toEqual([]);
    // A mid-term check without a node reviews the milestone results in their order.
    const midterm = generateChecklist(input({ milestone: null, indicators: [], trlClaims: [] }));
    expect(midterm.map((i) => i.refId)).toEqual([11, 12]);
  });

  it("names at most five indicators without evidence", () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...input().indicators[1]!, id: 100 + i, name: `指标${i + 1}` }));
    const [evidence] = generateChecklist(input({ milestone: null, milestoneResults: [], indicators: many, trlClaims: [] })).filter((i) => i.kind === "evidence");
    expect(evidence!.title).toBe("精传减速 负责的 7 项指标，共 0 份佐证材料；尚无佐证：指标1、指标2、指标3、指标4、指标5 等 7 项");
  });

  it("marks a waived indicator", () => {
    const items = generateChecklist(input({ indicators: [{ ...input().indicators[0]!, waivedReason: "需求调整" }], trlClaims: [] }));
    expect(items.find((i) => i.kind === "indicator")!.title).toContain("已豁免：需求调整");
  });

  it("keeps each line as a key with params, so that an English reader reads statuses, suffixes and separators in English", () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...input().indicators[1]!, id: 100 + i, name: `指标${i + 1}` }));
    const waived = { ...input().indicators[0]!, waivedReason: "需求调整" };
    const items = generateChecklist(input({ indicators: [...many, waived] }));
    const en = (kind: string, refId: number) => renderText(makeT("en"), items.find((i) => i.kind === kind && i.refId === refId)!.text);
    // The Chinese title stored with the line is the same text rendered in Chinese.
    for (const item of items) expect(renderText(makeT("zh-CN"), item.text)).toBe(item.title);
    expect(en("milestone", 11)).toBe("“初样评审” (2026-07-23, reached), expected results: 关节模组初样3套");
    expect(en("indicator", 7)).toBe("“关节峰值扭矩密度”: target ≥120 N·m/kg, latest measured 96.5 N·m/kg (2026-11-02), due 2027-06-30 (waived: 需求调整)");
    expect(en("indicator", 100)).toContain("latest measured no measured value");
    expect(en("evidence", 3)).toBe("精传减速: 7 indicators, 0 evidence files in all; none yet for: 指标1, 指标2, 指标3, 指标4, 指标5 and others (7 in all)");
    expect(en("trl_claim", 40)).toBe("一体化关节模组 claimed at TRL 6 (智元人形)");
    // Stored as JSON and read back, the line is the same.
    expect(renderText(makeT("en"), JSON.parse(JSON.stringify(items[0]!.text)))).toBe(en("milestone", 12));
  });
});

describe("conflict of interest", () => {
  const executing = [10, 11, 12];
  it("refuses an expert whose unit executes tasks of the project, or who leads it", () => {
    expect(coiConflict({ id: 8, unitId: 11 }, executing)).toBe("executing_unit");
    expect(coiConflict({ id: 8, unitId: 20 }, executing, 8)).toBe("project_lead");
    expect(coiConflict({ id: 8, unitId: 20 }, executing, 9)).toBeNull();
    // An outside expert (no unit) has no unit conflict.
    expect(coiConflict({ id: 7, unitId: null }, executing, 9)).toBeNull();
  });

  it("gives the conflict before the other reasons an expert cannot be assigned", () => {
    expect(expertRefusal({ id: 8, unitId: 11, isExpert: true, responsible: false }, executing)).toBe("executing_unit");
    expect(expertRefusal({ id: 8, unitId: 20, isExpert: true, responsible: false }, executing)).toBe("not_responsible");
    expect(expertRefusal({ id: 8, unitId: 20, isExpert: false, responsible: true }, executing)).toBe("not_expert");
    expect(expertRefusal({ id: 8, unitId: 20, isExpert: true, responsible: true }, executing)).toBeNull();
  });
});

describe("outcome rules", () => {
  const ok = { result: "ok" as const };
  const problem = { result: "problem" as const };
  const serious = { result: "serious" as const };
  it("needs every item reviewed", () => {
    expect(outcomeRefusal("pass", [ok, { result: null }])).toBe("checkItemsUnreviewed");
  });
  it("refuses pass with a serious finding or an open serious rectification of the project", () => {
    expect(outcomeRefusal("pass", [ok, serious])).toBe("checkPassWithSerious");
    expect(outcomeRefusal("pass", [ok, ok], 1)).toBe("checkPassWithSerious");
    expect(outcomeRefusal("pass", [ok, problem])).toBeNull();
    expect(outcomeRefusal("pass", [])).toBeNull();
  });
  it("requires a problem item for rectify and fail", () => {
    expect(outcomeRefusal("rectify", [ok, ok])).toBe("checkOutcomeNeedsProblem");
    expect(outcomeRefusal("fail", [ok])).toBe("checkOutcomeNeedsProblem");
    expect(outcomeRefusal("rectify", [ok, problem])).toBeNull();
    expect(outcomeRefusal("fail", [serious])).toBeNull();
  });
});

describe("rectification reminders and escalation", () => {
  const today = "2026-11-23";
  const r = (dueOn: string, over: Partial<{ status: "open" | "submitted" | "closed" | "escalated"; severity: "normal" | "serious" }> = {}) => ({
    status: "open" as const,
    severity: "normal" as const,
    dueOn,
    ...over,
  });
  it("reminds from N days before the due date and when overdue, only while waiting for the owner", () => {
    expect(rectificationAlert(r("2026-12-01"), today)).toEqual({ daysLeft: 8, reminder: null, escalate: false });
    expect(rectificationAlert(r("2026-11-30"), today)).toEqual({ daysLeft: 7, reminder: "due_soon", escalate: false });
    expect(rectificationAlert(r("2026-11-23"), today).reminder).toBe("due_soon");
    expect(rectificationAlert(r("2026-11-22"), today)).toEqual({ daysLeft: -1, reminder: "overdue", escalate: false });
    expect(rectificationAlert(r("2026-11-22", { status: "escalated" }), today).reminder).toBe("overdue");
    expect(rectificationAlert(r("2026-11-22", { status: "submitted" }), today).reminder).toBeNull();
    expect(rectificationAlert(r("2026-11-22", { status: "closed" }), today).reminder).toBeNull();
    expect(rectificationAlert(r("2026-12-03"), today, { ...DEFAULT_RECT_RULES, reminderDays: 10 }).reminder).toBe("due_soon");
  });
  it("escalates an open item overdue by more than the setting, or serious, once", () => {
    expect(rectificationAlert(r("2026-11-09"), today).escalate).toBe(false); // 14 days: not more than 14
    expect(rectificationAlert(r("2026-11-08"), today).escalate).toBe(true); // 15 days
    expect(rectificationAlert(r("2026-11-08"), today, DEFAULT_RECT_RULES, true).escalate).toBe(false);
    expect(rectificationAlert(r("2027-01-08", { severity: "serious" }), today).escalate).toBe(true);
    expect(rectificationAlert(r("2026-11-08", { status: "escalated" }), today).escalate).toBe(false);
    expect(rectificationAlert(r("2026-11-08"), today, { ...DEFAULT_RECT_RULES, escalateOverdueDays: 30 }).escalate).toBe(false);
  });
  it("sorts overdue first, then by due date, closed last", () => {
    const rows = [
      { id: 1, status: "closed" as const, dueOn: "2026-10-01" },
      { id: 2, status: "open" as const, dueOn: "2026-12-20" },
      { id: 3, status: "open" as const, dueOn: "2026-11-20" },
      { id: 4, status: "submitted" as const, dueOn: "2026-11-01" },
      { id: 5, status: "escalated" as const, dueOn: "2026-11-01" },
    ];
    expect(sortRectifications(rows, today).map((x) => x.id)).toEqual([5, 3, 4, 2, 1]);
  });
});

describe("form schemas", () => {
  const today = "2026-11-23";
  it("refuses a check in the past, without experts, or a milestone check without its milestone", () => {
    const schema = checkScheduleSchema(today);
    expect(schema.safeParse({ projectId: 1, kind: "midterm", scheduledOn: "2026-12-01", expertIds: [7] }).success).toBe(true);
    expect(schema.safeParse({ projectId: 1, kind: "midterm", scheduledOn: "2026-11-01", expertIds: [7] }).success).toBe(false);
    expect(schema.safeParse({ projectId: 1, kind: "midterm", scheduledOn: "2026-12-01", expertIds: [] }).success).toBe(false);
    const noNode = schema.safeParse({ projectId: 1, kind: "milestone", scheduledOn: "2026-12-01", expertIds: [7] });
    expect(noNode.success).toBe(false);
    expect(noNode.error!.issues[0]!.path).toEqual(["milestoneId"]);
  });
  it("needs a finding for a problem, and a future due date to sign", () => {
    expect(findingSchema.safeParse({ id: 1, version: 1, result: "ok", finding: "" }).success).toBe(true);
    expect(findingSchema.safeParse({ id: 1, version: 1, result: "problem", finding: " " }).success).toBe(false);
    const sign = signOutcomeSchema(today);
    const base = { checkId: 1, version: 1, outcome: "rectify", summary: "整改后通过", dueOn: "2026-12-23" };
    expect(sign.safeParse(base).success).toBe(true);
    expect(sign.safeParse({ ...base, dueOn: "2026-11-22" }).success).toBe(false);
    expect(sign.safeParse({ ...base, rect: [{ itemId: 2, ownerUnitId: 3, dueOn: "2026-11-01" }] }).success).toBe(false);
  });
});
