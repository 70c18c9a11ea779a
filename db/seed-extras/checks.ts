// Demo checks (里程碑节点检查 / 中期检查), written as the checks pages write them, each step by the person who
// does it on the story's day: the secretariat schedules a check with the project's responsible experts
// (the checklist is generated then, from the indicators, milestones and TRL claims of that day); the
// project lead files the self-assessment; the expert reviews every item on the check's day and signs the
// outcome, naming who rectifies each problem by when; the owner unit's lead answers a rectification and
// the expert closes it; a serious problem goes to the 总体部 when the check is signed, and its resolution
// sends the rectification back to its owner. The story: a mid-term check of the 整机 project passed with
// rectification (one rectification closed, one open and due within days), a milestone check of the chip
// project scheduled for next month, and a failed milestone check of the dexterous-hand project whose
// serious problem the 总体部 resolved.
import { addDays, addMonths, format } from "date-fns";
import type { DemoScope, DemoStory } from "../seed-history";
import { recordFinding, saveSelfAssessment, scheduleCheck, signOutcome } from "../../app/models/checks.server";
import { closeRectification, respondRectification, resolveEscalation } from "../../app/models/rectifications.server";
import {
  checkScheduleSchema,
  findingSchema,
  rectCloseSchema,
  rectRespondSchema,
  resolveEscalationSchema,
  selfAssessmentSchema,
  signOutcomeSchema,
  type CheckItemRow,
  type ItemResult,
  type Outcome,
} from "../../app/models/checks";
import { getCheck, getEscalation, getRectification, listItems } from "../../app/models/check-reads.server";
import { one, scalar } from "../../app/models/sql.server";

const iso = (d: Date) => format(d, "yyyy-MM-dd");

/** A problem the expert finds: the item (first indicator, else milestone, whose title matches) and what he writes. */
type Finding = { match: RegExp; prefer: ("indicator" | "milestone")[]; result: Exclude<ItemResult, "ok">; finding: string; dueOn: string; ownerUnit?: string };

/**
 * The item a finding is recorded against: the first indicator or milestone whose title matches the
 * pattern (the indicator story may or may not be there), else the first item of the preferred kinds.
 */
function pick(items: CheckItemRow[], f: Finding, not: number[]): CheckItemRow | undefined {
  const free = items.filter((i) => !not.includes(i.id));
  const byTitle = free.find((i) => i.kind === "indicator" && f.match.test(i.title)) ?? free.find((i) => i.kind === "milestone" && f.match.test(i.title));
  return byTitle ?? f.prefer.map((k) => free.find((i) => i.kind === k)).find(Boolean) ?? free[0];
}

export const seedChecks: DemoStory = (s: DemoScope) => {
  const { ctx, today, step, as } = s;
  const { db } = ctx;
  const day = (days: number, from: Date = today) => iso(addDays(from, days));
  const unitId = (short: string) => scalar<number>(db, "SELECT id FROM member_units WHERE short_name = ?", short)!;
  /** The unit's lead, who answers its rectifications (only a unit lead may). */
  const leadOf = (unit: number) =>
    scalar<string>(db, "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'unit_lead' WHERE u.unit_id = ? AND u.active = 1 ORDER BY u.id LIMIT 1", unit);
  const milestoneOf = (projectId: number, name: string) => one<{ id: number; dueOn: string }>(db, "SELECT id, due_on AS dueOn FROM milestones WHERE project_id = ? AND name = ?", projectId, name);

  type Plan = {
    project: number;
    kind: "milestone" | "midterm";
    milestone?: string;
    /** The scheduled day (null: the milestone's due day). */
    on: string | null;
    scheduledOn: string;
    experts: string[];
    self?: { on: string; text: string };
    review?: { on: string; by: string; findings: Finding[]; signOn: string; outcome: Outcome; summary: string };
  };

  /** Schedules the check and, as the plan goes, the self-assessment, the review and the signature; returns the signed result's ids. */
  function check(p: Plan, after: (signed: { rectIds: number[]; escalationIds: number[] }) => void = () => {}) {
    let checkId = 0;
    const lead = s.projects[p.project - 1].leadUser;
    step(p.scheduledOn, "10:00", () => {
      const projectId = s.projectId(p.project - 1);
      const node = p.milestone ? milestoneOf(projectId, p.milestone) : undefined;
      if (p.milestone && !node) return;
      const today = db.$clock.today();
      const input = { projectId, kind: p.kind, milestoneId: node?.id, scheduledOn: p.on ?? node!.dueOn, expertIds: p.experts.map(s.userId) };
      checkId = scheduleCheck(ctx, as("mishu"), checkScheduleSchema(today).parse(input), today).id;
    });
    if (p.self) {
      const self = p.self;
      step(self.on, "09:00", () => {
        if (!checkId) return;
        saveSelfAssessment(ctx, as(lead), selfAssessmentSchema.parse({ checkId, version: getCheck(db, checkId).version, selfAssessment: self.text }));
      });
    }
    const r = p.review;
    if (!r) return;
    // Every item reviewed on the check's day: the findings as the story has them, the rest satisfactory.
    const plans: { itemId: number; ownerUnitId: number; dueOn: string }[] = [];
    step(r.on, "14:00", () => {
      if (!checkId) return;
      const items = listItems(db, checkId);
      const found = new Map<number, Finding>();
      for (const f of r.findings) {
        const item = pick(items, f, [...found.keys()]);
        if (item) found.set(item.id, f);
      }
      for (const item of items) {
        const f = found.get(item.id);
        recordFinding(ctx, as(r.by), findingSchema.parse({ id: item.id, version: item.version, result: f?.result ?? "ok", finding: f?.finding ?? "" }));
        if (!f) continue;
        // Who rectifies: the story's unit, else the item's; a unit without a lead to answer it passes to the project's lead unit.
        const named = f.ownerUnit ? unitId(f.ownerUnit) : (item.unitId ?? getCheck(db, checkId).leadUnitId);
        plans.push({ itemId: item.id, ownerUnitId: leadOf(named) ? named : getCheck(db, checkId).leadUnitId, dueOn: f.dueOn });
      }
    });
    step(r.signOn, "15:00", () => {
      if (!checkId) return;
      const today = db.$clock.today();
      const dueOn = plans.reduce((m, x) => (x.dueOn > m ? x.dueOn : m), today);
      const input = { checkId, version: getCheck(db, checkId).version, outcome: r.outcome, summary: r.summary, dueOn, rect: plans };
      const signed = signOutcome(ctx, as(r.by), signOutcomeSchema(today).parse(input), today);
      after({ rectIds: signed.rectifications.map((x) => x.id), escalationIds: signed.escalations.map((x) => x.id) });
    });
  }

  /** The owner unit's lead answers a rectification; the expert closes it (on the stated reason where no new value was recorded). */
  const rectify = (rect: () => number | undefined, answer: { on: string; response: string }, close: { on: string; by: string; noValueReason: string }) => {
    step(answer.on, "10:00", () => {
      const id = rect();
      if (!id) return;
      const r = getRectification(db, id);
      respondRectification(ctx, as(leadOf(r.ownerUnitId)!), rectRespondSchema.parse({ id, version: r.version, response: answer.response }));
    });
    step(close.on, "16:00", () => {
      const id = rect();
      if (!id) return;
      const r = getRectification(db, id);
      closeRectification(ctx, as(close.by), rectCloseSchema.parse({ id, version: r.version, comment: "", noValueReason: r.indicatorId != null ? close.noValueReason : "" }));
    });
  };

  // 1. 整机集成与可靠性验证: mid-term check three weeks ago, passed with rectification.
  const midterm = addDays(today, -20);
  let midtermRects: number[] = [];
  check(
    {
      project: 4,
      kind: "midterm",
      on: iso(midterm),
      scheduledOn: day(-35),
      experts: ["zhuanjia", "zhuanjia2"],
      self: {
        on: day(-3, midterm),
        text: "整机初样2台已完成集成装配，国产关节模组与控制器装机率100%；平地行走与抗扰动平衡测试基本达标，斜坡与台阶工况测试仍在进行。BMS 样机已完成，热失控预警功能待第三方测试。下一步：完成步态测试，启动1000小时可靠性试验。",
      },
      review: {
        on: iso(midterm),
        by: "zhuanjia",
        findings: [
          // 恒能锂电 has no unit lead to answer a rectification: it goes to the project's lead unit (the integrator).
          { match: /热失控|BMS/, prefer: ["indicator", "milestone"], result: "problem", finding: "BMS 热失控预警功能未经第三方测试，缺少测试报告", dueOn: day(-3) },
          { match: /台阶|步态|斜坡/, prefer: ["indicator", "milestone"], result: "problem", finding: "整机初样斜坡与台阶工况缺少重复性试验记录，步态测试数据不完整", dueOn: day(4), ownerUnit: "智元人形" },
        ],
        signOn: day(2, midterm),
        outcome: "rectify",
        summary: "项目总体按计划推进，整机初样集成完成，关键部件国产化进展良好。存在两项问题须限期整改：补充 BMS 热失控预警第三方测试；完善整机步态测试数据。整改后通过。",
      },
    },
    (signed) => (midtermRects = signed.rectIds),
  );
  rectify(
    () => midtermRects[0],
    { on: day(-6), response: "已委托浙江省智能机器人产品质量检验中心完成热失控预警测试（报告编号 ZJRB-2026-1187），预警响应时间 1.8 s，满足不大于 3 s 的要求。" },
    { on: day(-5), by: "zhuanjia", noValueReason: "该指标按第三方检测报告（ZJRB-2026-1187）认定，整改期内未安排新的实测，以检测报告为核销依据。" },
  );

  // 2. 运动控制芯片与实时操作系统: milestone check at next month's node, experts assigned, not yet started.
  check({ project: 3, kind: "milestone", milestone: "中期检查节点", on: null, scheduledOn: day(-2), experts: ["zhuanjia", "zhuanjia2"] });

  // 3. 灵巧手与触觉感知: failed check at the 原理样机评审 node; its serious problem went to the 总体部 when
  // signed, which resolved it; 灵犀科技 then carried out the rectification and the expert closed it.
  const proto = addDays(addMonths(today, -5), 3);
  let protoRect: number | undefined;
  let protoEscalation: number | undefined;
  check(
    {
      project: 2,
      kind: "milestone",
      milestone: "原理样机评审",
      on: iso(proto),
      scheduledOn: day(-14, proto),
      experts: ["zhuanjia"],
      self: { on: day(-2, proto), text: "腱绳驱动灵巧手原理样机已完成装配，电子皮肤材料样品与力传感器设计报告已提交。原理样机指尖抓取力未达设计值，拟调整腱绳预紧与驱动电机选型。" },
      review: {
        on: iso(proto),
        by: "zhuanjia",
        findings: [
          { match: /原理样机|抓取/, prefer: ["milestone", "indicator"], result: "serious", finding: "原理样机指尖抓取力仅为设计值的45%，腱绳驱动方案可行性未得到验证，影响后续初样研制", dueOn: day(45, proto), ownerUnit: "灵犀科技" },
        ],
        signOn: day(1, proto),
        outcome: "fail",
        summary: "原理样机未达到节点预期成果，腱绳驱动方案可行性未验证，检查不通过。建议调整驱动方案后重新组织节点评审，并报总体部协调整机需求。",
      },
    },
    (signed) => {
      protoRect = signed.rectIds[0];
      protoEscalation = signed.escalationIds[0];
    },
  );
  step(day(8, proto), "10:00", () => {
    if (!protoEscalation) return;
    resolveEscalation(
      ctx,
      as("zongtibu"),
      resolveEscalationSchema.parse({
        id: protoEscalation,
        version: getEscalation(db, protoEscalation).version,
        resolution: "经总体部组织专家论证，同意灵巧手改用双电机差动驱动方案；整机集成项目灵巧手接口冻结时间顺延一个月，由秘书处更新挂图作战计划。",
      }),
    );
  });
  rectify(
    () => protoRect,
    { on: day(48, proto), response: "按总体部意见改用双电机差动驱动与自适应预紧机构，指尖抓取力提升至设计值的108%，补充评审已通过。" },
    { on: day(50, proto), by: "zhuanjia", noValueReason: "原理样机抓取力在补充评审中由专家组现场测试确认，未另行录入指标实测值。" },
  );
};
