// Demo 重点任务推进表 filings and 提示/督办 history: every key task's rows for the two months before this
// one, filed by the owner unit's lead (or a researcher of the unit) before the filing day, with progress
// rising towards today's; a closed reminder to one unit and an acknowledged supervision notice to another
// on a task behind plan. The current month is left unfiled, so the secretariat sees who still has to file.
import { addDays, addMonths, format, setDate } from "date-fns";
import type { DB } from "../client";
import type { SeedExtra } from "../seed-extras";
import { all, one, run, scalar } from "../../app/models/sql.server";

type KeyTask = { id: number; code: string; title: string; ownerUnitId: number; progress: number; startOn: string; dueOn: string };

const PROBLEMS = ["", "关键外协件交付推迟约两周，已协调备选供应商。", "", "样机联调中发现通信时延偏大，正在定位。", ""];
const NEXT_STEPS = ["按计划推进下一阶段试验。", "完成剩余测试项并整理测试报告。", "组织专家中期技术评审。", "完成样件装配并开展联调。"];

const userOfUnit = (db: DB, unitId: number): number | null =>
  scalar<number>(db, "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = ? ORDER BY (r.role = 'unit_lead') DESC, u.id LIMIT 1", unitId) ?? null;

const userId = (db: DB, username: string) => scalar<number>(db, "SELECT id FROM users WHERE username = ?", username);

export const seedSupervision: SeedExtra = (db, today) => {
  const keyTasks = all<KeyTask>(db, "SELECT id, code, title, owner_unit_id AS ownerUnitId, progress, start_on AS startOn, due_on AS dueOn FROM tasks WHERE is_key = 1 AND archived_at IS NULL ORDER BY code");
  keyTasks.forEach((t, i) => {
    const by = userOfUnit(db, t.ownerUnitId);
    if (by == null) return;
    for (const back of [2, 1]) {
      const monthStart = addMonths(setDate(today, 1), -back);
      const month = format(monthStart, "yyyy-MM");
      if (t.startOn > format(addMonths(monthStart, 1), "yyyy-MM-dd")) continue; // not started yet
      const progress = Math.max(0, Math.round(t.progress - back * 12 - (i % 3) * 3));
      const filedAt = `${format(setDate(monthStart, 20 + (i % 5)), "yyyy-MM-dd")}T09:${String(10 + i).padStart(2, "0")}:00.000Z`;
      run(
        db,
        `INSERT INTO key_task_reports (task_id, month, planned_target, actual_progress, problems, next_steps, status, filed_by, filed_at, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'filed', ?, ?, ?, ?)`,
        t.id, month, `完成“${t.title}”阶段目标的 ${Math.min(100, progress + 10)}%`, progress, PROBLEMS[(i + back) % PROBLEMS.length], NEXT_STEPS[(i + back) % NEXT_STEPS.length], by, filedAt, by, filedAt);
    }
  });

  const issuer = userId(db, "mishu");
  if (issuer == null) return;
  const NOTICE = `INSERT INTO notices (task_id, unit_id, kind, body, respond_by, status, issued_by, issued_at, acknowledged_by, acknowledged_at, response, responded_by, responded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const behind = (unit: string, statuses: string) =>
    one<{ id: number; unitId: number }>(
      db,
      `SELECT t.id, t.owner_unit_id AS unitId FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id
       WHERE m.short_name = ? AND t.status IN (${statuses}) AND t.archived_at IS NULL ORDER BY t.due_on LIMIT 1`,
      unit,
    );
  const day = (days: number) => format(addDays(today, days), "yyyy-MM-dd");

  // Closed last month: a reminder answered and reviewed.
  const a = behind("感知力传", "'pending_closeout', 'in_progress'");
  const aLead = userId(db, "cao_jun");
  if (a && aLead) {
    run(db, NOTICE, a.id, a.unitId, "reminder", "该任务计划节点已过，请说明六维力传感器标定进展及后续安排。", day(-33), "closed", issuer, `${day(-40)}T02:00:00.000Z`,
      aLead, `${day(-39)}T01:30:00.000Z`, "标定台架已完成验收，标定工作已恢复，预计本月底完成。", aLead, `${day(-37)}T08:00:00.000Z`);
  }
  // Open now: a supervision notice acknowledged by the unit, answer still due.
  const b = behind("柔感电子", "'in_progress'");
  const bLead = userId(db, "ye_qing");
  if (b && bLead) {
    run(db, NOTICE, b.id, b.unitId, "supervision", "该任务进度已严重滞后于计划，请于期限前提交赶工计划和资源保障措施。", day(5), "acknowledged", issuer, `${day(-7)}T02:00:00.000Z`,
      bLead, `${day(-6)}T01:00:00.000Z`, "", null, null);
  }
};
