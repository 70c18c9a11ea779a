// Pure rules of change requests: payload schemas per kind, the before/after snapshot and its diff, the
// stale comparison, and who may decide which kind.
import { describe, expect, it } from "vitest";
import {
  afterOf,
  approveEntity,
  canDecide,
  changeProposeSchema,
  changeRejectSchema,
  diffOf,
  isMemberKind,
  proposeEntity,
  sameSnapshot,
} from "../../app/models/change-requests";
import { DEFAULT_PERMISSIONS } from "../../app/models/permissions";

const grantee = (role: keyof typeof DEFAULT_PERMISSIONS, id = 1) => ({ id, unitId: 1, projectIds: [1], permissions: DEFAULT_PERMISSIONS[role] });

describe("payload schemas", () => {
  it("picks the payload by kind and requires a reason", () => {
    expect(changeProposeSchema.parse({ kind: "suspend_task", taskId: 3, reason: "需求取消" })).toEqual({ kind: "suspend_task", taskId: 3, reason: "需求取消" });
    expect(changeProposeSchema.safeParse({ kind: "suspend_task", taskId: 3, reason: "  " }).success).toBe(false);
    expect(changeProposeSchema.safeParse({ kind: "suspend_task", taskId: 3, reason: "x", dueOn: "2026-12-01" }).success).toBe(false);
    expect(changeProposeSchema.safeParse({ kind: "drop_task", taskId: 3, reason: "x" }).success).toBe(false);
  });

  it("refuses an adjustment ending before it starts and a merge of a task into itself", () => {
    const bad = changeProposeSchema.safeParse({ kind: "adjust_task", taskId: 1, reason: "x", startOn: "2026-12-10", dueOn: "2026-12-01" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ["dueOn"], message: "errors.datesOrder" });
    const self = changeProposeSchema.safeParse({ kind: "merge_tasks", taskId: 4, mergeId: 4, reason: "x" });
    expect(self.error!.issues[0]).toMatchObject({ path: ["mergeId"], message: "changes.mergeSame" });
  });

  it("validates an admitted unit with the member-unit schema", () => {
    const ok = changeProposeSchema.parse({ kind: "admit_unit", reason: "补强检测能力", unit: { name: "杭州未来智造检测技术有限公司", shortName: "未来智造检测", kind: "service", subKind: "testing", joinedOn: "2026-12-07" } });
    expect(ok).toMatchObject({ unit: { isSme: false, externalProjects: 0 } });
    expect(changeProposeSchema.safeParse({ kind: "admit_unit", reason: "x", unit: { name: "某平台", shortName: "某", kind: "platform", subKind: "testing", joinedOn: "2026-12-07" } }).success).toBe(false);
  });

  it("requires a comment to reject", () => {
    expect(changeRejectSchema.safeParse({ id: 1, version: 1, comment: "" }).success).toBe(false);
    expect(changeRejectSchema.parse({ id: 1, version: 1, comment: "理由不足" })).toEqual({ id: 1, version: 1, comment: "理由不足" });
  });
});

describe("before / after", () => {
  it("an adjustment's after holds only what it changes; the diff shows old and new", () => {
    const before = { "task:9": { dueOn: "2027-01-22", archived: false }, "indicator:5": { target: 100, taskId: 9 } };
    const after = afterOf({ kind: "adjust_task", taskId: 9, dueOn: "2027-02-26", indicators: [{ id: 5, target: 90 }] }, before);
    expect(after).toEqual({ "task:9": { dueOn: "2027-02-26" }, "indicator:5": { target: 90 } });
    expect(diffOf(before, after)).toEqual([
      { subject: "task:9", field: "dueOn", from: "2027-01-22", to: "2027-02-26" },
      { subject: "indicator:5", field: "target", from: 100, to: 90 },
    ]);
  });

  it("a merge widens A to cover B, suspends and archives B and moves B's indicators", () => {
    const before = {
      "task:1": { startOn: "2027-01-23", dueOn: "2027-05-22", archived: false },
      "task:2": { startOn: "2027-05-23", dueOn: "2027-08-22", status: "not_started", archived: false, mergedInto: null },
      "indicator:7": { taskId: 2 },
    };
    const after = afterOf({ kind: "merge_tasks", taskId: 1, mergeId: 2 }, before);
    expect(after).toEqual({
      "task:1": { startOn: "2027-01-23", dueOn: "2027-08-22" },
      "task:2": { status: "suspended", archived: true, mergedInto: 1 },
      "indicator:7": { taskId: 1 },
    });
    expect(diffOf(before, after).map((r) => `${r.subject}.${r.field}`)).toEqual(["task:1.dueOn", "task:2.status", "task:2.archived", "task:2.mergedInto", "indicator:7.taskId"]);
  });

  it("a new unit's diff leaves out blank fields", () => {
    const after = afterOf({ kind: "admit_unit", unit: { name: "甲", shortName: "甲", kind: "service", isSme: false, isSpecialized: false, isLittleGiant: false, district: "", creditCode: "", contact: "", externalProjects: 0, joinedOn: "2026-12-01" } }, {});
    expect(diffOf({}, after).map((r) => r.field)).toEqual(["name", "shortName", "kind", "joinedOn"]);
  });

  it("compares snapshots regardless of key order", () => {
    expect(sameSnapshot({ "task:1": { a: 1, b: null } }, { "task:1": { b: null, a: 1 } })).toBe(true);
    expect(sameSnapshot({ "task:1": { a: 1 } }, { "task:1": { a: 2 } })).toBe(false);
    expect(sameSnapshot({ "task:1": { a: 1 } }, { "task:1": { a: 1 }, "indicator:3": { taskId: 1 } })).toBe(false);
  });
});

describe("who proposes and decides", () => {
  it("task kinds go to approve:change, member kinds to approve:member", () => {
    expect(isMemberKind("admit_unit")).toBe(true);
    expect(approveEntity("adjust_task")).toBe("change");
    expect(approveEntity("remove_unit")).toBe("member");
    expect(proposeEntity("add_task")).toBe("change");
    expect(proposeEntity("admit_unit")).toBe("member");
  });

  it("the chief scientist decides task changes, the council member changes, nobody his own request", () => {
    const task = { kind: "suspend_task" as const, projectId: 1, targetId: 3, requestedBy: 99 };
    const unit = { kind: "admit_unit" as const, projectId: null, targetId: null, requestedBy: 99 };
    expect(canDecide(grantee("chief_scientist"), task)).toBe(true);
    expect(canDecide(grantee("chief_scientist"), unit)).toBe(false);
    expect(canDecide(grantee("council"), unit)).toBe(true);
    expect(canDecide(grantee("council"), task)).toBe(false);
    for (const role of ["researcher", "unit_lead", "project_lead", "secretariat", "expert", "observer"] as const) {
      expect(canDecide(grantee(role), task)).toBe(false);
      expect(canDecide(grantee(role), unit)).toBe(false);
    }
    expect(canDecide(grantee("chief_scientist", 99), task)).toBe(false);
  });
});
