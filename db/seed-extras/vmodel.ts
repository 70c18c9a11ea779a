// Demo key technologies (关键技术) with their V-model iterations (模样 → 初样 → 正样), the items on both legs
// of the V linked to the projects' tasks, and a TRL history: claims confirmed by the outside expert
// (zhuanjia), by 浙工大's expert (zhuanjia2, on projects his university takes no part in) and by the chief
// scientist (shouxi, 具身实验室, never for his own unit), one claim rejected and one pending.
// Written as the technologies page writes it: the project lead plans each technology's V (every iteration
// and item, items planned and linked to their tasks) when its first iteration starts; each iteration is
// made active on its start day and done on its last day, when its items take their final states (design
// before verification); the items of the active iteration take theirs half way between its start and today.
// Claims are made by researchers of the owner unit and decided by the deciders on the story's days.
import { addDays, addMonths, differenceInCalendarDays, format, parseISO } from "date-fns";
import type { DemoScope, DemoStory } from "../seed-history";
import { createItem, createIteration, createTechnology, linkItemTask, updateItem, updateIteration } from "../../app/models/vmodel.server";
import { itemCreateSchema, itemLinkSchema, itemUpdateSchema, iterationCreateSchema, iterationUpdateSchema, technologyCreateSchema } from "../../app/models/vmodel";
import { claimTrl, decideTrlClaim } from "../../app/models/trl.server";
import { trlClaimSchema, trlDecisionSchema } from "../../app/models/trl";
import { one, scalar } from "../../app/models/sql.server";

type Lvl = "requirement" | "system" | "subsystem" | "component";
type St = "planned" | "in_progress" | "done" | "failed";
/** k: a key for right items to name the left item they verify (v). tasks: task numbers within the project. */
type ItemDef = { k?: string; leg: "left" | "right"; level: Lvl; title: string; state: St; tasks: number[]; v?: string };
type IterDef = {
  stage: "basic_research" | "key_common_tech" | "transfer";
  sample: "mock" | "prototype" | "production";
  entry: number;
  target: number;
  from: number; // months from today
  to: number;
  status: "planned" | "active" | "done";
  items: ItemDef[];
};
/** at/decided: days from today; by: username of the claimer; decider: username. */
type ClaimDef = { iter: number; trl: number; by: string; at: number; reason?: string; decision?: "confirmed" | "rejected"; decider?: string; decided?: number; comment?: string };
type TechDef = { project: number; unit: string; name: string; description: string; start: number; target: number; iterations: IterDef[]; claims: ClaimDef[] };

const L = (level: Lvl, title: string, state: St, tasks: number[], k?: string): ItemDef => ({ leg: "left", level, title, state, tasks, k });
const R = (level: Lvl, title: string, state: St, tasks: number[], v?: string): ItemDef => ({ leg: "right", level, title, state, tasks, v });

const TECHS: TechDef[] = [
  {
    project: 1, unit: "智元人形", name: "高功率密度一体化关节模组", start: 3, target: 7,
    description: "将无框力矩电机、谐波减速器、伺服驱动与力矩传感器一体化集成，峰值扭矩密度不低于120 N·m/kg，支撑整机国产化。",
    iterations: [
      {
        stage: "key_common_tech", sample: "mock", entry: 3, target: 4, from: -12, to: -7, status: "done",
        items: [
          L("requirement", "关节模组指标分解（扭矩密度≥120 N·m/kg）", "done", [1], "req"),
          L("system", "关节模组总体方案与接口定义", "done", [1], "sys"),
          L("subsystem", "电机—减速器—驱动集成方案", "done", [2, 3], "sub"),
          L("component", "无框力矩电机电磁方案", "done", [2], "motor"),
          L("component", "谐波减速器齿形方案", "done", [3], "gear"),
          R("component", "电机样件空载与堵转测试", "done", [2], "motor"),
          R("component", "减速器样件传动误差测试", "done", [3], "gear"),
          R("subsystem", "集成样件散热仿真与台架对标", "done", [4], "sub"),
          R("system", "模样关节功能演示", "done", [4], "sys"),
          R("requirement", "模样指标符合性评审", "done", [1], "req"),
        ],
      },
      {
        stage: "key_common_tech", sample: "prototype", entry: 4, target: 5, from: -7, to: 2, status: "active",
        items: [
          L("requirement", "初样性能与可靠性需求", "done", [1], "req"),
          L("system", "初样总体设计（3种规格）", "done", [6], "sys"),
          L("subsystem", "高带宽伺服驱动分系统", "done", [7], "drive"),
          L("subsystem", "关节力矩传感集成分系统", "done", [5], "sense"),
          L("component", "柔轮与波发生器", "done", [3], "flex"),
          R("component", "减速器1万小时寿命试验", "in_progress", [8], "flex"),
          R("subsystem", "伺服驱动电流环带宽测试（首轮2 kHz，未达5 kHz）", "failed", [7], "drive"),
          R("subsystem", "关节力矩传感器标定", "done", [5], "sense"),
          R("system", "初样扭矩、背隙与温升测试", "done", [6], "sys"),
          R("requirement", "整机试装评价（系统考核部件）", "planned", [9], "req"),
        ],
      },
      {
        stage: "transfer", sample: "production", entry: 5, target: 7, from: 2, to: 13, status: "planned",
        items: [
          L("requirement", "正样定型需求", "planned", [9], "req"),
          L("system", "正样设计与工艺定型", "planned", [9], "sys"),
          L("component", "批量一致性装配工艺", "planned", [10], "batch"),
          R("component", "批量一致性测试", "planned", [10], "batch"),
          R("system", "正样环境适应性试验（第三方）", "planned", [11], "sys"),
          R("requirement", "50套小批量交付整机考核", "planned", [12], "req"),
        ],
      },
    ],
    claims: [
      { iter: 0, trl: 4, by: "li_ming", at: -215, decision: "confirmed", decider: "zhuanjia", decided: -200, comment: "模样评审资料齐全，部件级实验室验证充分，同意确认 TRL 4。" },
      { iter: 1, trl: 5, by: "liu_yang", at: -6, reason: "" },
    ],
  },
  {
    project: 1, unit: "精传减速", name: "高精度谐波减速器", start: 4, target: 7,
    description: "双圆弧齿形谐波减速器，传动误差不大于30角秒、背隙不大于10角秒，寿命不低于1万小时，替代进口产品。",
    iterations: [
      {
        stage: "key_common_tech", sample: "prototype", entry: 4, target: 5, from: -10, to: -4, status: "done",
        items: [
          L("requirement", "传动误差≤30″、背隙≤10″需求", "done", [3], "req"),
          L("system", "减速器总体结构", "done", [3], "sys"),
          L("subsystem", "柔轮—刚轮啮合副", "done", [3], "sub"),
          L("component", "双圆弧齿形", "done", [3], "comp"),
          R("component", "齿形三坐标测量", "done", [3], "comp"),
          R("subsystem", "啮合副传动误差测试", "done", [3], "sub"),
          R("system", "整机背隙与扭转刚度测试", "done", [6], "sys"),
          R("requirement", "关节模组装机验证（下家考核上家）", "done", [6], "req"),
        ],
      },
      {
        stage: "key_common_tech", sample: "production", entry: 5, target: 6, from: -4, to: 3, status: "active",
        items: [
          L("requirement", "1万小时寿命与效率衰减需求", "done", [8], "req"),
          L("system", "正样结构优化", "done", [8], "sys"),
          L("subsystem", "润滑与密封方案", "in_progress", [8], "sub"),
          L("component", "柔轮材料热处理工艺", "done", [8], "comp"),
          R("component", "柔轮疲劳试验", "done", [8], "comp"),
          R("subsystem", "润滑寿命试验", "in_progress", [8], "sub"),
          R("system", "1万小时加速寿命试验", "in_progress", [8], "sys"),
          R("requirement", "小批量装机考核", "planned", [12], "req"),
        ],
      },
    ],
    claims: [
      { iter: 0, trl: 5, by: "jiang_hao", at: -122, decision: "confirmed", decider: "shouxi", decided: -112, comment: "装机验证数据表明相关环境中部件功能满足要求，确认 TRL 5。" },
      { iter: 1, trl: 6, by: "lin_feng", at: -35, decision: "rejected", decider: "zhuanjia2", decided: -21, comment: "寿命试验仅完成约4000小时，尚不足以证明相关环境中的系统级验证，请试验完成后再申报。" },
    ],
  },
  {
    project: 2, unit: "灵犀科技", name: "多指灵巧手触觉感知", start: 2, target: 6,
    description: "20自由度腱绳驱动灵巧手集成柔性电子皮肤与微型六维力传感器，实现视触融合灵巧抓取。",
    iterations: [
      {
        stage: "basic_research", sample: "mock", entry: 2, target: 3, from: -12, to: -5, status: "done",
        items: [
          L("requirement", "20自由度构型与触觉感知需求", "done", [1], "req"),
          L("system", "腱绳驱动灵巧手方案", "done", [5], "sys"),
          L("subsystem", "指尖触觉感知模块", "done", [2, 3], "sub"),
          L("component", "压阻式电子皮肤阵列", "done", [2], "comp"),
          R("component", "电子皮肤阵列分辨率测试", "done", [2], "comp"),
          R("subsystem", "指尖力与触觉联合标定", "done", [3], "sub"),
          R("system", "原理样机抓取演示", "done", [5], "sys"),
          R("requirement", "构型方案专家评审", "done", [1], "req"),
        ],
      },
      {
        stage: "key_common_tech", sample: "prototype", entry: 3, target: 5, from: -5, to: 2, status: "active",
        items: [
          L("requirement", "百类物体灵巧抓取需求", "done", [8], "req"),
          L("system", "灵巧手初样集成方案", "done", [8], "sys"),
          L("subsystem", "触觉信号高速采集分系统", "in_progress", [6], "sub"),
          L("component", "微型六维力传感器", "done", [3, 4], "comp"),
          R("component", "六维力传感器解耦标定", "done", [4], "comp"),
          R("subsystem", "1 kHz 多通道采集测试", "planned", [6], "sub"),
          R("system", "初样百类物体抓取测试", "in_progress", [7, 8], "sys"),
          R("requirement", "整机企业试用评价", "planned", [12], "req"),
        ],
      },
      {
        stage: "key_common_tech", sample: "production", entry: 5, target: 6, from: 2, to: 11, status: "planned",
        items: [
          L("requirement", "正样需求与设计输入", "planned", [10], "req"),
          L("system", "正样结构与驱动优化", "planned", [10], "sys"),
          L("component", "电子皮肤耐久性改进", "planned", [9], "comp"),
          R("component", "10万次按压与弯折耐久试验", "planned", [9], "comp"),
          R("system", "灵巧手第三方检测", "planned", [12], "sys"),
          R("requirement", "用户试用评价（应用考核技术）", "planned", [12], "req"),
        ],
      },
    ],
    claims: [
      { iter: 0, trl: 3, by: "deng_yu", at: -152, decision: "confirmed", decider: "zhuanjia", decided: -145, comment: "原理样机验证了构型与驱动方案的可行性，确认 TRL 3。" },
      { iter: 1, trl: 4, by: "feng_xue", at: -60, decision: "confirmed", decider: "shouxi", decided: -48, comment: "六维力传感器与电子皮肤已在实验室环境完成部件验证，确认 TRL 4。" },
    ],
  },
  {
    project: 3, unit: "芯动芯片", name: "运动控制专用芯片", start: 3, target: 6,
    description: "面向人形机器人全身运动控制的专用SoC，支持32轴同步控制、控制周期不大于250 μs，完成工程流片与整机应用验证。",
    iterations: [
      {
        stage: "key_common_tech", sample: "mock", entry: 3, target: 4, from: -12, to: -3, status: "done",
        items: [
          L("requirement", "32轴同步、250 μs 控制周期需求", "done", [1], "req"),
          L("system", "运动控制 SoC 架构", "done", [1], "sys"),
          L("subsystem", "多轴 FOC 硬件加速单元", "done", [2], "sub"),
          L("component", "电流环与 PWM IP 核", "done", [2], "comp"),
          R("component", "IP 核模块级仿真验证", "done", [2], "comp"),
          R("subsystem", "FOC 单元 FPGA 验证", "done", [5], "sub"),
          R("system", "FPGA 原型系统级验证", "done", [5], "sys"),
          R("requirement", "原型平台控制周期测评", "done", [5], "req"),
        ],
      },
      {
        stage: "key_common_tech", sample: "prototype", entry: 4, target: 5, from: -3, to: 9, status: "active",
        items: [
          L("requirement", "功能安全需求（PL d）", "in_progress", [8], "req"),
          L("system", "全芯片前端设计", "in_progress", [6], "sys"),
          L("subsystem", "实时操作系统与板级支持包", "done", [3], "sub"),
          L("component", "片上 EtherCAT 主站", "done", [4], "comp"),
          R("component", "主站协议一致性测试", "done", [4], "comp"),
          R("subsystem", "RTOS 确定性调度测试", "in_progress", [3], "sub"),
          R("system", "回片功能与性能测试", "planned", [10], "sys"),
          R("requirement", "整机工程样片应用验证", "planned", [12], "req"),
        ],
      },
    ],
    claims: [
      { iter: 0, trl: 4, by: "du_xin", at: -88, decision: "confirmed", decider: "zhuanjia2", decided: -79, comment: "FPGA 原型在实验室环境完成系统级功能验证，确认 TRL 4。" },
    ],
  },
  {
    project: 4, unit: "智元人形", name: "人形机器人全身运动控制算法", start: 4, target: 7,
    description: "基于全身动力学与模型预测控制的行走、平衡与抗扰算法，支撑整机在斜坡、台阶与受扰工况下稳定作业。",
    iterations: [
      {
        stage: "key_common_tech", sample: "mock", entry: 4, target: 5, from: -12, to: -5, status: "done",
        items: [
          L("requirement", "行走、平衡与抗扰需求", "done", [1], "req"),
          L("system", "全身动力学控制架构", "done", [1], "sys"),
          L("subsystem", "步态规划与平衡控制", "done", [2], "sub"),
          L("component", "关节力位混合控制律", "done", [2], "comp"),
          R("component", "单关节控制律台架测试", "done", [2], "comp"),
          R("subsystem", "仿真环境步态验证", "done", [2], "sub"),
          R("system", "模样整机平地行走演示", "done", [5], "sys"),
          R("requirement", "需求符合性评审", "done", [1], "req"),
        ],
      },
      {
        stage: "key_common_tech", sample: "prototype", entry: 5, target: 6, from: -5, to: 4, status: "active",
        items: [
          L("requirement", "斜坡、台阶与抗扰动需求", "done", [8], "req"),
          L("system", "初样整机控制集成", "done", [6], "sys"),
          L("subsystem", "跌倒检测与防护策略", "in_progress", [9], "sub"),
          L("component", "基于 MPC 的平衡控制器", "done", [8], "comp"),
          R("component", "平衡控制器抗扰测试", "in_progress", [8], "comp"),
          R("subsystem", "跌倒防护验证", "planned", [9], "sub"),
          R("system", "初样步态与平衡综合测试", "in_progress", [8], "sys"),
          R("requirement", "1000小时连续运行考核", "planned", [10], "req"),
        ],
      },
      {
        stage: "transfer", sample: "production", entry: 6, target: 7, from: 4, to: 14, status: "planned",
        items: [
          L("requirement", "正样控制性能需求", "planned", [11], "req"),
          L("system", "正样控制软件定型", "planned", [11], "sys"),
          R("system", "正样整机可靠性试验", "planned", [10], "sys"),
          R("requirement", "正样设计定型评审", "planned", [11], "req"),
        ],
      },
    ],
    claims: [
      { iter: 0, trl: 5, by: "chen_jing", at: -158, decision: "confirmed", decider: "zhuanjia", decided: -144, comment: "模样整机在相关环境完成步态与平衡验证，确认 TRL 5。" },
    ],
  },
];

const iso = (d: Date) => format(d, "yyyy-MM-dd");

export const seedVmodel: DemoStory = (s: DemoScope) => {
  const { ctx, today, step, as } = s;
  const { db } = ctx;
  const todayIso = iso(today);
  const day = (days: number) => iso(addDays(today, days));
  const version = (table: "vmodel_iterations" | "vmodel_items", id: number) => scalar<number>(db, `SELECT version FROM ${table} WHERE id = ?`, id)!;

  for (const t of TECHS) {
    const lead = s.projects[t.project - 1].leadUser;
    const pad = String(t.project).padStart(2, "0");
    const dates = t.iterations.map((it) => ({ startOn: iso(addMonths(today, it.from)), endOn: iso(addDays(addMonths(today, it.to), -1)) }));
    let techId = 0;
    const iterIds: number[] = [];
    const itemIds: number[][] = [];

    // The V as planned: the technology, its iterations and their items (planned), linked to their tasks.
    step(dates[0].startOn, "14:00", () => {
      const actor = as(lead);
      const ownerUnitId = scalar<number>(db, "SELECT id FROM member_units WHERE short_name = ?", t.unit)!;
      techId = createTechnology(ctx, actor, technologyCreateSchema.parse({ projectId: s.projectId(t.project - 1), name: t.name, description: t.description, ownerUnitId, startTrl: t.start, targetTrl: t.target })).id;
      t.iterations.forEach((it, i) => {
        createIteration(ctx, actor, iterationCreateSchema.parse({ technologyId: techId, stage: it.stage, sampleLevel: it.sample, entryTrl: it.entry, targetTrl: it.target, ...dates[i] }));
        const iterationId = one<{ id: number }>(db, "SELECT id FROM vmodel_iterations WHERE technology_id = ? AND seq = ?", techId, i + 1)!.id;
        iterIds.push(iterationId);
        const keys = new Map<string, number>();
        itemIds.push(
          ordered(it.items).map((item) => {
            const verifiesItemId = item.v ? keys.get(item.v) : undefined;
            createItem(ctx, actor, itemCreateSchema.parse({ iterationId, leg: item.leg, level: item.level, title: item.title, state: "planned", verifiesItemId }));
            const id = scalar<number>(db, "SELECT max(id) FROM vmodel_items WHERE iteration_id = ?", iterationId)!;
            if (item.k) keys.set(item.k, id);
            for (const n of item.tasks) {
              linkItemTask(ctx, actor, itemLinkSchema.parse({ id, version: version("vmodel_items", id), taskCode: `RX${pad}-T${String(n).padStart(2, "0")}` }));
            }
            return id;
          }),
        );
      });
    });

    // Each iteration under way from its start day; at its end (or, the active one, half way to today) its
    // items take their states, design before verification; a finished iteration is then done.
    t.iterations.forEach((it, i) => {
      const setStatus = (status: "active" | "done") => () => {
        const id = iterIds[i];
        updateIteration(ctx, as(lead), iterationUpdateSchema.parse({ id, version: version("vmodel_iterations", id), stage: it.stage, sampleLevel: it.sample, entryTrl: it.entry, targetTrl: it.target, ...dates[i], status }));
      };
      if (it.status === "planned") return;
      step(dates[i].startOn, "14:30", setStatus("active"));
      const settled = it.status === "done" ? dates[i].endOn : iso(addDays(parseISO(dates[i].startOn), Math.floor(differenceInCalendarDays(today, parseISO(dates[i].startOn)) / 2)));
      step(settled < todayIso ? settled : day(-1), "16:00", () => {
        const actor = as(lead);
        ordered(it.items).forEach((item, j) => {
          if (item.state === "planned") return;
          const id = itemIds[i][j];
          const verifies = scalar<number>(db, "SELECT verifies_item_id FROM vmodel_items WHERE id = ?", id) ?? undefined;
          updateItem(ctx, actor, itemUpdateSchema.parse({ id, version: version("vmodel_items", id), title: item.title, state: item.state, verifiesItemId: verifies }));
        });
      });
      if (it.status === "done") step(dates[i].endOn, "17:00", setStatus("done"));
    });

    // TRL claims by the owner unit's researchers; decisions by the story's deciders.
    for (const cl of t.claims) {
      let claimId = 0;
      step(day(cl.at), "10:30", () => {
        const row = claimTrl(ctx, as(cl.by), trlClaimSchema.parse({ technologyId: techId, iterationId: iterIds[cl.iter], trl: cl.trl, reason: cl.reason ?? "" }));
        claimId = row.claims.at(-1)!.id;
      });
      if (!cl.decision) continue;
      step(day(cl.decided!), "15:30", () => {
        const claimVersion = scalar<number>(db, "SELECT version FROM trl_claims WHERE id = ?", claimId)!;
        decideTrlClaim(ctx, as(cl.decider!), trlDecisionSchema.parse({ claimId, decision: cl.decision, comment: cl.comment ?? "", version: claimVersion }));
      });
    }
  }
};

/** Design items (left leg) before the verification items that name them (right leg), as the page requires. */
const ordered = (items: ItemDef[]) => [...items.filter((x) => x.leg === "left"), ...items.filter((x) => x.leg === "right")];
