// The export job registry (app/exports/jobs.server.ts) with real job functions writing real files: at most
// `running` at once and the rest in line with their places, progress, a failure kept apart, files only
// for their owner, the per-user limit, and a day's keeping on the app clock. Also the document form of the
// report (long tables summarized per unit, short ones untouched).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createExportJobs, type ExportSpec } from "../../app/exports/jobs.server";
import { documentReport, type AssembledReport, type ReportTable } from "../../app/models/report";
import { pinnedClock } from "../helpers/clock";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A job whose work finishes when the test says so. */
function gated(text: string): { spec: ExportSpec; finish(): void; fail(): void; progress?: (f: number, s: "writing") => void } {
  let open!: (ok: boolean) => void;
  const gate = new Promise<boolean>((r) => (open = r));
  const g: ReturnType<typeof gated> = {
    finish: () => open(true),
    fail: () => open(false),
    spec: {
      kind: "docx",
      fileName: `${text}.docx`,
      asciiName: `${text}.docx`,
      contentType: "application/octet-stream",
      async run({ outFile, progress }) {
        g.progress = progress;
        if (!(await gate)) throw new Error("broken");
        fs.writeFileSync(outFile, text);
      },
    },
  };
  return g;
}

function registry(opts: { running?: number; perUser?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-jobs-"));
  dirs.push(dir);
  const clock = pinnedClock();
  return { clock, dir, jobs: createExportJobs({ dir: path.join(dir, "exports"), clock, running: opts.running ?? 1, perUser: opts.perUser }) };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("export job registry", () => {
  it("runs at most N at once, the rest wait in line with their places, and each file goes to its owner only", async () => {
    const { jobs } = registry({ running: 1 });
    const [a, b, c] = [gated("a"), gated("b"), gated("c")];
    const ja = jobs.start(1, a.spec)!;
    const jb = jobs.start(1, b.spec)!;
    const jc = jobs.start(2, c.spec)!;
    expect([jobs.get(1, ja.id)!.status, jobs.get(1, jb.id)!.status, jobs.get(2, jc.id)!.status]).toEqual(["running", "queued", "queued"]);
    expect([jobs.get(1, jb.id)!.position, jobs.get(2, jc.id)!.position]).toEqual([1, 2]);
    a.progress!(0.5, "writing");
    expect(jobs.get(1, ja.id)).toMatchObject({ fraction: 0.5, stage: "writing" });
    a.finish();
    await jobs.settled(1, ja.id);
    await tick();
    expect(jobs.get(1, jb.id)!.status).toBe("running");
    expect(jobs.get(2, jc.id)!.position).toBe(1);
    b.fail();
    await jobs.settled(1, jb.id);
    c.finish();
    expect((await jobs.settled(2, jc.id))!.status).toBe("done");
    expect(jobs.get(1, jb.id)!.status).toBe("failed");
    expect(jobs.file(1, jb.id)).toBeNull();
    expect(fs.readFileSync(jobs.file(1, ja.id)!.path, "utf8")).toBe("a");
    expect(jobs.file(2, ja.id)).toBeNull(); // not his
    expect(jobs.get(2, ja.id)).toBeNull();
    expect(jobs.list(1).map((j) => j.id)).toEqual([jb.id, ja.id]); // newest first
  });

  it("refuses a user's job beyond his limit of unfinished ones, and forgets finished jobs and their files after a day", async () => {
    const { jobs, clock } = registry({ running: 2, perUser: 2 });
    const [a, b] = [gated("a"), gated("b")];
    const ja = jobs.start(7, a.spec)!;
    jobs.start(7, b.spec);
    expect(jobs.start(7, gated("c").spec)).toBeNull();
    expect(jobs.unfinished(7)).toBe(2);
    expect(jobs.start(8, gated("d").spec)).not.toBeNull(); // another user is not held up
    a.finish();
    await jobs.settled(7, ja.id);
    const file = jobs.file(7, ja.id)!.path;
    await clock.advance(25 * 3600_000);
    expect(jobs.list(7).map((j) => j.id)).not.toContain(ja.id);
    expect(fs.existsSync(file)).toBe(false);
    b.finish();
  });
});

describe("the report as a document", () => {
  const col = (key: string) => ({ key, label: key, numeric: false, nowrap: false });
  const table = (rows: number): ReportTable => ({
    id: "indicators",
    title: "考核指标完成情况",
    columns: ["project", "indicator", "unit", "met"].map(col),
    rows: Array.from({ length: rows }, (_, i) => ["P1", `指标${i}`, i % 3 ? "甲" : "乙", i % 2 ? "已完成" : "未完成"]),
  });
  const report = (t: ReportTable) => ({ sections: [{ key: "goals", heading: "", summary: "", narrative: "", tables: [t] }] }) as unknown as AssembledReport;

  it("summarizes a long table per unit with its count per status, and says where all rows are", () => {
    const out = documentReport(report(table(300)), "zh-CN", 200).sections[0]!.tables[0]!;
    expect(out.title).toBe("考核指标完成情况（按单位汇总；全部 300 行明细见“数据表（.xlsx）”）");
    expect(out.columns.map((c) => c.label)).toEqual(["unit", "合计", "已完成", "未完成"]);
    expect(out.rows).toEqual([
      ["甲", 200, 100, 100],
      ["乙", 100, 50, 50],
    ]);
  });

  it("keeps a short table as it is", () => {
    const t = table(200);
    expect(documentReport(report(t), "zh-CN", 200).sections[0]!.tables[0]).toBe(t);
  });
});
