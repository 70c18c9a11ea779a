// Demo data of the results registry and the annual report: ~16 results across kinds and units (three
// common-technology patents on the 先用后转 clock at 19 and 22 months and one past 24 months and not in
// use, so it sits in the pool), council / expert-committee / secretariat meetings over the last 14 months,
// per-project funding for last year and this year, and last year's report draft with some narrative.
// Dates are offsets from `today`. Written as the pages write them: each result registered by its person
// three days after it was obtained (one obtained before the consortium was registered when the projects
// started); each meeting recorded by the secretariat the day it was held; the funding rows entered by the
// secretariat (last year's in January, this year's last week); the report's narrative in January.
import { addDays, addMonths, format, getYear, parseISO } from "date-fns";
import type { DemoScope, DemoStory } from "../seed-history";
import type { ResultKind } from "../../app/models/results";
import { resultSchema } from "../../app/models/results";
import { createResult } from "../../app/models/results.server";
import { meetingSchema } from "../../app/models/governance";
import { createMeeting } from "../../app/models/meetings.server";
import { fundingSchema } from "../../app/models/governance";
import { saveFunding } from "../../app/models/funding.server";
import { narrativeSchema } from "../../app/models/report";
import { saveNarrative, getDraft } from "../../app/models/report-drafts.server";
import { scalar } from "../../app/models/sql.server";

const iso = (d: Date) => format(d, "yyyy-MM-dd");

export type ResultDef = {
  kind: ResultKind;
  title: string;
  registrationNo: string;
  unit: string; // owner short name
  /** RX-0n; only a project the owner unit takes part in (the association's standard names none). */
  project?: number;
  /** Obtained this many months (and extra days) before today. */
  monthsAgo: number;
  daysAgo?: number;
  commonTech?: boolean;
  useWhere?: string; // set: in use
  sharing?: string[];
  by: string; // username
};

export const RESULT_DEFS: ResultDef[] = [
  { kind: "patent", title: "谐波减速器双圆弧齿形柔轮及其设计方法", registrationNo: "ZL202410356721.4", unit: "精传减速", monthsAgo: 26, commonTech: true, sharing: ["智元人形"], by: "zhou_guoqiang" },
  { kind: "patent", title: "一种无框力矩电机定子绕组结构及其散热方法", registrationNo: "ZL202411023894.6", unit: "驰动伺服", monthsAgo: 22, daysAgo: 10, commonTech: true, sharing: ["智元人形", "恒能锂电"], by: "yang_fan" },
  { kind: "patent", title: "一种嵌入式应变式关节力矩传感器及标定方法", registrationNo: "ZL202411287310.2", unit: "感知力传", project: 1, monthsAgo: 19, daysAgo: 5, commonTech: true, sharing: ["智元人形"], by: "cao_jun" },
  { kind: "patent", title: "基于确定性调度的嵌入式实时操作系统任务切换方法", registrationNo: "ZL202410198452.7", unit: "浙大", monthsAgo: 25, commonTech: true, useWhere: "智元人形整机控制器，已签订内部许可协议", sharing: ["芯动芯片"], by: "qian_xuedong" },
  { kind: "patent", title: "一种人形机器人关节模组一体化装配结构", registrationNo: "ZL202520104417.9", unit: "智元人形", project: 1, monthsAgo: 10, commonTech: true, sharing: ["精传减速", "驰动伺服"], by: "li_ming" },
  { kind: "patent", title: "腱绳驱动灵巧手手指及其预紧机构", registrationNo: "ZL202520377065.1", unit: "灵犀科技", project: 2, monthsAgo: 8, by: "li_xiaoyan" },
  { kind: "patent", title: "压阻式柔性电子皮肤阵列及其印刷制备方法", registrationNo: "ZL202610052233.8", unit: "柔感电子", project: 2, monthsAgo: 5, commonTech: true, sharing: ["具身实验室"], by: "ye_qing" },
  { kind: "software_copyright", title: "视触融合灵巧抓取策略训练软件 V1.0", registrationNo: "2026SR0412876", unit: "具身实验室", project: 2, monthsAgo: 4, commonTech: true, sharing: ["浙工大"], by: "zhao_xiaoyan" },
  { kind: "software_copyright", title: "人形机器人运动控制中间件 V1.0", registrationNo: "2026SR0233109", unit: "智元人形", project: 3, monthsAgo: 7, commonTech: true, useWhere: "芯动芯片FPGA原型验证平台、整机初样联调", by: "li_ming" },
  { kind: "software_copyright", title: "运动控制SoC FPGA原型验证平台软件 V2.0", registrationNo: "2026SR0587740", unit: "芯动芯片", project: 3, monthsAgo: 3, by: "wang_jun" },
  { kind: "standard", title: "人形机器人工业应用安全要求（团体标准）", registrationNo: "T/ZJRIA 001—2026", unit: "机器人协会", monthsAgo: 2, sharing: ["机电院", "智元人形"], useWhere: "汽车总装示范产线人机协作工位", by: "mishu" },
  { kind: "product", title: "高功率密度关节模组 JM-120", registrationNo: "", unit: "智元人形", project: 1, monthsAgo: 4, useWhere: "整机集成与可靠性验证项目初样整机2台", sharing: ["精传减速", "驰动伺服"], by: "wang_jianguo" },
  { kind: "product", title: "人形机器人快换电池包 HB-200", registrationNo: "", unit: "恒能锂电", project: 4, monthsAgo: 2, by: "luo_bin" },
  { kind: "paper", title: "面向人形机器人全身控制的国产实时操作系统确定性调度研究（《机器人》）", registrationNo: "", unit: "浙大", project: 3, monthsAgo: 6, by: "lu_siqi" },
  { kind: "paper", title: "基于视触融合的灵巧手抓取策略学习（《自动化学报》）", registrationNo: "", unit: "浙工大", project: 2, monthsAgo: 1, by: "fang_lin" },
  { kind: "sample", title: "20自由度腱绳驱动灵巧手初样", registrationNo: "", unit: "灵犀科技", project: 2, monthsAgo: 0, daysAgo: 15, useWhere: "具身实验室百类物体抓取测试", sharing: ["柔感电子", "感知力传"], by: "deng_yu" },
];

/** Obtained date of a definition relative to `today`. */
export const obtainedOnOf = (d: Pick<ResultDef, "monthsAgo" | "daysAgo">, today: Date) => iso(addDays(addMonths(today, -d.monthsAgo), -(d.daysAgo ?? 0)));

export type MeetingDef = { organ: string; monthsAgo: number; title: string; summary: string };

export const MEETING_DEFS: MeetingDef[] = [
  { organ: "council", monthsAgo: 14, title: "理事会成立大会暨第一次全体会议", summary: "审议通过联合体组建协议、理事会章程和三年战略目标，选举理事长、副理事长，聘任首席科学家和秘书长。" },
  { organ: "expert_committee", monthsAgo: 11, title: "专家咨询委员会技术路线论证会", summary: "论证关节模组、灵巧手、运动控制芯片三条攻关技术路线，提出V型迭代验证计划修改意见12条。" },
  { organ: "secretariat", monthsAgo: 9, title: "第一季度技术交流会", summary: "各成员单位交流攻关进展，协调减速器与电机接口参数，形成会议纪要并分解任务。" },
  { organ: "council", monthsAgo: 8, title: "理事会2026年度第一次会议", summary: "审议年度攻关任务清单、目标量化责任清单和年度经费预算，部署挂图作战和定期销号工作。" },
  { organ: "secretariat", monthsAgo: 6, title: "第二季度技术交流会", summary: "通报初样评审结果和逾期任务督办情况，组织整机企业与部件企业开展“下家考核上家”对接。" },
  { organ: "expert_committee", monthsAgo: 5, title: "专家咨询委员会中期技术研讨会", summary: "研讨灵巧手正样方案与关节模组寿命试验数据，建议将触觉数据集平台建设调整至下一阶段。" },
  { organ: "secretariat", monthsAgo: 3, title: "第三季度技术交流会", summary: "交流运动控制芯片前端设计与整机步态测试进展，梳理中期检查材料清单。" },
  { organ: "council", monthsAgo: 2, title: "理事会2026年度第二次会议", summary: "审议任务动态调整建议、成员单位吸收事项和中期检查工作方案，通报先用后转成果池预警情况。" },
  { organ: "expert_committee", monthsAgo: 1, title: "专家咨询委员会流片方案评审会", summary: "评审运动控制SoC工程流片（MPW）方案与功能安全分析报告，同意进入流片准备。" },
];

/** Funding per project (RX-0n) as shares of the budget for last year (the project's first months) and this year. */
export const FUNDING_DEFS: { project: number; last: [number, number, number, number, string]; current: [number, number, number, number, string] }[] = [
  { project: 1, last: [780, 260, 310, 1040, "首期经费已到位，关键技术攻关按计划启动，建议按任务书拨付下一年度经费。"], current: [1040, 520, 1386, 780, "初样评审通过；伺服驱动器电流环开发逾期，建议按计划拨付并督促驰动伺服限期整改。"] },
  { project: 2, last: [540, 180, 205, 720, "原理样机方案论证充分，建议按任务书拨付下一年度经费。"], current: [720, 360, 912, 450, "触觉数据集采集平台暂停待变更审批，建议核减相应经费后拨付，其余按计划执行。"] },
  { project: 3, last: [660, 220, 260, 880, "架构定义完成，建议按计划拨付，保障流片费用。"], current: [880, 440, 1095, 660, "前端设计进度略有滞后，流片费用需求集中在下一年度，建议足额拨付。"] },
  { project: 4, last: [900, 300, 380, 1200, "整机需求分解和V型验证计划完成，建议按计划拨付。"], current: [1200, 600, 1530, 900, "BMS开发逾期、进口伺服替代方案暂停待合并，建议在合并调整获批后按调整后预算拨付。"] },
  { project: 5, last: [360, 120, 140, 480, "场景调研完成，建议按计划拨付。"], current: [480, 240, 590, 360, "示范产线工位改造方案完成，建议按计划拨付，重点保障示范线部署。"] },
];

export const REPORT_DRAFT_SECTIONS: Record<string, string> = {
  goals:
    "联合体围绕人形机器人“大脑、小脑、肢体”关键环节，按照三年战略目标分阶段、分年度推进。本年度为攻关期起步阶段，完成联合体组建和五个项目任务书签订，关节模组、灵巧手、运动控制芯片三条技术路线通过专家咨询委员会论证。",
  organisation:
    "联合体由链主企业浙江智元人形机器人科技有限公司牵头组建，理事会为决策机构，秘书处设在牵头单位负责日常运行，专家咨询委员会提供技术决策咨询，设首席科学家岗。建立了挂图作战、目标量化责任制和定期任务销号制度，每季度召开技术交流会。",
  plan:
    "下一年度将重点完成核心部件初样研制和整机初样集成，组织开展里程碑节点检查和中期检查，推进成果内部共享和专利池建设，对临近2年未实施转化的共性技术成果提前组织对接。",
};

export const seedResults: DemoStory = (s: DemoScope) => {
  const { ctx, today, step, as } = s;
  const { db } = ctx;
  const unitId = (short: string) => scalar<number>(db, "SELECT id FROM member_units WHERE short_name = ?", short)!;
  const earlier = (a: string, b: string) => (a < b ? a : b);
  const later = (a: string, b: string) => (a > b ? a : b);
  const registerFrom = iso(addDays(parseISO(s.projects[0].startOn), 3));

  for (const d of RESULT_DEFS) {
    const obtainedOn = obtainedOnOf(d, today);
    step(earlier(later(iso(addDays(parseISO(obtainedOn), 3)), registerFrom), iso(addDays(today, -1))), "17:00", () => {
      const owner = unitId(d.unit);
      const input = resultSchema(db.$clock.today()).parse({
        kind: d.kind,
        title: d.title,
        registrationNo: d.registrationNo,
        projectId: d.project ? s.projectId(d.project - 1) : undefined,
        ownerUnitId: owner,
        obtainedOn,
        isCommonTech: d.commonTech ?? false,
        inUse: !!d.useWhere,
        useWhere: d.useWhere ?? "",
        sharingUnitIds: (d.sharing ?? []).map(unitId).filter((u) => u !== owner),
      });
      createResult(ctx, as(d.by), input);
    });
  }

  // 季度技术交流 are working exchanges, not sessions of the organ (seed 003).
  for (const m of MEETING_DEFS) {
    const heldOn = iso(addMonths(today, -m.monthsAgo));
    step(heldOn, "17:30", () => {
      createMeeting(ctx, as("mishu"), meetingSchema.parse({ organ: m.organ, kind: m.title.includes("技术交流") ? "exchange" : "session", heldOn, title: m.title, summary: m.summary }));
    });
  }

  const year = getYear(today);
  const january = (day: number) => earlier(`${year}-01-${String(day).padStart(2, "0")}`, iso(addDays(today, -1)));
  for (const f of FUNDING_DEFS) {
    for (const [y, on, [provincial, self, spent, suggested, suggestion]] of [[year - 1, january(15), f.last], [year, iso(addDays(today, -3)), f.current]] as const) {
      step(on, "15:00", () => {
        saveFunding(ctx, as("mishu"), fundingSchema.parse({ projectId: s.projectId(f.project - 1), year: y, provincialFunds: provincial, selfFunds: self, spent, suggestedFunds: suggested, suggestion }));
      });
    }
  }

  step(january(20), "18:30", () => {
    for (const [key, text] of Object.entries(REPORT_DRAFT_SECTIONS)) {
      const version = getDraft(db, year - 1, "zhejiang")?.version ?? 0;
      saveNarrative(ctx, as("mishu"), narrativeSchema.parse({ year: year - 1, format: "zhejiang", key, text, version }));
    }
  });
};
