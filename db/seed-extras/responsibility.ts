// Demo 责任清单 signature and 动态调整 requests, written as their people do it in the UI (the list page's
// 签署 button, the change-request form and the approver's decision), on the history's timeline:
// - 精传减速 signed its list for the current year early in the year (its lead 周国强);
// - an approved adjustment of RX01-T12 (小批量试制) two weeks later, applied by the approval;
// - a pending suspension of RX05-T07 (电池快换) proposed by the project's lead;
// - a rejected change of RX01-T07's owner person proposed by 驰动伺服's lead;
// - a pending admission of 杭州未来智造检测技术有限公司, waiting for the council.
// Only one signature: a signed list freezes titles and dates of its items, and the demo's other
// features (and their tests) edit tasks of most units freely. Skips whatever it cannot find.
import { addDays, differenceInCalendarDays, format, parseISO, startOfYear } from "date-fns";
import type { DemoScope, DemoStory } from "../seed-history";
import { listSnapshot, signList } from "../../app/models/responsibility.server";
import { signListSchema } from "../../app/models/responsibility";
import { approveChange, proposeChange, rejectChange } from "../../app/models/change-requests.server";
import { changeApproveSchema, changeProposeSchema, changeRejectSchema } from "../../app/models/change-requests";
import { getTask } from "../../app/models/tasks.server";
import { one, scalar } from "../../app/models/sql.server";

const iso = (d: Date) => format(d, "yyyy-MM-dd");

export const seedResponsibility: DemoStory = (s: DemoScope) => {
  const { ctx, step, today } = s;
  const { db } = ctx;
  const year = today.getFullYear();
  // Moments of the year: the signature early on, the decisions between then and today.
  const yearStart = startOfYear(today);
  const signedOn = addDays(yearStart, Math.min(40, Math.floor(Math.max(2, differenceInCalendarDays(today, yearStart)) / 4)));
  const between = (share: number) => addDays(signedOn, Math.floor(differenceInCalendarDays(today, signedOn) * share));
  const planned = new Map(s.tasks.map((t) => [t.code, t]));

  /** A request through the change form (09:30), and its decision by the chief scientist (15:30) if it has one. */
  const request = (by: string, on: Date, input: () => unknown, decision?: { on: Date; approve: boolean; comment: string }) => {
    let id = 0;
    step(on, "09:30", () => {
      id = proposeChange(ctx, s.as(by), changeProposeSchema.parse(input())).id;
    });
    if (!decision) return;
    step(decision.on, "15:30", () => {
      const version = scalar<number>(db, "SELECT version FROM change_requests WHERE id = ?", id)!;
      const form = { id, version, comment: decision.comment };
      if (decision.approve) approveChange(ctx, s.as("shouxi"), changeApproveSchema.parse(form));
      else rejectChange(ctx, s.as("shouxi"), changeRejectSchema.parse(form));
    });
  };

  // 精传减速's lead signs its list for the year (a list with nothing in it that year cannot be signed).
  step(signedOn, "10:30", () => {
    const jc = scalar<number>(db, "SELECT id FROM member_units WHERE short_name = '精传减速'");
    if (!jc || !listSnapshot(db, jc, year, db.$clock.today()).items.length) return;
    signList(ctx, s.as("zhou_guoqiang"), signListSchema.parse({ unitId: jc, year }));
  });

  // An approved date adjustment: two weeks later, but never past the milestone the task feeds (the
  // first of its project due on or after it).
  const batch = planned.get("RX01-T12");
  if (batch && batch.status !== "closed") {
    let dueOn = iso(addDays(parseISO(batch.dueOn), 14));
    request(
      "zhou_guoqiang",
      between(0.6),
      () => {
        const task = getTask(db, s.taskId("RX01-T12"));
        const cap = one<{ dueOn: string | null }>(db, "SELECT min(due_on) AS dueOn FROM milestones WHERE project_id = ? AND due_on >= ?", task.projectId, task.dueOn)?.dueOn;
        if (cap && cap < dueOn) dueOn = cap;
        return {
          kind: "adjust_task",
          taskId: task.id,
          dueOn,
          reason: "正样鉴定评审会排期推迟两周，小批量试制需在鉴定意见落实后启动，申请截止日期顺延14天，考核指标不变。",
        };
      },
      { on: between(0.65), approve: true, comment: "同意顺延，请同步调整整机集成项目的部件交付计划。" },
    );
  }

  // A pending suspension proposed by the project's lead.
  const swap = planned.get("RX05-T07");
  if (swap && swap.status !== "closed" && swap.status !== "suspended") {
    request(s.projects[swap.projectIndex]!.leadUser, addDays(today, -3), () => ({
      kind: "suspend_task",
      taskId: s.taskId("RX05-T07"),
      reason: "示范产线经用户方确认改为有线供电与定点充电方案，电池快换需求取消，建议中止本任务，已完成的方案论证材料归档备查。",
    }));
  }

  // A rejected change of the owner person.
  if (planned.has("RX01-T07")) {
    request(
      "yang_fan",
      between(0.85),
      () => ({ kind: "adjust_task", taskId: s.taskId("RX01-T07"), ownerUserId: s.userId("song_jia"), reason: "唐伟调往新产品线，申请将负责人变更为宋佳。" }),
      { on: between(0.9), approve: false, comment: "电流环开发已逾期，临近交付不宜更换负责人；请加派人员协助，负责人保持不变，12月5日前报送整改计划。" },
    );
  }

  // A pending admission for the council.
  request("mishu", addDays(today, -1), () => ({
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
    reason: "该公司具备CMA/CNAS资质，可承担关节模组与整机的环境适应性和电磁兼容检测，补强联合体检验检测能力，已签署入盟承诺书。",
  }));
};
