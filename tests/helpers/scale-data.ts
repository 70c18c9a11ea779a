// Grows a seeded demo database to a real province-level size in one transaction of bulk SQL (not the
// model functions: 20,000 tasks through the write kernel would take minutes and measure the kernel,
// not the pages). Proportional: one member unit per 100 tasks (at least the demo's 16), one project per
// 100 tasks, two indicators per task due across the report year, two measured values per indicator.
// Deterministic (a seeded generator), stamped with the app clock.
import type { DB } from "../../db/client";

export type Scale = { tasks: number; units: number; projects: number; indicators: number; values: number };

export function growDatabase(db: DB, opts: { tasks: number; year?: number }): Scale {
  const c = db.$client;
  const year = opts.year ?? 2026;
  const now = db.$clock.nowIso();
  const count = (table: string) => (c.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  let seed = 17;
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0; // mulberry32
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) % n;
  };
  const day = (d: number) => new Date(Date.UTC(year, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
  const wantUnits = Math.max(16, Math.ceil(opts.tasks / 100));
  const wantProjects = Math.max(5, Math.ceil(opts.tasks / 100));
  c.transaction(() => {
    const groupId = (c.prepare("SELECT id FROM project_groups ORDER BY id LIMIT 1").get() as { id: number }).id;
    const recorder = (c.prepare("SELECT id FROM users WHERE username = 'jiang_hao'").get() as { id: number }).id;
    const addUnit = c.prepare("INSERT INTO member_units (name, short_name, kind, joined_on, district, updated_at) VALUES (?, ?, 'enterprise', ?, '杭州市', ?)");
    for (let u = count("member_units"); u < wantUnits; u++) addUnit.run(`规模测试单位${u + 1}有限公司`, `规模${u + 1}`, `${year - 1}-03-01`, now);
    const units = (c.prepare("SELECT id FROM member_units ORDER BY id").all() as { id: number }[]).map((r) => r.id);
    const addProject = c.prepare("INSERT INTO projects (group_id, code, name, lead_unit_id, budget, start_on, end_on) VALUES (?, ?, ?, ?, 500, ?, ?)");
    const addMember = c.prepare("INSERT OR IGNORE INTO project_units (project_id, unit_id) VALUES (?, ?)");
    for (let p = count("projects"); p < wantProjects; p++) {
      const lead = units[p % units.length]!;
      const id = Number(addProject.run(groupId, `SCALE-${String(p + 1).padStart(4, "0")}`, `规模测试课题${p + 1}`, lead, `${year - 1}-01-01`, `${year + 2}-12-31`).lastInsertRowid);
      addMember.run(id, lead);
    }
    const projects = c.prepare("SELECT id, lead_unit_id AS unit FROM projects ORDER BY id").all() as { id: number; unit: number }[];
    const addTask = c.prepare(
      "INSERT INTO tasks (project_id, code, title, owner_unit_id, start_on, due_on, status, position, progress, is_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const addIndicator = c.prepare(
      "INSERT INTO indicators (project_id, task_id, name, unit_of_measure, baseline, target, direction, due_on, responsible_unit_id, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, 'higher', ?, ?, ?, ?)",
    );
    const addValue = c.prepare("INSERT INTO indicator_values (indicator_id, value, measured_on, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)");
    const statuses = ["not_started", "in_progress", "in_progress", "in_progress", "closed"];
    for (let i = count("tasks"); i < opts.tasks; i++) {
      const p = projects[i % projects.length]!;
      const unit = units[(i * 7) % units.length]!;
      const start = rand(300);
      const status = statuses[rand(statuses.length)]!;
      const task = Number(
        addTask.run(p.id, `S${String(i).padStart(5, "0")}`, `规模测试任务 ${i}：样机联调与指标验证`, unit, day(start), day(start + 20 + rand(200)), status, `zs${String(i).padStart(6, "0")}`, status === "closed" ? 100 : rand(100), rand(12) === 0 ? 1 : 0, now, now)
          .lastInsertRowid,
      );
      for (let k = 0; k < 2; k++) {
        const target = 50 + rand(100);
        const due = rand(330);
        const ind = Number(addIndicator.run(p.id, task, `指标 ${i}-${k + 1}：关键性能达标`, "项", target, day(due), unit, now, now).lastInsertRowid);
        addValue.run(ind, Math.round(target * 0.4), day(Math.max(0, due - 90)), recorder, now);
        addValue.run(ind, target - 10 + rand(20), day(Math.max(1, due - 10)), recorder, now);
      }
    }
  })();
  return { tasks: count("tasks"), units: count("member_units"), projects: count("projects"), indicators: count("indicators"), values: count("indicator_values") };
}
