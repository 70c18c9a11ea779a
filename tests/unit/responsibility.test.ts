// Pure rules of the responsibility list: grouping (overdue first, then due months), the signed snapshot
// and what changed since signing, the page's query schema.
import { describe, expect, it } from "vitest";
import {
  diffSinceSigning,
  groupByDueMonth,
  indicatorItemStatus,
  isItemOverdue,
  listQuerySchema,
  listYear,
  orderedItems,
  signListSchema,
  summarize,
  toSnapshot,
  type ListItem,
} from "../../app/models/responsibility";

const TODAY = "2026-11-23";
let n = 0;
function item(p: Partial<ListItem> & Pick<ListItem, "dueOn">): ListItem {
  const id = ++n;
  const kind = p.kind ?? "task";
  const base: ListItem = {
    key: `${kind}:${id}`,
    kind,
    id,
    taskId: id,
    code: `RX01-T${String(id).padStart(2, "0")}`,
    title: `事项${id}`,
    projectId: 1,
    projectCode: "P1",
    projectName: "项目",
    unitId: 1,
    unitName: "智元人形",
    userId: 1,
    userName: "李明",
    indicator: "",
    target: "",
    startOn: "2026-01-01",
    status: "in_progress",
    progress: 50,
    overdue: false,
    ...p,
  };
  return { ...base, overdue: p.overdue ?? isItemOverdue(base, TODAY) };
}

describe("groupByDueMonth", () => {
  it("puts overdue items first (oldest first), then one group per due month in date order", () => {
    const dec = item({ dueOn: "2026-12-22" });
    const lateSep = item({ dueOn: "2026-09-22" });
    const doneJun = item({ dueOn: "2026-06-22", status: "closed" });
    const lateOct = item({ dueOn: "2026-10-02" });
    const dec2 = item({ dueOn: "2026-12-01" });
    const groups = groupByDueMonth([dec, lateSep, doneJun, lateOct, dec2]);
    expect(groups.map((g) => g.key)).toEqual(["overdue", "2026-06", "2026-12"]);
    expect(groups[0]!.items).toEqual([lateSep, lateOct]);
    expect(groups[2]!.items).toEqual([dec2, dec]);
    expect(orderedItems(groups)).toEqual([lateSep, lateOct, doneJun, dec2, dec]);
  });

  it("lists a task before its indicators on the same day", () => {
    const ind = item({ dueOn: "2026-12-22", kind: "indicator", code: "RX02-T08" });
    const task = item({ dueOn: "2026-12-22", kind: "task", code: "RX02-T08" });
    expect(orderedItems(groupByDueMonth([ind, task]))).toEqual([task, ind]);
  });

  it("never calls done, suspended, met or waived items overdue", () => {
    for (const status of ["closed", "pending_closeout", "suspended", "met", "waived"]) expect(isItemOverdue({ status, dueOn: "2026-01-01" }, TODAY)).toBe(false);
    expect(isItemOverdue({ status: "open", dueOn: "2026-11-22" }, TODAY)).toBe(true);
    expect(isItemOverdue({ status: "not_started", dueOn: TODAY }, TODAY)).toBe(false);
  });

  it("summarizes", () => {
    const items = [item({ dueOn: "2026-01-01" }), item({ dueOn: "2026-12-30", status: "met" }), item({ dueOn: "2026-12-30", status: "not_started" })];
    expect(summarize(items)).toEqual({ total: 3, overdue: 1, done: 1, open: 2 });
  });
});

describe("indicator status", () => {
  it("is waived, met (latest value reaches the target) or open", () => {
    expect(indicatorItemStatus({ direction: "higher", baseline: 0, target: 10, latest: 12, waivedReason: null })).toBe("met");
    expect(indicatorItemStatus({ direction: "lower", baseline: 10, target: 2, latest: 3, waivedReason: null })).toBe("open");
    expect(indicatorItemStatus({ direction: "yesno", baseline: null, target: null, latest: null, waivedReason: "不再适用" })).toBe("waived");
    // Not owed while its task is suspended (and so never overdue); a met one stays met.
    expect(indicatorItemStatus({ direction: "higher", baseline: 0, target: 10, latest: 4, waivedReason: null }, "suspended")).toBe("suspended");
    expect(indicatorItemStatus({ direction: "higher", baseline: 0, target: 10, latest: 10, waivedReason: null }, "suspended")).toBe("met");
    expect(isItemOverdue({ status: "suspended", dueOn: "2026-01-01" }, TODAY)).toBe(false);
  });
});

describe("since signing", () => {
  it("reports adjusted fields, suspended, removed and added items", () => {
    const a = item({ dueOn: "2026-10-10" });
    const b = item({ dueOn: "2026-11-10" });
    const c = item({ dueOn: "2026-12-10" });
    const signed = toSnapshot(1, 2026, [a, b, c]).items;
    const aNow = { ...a, dueOn: "2026-12-31", userName: "刘洋" };
    const bNow = { ...b, status: "suspended" };
    const added = item({ dueOn: "2026-12-20" });
    const out = diffSinceSigning(signed, [aNow, bNow, added], new Set([aNow.key, bNow.key, added.key]));
    expect(out).toEqual([
      { key: a.key, code: a.code, title: a.title, change: "changed", fields: [{ field: "userName", from: "李明", to: "刘洋" }, { field: "dueOn", from: "2026-10-10", to: "2026-12-31" }] },
      { key: b.key, code: b.code, title: b.title, change: "suspended", fields: [] },
      { key: c.key, code: c.code, title: c.title, change: "removed", fields: [] },
      { key: added.key, code: added.code, title: added.title, change: "added", fields: [] },
    ]);
  });

  it("is empty when nothing frozen changed (progress and status moves are not changes of the list)", () => {
    const a = item({ dueOn: "2026-10-10" });
    const signed = toSnapshot(1, 2026, [a]).items;
    const now: ListItem = { ...a, progress: 90, status: "pending_closeout" };
    expect(diffSinceSigning(signed, [now], new Set([a.key]))).toEqual([]);
  });
});

describe("schemas", () => {
  it("parses the page's query (strings from the URL) and refuses nonsense", () => {
    expect(listQuerySchema.parse({ unit: "5", year: "2026", paper: "A3", other: "x" })).toEqual({ unit: 5, year: 2026, paper: "A3" });
    expect(listQuerySchema.safeParse({ year: "1900" }).success).toBe(false);
    expect(listQuerySchema.safeParse({ paper: "A5" }).success).toBe(false);
    expect(listQuerySchema.safeParse({ unit: "-1" }).success).toBe(false);
  });

  it("signs a unit and a year, nothing else", () => {
    expect(signListSchema.parse({ unitId: 3, year: 2026 })).toEqual({ unitId: 3, year: 2026 });
    expect(signListSchema.safeParse({ unitId: 3, year: 2026, snapshot: "{}" }).success).toBe(false);
    expect(listYear("2027-01-22")).toBe(2027);
  });
});
