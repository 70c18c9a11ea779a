import { describe, expect, it } from "vitest";
import {
  isOverdueNotice,
  noticeAcknowledgeSchema,
  noticeAnswerSchema,
  noticeCloseSchema,
  noticeIssueSchema,
} from "../../app/models/notices";

const today = "2026-11-23";
const issue = noticeIssueSchema(today);
const ok = { taskId: 7, kind: "supervision", body: "请说明逾期原因", respondBy: "2026-11-30" };

describe("notice schemas", () => {
  it("accepts a valid notice and a respond-by date of today", () => {
    expect(issue.parse(ok)).toEqual(ok);
    expect(issue.safeParse({ ...ok, respondBy: today, kind: "reminder" }).success).toBe(true);
  });

  it("refuses a respond-by date in the past, a bad date, an unknown kind, an empty or too long body", () => {
    expect(issue.safeParse({ ...ok, respondBy: "2026-11-22" }).error?.issues[0]).toMatchObject({ path: ["respondBy"], message: "notices.respondByPast" });
    expect(issue.safeParse({ ...ok, respondBy: "2026-02-30" }).error?.issues[0]?.message).toBe("validation.invalidDate");
    expect(issue.safeParse({ ...ok, kind: "warning" }).error?.issues[0]?.path).toEqual(["kind"]);
    expect(issue.safeParse({ ...ok, body: "   " }).error?.issues[0]?.message).toBe("validation.required");
    expect(issue.safeParse({ ...ok, body: "字".repeat(1000) }).success).toBe(true);
    expect(issue.safeParse({ ...ok, body: "字".repeat(1001) }).error?.issues[0]?.message).toBe('validation.tooLong|{"max":1000}');
    expect(issue.safeParse({ ...ok, unitId: 3 }).success).toBe(false);
  });

  it("acknowledge and close need an id and a version", () => {
    expect(noticeAcknowledgeSchema.parse({ id: 1, version: 1 })).toEqual({ id: 1, version: 1 });
    expect(noticeAcknowledgeSchema.safeParse({ id: 1 }).success).toBe(false);
    expect(noticeCloseSchema.safeParse({ id: 0, version: 1 }).success).toBe(false);
  });

  it("an answer is required and at most 2000 characters", () => {
    expect(noticeAnswerSchema.safeParse({ id: 1, version: 2, response: "已整改" }).success).toBe(true);
    expect(noticeAnswerSchema.safeParse({ id: 1, version: 2, response: "" }).error?.issues[0]?.message).toBe("validation.required");
    expect(noticeAnswerSchema.safeParse({ id: 1, version: 2, response: "a".repeat(2001) }).success).toBe(false);
  });

  it("a notice is overdue only while it waits for the unit after its respond-by date", () => {
    expect(isOverdueNotice({ status: "open", respondBy: "2026-11-22" }, today)).toBe(true);
    expect(isOverdueNotice({ status: "acknowledged", respondBy: today }, today)).toBe(false);
    expect(isOverdueNotice({ status: "answered", respondBy: "2026-11-01" }, today)).toBe(false);
  });
});
