// Demo 重点任务推进表 filings and 提示/督办 history, written as the UI writes them. Each of the two months
// before this one, every unit owning key tasks files its month before the filing day: its lead fills in
// the row of each key task already started (progress rising towards today's), then files the month,
// which files the rows of its key tasks not started yet as they stand (blank), as the page's 提交 does.
// A unit without a lead files nothing (only a unit lead may). The current month is left unfiled, so the
// secretariat sees who still has to file. Notices: a reminder to one unit last month, acknowledged,
// answered and closed; a supervision notice this month to another on a task behind plan, acknowledged
// by the unit with the answer still due.
import { addDays, addMonths, format, setDate } from "date-fns";
import type { DemoScope, DemoStory } from "../seed-history";
import type { Actor } from "../../app/models/context.server";
import { fileUnitMonth, saveReport } from "../../app/models/key-tasks.server";
import { filingSchema, reportEditSchema } from "../../app/models/key-tasks";
import { acknowledgeNotice, answerNotice, closeNotice, getNotice, issueNotice, noticeCandidates } from "../../app/models/notices.server";
import { noticeAcknowledgeSchema, noticeAnswerSchema, noticeCloseSchema, noticeIssueSchema, type NoticeKind } from "../../app/models/notices";
import { all, one, scalar } from "../../app/models/sql.server";
import { getTask } from "../../app/models/tasks.server";

const PROBLEMS = ["", "关键外协件交付推迟约两周，已协调备选供应商。", "", "样机联调中发现通信时延偏大，正在定位。", ""];
const NEXT_STEPS = ["按计划推进下一阶段试验。", "完成剩余测试项并整理测试报告。", "组织专家中期技术评审。", "完成样件装配并开展联调。"];

const iso = (d: Date) => format(d, "yyyy-MM-dd");

type KeyTask = { id: number; code: string; title: string; ownerUnitId: number; startOn: string };

export const seedSupervision: DemoStory = (s: DemoScope) => {
  const { ctx, today, step, as } = s;
  const { db } = ctx;
  const plannedProgress = new Map(s.tasks.map((t) => [t.code, t.progress]));

  // A unit files on day 20 + (its place among the units with key tasks, mod 5): before the filing day (25).
  for (const back of [2, 1]) {
    const monthStart = addMonths(setDate(today, 1), -back);
    const month = format(monthStart, "yyyy-MM");
    const nextMonth = iso(addMonths(monthStart, 1));
    for (let slot = 0; slot < 5; slot++) {
      step(setDate(monthStart, 20 + slot), "17:10", () => {
        const keyTasks = all<KeyTask>(db, "SELECT id, code, title, owner_unit_id AS ownerUnitId, start_on AS startOn FROM tasks WHERE is_key = 1 AND archived_at IS NULL ORDER BY code");
        const units = [...new Set(keyTasks.map((t) => t.ownerUnitId))];
        units.forEach((unitId, u) => {
          if (u % 5 !== slot) return;
          const lead = unitLead(db, unitId);
          if (lead == null) return;
          const actor = as(lead);
          keyTasks.forEach((t, i) => {
            if (t.ownerUnitId !== unitId || t.startOn > nextMonth) return; // not started: filed blank
            const progress = Math.max(0, Math.round(plannedProgress.get(t.code)! - back * 12 - (i % 3) * 3));
            saveReport(
              ctx,
              actor,
              reportEditSchema.parse({
                taskId: t.id,
                month,
                version: 0,
                plannedTarget: `完成“${t.title}”阶段目标的 ${Math.min(100, progress + 10)}%`,
                actualProgress: progress,
                problems: PROBLEMS[(i + back) % PROBLEMS.length],
                nextSteps: NEXT_STEPS[(i + back) % NEXT_STEPS.length],
              }),
            );
          });
          fileUnitMonth(ctx, actor, filingSchema.parse({ unitId, month }));
        });
      });
    }
  }

  const day = (days: number) => iso(addDays(today, days));
  /** The unit's task due first among those in the given statuses, as the issue form's list would offer it then. */
  const behind = (unit: string, statuses: string[]) =>
    one<{ id: number }>(
      db,
      `SELECT t.id FROM tasks t JOIN member_units m ON m.id = t.owner_unit_id
       WHERE m.short_name = ? AND t.status IN (${statuses.map(() => "?").join(", ")}) AND t.archived_at IS NULL ORDER BY t.due_on LIMIT 1`,
      unit,
      ...statuses,
    )?.id;
  const issue = (by: Actor, taskId: number, kind: NoticeKind, body: string, respondBy: string) =>
    issueNotice(ctx, by, noticeIssueSchema(db.$clock.today()).parse({ taskId, kind, body, respondBy }), db.$clock.today());
  const current = (id: number) => ({ id, version: getNotice(db, id).version });

  // Last month: a reminder, acknowledged, answered, and closed by the secretariat on reading the answer.
  let reminder: number | undefined;
  step(day(-40), "10:00", () => {
    const task = behind("感知力传", ["pending_closeout", "in_progress"]);
    if (task) reminder = issue(as("mishu"), task, "reminder", "该任务计划节点已过，请说明六维力传感器标定进展及后续安排。", day(-33)).id;
  });
  step(day(-39), "09:30", () => reminder && acknowledgeNotice(ctx, as("cao_jun"), noticeAcknowledgeSchema.parse(current(reminder))));
  step(day(-37), "16:00", () => reminder && answerNotice(ctx, as("cao_jun"), noticeAnswerSchema.parse({ ...current(reminder), response: "标定台架已完成验收，标定工作已恢复，预计本月底完成。" })));
  step(day(-36), "10:00", () => reminder && closeNotice(ctx, as("mishu"), noticeCloseSchema.parse(current(reminder))));

  // This month: a supervision notice on a task behind plan (one the issue form offers: 柔感电子's if it has
  // one, else the first of a unit with a lead to answer it), acknowledged; the answer is still due.
  let supervision: number | undefined;
  step(day(-7), "10:00", () => {
    const late = noticeCandidates(db, db.$clock.today()).filter((t) => unitLead(db, getTask(db, t.id).ownerUnitId));
    const task = late.find((t) => t.unitName === "柔感电子") ?? late[0];
    if (task) supervision = issue(as("mishu"), task.id, "supervision", "该任务进度已严重滞后于计划，请于期限前提交赶工计划和资源保障措施。", day(5)).id;
  });
  step(day(-6), "09:00", () => {
    if (!supervision) return;
    acknowledgeNotice(ctx, as(unitLead(db, getNotice(db, supervision).unitId)!), noticeAcknowledgeSchema.parse(current(supervision)));
  });
};

/** The unit's lead (only a unit lead may file its month). */
const unitLead = (db: DemoScope["ctx"]["db"], unitId: number): string | undefined =>
  scalar<string>(db, "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.unit_id = ? AND r.role = 'unit_lead' AND u.active = 1 ORDER BY u.id LIMIT 1", unitId);
