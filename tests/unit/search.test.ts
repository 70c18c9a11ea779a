// Search over the demo consortium: Chinese two-character and single-character terms, mixed queries,
// exact code matches first, what each reader may see, and the index kept in step by the write itself.
import { beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/client";
import { actor, seededDb } from "../helpers/db";
import { search } from "../../app/models/search.server";
import { highlightParts } from "../../app/models/search";
import { matchExpression, queryPieces, searchTerms } from "../../app/models/search-terms";

let db: DB;
const q = <T = any>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
const hitsOf = (username: string, query: string, kind?: string) =>
  search(db, actor(db, username), query, { perKind: 100 }).groups.filter((g) => !kind || g.kind === kind).flatMap((g) => g.hits);

beforeAll(async () => {
  db = await seededDb();
});

describe("terms", () => {
  it("indexes Han runs as bigrams plus the last character, Latin as lower-case words", () => {
    expect(searchTerms("谐波减速器 RX01-T03")).toBe("谐波 波减 减速 速器 器 rx01 t03");
    expect(matchExpression("减速")).toBe('"减速"');
    expect(matchExpression("机")).toBe('"机"*');
    expect(matchExpression("RX01 减速器")).toBe('"rx01"* AND "减速 速器"');
    expect(matchExpression("  ")).toBeNull();
    expect(matchExpression('"); DROP')).toBe('"drop"*');
  });
});

describe("search", () => {
  it("finds two-character Chinese terms anywhere in titles and descriptions", () => {
    const tasks = hitsOf("shouxi", "减速", "task");
    const expected = q<{ code: string }>("SELECT code FROM tasks WHERE archived_at IS NULL AND (title LIKE '%减速%' OR description LIKE '%减速%' OR code LIKE '%减速%')").map((r) => r.code);
    expect(tasks.map((h) => h.code).sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(1);
    const motors = hitsOf("shouxi", "电机");
    expect(new Set(motors.map((h) => h.kind))).toEqual(new Set(["task", "indicator", "result", "unit", "meeting"].filter((k) => motors.some((h) => h.kind === k))));
    expect(motors.some((h) => h.kind === "unit" && h.title.includes("电机"))).toBe(true);
    expect(motors.every((h) => `${h.code}${h.title}${h.snippet}`.includes("电机") || h.kind === "indicator" || h.kind === "meeting")).toBe(true);
  });

  it("a term at the end of a run matches; one character alone is too broad and finds nothing", () => {
    const titles = hitsOf("shouxi", "速器", "task").map((h) => h.title);
    const expected = q<{ title: string }>("SELECT title FROM tasks WHERE archived_at IS NULL AND (title LIKE '%速器%' OR description LIKE '%速器%')").map((r) => r.title);
    expect(titles.sort()).toEqual(expected.sort());
    expect(titles.length).toBeGreaterThan(0);
    expect(search(db, actor(db, "shouxi"), "器").groups).toEqual([]);
  });

  it("mixed queries need every word: a code fragment and a Chinese phrase", () => {
    const hits = hitsOf("shouxi", "RX01 减速器", "task");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.code.startsWith("RX01") && `${h.title}${h.snippet}`.includes("减速器"))).toBe(true);
    expect(hitsOf("shouxi", "减速器 不存在的词")).toEqual([]);
  });

  it("ranks the exact code first, its group first", () => {
    const res = search(db, actor(db, "shouxi"), "rx01-t03");
    expect(res.groups[0]!.kind).toBe("task");
    expect(res.groups[0]!.hits[0]).toMatchObject({ code: "RX01-T03", exact: true, href: expect.stringMatching(/^\/tasks\/\d+$/) });
    expect(res.groups[0]!.hits.slice(1).every((h) => !h.exact)).toBe(true);
  });

  it("shows each reader only what he may read", () => {
    // An expert reads the boards of the projects he supervises only.
    const expert = actor(db, "zhuanjia2");
    const projects = new Set(expert.projectIds);
    const other = q<{ title: string }>(`SELECT title FROM tasks WHERE archived_at IS NULL AND project_id NOT IN (${expert.projectIds.join(",") || 0})`)[0]!;
    const word = [...other.title].slice(0, 2).join("");
    const all = q<{ id: number; project_id: number }>("SELECT id, project_id FROM tasks WHERE archived_at IS NULL AND (code || title || description) LIKE ?", `%${word}%`);
    const seen = hitsOf("zhuanjia2", word, "task");
    expect(seen.length).toBe(all.filter((t) => projects.has(t.project_id)).length);
    expect(seen.length).toBeLessThan(all.length);
    expect(hitsOf("shouxi", word, "task")).toHaveLength(all.length);
    expect(hitsOf("zhuanjia2", "电机", "result")).toEqual([]); // no read:report
    // A researcher sees his own unit's notices only; the secretariat all of them.
    const notices = q<{ unit_id: number; body: string }>("SELECT unit_id, body FROM notices");
    const noticeWord = [...notices[0]!.body].slice(0, 2).join("");
    const researcher = actor(db, "jiang_hao");
    const mine = hitsOf("jiang_hao", noticeWord, "notice");
    const unitOf = new Map(q<{ id: number; unit_id: number }>("SELECT id, unit_id FROM notices").map((n) => [n.id, n.unit_id]));
    expect(mine.every((h) => unitOf.get(h.id) === researcher.unitId)).toBe(true);
    expect(hitsOf("mishu", noticeWord, "notice").length).toBeGreaterThanOrEqual(mine.length);
    expect(hitsOf("mishu", noticeWord, "notice").length).toBeGreaterThan(0);
    // People and units link to their admin pages only for admins.
    expect(hitsOf("admin", "王建国", "person")[0]).toMatchObject({ href: expect.stringMatching(/^\/admin\/users\/\d+$/) });
    expect(hitsOf("jiang_hao", "王建国", "person")[0]).toMatchObject({ href: null });
  });

  it("the index follows every write in its own transaction: a rolled-back write leaves no trace", () => {
    const t = q<{ id: number; title: string }>("SELECT id, title FROM tasks WHERE code = 'RX01-T03'")[0]!;
    db.$client.prepare("UPDATE tasks SET title = '谐波传动轻量化柔轮' WHERE id = ?").run(t.id);
    expect(hitsOf("shouxi", "柔轮", "task").map((h) => h.id)).toContain(t.id);
    expect(hitsOf("shouxi", "谐波", "task").filter((h) => h.id === t.id).map((h) => h.title)).toEqual(["谐波传动轻量化柔轮"]);
    db.$client.prepare("UPDATE tasks SET archived_at = ? WHERE id = ?").run(db.$clock.nowIso(), t.id);
    expect(hitsOf("shouxi", "柔轮", "task")).toEqual([]);
    expect(() =>
      db.transaction(() => {
        db.$client.prepare("UPDATE member_units SET name = '临时改名的雷霆单位' WHERE id = 1").run();
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(hitsOf("shouxi", "雷霆")).toEqual([]);
  });

  it("marks the query's pieces in the text, case-insensitively", () => {
    expect(highlightParts("谐波减速器 rx01-T03", queryPieces("减速 RX01"))).toEqual(["谐波", "减速", "器 ", "rx01", "-T03"]);
  });
});
