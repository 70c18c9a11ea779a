// Demo 责任清单 signature and 动态调整 requests. Like every seed, plain rows (no audit trail, no board
// events); snapshots and `before` JSON come from the same read functions the models use:
// - 精传减速 signed its list for the current year early in the year (its lead 周国强);
// - an approved adjustment of RX01-T12 (小批量试制) two weeks later, already applied to the task;
// - a pending suspension of RX05-T07 (电池快换) proposed by the project's lead;
// - a rejected change of RX01-T07's owner person proposed by 驰动伺服's lead;
// - a pending admission of 杭州未来智造检测技术有限公司, waiting for the council.
// Only one signature: a signed list freezes titles and dates of its items, and the demo's other
// features (and their tests) edit tasks of most units freely. Skips whatever it cannot find.
import { addDays, differenceInCalendarDays, format, parseISO, startOfYear } from "date-fns";
import { stamper } from "./stamp";
import type { DB } from "../client";
import type { SeedExtra } from "../seed-extras";
import { listSnapshot } from "../../app/models/responsibility.server";
import { exists, one, run, scalar } from "../../app/models/sql.server";
import { currentSnapshot } from "../../app/models/change-views.server";
import type { ChangePayload, ChangeStatus } from "../../app/models/change-requests";

const iso = (d: Date) => format(d, "yyyy-MM-dd");

export const seedResponsibility: SeedExtra = (db: DB, today: Date) => {
  const year = today.getFullYear();
  // Moments of the year: the signature early on, the decisions between then and today.
  const yearStart = startOfYear(today);
  const signedOn = addDays(yearStart, Math.min(40, Math.floor(Math.max(2, differenceInCalendarDays(today, yearStart)) / 4)));
  const between = (share: number) => addDays(signedOn, Math.floor(differenceInCalendarDays(today, signedOn) * share));
  const at = (d: Date, hour: number) => stamper(db)(d, hour, 30);

  const userId = (username: string) => scalar<number>(db, "SELECT id FROM users WHERE username = ?", username);
  const task = (code: string) =>
    one<{ id: number; projectId: number; dueOn: string; status: string }>(db, "SELECT id, project_id AS projectId, due_on AS dueOn, status FROM tasks WHERE code = ? AND archived_at IS NULL", code);
  const projectLead = (projectId: number) => scalar<number | null>(db, "SELECT lead_user_id FROM projects WHERE id = ?", projectId) ?? undefined;

  type Request = { payload: ChangePayload; projectId: number | null; targetId: number | null; reason: string; by?: number; on: Date };
  const insert = (r: Request, status: ChangeStatus, decision?: { by?: number; on: Date; comment: string }) => {
    if (!r.by || (decision && !decision.by)) return;
    run(
      db,
      `INSERT INTO change_requests (kind, project_id, target_id, payload, before, reason, status, requested_by, requested_at, decided_by, decided_at, decision_comment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      r.payload.kind,
      r.projectId,
      r.targetId,
      JSON.stringify(r.payload),
      JSON.stringify(currentSnapshot(db, r.payload)),
      r.reason,
      status,
      r.by,
      at(r.on, 1),
      decision?.by ?? null,
      decision ? at(decision.on, 7) : null,
      decision?.comment ?? "",
    );
  };

  // 精传减速's signature of its list for the year.
  const jc = scalar<number>(db, "SELECT id FROM member_units WHERE short_name = '精传减速'");
  const zhou = userId("zhou_guoqiang");
  if (jc && zhou && !exists(db, "SELECT 1 FROM responsibility_signoffs WHERE unit_id = ? AND year = ?", jc, year)) {
    const snapshot = listSnapshot(db, jc, year, iso(today));
    if (snapshot.items.length) {
      run(db, "INSERT INTO responsibility_signoffs (unit_id, year, snapshot, signed_by, signed_at) VALUES (?, ?, ?, ?, ?)", jc, year, JSON.stringify(snapshot), zhou, at(signedOn, 2));
    }
  }

  const shouxi = userId("shouxi");

  // An approved date adjustment, applied: two weeks later, but never past a milestone the task feeds.
  const batch = task("RX01-T12");
  if (batch && batch.status !== "closed") {
    const cap = scalar<string | null>(db, "SELECT min(m.due_on) FROM milestone_tasks mt JOIN milestones m ON m.id = mt.milestone_id WHERE mt.task_id = ?", batch.id);
    const later = iso(addDays(parseISO(batch.dueOn), 14));
    const dueOn = cap && cap < later ? cap : later;
    if (dueOn > batch.dueOn) {
      const request: Request = {
        payload: { kind: "adjust_task", taskId: batch.id, dueOn },
        projectId: batch.projectId,
        targetId: batch.id,
        reason: "正样鉴定评审会排期推迟两周，小批量试制需在鉴定意见落实后启动，申请截止日期顺延14天，考核指标不变。",
        by: userId("zhou_guoqiang"),
        on: between(0.6),
      };
      insert(request, "approved", { by: shouxi, on: between(0.65), comment: "同意顺延，请同步调整整机集成项目的部件交付计划。" });
      // Seeded rows start at version 1 with no audit trail (the crash test checks versions against it).
      run(db, "UPDATE tasks SET due_on = ? WHERE id = ?", dueOn, batch.id);
    }
  }

  // A pending suspension proposed by the project's lead.
  const swap = task("RX05-T07");
  if (swap && swap.status !== "closed" && swap.status !== "suspended") {
    insert(
      {
        payload: { kind: "suspend_task", taskId: swap.id },
        projectId: swap.projectId,
        targetId: swap.id,
        reason: "示范产线经用户方确认改为有线供电与定点充电方案，电池快换需求取消，建议中止本任务，已完成的方案论证材料归档备查。",
        by: projectLead(swap.projectId),
        on: addDays(today, -3),
      },
      "pending",
    );
  }

  // A rejected change of the owner person.
  const servo = task("RX01-T07");
  const songJia = userId("song_jia");
  if (servo && songJia) {
    insert(
      {
        payload: { kind: "adjust_task", taskId: servo.id, ownerUserId: songJia },
        projectId: servo.projectId,
        targetId: servo.id,
        reason: "唐伟调往新产品线，申请将负责人变更为宋佳。",
        by: userId("yang_fan"),
        on: between(0.85),
      },
      "rejected",
      { by: shouxi, on: between(0.9), comment: "电流环开发已逾期，临近交付不宜更换负责人；请加派人员协助，负责人保持不变，12月5日前报送整改计划。" },
    );
  }

  // A pending admission for the council.
  if (!exists(db, "SELECT 1 FROM member_units WHERE name = '杭州未来智造检测技术有限公司'")) {
    insert(
      {
        payload: {
          kind: "admit_unit",
          unit: {
            name: "杭州未来智造检测技术有限公司",
            shortName: "未来智造检测",
            kind: "service",
            subKind: "testing",
            isSme: true,
            isSpecialized: true,
            isLittleGiant: false,
            district: "杭州市钱塘区",
            creditCode: "",
            contact: "许文涛 0571-86920317",
            externalProjects: 0,
            joinedOn: iso(addDays(today, 14)),
          },
        },
        projectId: null,
        targetId: null,
        reason: "该公司具备CMA/CNAS资质，可承担关节模组与整机的环境适应性和电磁兼容检测，补强联合体检验检测能力，已签署入盟承诺书。",
        by: userId("mishu"),
        on: addDays(today, -1),
      },
      "pending",
    );
  }
};
