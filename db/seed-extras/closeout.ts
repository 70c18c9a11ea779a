// Demo 销号 and 下家考核上家: last month's round, closed, with approved and returned proposals (items per
// indicator, waivers where one was not met, decisions by people outside the executing unit), and this
// month's open round with proposals waiting for a decision on tasks in 待销号 (two of them proposed again
// after last month's return). Deliverable requirements: the dexterous hand (灵犀科技) and the harmonic
// reducer (精传减速) are accepted by 智元人形 as system integrator / downstream user, the FPGA prototype
// (芯动芯片) by 智元人形 as the application side; some signed, some awaiting. No evidence files are seeded.
// Runs after the indicators seed; missing tasks or users are skipped.
import { addDays, addMonths, format, setDate } from "date-fns";
import { stamper } from "./stamp";
import type { DB } from "../client";
import type { SeedExtra } from "../seed-extras";
import { roundName } from "../../app/models/closeout";
import { all, insert, run, scalar } from "../../app/models/sql.server";

type Decision = { status: "approved" | "returned"; by: string; day: number; comment: string };
type ProposalDef = { task: string; by: string; day: number; note: string; waivers?: Record<string, string>; decision?: Decision };

/** Last month's round (days are days of that month). */
const PREVIOUS: ProposalDef[] = [
  {
    task: "RX04-T07",
    by: "jin_lu",
    day: 8,
    note: "整机可靠性试验大纲已于9月通过专家评审，评审意见与大纲终稿已上传。",
    decision: { status: "approved", by: "mishu", day: 15, comment: "大纲评审材料齐全，同意销号。" },
  },
  {
    task: "RX03-T04",
    by: "zhao_xiaoyan",
    day: 9,
    note: "EtherCAT主站协议栈已完成移植，分布式时钟同步误差实测0.8 μs，接入从站32个。",
    decision: { status: "approved", by: "zhuanjia", day: 20, comment: "同步误差与从站数量均达到任务书指标，同意销号。" },
  },
  {
    task: "RX04-T06",
    by: "huang_zhiqiang",
    day: 10,
    note: "整机初样2台已完成集成装配，国产核心部件占比82%。",
    decision: { status: "returned", by: "shouxi", day: 18, comment: "初样集成测试报告缺少整机温升与续航实测数据，请补充后重新申请。" },
  },
  {
    task: "RX03-T05",
    by: "du_xin",
    day: 12,
    note: "FPGA原型验证平台已搭建完成，关键模块系统级验证全部通过。",
    decision: { status: "returned", by: "zhuanjia", day: 22, comment: "应用方（智元人形）验收未通过，请按验收意见整改并取得验收后再申请。" },
  },
  {
    task: "RX02-T06",
    by: "pan_yue",
    day: 14,
    note: "采集板已完成研制，因ADC芯片交期原因采样率暂未达标，申请对采样率指标豁免。",
    waivers: { 触觉信号采样率: "进口ADC芯片交期延后，国产替代芯片样品实测采样率0.8 kHz，拟在正样阶段达标。" },
    decision: { status: "returned", by: "mishu", day: 24, comment: "采样率是灵巧手触觉闭环的关键指标，不宜豁免；请完成国产ADC替代验证后再申请。" },
  },
];

/** This month's round: waiting for a decision (days are days of this month, before today). */
const CURRENT: ProposalDef[] = [
  { task: "RX01-T06", by: "liu_yang", day: 5, note: "3款规格关节模组初样装配与性能测试完成，峰值扭矩、背隙与装配数量均达到指标，测试报告已上传。" },
  { task: "RX04-T06", by: "huang_zhiqiang", day: 9, note: "已按退回意见补充整机温升与续航实测数据（连续运行4小时温升38 K），请审批。" },
  { task: "RX03-T05", by: "du_xin", day: 12, note: "已按应用方意见完成时序整改，智元人形已签署验收意见，请审批。" },
];

type DeliverableDef = {
  task: string;
  deliverable: string;
  accepting: string;
  kind: "downstream" | "system" | "application";
  /** Signed decisions, oldest first: [decision, signer, days before today, comment]. */
  signed: ["accepted" | "rejected", string, number, string][];
};

const DELIVERABLES: DeliverableDef[] = [
  {
    task: "RX02-T05",
    deliverable: "腱绳驱动灵巧手原理样机1套及构型验证报告",
    accepting: "智元人形",
    kind: "system",
    signed: [["accepted", "wang_jianguo", 160, "原理样机已在整机手臂上完成装配验证，接口与驱动方案满足整机集成要求。"]],
  },
  {
    task: "RX02-T08",
    deliverable: "灵巧手初样2套及百类物体抓取测试报告",
    accepting: "智元人形",
    kind: "system",
    signed: [],
  },
  {
    task: "RX01-T03",
    deliverable: "双圆弧齿形谐波减速器样件6件及齿形设计报告",
    accepting: "智元人形",
    kind: "downstream",
    signed: [["accepted", "wang_jianguo", 200, "样件装入关节模组初样测试，传动精度0.9 arcmin，满足关节模组指标。"]],
  },
  {
    task: "RX03-T05",
    deliverable: "运动控制SoC FPGA原型验证平台及系统级验证报告",
    accepting: "智元人形",
    kind: "application",
    signed: [
      ["rejected", "wang_jianguo", 40, "原型平台在整机控制器上联调时EtherCAT时序偶发超时，需整改后复验。"],
      ["accepted", "wang_jianguo", 14, "整改后连续72小时联调无超时，满足整机应用要求，验收通过。"],
    ],
  },
  {
    task: "RX02-T04",
    deliverable: "指尖六维力传感器标定报告及标定样件4件",
    accepting: "灵犀科技",
    kind: "downstream",
    signed: [],
  },
];


export const seedCloseout: SeedExtra = (db: DB, today: Date) => {
  const at = (d: Date, hour: number) => stamper(db)(d, hour, 30);
  const userId = (username: string) => scalar<number>(db, "SELECT id FROM users WHERE username = ?", username);
  const unitId = (short: string) => scalar<number>(db, "SELECT id FROM member_units WHERE short_name = ?", short);
  const taskId = (code: string) => scalar<number>(db, "SELECT id FROM tasks WHERE code = ?", code);
  const indicatorsOf = (id: number) => all<{ id: number; name: string }>(db, "SELECT id, name FROM indicators WHERE task_id = ? AND archived_at IS NULL ORDER BY id", id);
  const mishu = userId("mishu");
  if (!mishu) return;


  const month = (d: Date) => format(d, "yyyy-MM");
  const addRound = (first: Date, closed: boolean) => {
    const period = month(first);
    const closesOn = setDate(first, 28);
    return insert(
      db,
      "INSERT INTO closeout_rounds (name, period, closes_on, status, opened_by, opened_at, closed_by, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      roundName(period),
      period,
      format(closesOn, "yyyy-MM-dd"),
      closed ? "closed" : "open",
      mishu,
      at(setDate(first, 1), 1),
      closed ? mishu : null,
      closed ? at(addDays(closesOn, 2), 8) : null,
    );
  };
  const addProposals = (roundId: number, first: Date, defs: ProposalDef[]) => {
    for (const p of defs) {
      const task = taskId(p.task);
      const by = userId(p.by);
      const decider = p.decision ? userId(p.decision.by) : null;
      if (!task || !by || (p.decision && !decider)) continue;
      const id = insert(
        db,
        `INSERT INTO closeout_proposals (round_id, task_id, note, status, proposed_by, proposed_at, decided_by, decided_at, decision_comment, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        roundId,
        task,
        p.note,
        p.decision?.status ?? "proposed",
        by,
        at(setDate(first, p.day), 2),
        decider ?? null,
        p.decision ? at(setDate(first, p.decision.day), 6) : null,
        p.decision?.comment ?? "",
        p.decision ? 2 : 1,
      );
      for (const ind of indicatorsOf(task)) run(db, "INSERT INTO closeout_items (proposal_id, indicator_id, waiver_reason) VALUES (?, ?, ?)", id, ind.id, p.waivers?.[ind.name] ?? null);
    }
  };

  const previous = setDate(addMonths(today, -1), 1);
  const current = setDate(today, 1);
  addProposals(addRound(previous, true), previous, PREVIOUS);
  // This month's proposals fall on days already past (the demo's "today" may be early in the month).
  const currentDefs = CURRENT.map((p) => ({ ...p, day: Math.max(1, Math.min(p.day, today.getDate() - 1)) }));
  addProposals(addRound(current, false), current, currentDefs);

  for (const d of DELIVERABLES) {
    const task = taskId(d.task);
    const unit = unitId(d.accepting);
    if (!task || !unit) continue;
    run(db, "INSERT INTO task_deliverables (task_id, deliverable, accepting_unit_id, acceptance_kind, version) VALUES (?, ?, ?, ?, 1)", task, d.deliverable, unit, d.kind);
    for (const [decision, signer, daysAgo, comment] of d.signed) {
      const by = userId(signer);
      if (by) run(db, "INSERT INTO acceptances (task_id, unit_id, decision, comment, signed_by, signed_at) VALUES (?, ?, ?, ?, ?, ?)", task, unit, decision, comment, by, at(addDays(today, -daysAgo), 3));
    }
  }
};
