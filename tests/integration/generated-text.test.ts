// Generated text (checklist lines, close-out round names) reads in the reader's language: the same check
// and round read through the page models in English show English lines and names, in Chinese Chinese ones;
// rows of older databases (no key stored) show the stored title.
import { beforeAll, describe, expect, it } from "vitest";
import { actor, contextFor, seededDb } from "../helpers/db";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/models/context.server";
import { makeT } from "../../app/i18n/catalog";
import { localTitle, renderText, type TextParam } from "../../app/i18n/local-text";
import { checkScheduleSchema } from "../../app/models/checks";
import { scheduleCheck } from "../../app/models/checks.server";
import { checkPage } from "../../app/models/check-pages.server";
import { listItems } from "../../app/models/check-reads.server";
import { roundLabel } from "../../app/models/closeout";
import { closeCloseoutRound, openCloseoutRound } from "../../app/models/closeout.server";
import { closeoutPage } from "../../app/models/closeout-pages.server";
import { consortiumFeed } from "../../app/models/activity.server";

const en = makeT("en");
const zh = makeT("zh-CN");
const CJK_PUNCTUATION = /[，。「」（）：；、]/;

let db: DB;
let mishu: Actor;
beforeAll(async () => {
  db = await seededDb();
  mishu = actor(db, "mishu");
});

/** The text with every raw value (names, results as users typed them, in Chinese) replaced: what the templates themselves write. */
const templatesOnly = (p: TextParam): TextParam =>
  typeof p === "string" ? "x" : typeof p === "number" ? p : Array.isArray(p) ? p.map(templatesOnly) : { key: p.key, params: Object.fromEntries(Object.entries(p.params ?? {}).map(([k, v]) => [k, templatesOnly(v)])) };

const one = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as T;

describe("checklist lines", () => {
  it("are stored as keys and params and read in each reader's language", () => {
    const today = db.$clock.today();
    // The project with the most indicators, so that the list has indicator and evidence lines.
    const { projectId } = one<{ projectId: number }>(
      "SELECT t.project_id AS projectId FROM indicators i JOIN tasks t ON t.id = i.task_id GROUP BY t.project_id ORDER BY count(*) DESC LIMIT 1",
    );
    const expert = one<{ id: number }>("SELECT id FROM users WHERE username = 'zhuanjia'").id;
    const input = checkScheduleSchema(today).parse({ projectId, kind: "midterm", scheduledOn: "2026-12-10", expertIds: [expert] });
    const check = scheduleCheck(contextFor(db), mishu, input, today);

    const { items } = checkPage(db, mishu, check.id, today);
    expect(items.some((i) => i.kind === "indicator")).toBe(true);
    expect(items.some((i) => i.kind === "evidence")).toBe(true);
    for (const item of items) {
      expect(item.titleText).not.toBeNull();
      // Chinese readers see the line as it was stored (and exports keep it).
      expect(localTitle(zh, item)).toBe(item.title);
      expect(localTitle(en, item)).not.toBe(item.title);
      expect(renderText(en, templatesOnly(item.titleText!))).not.toMatch(CJK_PUNCTUATION);
    }
    const indicator = items.find((i) => i.kind === "indicator")!;
    expect(localTitle(en, indicator)).toMatch(/: target .*, latest measured .*, due \d{4}-\d{2}-\d{2}/);
    expect(localTitle(zh, indicator)).toMatch(/目标 .*，最新实测 .*，截止 \d{4}-\d{2}-\d{2}/);
    const evidence = items.find((i) => i.kind === "evidence")!;
    expect(localTitle(en, evidence)).toMatch(/indicators, \d+ evidence files in all/);

    // A row from before the key was stored shows its stored title whatever the language.
    db.$client.prepare("UPDATE check_items SET title_key = NULL, title_params = NULL WHERE id = ?").run(indicator.id);
    const old = listItems(db, check.id).find((i) => i.id === indicator.id)!;
    expect(old.titleText).toBeNull();
    expect(localTitle(en, old)).toBe(indicator.title);
  });
});

describe("close-out round names", () => {
  it("are named from the period in the reader's language, on pages and in the activity feed", () => {
    const today = db.$clock.today();
    const ctx = contextFor(db);
    const current = closeoutPage(db, mishu, null).round;
    if (current?.status === "open") closeCloseoutRound(ctx, mishu, { id: current.id, version: current.version });
    const round = openCloseoutRound(ctx, mishu, { period: "2027-01" }, today);
    expect(one<{ name: string }>("SELECT name FROM closeout_rounds WHERE id = ?", round.id).name).toBe("2027年1月销号轮次");

    const page = closeoutPage(db, mishu, null);
    expect(page.round?.id).toBe(round.id);
    expect(roundLabel(zh, page.round!.period)).toBe("2027年1月销号轮次");
    expect(roundLabel(en, page.round!.period)).toBe("Close-out round Jan 2027");

    const sentence = (locale: "en" | "zh-CN") => consortiumFeed(db, { ...mishu, locale }).lines.map((l) => l.sentence).find((s) => s.includes("2027"));
    expect(sentence("en")).toContain("Close-out round Jan 2027");
    expect(sentence("zh-CN")).toContain("2027年1月销号轮次");
  });
});
