// Pure 销号 rules: who may close out what, when a task is eligible, the round's figures, the forms.
import { describe, expect, it } from "vitest";
import {
  closeoutEligibility,
  defaultClosesOn,
  mayApprove,
  mayPropose,
  proposeRight,
  proposeSchemaFor,
  returnSchema,
  roundLabel,
  roundName,
  roundSummary,
  type EligibilityInput,
} from "../../app/models/closeout";
import { acceptanceSignSchema, acceptanceState } from "../../app/models/acceptance";
import { DEFAULT_PERMISSIONS, type Role } from "../../app/models/permissions";
import { makeT } from "../../app/i18n/catalog";

const ZY = 1; // 智元人形
const JS = 2; // 具身实验室
const JC = 3; // 精传减速
const P1 = 10;

const base: EligibilityInput = {
  task: { status: "in_progress", archivedAt: null, progress: 60 },
  indicators: [
    { id: 1, name: "传动精度", met: true },
    { id: 2, name: "柔轮最大应力", met: true },
  ],
  items: [],
  deliverable: null,
  acceptance: null,
};
const codes = (i: EligibilityInput) => closeoutEligibility(i).reasons.map((r) => r.code);

describe("close-out eligibility", () => {
  it("all indicators met, no acceptance required: eligible", () => {
    expect(closeoutEligibility(base)).toEqual({ eligible: true, reasons: [] });
  });

  it("an unmet indicator needs a waiver reason; blank reasons do not count", () => {
    const unmet = { ...base, indicators: [{ id: 1, name: "传动精度", met: true }, { id: 2, name: "柔轮最大应力", met: false }] };
    expect(closeoutEligibility(unmet)).toEqual({ eligible: false, reasons: [{ code: "indicatorUnmet", indicatorId: 2, name: "柔轮最大应力" }] });
    expect(codes({ ...unmet, items: [{ indicatorId: 2, waiverReason: "   " }] })).toEqual(["indicatorUnmet"]);
    // A waiver on another indicator does not cover this one.
    expect(codes({ ...unmet, items: [{ indicatorId: 1, waiverReason: "理由" }] })).toEqual(["indicatorUnmet"]);
    expect(closeoutEligibility({ ...unmet, items: [{ indicatorId: 2, waiverReason: "材料批次问题，正样阶段复测" }] }).eligible).toBe(true);
    // A waiver already recorded on the indicator itself counts too.
    expect(closeoutEligibility({ ...unmet, indicators: [unmet.indicators[0]!, { ...unmet.indicators[1]!, waivedReason: "已豁免" }] }).eligible).toBe(true);
  });

  it("a required acceptance must be present and accepted", () => {
    const needs = { ...base, deliverable: { acceptingUnitName: "智元人形" } };
    expect(closeoutEligibility(needs).reasons).toEqual([{ code: "acceptanceMissing", unitName: "智元人形" }]);
    expect(codes({ ...needs, acceptance: { decision: "rejected" } })).toEqual(["acceptanceRejected"]);
    expect(closeoutEligibility({ ...needs, acceptance: { decision: "accepted" } }).eligible).toBe(true);
  });

  it("closed, suspended or archived tasks are never eligible", () => {
    expect(codes({ ...base, task: { ...base.task, status: "closed" } })).toEqual(["taskClosed"]);
    expect(codes({ ...base, task: { ...base.task, status: "suspended" } })).toEqual(["taskSuspended"]);
    expect(codes({ ...base, task: { ...base.task, archivedAt: "2026-11-01T00:00:00Z" } })).toEqual(["taskArchived"]);
    expect(closeoutEligibility({ ...base, task: { ...base.task, status: "pending_closeout" } }).eligible).toBe(true);
  });

  it("a task without indicators needs 100 % recorded progress", () => {
    expect(closeoutEligibility({ ...base, indicators: [] }).reasons).toEqual([{ code: "progressIncomplete", progress: 60 }]);
    expect(closeoutEligibility({ ...base, indicators: [], task: { ...base.task, progress: 100 } }).eligible).toBe(true);
  });

  it("lists every reason at once", () => {
    const all = {
      ...base,
      task: { ...base.task, status: "suspended" as const },
      indicators: [{ id: 1, name: "a", met: false }],
      deliverable: { acceptingUnitName: "灵犀科技" },
    };
    expect(codes(all)).toEqual(["taskSuspended", "indicatorUnmet", "acceptanceMissing"]);
  });
});

const actor = (role: Role, unitId: number | null, id = 99, projectIds: number[] = []) => ({
  id,
  unitId,
  projectIds,
  roles: [role],
  permissions: DEFAULT_PERMISSIONS[role],
});
const task = { ownerUnitId: ZY, projectId: P1, ownerUserId: 7 };

describe("who may approve", () => {
  it("the secretariat and the chief scientist of other units may", () => {
    expect(mayApprove(actor("secretariat", JS), task, [])).toEqual({ ok: true });
    expect(mayApprove(actor("chief_scientist", JS), { ...task, ownerUnitId: JC }, [])).toEqual({ ok: true });
  });

  it("never someone of the executing unit: the secretary of 智元人形, the chief scientist of 具身实验室", () => {
    expect(mayApprove(actor("secretariat", ZY), task, [])).toEqual({ ok: false, code: "closeoutOwnUnit" });
    expect(mayApprove(actor("chief_scientist", JS), { ...task, ownerUnitId: JS }, [])).toEqual({ ok: false, code: "closeoutOwnUnit" });
  });

  it("a responsible expert only for projects he supervises, and not for his own unit", () => {
    const expert = actor("expert", null, 42, [P1]);
    expect(mayApprove(expert, task, [42])).toEqual({ ok: true });
    expect(mayApprove(expert, { ...task, projectId: 11 }, [42])).toEqual({ ok: false, code: "forbidden" });
    // Listed in projectIds (e.g. as project lead) but not one of the project's experts.
    expect(mayApprove(expert, task, [])).toEqual({ ok: false, code: "forbidden" });
    const inUnit = actor("expert", ZY, 43, [P1]);
    expect(mayApprove(inUnit, task, [43])).toEqual({ ok: false, code: "closeoutOwnUnit" });
  });

  it("unit leads, project leads, researchers and the council may not", () => {
    for (const role of ["unit_lead", "project_lead", "researcher", "council", "observer", "admin"] as Role[]) {
      expect(mayApprove(actor(role, JC, 5, [P1]), task, [5]).ok).toBe(false);
    }
  });
});

describe("who may propose", () => {
  it("the task's owner person (a researcher of the unit) or a unit lead of the unit", () => {
    expect(mayPropose(actor("researcher", ZY, 7), task)).toBe(true);
    expect(mayPropose(actor("researcher", ZY, 8), task)).toBe(false); // a colleague's task
    expect(mayPropose(actor("unit_lead", ZY, 8), task)).toBe(true);
    expect(mayPropose(actor("unit_lead", JC, 8), task)).toBe(false); // another unit's lead
    expect(mayPropose(actor("secretariat", ZY, 7), task)).toBe(false); // no propose right at all
  });

  it("on behalf of a unit without accounts: only the project's lead (代为提出)", () => {
    const lead = actor("project_lead", JC, 9, [P1]);
    const none = { projectLeadUserId: 9, ownerUnitHasAccounts: false };
    expect(proposeRight(lead, task, none)).toBe("proxy");
    expect(proposeRight(lead, task)).toBeNull(); // without the facts: no proxy
    expect(proposeRight(lead, task, { ...none, ownerUnitHasAccounts: true })).toBeNull(); // the unit speaks for itself
    expect(proposeRight(actor("project_lead", JC, 10, [P1]), task, none)).toBeNull(); // another project's lead
    expect(proposeRight(actor("researcher", JC, 9, [P1]), task, none)).toBeNull(); // the lead's id, but not as project lead
    expect(proposeRight(actor("researcher", ZY, 7), task, none)).toBe("own");
  });
});

describe("rounds", () => {
  it("names, default closing date from the settings' day and the round's length", () => {
    expect(roundName("2026-11")).toBe("2026年11月销号轮次");
    expect(roundLabel(makeT("zh-CN"), "2027-01")).toBe("2027年1月销号轮次");
    expect(roundLabel(makeT("en"), "2027-01")).toBe("Close-out round Jan 2027");
    expect(defaultClosesOn("2026-11", 1, 28)).toBe("2026-11-28");
    expect(defaultClosesOn("2026-11", 3, 25)).toBe("2027-01-25");
    expect(defaultClosesOn("2026-02", 1, 31)).toBe("2026-02-28");
  });

  it("counts tasks by their latest proposal: a returned and re-proposed task counts once", () => {
    const s = roundSummary([
      { id: 1, taskId: 100, status: "returned" },
      { id: 2, taskId: 101, status: "approved" },
      { id: 3, taskId: 102, status: "proposed" },
      { id: 4, taskId: 100, status: "approved" },
      { id: 5, taskId: 103, status: "returned" },
      { id: 6, taskId: 104, status: "withdrawn" },
    ]);
    expect(s).toEqual({ proposed: 5, approved: 2, returned: 1, withdrawn: 1, stillOpen: 1, returnDecisions: 2 });
    expect(roundSummary([])).toEqual({ proposed: 0, approved: 0, returned: 0, withdrawn: 0, stillOpen: 0, returnDecisions: 0 });
  });
});

describe("forms", () => {
  it("returning needs a comment; the proposal form asks a waiver for each unmet indicator", () => {
    expect(returnSchema.safeParse({ id: 1, version: 1, comment: " " }).success).toBe(false);
    expect(returnSchema.safeParse({ id: 1, version: 1, comment: "缺少测试报告" }).success).toBe(true);
    const schema = proposeSchemaFor([2]);
    const bad = schema.safeParse({ taskId: 5, items: [{ indicatorId: 1 }, { indicatorId: 2, waiverReason: "" }] });
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["items.1.waiverReason", "closeout.waiverRequired"]]);
    expect(schema.safeParse({ taskId: 5, items: [{ indicatorId: 1 }, { indicatorId: 2, waiverReason: "原因" }] }).success).toBe(true);
    // The same indicator twice is refused.
    expect(schema.safeParse({ taskId: 5, items: [{ indicatorId: 1 }, { indicatorId: 1 }] }).success).toBe(false);
  });

  it("a rejected acceptance needs a comment", () => {
    expect(acceptanceSignSchema.safeParse({ taskId: 1, decision: "rejected", comment: "" }).success).toBe(false);
    expect(acceptanceSignSchema.safeParse({ taskId: 1, decision: "accepted", comment: "" }).success).toBe(true);
  });
});

describe("acceptance state", () => {
  it("the accepting unit's newest decision counts; other units' decisions do not", () => {
    const d = { acceptingUnitId: ZY };
    expect(acceptanceState(null, []).state).toBe("notRequired");
    expect(acceptanceState(d, []).state).toBe("awaiting");
    expect(acceptanceState(d, [{ id: 3, unitId: JC, decision: "accepted" }]).state).toBe("awaiting");
    expect(acceptanceState(d, [{ id: 5, unitId: ZY, decision: "accepted" }, { id: 4, unitId: ZY, decision: "rejected" }])).toEqual({ state: "accepted", latestId: 5 });
    expect(acceptanceState(d, [{ id: 5, unitId: ZY, decision: "accepted" }, { id: 6, unitId: ZY, decision: "rejected" }]).state).toBe("rejected");
  });
});
