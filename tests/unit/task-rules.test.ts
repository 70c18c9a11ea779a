import { describe, expect, it } from "vitest";
import { moveRefusal, PROCESS_STATUSES, conflictingFields, isOverdue, daysOverdue, taskPatchSchema, taskCreateSchema, type TaskRow } from "../../app/models/tasks";
import { can } from "../../app/models/permissions";

const row = { fieldVersions: { title: 4, dueOn: 2 } } as unknown as TaskRow;

describe("task rules", () => {
  it("finds conflicts only in fields changed after the version the client saw", () => {
    expect(conflictingFields(row, 3, ["title", "dueOn", "description"])).toEqual(["title"]);
    expect(conflictingFields(row, 4, ["title"])).toEqual([]);
  });

  it("a patch never invents fields the user did not send", () => {
    expect(taskPatchSchema.parse({ progress: 10 })).toEqual({ progress: 10 });
    expect(() => taskPatchSchema.parse({ status: "closed" })).toThrow();
  });

  it("validates creation with messages from the catalogue", () => {
    const r = taskCreateSchema.safeParse({ projectId: 1, title: "", ownerUnitId: 1, startOn: "2026-12-01", dueOn: "2026-11-01" });
    expect(r.success).toBe(false);
    const messages = r.error!.issues.map((i) => i.message);
    expect(messages).toContain("validation.required");
    const order = taskCreateSchema.safeParse({ projectId: 1, title: "x", ownerUnitId: 1, startOn: "2026-12-01", dueOn: "2026-11-01" });
    expect(order.error!.issues[0]!.message).toBe("errors.datesOrder");
  });

  it("moves only between 未开始 and 进行中: 待销号, 已销号 and 已暂停 are entered and left through their processes", () => {
    expect(moveRefusal("not_started", "in_progress")).toBeNull();
    expect(moveRefusal("in_progress", "not_started")).toBeNull();
    expect(moveRefusal("in_progress", "pending_closeout")).toBe("pendingOnlyByProposal");
    expect(moveRefusal("pending_closeout", "in_progress")).toBe("pendingLeavesByCloseout");
    expect(moveRefusal("pending_closeout", "closed")).toBe("closeOnlyByCloseout");
    expect(moveRefusal("closed", "in_progress")).toBe("closedIsFinal");
    expect(moveRefusal("in_progress", "suspended")).toBe("suspendOnlyByChange");
    expect(moveRefusal("suspended", "not_started")).toBe("resumeOnlyByChange");
    // Reordering inside any column is a move too, and allowed.
    for (const s of PROCESS_STATUSES) expect(moveRefusal(s, s)).toBeNull();
    const all = ["not_started", "in_progress", ...PROCESS_STATUSES] as const;
    for (const a of all) for (const b of all) if (a !== b && (PROCESS_STATUSES.includes(a) || PROCESS_STATUSES.includes(b))) expect(moveRefusal(a, b), `${a} -> ${b}`).not.toBeNull();
  });

  it("counts overdue days for open tasks only", () => {
    expect(isOverdue({ dueOn: "2026-11-01", status: "in_progress" }, "2026-11-23")).toBe(true);
    expect(isOverdue({ dueOn: "2026-11-01", status: "pending_closeout" }, "2026-11-23")).toBe(false);
    expect(daysOverdue({ dueOn: "2026-11-01" }, "2026-11-23")).toBe(22);
  });
});

describe("permissions as data", () => {
  const researcher = { id: 1, unitId: 7, projectIds: [], permissions: ["update:task:own-unit", "read:board:any"] };
  const expert = { id: 2, unitId: 3, projectIds: [4], permissions: ["sign:check:own-project"] };
  it("scopes grants to the actor's own unit or project", () => {
    expect(can(researcher, "update", "task", { unitId: 7 })).toBe(true);
    expect(can(researcher, "update", "task", { unitId: 8 })).toBe(false);
    expect(can(researcher, "archive", "task", { unitId: 7 })).toBe(false);
    expect(can(expert, "sign", "check", { projectId: 4 })).toBe(true);
    expect(can(expert, "sign", "check", { projectId: 5 })).toBe(false);
    expect(can(researcher, "read", "board")).toBe(true);
  });
});
