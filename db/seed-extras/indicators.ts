// Demo 考核指标: 1–3 indicators on most tasks and two project-level ones per project, with measured values
// over the past months that agree with each task's status: closed and pending-close-out tasks meet every
// indicator; in-progress, late and suspended tasks are part way, with values chosen so the progress
// computed from them (app/models/progress.ts) equals the percentage the base seed gave the task (so the
// stored progress is exact without rewriting it and the board's RAG colours stay as planned; the
// indicators integration test checks stored = computed for every task); tasks not started have
// indicators without values. A few tasks keep no indicators (their progress stays a recorded
// percentage). No evidence files are seeded.
// Written as the UI writes them: each project lead enters his project's indicators through the
// indicator form right after importing the task list; the task's owner (else the project lead) records
// each value on the day it was measured, and the task's progress follows from the values as it does
// for every recorded value.
import { addDays, differenceInCalendarDays, format, parseISO } from "date-fns";
import type { DemoScope, DemoStory, DemoTask } from "../seed-history";
import { indicatorsProgress, type Direction } from "../../app/models/progress";
import { createIndicator, recordValue } from "../../app/models/indicator-writes.server";
import { indicatorCreateSchema, isJump, recordValueSchema } from "../../app/models/indicators";
import { getTask } from "../../app/models/tasks.server";
import { one } from "../../app/models/sql.server";

/** name, unit of measure, baseline, target (null for yes/no), direction. */
type Def = [string, string, number | null, number | null, Direction];
const hi = (name: string, unit: string, b: number, t: number): Def => [name, unit, b, t, "higher"];
const lo = (name: string, unit: string, b: number, t: number): Def => [name, unit, b, t, "lower"];
const yn = (name: string): Def => [name, "", null, null, "yesno"];

/** Per project number, per task number. Tasks not listed have no indicators. */
const TASKS: Record<number, Record<number, Def[]>> = {
  1: {
    1: [yn("关节模组需求规格书通过评审"), hi("分解形成的考核指标项", "项", 0, 40)],
    2: [hi("无框力矩电机峰值扭矩密度", "N·m/kg", 7.3, 9.5), lo("额定工况绕组温升", "K", 85, 65)],
    3: [lo("减速器传动精度", "arcmin", 1.8, 1), lo("柔轮最大应力", "MPa", 560, 420)],
    4: [hi("关节模组减重", "%", 0, 15), lo("仿真温度场误差", "%", 12, 5)],
    5: [lo("力矩传感器非线性误差", "%FS", 1.5, 0.5), yn("集成方案通过评审")],
    6: [hi("关节峰值扭矩", "N·m", 80, 120), lo("输出端背隙", "arcmin", 3, 1), hi("初样装配数量", "套", 0, 3)],
    7: [hi("电流环带宽", "kHz", 2, 5), hi("驱动器效率", "%", 94, 97), yn("通过EMC预测试")],
    8: [hi("累计寿命试验时长", "h", 0, 10000), hi("参试减速器样件", "件", 0, 6)],
    9: [hi("正样图纸完成率", "%", 0, 100), yn("装配工艺文件定型")],
    11: [yn("通过第三方型式试验"), lo("低温工作下限", "℃", 0, -20)],
    12: [hi("小批量试制数量", "套", 0, 50), hi("批次一次交检合格率", "%", 90, 98)],
  },
  2: {
    1: [yn("灵巧手构型方案通过专家论证")],
    2: [lo("电子皮肤空间分辨率", "mm", 5, 2), hi("压力灵敏度", "kPa⁻¹", 0.8, 2)],
    3: [lo("六维力传感器外径", "mm", 25, 15), hi("法向量程", "N", 20, 50)],
    4: [lo("维间耦合误差", "%FS", 8, 2), yn("标定报告通过第三方复核")],
    5: [hi("灵巧手自由度", "个", 6, 12), hi("指尖输出力", "N", 4, 10)],
    6: [hi("触觉信号采样率", "kHz", 0.2, 1), hi("采集通道数", "路", 64, 256)],
    7: [hi("典型物体抓取成功率", "%", 60, 95), hi("覆盖物体类别", "类", 0, 100)],
    8: [hi("灵巧手自由度", "个", 12, 20), lo("整手质量", "kg", 1.8, 1.2), yn("完成百类物体抓取测试")],
    9: [hi("按压循环次数", "次", 0, 100000), lo("灵敏度漂移", "%", 15, 5)],
    10: [hi("正样数量", "套", 0, 5)],
    11: [hi("触觉数据集样本量", "条", 0, 100000)],
    12: [yn("通过第三方检测"), hi("用户试用评价得分", "分", 0, 90)],
  },
  3: {
    1: [yn("SoC架构规格书通过评审")],
    2: [hi("同步控制轴数", "轴", 8, 32), hi("模块级验证覆盖率", "%", 0, 95)],
    3: [lo("任务切换抖动", "μs", 20, 5), lo("中断响应时间", "μs", 8, 2)],
    4: [lo("分布式时钟同步误差", "μs", 5, 1), hi("接入从站数量", "个", 8, 32)],
    5: [hi("关键模块系统级验证通过率", "%", 0, 100), yn("FPGA原型平台搭建完成")],
    6: [hi("功能覆盖率", "%", 0, 98), hi("代码覆盖率", "%", 0, 95)],
    7: [lo("全身动力学解算时间", "μs", 1000, 200), hi("支持控制算法", "种", 1, 4)],
    8: [yn("安全功能达到PL d等级"), hi("FMEA分析条目", "项", 0, 120)],
    9: [yn("MPW流片一次成功")],
    10: [hi("回片功能测试通过率", "%", 0, 99)],
    11: [lo("整机控制周期", "μs", 1000, 250)],
    12: [yn("整机企业出具应用验证报告")],
  },
  4: {
    1: [yn("V型验证计划通过评审"), hi("系统需求条目", "条", 0, 300)],
    2: [lo("整机质量", "kg", 80, 65)],
    3: [hi("电池包能量密度", "Wh/kg", 150, 200), hi("整机续航时间", "h", 2, 4)],
    4: [lo("电池快换时间", "s", 300, 60), lo("SOC估算误差", "%", 8, 3), hi("热失控预警提前量", "s", 0, 300)],
    5: [yn("电气架构通过评审"), lo("线束总质量", "kg", 6, 4.5)],
    6: [hi("整机初样装配数量", "台", 0, 2), hi("国产核心部件占比", "%", 40, 80)],
    7: [yn("可靠性试验大纲通过专家评审")],
    8: [hi("平地行走速度", "m/s", 0.5, 1.5), hi("抗侧向扰动冲量", "N·s", 10, 30), hi("可跨越台阶高度", "cm", 5, 15)],
    9: [hi("跌倒防护验证次数", "次", 0, 200), yn("整机安全风险评估通过")],
    10: [hi("连续运行时长", "h", 0, 1000), hi("平均无故障时间MTBF", "h", 100, 500)],
    11: [yn("整机正样设计定型")],
    12: [hi("替代方案对比测试完成度", "%", 0, 100)],
  },
  5: {
    1: [hi("筛选适用工位", "个", 0, 20)],
    2: [lo("节拍仿真误差", "%", 15, 5)],
    3: [yn("人机协作安全规范草案通过评审"), hi("安全距离试验", "次", 0, 50)],
    4: [hi("作业技能数量", "种", 0, 30), hi("技能执行成功率", "%", 70, 95)],
    5: [hi("完成改造方案的工位", "个", 0, 3), hi("工位安全评估覆盖率", "%", 0, 100)],
    6: [yn("概念验证评估报告通过评审")],
    7: [lo("电池快换时间", "s", 600, 90), hi("连续作业时长", "h", 4, 24)],
    8: [hi("示范线部署机器人", "台", 0, 5), hi("试运行时长", "天", 0, 90)],
    9: [hi("用户评价得分", "分", 0, 85)],
  },
};

/** Project-level indicators: [definition, baseline progress share reached so far (0..1), or null: not measured]. */
const PROJECT_LEVEL: Record<number, [Def, number | null][]> = {
  1: [[hi("关节模组峰值扭矩密度", "N·m/kg", 85, 120), 0.6], [hi("关节模组核心部件国产化率", "%", 35, 80), 0.7]],
  2: [[hi("灵巧手自由度", "个", 6, 20), 0.5], [yn("灵巧手通过第三方型式试验"), null]],
  3: [[lo("32轴同步控制周期", "μs", 1000, 250), 0.45], [yn("工程样片流片成功"), null]],
  4: [[hi("整机技术成熟度", "级", 4, 7), 0.34], [hi("整机平均无故障时间MTBF", "h", 100, 500), 0.3]],
  5: [[hi("示范产线部署台数", "台", 0, 5), 0], [hi("应用企业用户评价得分", "分", 0, 85), null]],
};

const NOTES = ["摸底测试", "阶段测试", "复测", "第三方检测机构出具测试报告"];

/** Units that count things: their values are whole numbers. */
const COUNTS = new Set(["项", "套", "件", "个", "轴", "路", "类", "种", "条", "台", "次", "天"]);

/** Decimal places a value of this indicator is recorded with. */
function decimalsOf(unit: string, b: number, t: number): number {
  if (COUNTS.has(unit)) return 0;
  const d = (x: number) => (Number.isInteger(x) ? 0 : String(x).split(".")[1]!.length);
  const span = Math.abs(t - b);
  return Math.min(3, Math.max(d(b), d(t), span >= 20 ? 0 : span >= 2 ? 1 : 2));
}
const roundTo = (x: number, dec: number) => Number(x.toFixed(dec));

/** An indicator as planned: its definition, the decimals its values take and the value it ends at. */
type Ind = { def: Def; dec: number; final: number | null };
const planned = (def: Def): Ind => ({ def, dec: def[4] === "yesno" ? 0 : decimalsOf(def[1], def[2]!, def[3]!), final: null });

const dateOf = (d: Date) => format(d, "yyyy-MM-dd");
const plus = (day: string, days: number) => dateOf(addDays(parseISO(day), days));

/**
 * Final values that make the task's computed progress exactly `p`: yes/no indicators are met one by
 * one while the numeric ones alone cannot carry the rest; numeric fractions are spread around the
 * needed mean; the last numeric value that is not a count is then nudged (at finer precision if need
 * be) until the rounded mean equals `p`.
 */
function finalsFor(inds: Ind[], p: number): void {
  const numeric = inds.filter((i) => i.def[4] !== "yesno");
  const yesno = inds.filter((i) => i.def[4] === "yesno");
  const n = inds.length;
  let met = 0;
  while (numeric.length && met < yesno.length && (p * n - 100 * met) / numeric.length > 100) met++;
  if (!numeric.length) met = Math.round((p * n) / 100);
  yesno.forEach((i, k) => (i.final = k < met ? 1 : null));
  if (!numeric.length) return;
  const mean = Math.min(100, Math.max(0, (p * n - 100 * met) / numeric.length));
  numeric.forEach((i, k) => {
    const spread = numeric.length > 1 && k < numeric.length - (numeric.length % 2) ? (k % 2 ? -1 : 1) * Math.min(12, mean, 100 - mean) : 0;
    const [, , b, t] = i.def;
    i.final = roundTo(b! + ((t! - b!) * (mean + spread)) / 100, i.dec);
  });
  const computed = () => indicatorsProgress(inds.map((i) => ({ baseline: i.def[2], target: i.def[3], direction: i.def[4], latest: i.final })))!;
  const last = [...numeric].reverse().find((i) => !COUNTS.has(i.def[1])) ?? numeric[numeric.length - 1]!;
  const [, , b, t] = last.def;
  for (let dec = last.dec; dec <= (COUNTS.has(last.def[1]) ? 0 : last.dec + 4) && computed() !== p; dec++) {
    const step = Math.sign(t! - b!) * 10 ** -dec;
    for (let k = 0; k < 2000 && computed() !== p; k++) last.final = roundTo(last.final! + (computed() < p ? step : -step), dec);
  }
}

/** Met at close: the target, or a little better for some numeric indicators. */
function finalMet(i: Ind, k: number): number {
  const [, , b, t, dir] = i.def;
  if (dir === "yesno") return 1;
  return k % 3 === 1 ? roundTo(t! + (t! - b!) * 0.04, i.dec) : t!;
}

const codeOf = (pn: string, tn: string) => `RX${pn.padStart(2, "0")}-T${tn.padStart(2, "0")}`;

export const seedIndicators: DemoStory = (s: DemoScope) => {
  const { ctx, step } = s;
  const today = dateOf(s.today);
  const tasks = new Map(s.tasks.map((t) => [t.code, t]));

  /** The project lead enters an indicator through the indicator form. */
  const create = (lead: string, input: { projectId: number; taskId: number | null; def: Def; dueOn: string; unitId: number; userId: number | null }): number => {
    const [name, unit, baseline, target, direction] = input.def;
    return createIndicator(
      ctx,
      s.as(lead),
      indicatorCreateSchema.parse({
        projectId: input.projectId,
        taskId: input.taskId,
        name,
        unitOfMeasure: unit,
        baseline,
        target,
        direction,
        dueOn: input.dueOn,
        responsibleUnitId: input.unitId,
        responsibleUserId: input.userId,
      }),
    ).id;
  };

  /** Values rising from near the baseline to the final one, each recorded on the day it was measured (from `from` to `to`). */
  const history = (idOf: () => number, final: Ind, from: string, to: string, by: string, metAtEnd: boolean) => {
    if (final.final == null) return;
    const [, , b, , dir] = final.def;
    const span = Math.max(0, differenceInCalendarDays(parseISO(to), parseISO(from)));
    const shares = dir === "yesno" ? [1] : span < 40 ? [0.6, 1] : [0.35, 0.7, 1];
    shares.forEach((share, k) => {
      const on = plus(from, Math.round(span * (shares.length === 1 ? 1 : (k + 1) / shares.length)));
      const value = dir === "yesno" || share === 1 ? final.final! : roundTo(b! + (final.final! - b!) * share, final.dec);
      const note = k === shares.length - 1 && metAtEnd ? NOTES[3] : NOTES[Math.min(k, 2)];
      step(on, "18:30", () => {
        const input = recordValueSchema(ctx.db.$clock.today()).parse({ indicatorId: idOf(), value, measuredOn: on, note });
        // A value far from the last one asks the recorder to confirm it; he measured it, he confirms.
        const latest = shares.length > 1 && k > 0 ? roundTo(b! + (final.final! - b!) * shares[k - 1]!, final.dec) : null;
        recordValue(ctx, s.as(by), { ...input, confirmJump: isJump(latest, value) || undefined });
      });
    });
  };

  const later: (() => void)[] = [];
  s.projects.forEach((p, pi) => {
    const pn = String(pi + 1);
    const defs = TASKS[pi + 1] ?? {};
    // Planned per indicator: filled in when the lead enters them (ids), read when values are recorded.
    const made = new Map<string, number[]>();
    const plan = new Map<string, { task: DemoTask; inds: Ind[] }>();
    for (const [tn, list] of Object.entries(defs)) {
      const task = tasks.get(codeOf(pn, tn));
      if (!task) continue;
      const inds = list.map(planned);
      plan.set(task.code, { task, inds });
    }
    const levels = (PROJECT_LEVEL[pi + 1] ?? []).map(([def, share]) => ({ def, share }));

    // Right after the task list's import (10:00, a week before the start), the lead's indicator form.
    step(plus(p.startOn, -7), "11:00", () => {
      const projectId = s.projectId(pi);
      for (const { task, inds } of plan.values()) {
        const row = getTask(ctx.db, s.taskId(task.code));
        made.set(task.code, inds.map((i) => create(p.leadUser, { projectId, taskId: row.id, def: i.def, dueOn: row.dueOn, unitId: row.ownerUnitId, userId: row.ownerUserId })));
      }
    });
    // The project-level ones after every project's task indicators (same instant, registered later).
    later.push(() =>
      step(plus(p.startOn, -7), "11:00", () => {
        const projectId = s.projectId(pi);
        const lead = one<{ unitId: number; userId: number }>(ctx.db, "SELECT lead_unit_id AS unitId, lead_user_id AS userId FROM projects WHERE id = ?", projectId)!;
        made.set("", levels.map((l) => create(p.leadUser, { projectId, taskId: null, def: l.def, dueOn: p.endOn, unitId: lead.unitId, userId: lead.userId })));
      }),
    );

    for (const { task, inds } of plan.values()) {
      const by = task.ownerUser ?? p.leadUser;
      const from = plus(task.startOn, 7);
      const at = (k: number) => () => made.get(task.code)![k]!;
      if (task.status === "closed" || task.status === "pending_closeout") {
        inds.forEach((i, k) => (i.final = finalMet(i, k)));
        const to = plus(task.dueOn, -5);
        inds.forEach((i, k) => history(at(k), i, from, to < from ? task.dueOn : to, by, true));
      } else if (task.status !== "not_started" && task.startOn < today) {
        finalsFor(inds, task.progress);
        const end = task.dueOn < today ? task.dueOn : today;
        // A suspended task's last values came before the suspension (ten days ago).
        const last = task.status === "suspended" ? plus(today, -11) : plus(end, -4);
        const to = last < from ? from : last;
        inds.forEach((i, k) => history(at(k), i, from, to, by, false));
      }
    }
    levels.forEach((l, k) => {
      if (l.share == null) return;
      const [, , b, t] = l.def;
      const i = planned(l.def);
      i.final = roundTo(b! + (t! - b!) * l.share, i.dec);
      history(() => made.get("")![k]!, i, plus(p.startOn, 30), plus(today, -10), p.leadUser, false);
    });
  });
  for (const register of later) register();
};
