// 新增任务 change requests that carry what a task needs: indicators, predecessors and successors (existing
// task codes, checked for cycles with task-graph.ts), and an owner that may be any member unit (admitted to
// the project in the same approval). A real server on its own seeded SQLite file; nothing mocked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorCache, refusedUnchanged as unchanged } from "../helpers/refusals";
import { startServer, type TestServer } from "../helpers/server";
import { postForm, signIn } from "../helpers/forms";
import { approveChange, proposeChange } from "../../app/models/change-requests.server";
import { addPredecessor } from "../../app/models/task-dependencies.server";
import { changeProposeSchema } from "../../app/models/change-requests";
import { proposeOptions } from "../../app/models/change-views.server";

let srv: TestServer;
const q = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).get(...args) as T;
const qa = <T = any>(sql: string, ...args: unknown[]) => srv.app.db.$client.prepare(sql).all(...args) as T[];
const as = actorCache(() => srv.app.db);
const ctx = () => srv.app.ctx;
const unitBy = (short: string) => q<{ id: number }>("SELECT id FROM member_units WHERE short_name = ?", short).id;
type Task = { id: number; code: string; status: string; version: number };
const taskBy = (code: string) => q<Task>("SELECT id, code, status, version FROM tasks WHERE code = ?", code);

const refusedUnchanged = (fn: () => unknown) => unchanged(srv.app.db, fn);

let project: { id: number; start_on: string; end_on: string };
/** Two open RX-01 tasks with no path between them either way. */
let A: Task;
let B: Task;

const request = (fields: Record<string, unknown>) =>
  changeProposeSchema.parse({
    kind: "add_task",
    reason: "补充任务",
    projectId: project.id,
    title: "关节模组电磁兼容试验",
    ownerUnitId: unitBy("精传减速"),
    startOn: "2026-12-01",
    dueOn: "2027-03-31",
    ...fields,
  });

/** Two open RX-01 tasks (not among `except`) with no path between them either way. */
function unlinkedPair(except: number[]): [Task, Task] {
  const open = qa<Task>("SELECT id, code, status, version FROM tasks WHERE project_id = ? AND status IN ('not_started', 'in_progress') AND archived_at IS NULL ORDER BY code", project.id).filter((t) => !except.includes(t.id));
  const linked = (x: number, y: number) =>
    q<{ n: number }>(
      "WITH RECURSIVE down(id) AS (SELECT ? UNION SELECT d.successor_id FROM task_dependencies d JOIN down ON d.predecessor_id = down.id) SELECT count(*) AS n FROM down WHERE id = ?",
      x,
      y,
    ).n > 0;
  for (const a of open) for (const b of open) if (a.id !== b.id && !linked(a.id, b.id) && !linked(b.id, a.id)) return [a, b];
  throw new Error("no two unlinked open tasks");
}

/** Proposed by the project lead, approved by the chief scientist; returns the created task. */
function proposeAndApprove(fields: Record<string, unknown>) {
  const proposed = proposeChange(ctx(), as("li_ming"), request(fields));
  const approved = approveChange(ctx(), as("shouxi"), { id: proposed.id, version: proposed.version, comment: "" });
  return q<{ id: number; code: string; owner_unit_id: number; version: number }>("SELECT id, code, owner_unit_id, version FROM tasks WHERE id = ?", approved.targetId);
}

beforeAll(async () => {
  srv = await startServer();
  project = q("SELECT id, start_on, end_on FROM projects WHERE code LIKE '%RX-01'");
  ["li_ming", "shouxi", "jiang_hao"].forEach(as);
  [A, B] = unlinkedPair([]);
  expect(A && B).toBeTruthy();
});
afterAll(async () => {
  await srv.close();
});

describe("a 新增任务 request with indicators, predecessors and successors", () => {
  it("creates the task, its indicators and its links in the approval's one transaction", () => {
    const seq = (q<{ seq: number } | undefined>("SELECT seq FROM boards WHERE id = ?", `project:${project.id}`)?.seq ?? 0);
    const task = proposeAndApprove({
      predecessors: A.code,
      successors: [B.code],
      indicators: [
        { name: "辐射发射裕量", unitOfMeasure: "dB", baseline: 0, target: 6, direction: "higher", dueOn: "2027-03-31" },
        { name: "通过第三方EMC检测", direction: "yesno", dueOn: "2027-03-31" },
      ],
    });
    expect(task.owner_unit_id).toBe(unitBy("精传减速"));
    const indicators = qa<{ name: string; responsible_unit_id: number; target: number | null; direction: string }>("SELECT name, responsible_unit_id, target, direction FROM indicators WHERE task_id = ? ORDER BY id", task.id);
    expect(indicators).toEqual([
      { name: "辐射发射裕量", responsible_unit_id: unitBy("精传减速"), target: 6, direction: "higher" },
      { name: "通过第三方EMC检测", responsible_unit_id: unitBy("精传减速"), target: null, direction: "yesno" },
    ]);
    expect(qa("SELECT predecessor_id AS p, successor_id AS s FROM task_dependencies WHERE predecessor_id = ? OR successor_id = ? ORDER BY p", task.id, task.id)).toEqual(
      [
        { p: A.id, s: task.id },
        { p: task.id, s: B.id },
      ].sort((x, y) => x.p - y.p),
    );
    // The successor changed (its links): its version moved, its links row went to the boards.
    expect(taskBy(B.code).version).toBeGreaterThan(B.version);
    const types = qa<{ type: string }>("SELECT type FROM board_events WHERE board_id = ? AND seq > ? ORDER BY seq", `project:${project.id}`, seq).map((e) => e.type);
    expect(types).toContain("task.upserted");
    expect(types.filter((x) => x === "indicator.upserted")).toHaveLength(2);
    expect(types.filter((x) => x === "taskLinks.upserted")).toHaveLength(2);
    expect(types.at(-1)).toBe("change.upserted");
    expect(q<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'task_dependency.add' AND entity_id IN (?, ?)", String(task.id), String(B.id)).n).toBe(2);
  });

  it("refuses at proposal a request whose links would close a cycle, naming it, and writes nothing", () => {
    // A → new → B exists now (the task above); a second new task B → new2 → A closes a loop.
    const err = refusedUnchanged(() => proposeChange(ctx(), as("li_ming"), request({ title: "循环任务", predecessors: [B.code], successors: [A.code] })));
    expect(err.code).toBe("linkCycle");
    expect(String(err.details?.path)).toContain("循环任务");
    expect(String(err.details?.path)).toContain(A.code);
  });

  it("refuses at approval when the graph changed since so that the links would close a cycle; nothing is written", () => {
    const [C, D] = unlinkedPair([A.id, B.id]);
    const proposed = proposeChange(ctx(), as("li_ming"), request({ title: "待批新增任务", predecessors: [C.code], successors: [D.code] }));
    // Meanwhile D becomes a predecessor of C: C → new → D → C.
    addPredecessor(ctx(), as("li_ming"), { taskId: C.id, version: taskBy(C.code).version, predecessorId: D.id });
    const err = refusedUnchanged(() => approveChange(ctx(), as("shouxi"), { id: proposed.id, version: proposed.version, comment: "" }));
    expect(err.code).toBe("linkCycle");
  });

  it("refuses an unknown task code", () => {
    expect(refusedUnchanged(() => proposeChange(ctx(), as("li_ming"), request({ title: "未知前置", predecessors: ["RX01-T99"] }))).code).toBe("changeUnknownTask");
  });
});

describe("any member unit as the owner of a new task", () => {
  it("admits a member unit that does not take part in the project, in the same approval, audited", () => {
    const zg = unitBy("浙工大");
    expect(qa("SELECT 1 FROM project_units WHERE project_id = ? AND unit_id = ?", project.id, zg)).toHaveLength(0);
    const task = proposeAndApprove({ title: "关节模组材料疲劳机理研究", ownerUnitId: zg });
    expect(task.owner_unit_id).toBe(zg);
    expect(qa("SELECT 1 FROM project_units WHERE project_id = ? AND unit_id = ?", project.id, zg)).toHaveLength(1);
    const audit = q<{ after: string }>("SELECT after FROM audit_log WHERE action = 'project_unit.admit' ORDER BY id DESC LIMIT 1");
    expect(JSON.parse(audit.after)).toMatchObject({ projectId: project.id, unitId: zg, unit: "浙江工业大学" });
  });

  it("offers every active member unit to the project lead, and takes the request over HTTP", async () => {
    const rx01 = proposeOptions(srv.app.db, as("li_ming")).projects.find((p) => p.id === project.id)!;
    expect(rx01.unitIds).not.toContain(unitBy("灵犀科技"));
    expect(rx01.addUnitIds).toContain(unitBy("灵犀科技"));
    const s = await signIn(srv.url, "li_ming", { page: "/changes" });
    // Proposing over HTTP with the codes in one field and an indicator row.
    const before = q<{ n: number }>("SELECT count(*) AS n FROM change_requests").n;
    const res = await postForm(srv.url, s, "/changes", {
      intent: "propose",
      kind: "add_task",
      reason: "示范需要",
      projectId: project.id,
      title: "关节模组低温启动试验",
      ownerUnitId: unitBy("灵犀科技"),
      startOn: "2026-12-01",
      dueOn: "2027-02-28",
      predecessors: `${A.code}，${B.code}`,
      successors: "",
      "indicators[0].name": "低温启动时间",
      "indicators[0].unitOfMeasure": "s",
      "indicators[0].baseline": "30",
      "indicators[0].target": "10",
      "indicators[0].direction": "lower",
      "indicators[0].dueOn": "2027-02-28",
    });
    expect(res.status).toBe(200);
    const stored = q<{ payload: string }>("SELECT payload FROM change_requests ORDER BY id DESC LIMIT 1");
    expect(q<{ n: number }>("SELECT count(*) AS n FROM change_requests").n).toBe(before + 1);
    expect(JSON.parse(stored.payload)).toMatchObject({ predecessors: [A.code, B.code], successors: [], indicators: [{ name: "低温启动时间", target: 10, direction: "lower" }] });
  });
});
