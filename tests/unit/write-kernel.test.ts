// The write kernel and the query helpers every model uses, on a real migrated SQLite database: what one
// recorded change writes (audit row, board events), the optimistic update of one row, publishing only
// after commit, the live-page snapshot, and the typed query helpers.
import { beforeEach, describe, expect, it } from "vitest";
import { memberUnits } from "../../db/schema";
import type { DB } from "../../db/client";
import { commit, publish, recordChange, transact, updateVersioned } from "../../app/models/write.server";
import { BOARD_RELOAD } from "../../app/realtime/protocol";
import { all, column, each, exists, insert, must, one, placeholders, run, scalar, tuples } from "../../app/models/sql.server";
import { boardsOf, CONSORTIUM_BOARD, liveBoard, projectBoard } from "../../app/models/boards.server";
import { currentSeq } from "../../app/models/board-events.server";
import { verifyAuditChain } from "../../app/models/audit.server";
import { DomainError } from "../../app/models/errors";
import type { Actor } from "../../app/models/context.server";
import { contextFor, migratedDb } from "../helpers/db";
import { fingerprint } from "../helpers/db-fingerprint";

let db: DB;
const by = { id: 7, displayName: "陈思远" };

const addUnit = (name: string) =>
  insert(db, "INSERT INTO member_units (name, short_name, kind, district, joined_on, is_sme, updated_at) VALUES (?, ?, 'enterprise', '杭州', '2025-01-01', 0, ?)", name, name.slice(0, 4), db.$clock.nowIso());
const audits = () => all<{ action: string; entity: string; entity_id: string; user_id: number | null; before: string | null; after: string | null }>(db, "SELECT * FROM audit_log ORDER BY id");

beforeEach(() => {
  db = migratedDb();
});

describe("bulk writes", () => {
  it("audit every change, but tell each board touched once, with a reload in its log; transact publishes nothing", () => {
    const ctx = contextFor(db);
    const change = (id: number, project: number) => recordChange(db, { entity: "task", id, action: "import", by, before: null, after: { id, version: 1 }, boards: boardsOf(project) });
    const out = transact(ctx, () => ({ result: "ok", events: [...change(1, 2), ...change(2, 2), ...change(3, 5)] }), { bulk: { by, action: "import" } });
    expect(audits().map((a) => a.action)).toEqual(["task.import", "task.import", "task.import"]);
    expect(out.events.map((e) => [e.boardId, e.seq, e.type])).toEqual([
      ["consortium", 1, BOARD_RELOAD],
      ["project:2", 1, BOARD_RELOAD],
      ["project:5", 1, BOARD_RELOAD],
    ]);
    expect(out.events[0]!.payload).toEqual({ entity: "board", id: 0, by: { id: 7, name: "陈思远" }, action: "import" });
    expect(ctx.published).toEqual([]);
    publish(ctx, out);
    expect(ctx.published).toEqual(out.events);
    // After it, an ordinary write is per row again.
    expect(db.transaction(() => change(4, 2)).map((e) => e.type)).toEqual(["task.upserted", "task.upserted"]);
  });
});

describe("recordChange", () => {
  it("writes one audit row and one event per board, the row whole, in the caller's transaction", () => {
    const events = db.transaction(() =>
      recordChange(db, { entity: "result", id: 3, action: "create", by, before: null, after: { id: 3, version: 1, title: "专利" }, boards: boardsOf(2) }),
    );
    const trail = audits();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ action: "result.create", entity: "result", entity_id: "3", user_id: 7, before: null, after: JSON.stringify({ id: 3, version: 1, title: "专利" }) });
    expect(events.map((e) => [e.boardId, e.seq, e.type])).toEqual([
      ["consortium", 1, "result.upserted"],
      ["project:2", 1, "result.upserted"],
    ]);
    expect(events[0]!.payload).toEqual({ entity: "result", id: 3, row: { id: 3, version: 1, title: "专利" }, by: { id: 7, name: "陈思远" }, action: "create" });
    expect(currentSeq(db, CONSORTIUM_BOARD)).toBe(1);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it("sends `.removed` for a row gone or archived, and extra payload fields", () => {
    const gone = recordChange(db, { entity: "deliverable", id: 5, action: "clear", by, before: { id: 5 }, after: null, boards: [CONSORTIUM_BOARD] });
    expect(gone[0]!.type).toBe("deliverable.removed");
    expect(gone[0]!.payload).toEqual({ entity: "deliverable", id: 5, by: { id: 7, name: "陈思远" }, action: "clear" });
    const archived = recordChange(db, { entity: "task", id: 9, action: "archive", by, before: null, after: { id: 9 }, boards: [CONSORTIUM_BOARD], removed: true, payload: { task: null } });
    expect(archived[0]).toMatchObject({ type: "task.removed", payload: { row: { id: 9 }, task: null } });
  });

  it("audits only (no board) or tells the boards only (audit false); the trail can keep its own names", () => {
    expect(recordChange(db, { entity: "user", id: 1, action: "update", by, before: { a: 1 }, after: { a: 2 }, boards: [] })).toEqual([]);
    const refresh = recordChange(db, { entity: "closeout", id: 4, action: "refresh", by, before: null, after: { id: 4 }, boards: [CONSORTIUM_BOARD], audit: false });
    expect(refresh).toHaveLength(1);
    recordChange(db, { entity: "signoff", id: 2, action: "sign", by: null, before: null, after: { id: 2 }, boards: [], audit: { entity: "responsibility_list", action: "list.sign", after: { id: 2, items: 5 } } });
    expect(audits().map((a) => [a.action, a.entity, a.user_id, a.after])).toEqual([
      ["user.update", "user", 7, JSON.stringify({ a: 2 })],
      ["list.sign", "responsibility_list", null, JSON.stringify({ id: 2, items: 5 })],
    ]);
  });
});

describe("commit", () => {
  it("publishes the events once the transaction committed, and nothing when it throws", () => {
    const ctx = contextFor(db);
    const result = commit(ctx, () => {
      const events = recordChange(db, { entity: "notice", id: 1, action: "issue", by, before: null, after: { id: 1 }, boards: [CONSORTIUM_BOARD] });
      expect(ctx.published).toEqual([]); // not yet: still inside the transaction
      return { result: "ok", events };
    });
    expect(result).toBe("ok");
    expect(ctx.published.map((e) => e.type)).toEqual(["notice.upserted"]);

    const before = fingerprint(db);
    expect(() =>
      commit(ctx, () => {
        const events = recordChange(db, { entity: "notice", id: 2, action: "issue", by, before: null, after: { id: 2 }, boards: [CONSORTIUM_BOARD] });
        addUnit("回滚测试单位");
        if (events.length) throw new DomainError("invalid", 400);
        return { result: null, events };
      }),
    ).toThrow(DomainError);
    expect(fingerprint(db)).toEqual(before);
    expect(ctx.published).toHaveLength(1);
  });
});

describe("updateVersioned", () => {
  it("sets schema columns (booleans as 1/0, null as NULL) and bumps the version at the version read", () => {
    const id = addUnit("杭州某某科技有限公司");
    updateVersioned(db, memberUnits, id, 1, { isSme: true, contact: "王工", leftOn: null });
    expect(one(db, "SELECT is_sme, contact, left_on, version FROM member_units WHERE id = ?", id)).toEqual({ is_sme: 1, contact: "王工", left_on: null, version: 2 });
    updateVersioned(db, memberUnits, id, 2, {});
    expect(scalar<number>(db, "SELECT version FROM member_units WHERE id = ?", id)).toBe(3);
  });

  it("refuses a stale version as a conflict with the current row, changing nothing", () => {
    const id = addUnit("宁波某某机器人有限公司");
    updateVersioned(db, memberUnits, id, 1, { contact: "甲" });
    const before = fingerprint(db);
    let err: unknown;
    try {
      updateVersioned(db, memberUnits, id, 1, { contact: "乙" }, () => ({ id, version: 2 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "conflict", status: 409, details: { current: { id, version: 2 } } });
    expect(fingerprint(db)).toEqual(before);
    expect(scalar<string>(db, "SELECT contact FROM member_units WHERE id = ?", id)).toBe("甲");
  });
});

describe("liveBoard", () => {
  const reader = { id: 1, permissions: ["read:board:any"], unitId: null, projectIds: [] } as unknown as Actor;
  const outsider = { id: 2, permissions: [], unitId: null, projectIds: [] } as unknown as Actor;

  it("gives the board's seq to a reader and a snapshot (seq 0) to anyone else", () => {
    recordChange(db, { entity: "notice", id: 1, action: "issue", by, before: null, after: { id: 1 }, boards: boardsOf(4) });
    expect(liveBoard(db, reader)).toEqual({ boardId: "consortium", seq: 1, live: true });
    expect(liveBoard(db, reader, projectBoard(4))).toEqual({ boardId: "project:4", seq: 1, live: true });
    expect(liveBoard(db, outsider)).toEqual({ boardId: "consortium", seq: 0, live: false });
  });
});

describe("query helpers", () => {
  it("read rows, first columns, tuples and existence with the caller's row type", () => {
    const a = addUnit("甲单位有限公司");
    const b = addUnit("乙单位有限公司");
    expect(one<{ id: number; name: string }>(db, "SELECT id, name FROM member_units WHERE id = ?", a)).toEqual({ id: a, name: "甲单位有限公司" });
    expect(one(db, "SELECT id FROM member_units WHERE id = ?", 999)).toBeUndefined();
    expect(all<{ id: number }>(db, `SELECT id FROM member_units WHERE id IN (${placeholders([a, b])}) ORDER BY id`, a, b)).toEqual([{ id: a }, { id: b }]);
    expect(column<number>(db, "SELECT id FROM member_units ORDER BY id")).toEqual([a, b]);
    expect(scalar<number>(db, "SELECT count(*) FROM member_units")).toBe(2);
    expect(tuples<[number, string]>(db, "SELECT id, name FROM member_units WHERE id = @id", { id: b })).toEqual([[b, "乙单位有限公司"]]);
    expect(exists(db, "SELECT 1 FROM member_units WHERE name = ?", "乙单位有限公司")).toBe(true);
    expect([...each<{ id: number }>(db, "SELECT id FROM member_units ORDER BY id")].map((r) => r.id)).toEqual([a, b]);
    expect(run(db, "UPDATE member_units SET contact = 'x' WHERE id IN (?, ?)", a, b).changes).toBe(2);
    expect(() => must(one(db, "SELECT 1 FROM member_units WHERE id = 999"))).toThrow(DomainError);
  });

  it("types parameters to what SQLite binds", () => {
    // @ts-expect-error a boolean is not a SQLite value (better-sqlite3 would refuse it at run time)
    expect(() => scalar(db, "SELECT ?", true)).toThrow();
    // @ts-expect-error nor is undefined, which better-sqlite3 would silently bind as NULL
    expect(scalar(db, "SELECT ?", undefined)).toBeNull();
  });
});
