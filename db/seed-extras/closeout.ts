// Demo 定期销号 and 下家考核上家, written as the UI writes them: the secretariat opens a round on the first
// of every month (and closes it when the month ends); each finished task's owner proposes it in the round of
// the month he finishes it, with a line per indicator (waivers where one was not met), and a decider outside
// the executing unit (the secretariat, else the responsible expert) approves or returns it. Most tasks are
// proposed three days after their due day and approved two days later; the story's own cases follow:
// last month's round with approved and returned proposals, this month's open round with proposals waiting
// (two proposed again after last month's return); one finished task waits for its accepting unit's
// signature before it can be proposed; the task of a unit without accounts is proposed by its project's
// lead on the unit's behalf.
// Deliverable requirements are named by the project lead when the task starts (or when a decider asks for
// one) and signed by the accepting unit's lead: the dexterous hand (灵犀科技) and the harmonic reducer
// (精传减速) are accepted by 智元人形 as system integrator / downstream user, the FPGA prototype (芯动芯片) by
// 智元人形 as the application side; some signed, some awaiting. No evidence files are seeded.
import { addDays, addMonths, format, parseISO, setDate } from "date-fns";
import type { DemoScope, DemoStory } from "../seed-history";
import { approveProposal, closeCloseoutRound, openCloseoutRound, proposeCloseout, returnProposal } from "../../app/models/closeout.server";
import { approveSchema, periodOf, proposeSchema, returnSchema, roundCloseSchema, roundOpenSchema } from "../../app/models/closeout";
import { getRound, openRound } from "../../app/models/closeout-reads.server";
import { setDeliverable, signAcceptance } from "../../app/models/acceptance.server";
import { acceptanceSignSchema, deliverableSetSchema } from "../../app/models/acceptance";
import { getDeliverable } from "../../app/models/deliverables.server";
import { all, scalar } from "../../app/models/sql.server";

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
    note: "采集板已完成研制，因ADC芯片交期原因采样率与通道数暂未达标，申请对这两项指标豁免。",
    waivers: {
      触觉信号采样率: "进口ADC芯片交期延后，国产替代芯片样品实测采样率0.8 kHz，拟在正样阶段达标。",
      采集通道数: "通道扩展受同一批ADC芯片交期影响，暂未达到256路，拟随国产替代芯片在正样阶段完成。",
    },
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
  /** Named the day after the task's first proposal, at the decider's request (else when the task starts). */
  asked?: boolean;
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
    asked: true,
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




/** A finished task's proposal when the story names no other: three days after its due day. */
const GENERIC_NOTE = "任务已按任务书完成，各项考核指标均已达到，佐证材料已上传。";
const GENERIC_APPROVAL = "材料齐全，考核指标均已达到，同意销号。";
const iso = (d: Date) => format(d, "yyyy-MM-dd");
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** A proposal as the story plans it; `by` and the decider are read when the step runs (ids exist only then). */
type Planned = { on: string; by: () => string; note: string; waivers?: Record<string, string>; decision?: { on: string; by: () => string; status: "approved" | "returned"; comment: string } };

export const seedCloseout: DemoStory = (s: DemoScope) => {
  const { ctx, today, step, as } = s;
  const { db } = ctx;
  const todayIso = iso(today);
  const yesterday = iso(addDays(today, -1));
  const unitId = (short: string) => scalar<number>(db, "SELECT id FROM member_units WHERE short_name = ?", short)!;
  const unitOf = (username: string) => scalar<number>(db, "SELECT unit_id FROM users WHERE username = ?", username) ?? null;
  const named = new Map<string, Planned[]>();
  const add = (code: string, p: Planned) => named.set(code, [...(named.get(code) ?? []), p]);

  // The story's own proposals: last month's round, then this month's (on days already past: the demo's
  // "today" may be early in the month).
  const previous = setDate(addMonths(today, -1), 1);
  const current = setDate(today, 1);
  for (const p of PREVIOUS) {
    const d = p.decision;
    add(p.task, { on: iso(setDate(previous, p.day)), by: () => p.by, note: p.note, waivers: p.waivers, decision: d && { on: iso(setDate(previous, d.day)), by: () => d.by, status: d.status, comment: d.comment } });
  }
  for (const p of CURRENT) add(p.task, { on: earlier(iso(setDate(current, p.day)), yesterday), by: () => p.by, note: p.note });

  // Deliverable requirements, named by the project lead when the task starts (or the day after its first
  // proposal, at the decider's request); each signature after the naming and after the one before.
  const deliverables = DELIVERABLES.map((d) => {
    const t = s.tasks.find((x) => x.code === d.task)!;
    const namedOn = d.asked ? iso(addDays(parseISO(named.get(d.task)![0].on), 1)) : t.startOn;
    let after = namedOn;
    const signs = d.signed.map(([decision, signer, daysAgo, comment]) => {
      after = later(iso(addDays(today, -daysAgo)), iso(addDays(parseISO(after), 1)));
      return { on: after, decision, signer, comment };
    });
    return { ...d, t, namedOn, signs };
  });
  /** A proposal made after the requirement was named waits for the accepting unit's acceptance. */
  const afterAcceptance = (code: string, on: string) => {
    const d = deliverables.find((x) => x.task === code);
    const accepted = d && d.namedOn < on ? d.signs.filter((x) => x.decision === "accepted").at(-1) : undefined;
    return earlier(accepted ? later(on, iso(addDays(parseISO(accepted.on), 1))) : on, todayIso);
  };
  for (const [code, list] of named) {
    for (const p of list) {
      p.on = afterAcceptance(code, p.on);
      if (p.decision) p.decision.on = later(p.decision.on, p.on);
    }
  }

  // Every other finished task: proposed by its owner three days after the due day (or once its deliverable
  // is accepted), approved two days later by the secretariat, or by the responsible expert where the
  // secretariat is of the proposer's unit. A task without an owner person is one of a unit without
  // accounts (概念验证's): its project's lead proposes it on the unit's behalf (代为提出).
  for (const t of s.tasks) {
    if (named.has(t.code) || (t.status !== "closed" && t.status !== "pending_closeout")) continue;
    // Finished, but its accepting unit has not signed: it cannot be proposed yet (the sensor of 感知力传).
    const d = deliverables.find((x) => x.task === t.code);
    if (d && !d.signs.some((x) => x.decision === "accepted")) continue;
    const on = afterAcceptance(t.code, earlier(iso(addDays(parseISO(t.dueOn), 3)), todayIso));
    const by = () => t.ownerUser ?? s.projects[t.projectIndex].leadUser;
    add(t.code, {
      on,
      by,
      note: GENERIC_NOTE,
      decision:
        t.status === "closed"
          ? { on: earlier(iso(addDays(parseISO(on), 2)), todayIso), by: () => (unitOf("mishu") === unitOf(by()) ? "zhuanjia" : "mishu"), status: "approved", comment: GENERIC_APPROVAL }
          : undefined,
    });
  }

  // A round a month, from the month of the first proposal to this one; each closed as its month ends.
  const first = [...named.values()].flat().reduce((m, p) => earlier(m, p.on), todayIso);
  for (let month = setDate(parseISO(first), 1); iso(month) <= todayIso; month = addMonths(month, 1)) {
    const period = periodOf(iso(month));
    step(month, "08:30", () => openCloseoutRound(ctx, as("mishu"), roundOpenSchema.parse({ period }), db.$clock.today()));
    const next = addMonths(month, 1);
    if (iso(next) <= todayIso) {
      step(next, "08:00", () => {
        const round = getRound(db, openRound(db)!.id);
        closeCloseoutRound(ctx, as("mishu"), roundCloseSchema.parse({ id: round.id, version: round.version }));
      });
    }
  }

  for (const d of deliverables) {
    step(d.namedOn, "10:00", () => {
      const taskId = s.taskId(d.task);
      setDeliverable(
        ctx,
        as(s.projects[d.t.projectIndex].leadUser),
        deliverableSetSchema.parse({ taskId, version: getDeliverable(db, taskId)?.version ?? 0, deliverable: d.deliverable, acceptingUnitId: unitId(d.accepting), acceptanceKind: d.kind }),
      );
    });
    for (const x of d.signs) {
      step(x.on, "11:00", () => signAcceptance(ctx, as(x.signer), acceptanceSignSchema.parse({ taskId: s.taskId(d.task), decision: x.decision, comment: x.comment })));
    }
  }

  // The proposals, each with a line per indicator of the task, and their decisions.
  for (const [code, list] of named) {
    for (const p of list) {
      let proposal: { id: number; version: number } | undefined;
      step(p.on, "10:00", () => {
        const taskId = s.taskId(code);
        const indicators = all<{ id: number; name: string }>(db, "SELECT id, name FROM indicators WHERE task_id = ? AND archived_at IS NULL ORDER BY id", taskId);
        const items = indicators.map((i) => ({ indicatorId: i.id, waiverReason: p.waivers?.[i.name] ?? "", fileCount: 0 }));
        proposal = proposeCloseout(ctx, as(p.by()), proposeSchema.parse({ taskId, note: p.note, items }));
      });
      const d = p.decision;
      if (!d) continue;
      step(d.on, "16:00", () => {
        const input = { id: proposal!.id, version: proposal!.version, comment: d.comment };
        if (d.status === "approved") approveProposal(ctx, as(d.by()), approveSchema.parse(input));
        else returnProposal(ctx, as(d.by()), returnSchema.parse(input));
      });
    }
  }
};
