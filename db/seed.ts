// Demo consortium: a Zhejiang humanoid-robot innovation consortium (浙江省人形机器人创新联合体) with its
// member units, organs, users of every role, two project groups, five projects, ~60 tasks with
// dependencies and milestones. Every date is relative to `today`, so the demo always looks current:
// some tasks closed, some awaiting close-out, some overdue, most running or ahead.
// It is written as its people would have written it in the UI, through the same model functions and
// rights (writeHistory), on a clock set back to the days it happened (seed-history.ts): what the demo
// shows, the app can do, and its audit trail and board logs tell its fourteen months. The later
// features' parts written the same way (SEED_STORIES in db/seed-extras.ts) register their steps on the
// same timeline.
// Idempotent: nothing is written when a consortium row already exists.
import { createHash } from "node:crypto";
import { addDays, addMonths, differenceInCalendarDays, format, getYear, parseISO } from "date-fns";
import type { DB } from "./client";
import { SEED_STORIES } from "./seed-extras";
import { inHistory, type DemoScope, type History } from "./seed-history";
import { taskHasIndicators } from "../app/models/indicators.server";
import { actorOfUser, hashPassword } from "../app/models/auth.server";
import { seedPermissions } from "../app/models/permissions.server";
import type { Role } from "../app/models/permissions";
import type { TaskStatus, UnitKind } from "../app/models/domain";
import { all, exists, scalar } from "../app/models/sql.server";
import { silentRealtime, type Actor, type AppContext } from "../app/models/context.server";
import { commit, transact } from "../app/models/write.server";
import { insertAdmin, insertConsortium } from "../app/models/setup.server";
import { setupConsortiumSchema } from "../app/models/setup";
import { getConsortium, updateConsortium } from "../app/models/consortium.server";
import { profileSchema } from "../app/models/consortium";
import { addGoal, addOrganMember } from "../app/models/organs.server";
import { goalSchema, organMemberSchema } from "../app/models/governance";
import { createUnit } from "../app/models/units.server";
import { createOutsideBody } from "../app/models/outside-bodies.server";
import { outsideBodySchema } from "../app/models/outside-bodies";
import { unitSchema } from "../app/models/units";
import { getUser, insertUser, updateUser } from "../app/models/users.server";
import { userCreateSchema, userUpdateSchema } from "../app/models/users";
import { createGroup, createMilestone, createProject, projectMilestones } from "../app/models/project-setup.server";
import { groupSchema, milestoneSchema, projectSchema } from "../app/models/project-setup";
import { applyTaskChange, getTask, moveTask, updateTask } from "../app/models/tasks.server";
import { taskMoveSchema, taskUpdateSchema } from "../app/models/tasks";
import { commitImport } from "../app/models/import.server";
import type { TaskOp } from "../app/models/import-plan.server";
import { TASK_CHANGE_ACTIONS } from "../app/models/change-requests";
import { setMilestoneStatus, setMilestoneTasks } from "../app/models/milestones.server";
import { milestoneStatusSchema, milestoneTasksSchema } from "../app/models/milestones";

export const DEMO_PASSWORD = "demo1234";

export type DemoLogin = { username: string; password: string; role: string; displayName: string; unit: string };

// ---------------------------------------------------------------------------------------------------
// Member units

type UnitKey =
  | "zy" | "js" | "jc" | "cd" | "lx" | "gz" | "rg" | "hn" | "xd"
  | "zd" | "zg" | "jd" | "jcz" | "qt" | "gn" | "xh";

type UnitDef = {
  key: UnitKey;
  name: string;
  shortName: string;
  kind: UnitKind;
  subKind?: string;
  isSme?: boolean;
  isSpecialized?: boolean;
  isLittleGiant?: boolean;
  district: string;
  /** Registration-authority + category code of the unified social credit code. */
  reg: "91" | "12" | "51" | "52";
  region: string; // administrative division code
  contact: string;
  externalProjects: number;
  /** Months after the founding agreement that the unit joined (0 = founding member). */
  joinedAfter: number;
};

const UNITS: UnitDef[] = [
  { key: "zy", name: "浙江智元人形机器人科技有限公司", shortName: "智元人形", kind: "lead_enterprise", district: "杭州市滨江区", reg: "91", region: "330108", contact: "王建国", externalProjects: 2, joinedAfter: 0 },
  { key: "js", name: "浙江省具身智能实验室", shortName: "具身实验室", kind: "platform", subKind: "provincial_lab", district: "杭州市余杭区", reg: "12", region: "330110", contact: "徐文杰", externalProjects: 1, joinedAfter: 0 },
  { key: "jc", name: "宁波精传精密减速机有限公司", shortName: "精传减速", kind: "enterprise", isSme: true, isSpecialized: true, isLittleGiant: true, district: "宁波市北仑区", reg: "91", region: "330206", contact: "周国强", externalProjects: 1, joinedAfter: 0 },
  { key: "cd", name: "杭州驰动伺服电机有限公司", shortName: "驰动伺服", kind: "enterprise", isSme: true, isSpecialized: true, district: "杭州市萧山区", reg: "91", region: "330109", contact: "杨帆", externalProjects: 0, joinedAfter: 0 },
  { key: "lx", name: "杭州灵犀灵巧手科技有限公司", shortName: "灵犀科技", kind: "enterprise", isSme: true, district: "杭州市西湖区", reg: "91", region: "330106", contact: "李晓燕", externalProjects: 0, joinedAfter: 0 },
  { key: "gz", name: "宁波感知力传感技术有限公司", shortName: "感知力传", kind: "enterprise", isSme: true, isSpecialized: true, isLittleGiant: true, district: "宁波市鄞州区", reg: "91", region: "330212", contact: "曹军", externalProjects: 1, joinedAfter: 0 },
  { key: "rg", name: "杭州柔感电子皮肤科技有限公司", shortName: "柔感电子", kind: "enterprise", isSme: true, district: "杭州市余杭区", reg: "91", region: "330110", contact: "叶青", externalProjects: 0, joinedAfter: 2 },
  { key: "hn", name: "浙江恒能锂电科技股份有限公司", shortName: "恒能锂电", kind: "enterprise", district: "杭州市临平区", reg: "91", region: "330113", contact: "罗斌", externalProjects: 1, joinedAfter: 0 },
  { key: "xd", name: "杭州芯动运控芯片有限公司", shortName: "芯动芯片", kind: "enterprise", isSme: true, isSpecialized: true, district: "杭州市滨江区", reg: "91", region: "330108", contact: "王军", externalProjects: 0, joinedAfter: 0 },
  { key: "zd", name: "浙江大学", shortName: "浙大", kind: "university", district: "杭州市西湖区", reg: "12", region: "330106", contact: "钱学东", externalProjects: 1, joinedAfter: 0 },
  { key: "zg", name: "浙江工业大学", shortName: "浙工大", kind: "university", district: "杭州市拱墅区", reg: "12", region: "330105", contact: "方琳", externalProjects: 0, joinedAfter: 0 },
  { key: "jd", name: "浙江省机电设计研究院有限公司", shortName: "机电院", kind: "institute", district: "杭州市西湖区", reg: "91", region: "330106", contact: "魏东", externalProjects: 1, joinedAfter: 0 },
  { key: "jcz", name: "浙江省智能机器人产品质量检验中心", shortName: "机器人质检", kind: "service", subKind: "testing", district: "杭州市钱塘区", reg: "12", region: "330114", contact: "金露", externalProjects: 0, joinedAfter: 0 },
  { key: "qt", name: "杭州钱塘科创投资管理有限公司", shortName: "钱塘科创", kind: "service", subKind: "finance", district: "杭州市上城区", reg: "91", region: "330102", contact: "沈佳怡", externalProjects: 0, joinedAfter: 1 },
  { key: "gn", name: "浙江具身智能概念验证中心", shortName: "概念验证", kind: "service", subKind: "concept_verification", district: "杭州市余杭区", reg: "52", region: "330110", contact: "施岩", externalProjects: 0, joinedAfter: 3 },
  { key: "xh", name: "浙江省机器人产业发展协会", shortName: "机器人协会", kind: "association", district: "杭州市上城区", reg: "51", region: "330102", contact: "林海燕", externalProjects: 0, joinedAfter: 0 },
];

const CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // GB 32100-2015 character set
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A well-formed (check digits included) but invented unified social credit code. */
function creditCode(u: UnitDef): string {
  const bytes = createHash("sha256").update(u.name).digest();
  const letters = u.reg === "91";
  let base = letters ? "MA2" : "";
  for (let i = 0; base.length < 8; i++) {
    base += letters ? CREDIT_CHARS[bytes[i] % CREDIT_CHARS.length] : String(bytes[i] % 10);
  }
  const value = (c: string) => (c >= "0" && c <= "9" ? Number(c) : c.charCodeAt(0) - 55); // A = 10
  const orgSum = [...base].reduce((s, c, i) => s + value(c) * ORG_WEIGHTS[i], 0);
  const orgCheck = 11 - (orgSum % 11);
  const orgCode = base + (orgCheck === 10 ? "X" : orgCheck === 11 ? "0" : String(orgCheck));
  const body = u.reg + u.region + orgCode;
  const sum = [...body].reduce((s, c, i) => s + CREDIT_CHARS.indexOf(c) * CREDIT_WEIGHTS[i], 0);
  return body + CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

function contactOf(u: UnitDef): string {
  const area = u.district.startsWith("宁波") ? "0574" : "0571";
  const n = createHash("sha256").update(u.key).digest().readUInt32BE(0) % 10000000;
  return `${u.contact} ${area}-8${String(n).padStart(7, "0")}`;
}

// ---------------------------------------------------------------------------------------------------
// Users (all with password DEMO_PASSWORD)

type UserDef = {
  username: string;
  displayName: string;
  title: string;
  unit?: UnitKey;
  outside?: "general_design" | "expert_pool";
  roles: Role[];
};

const USERS: UserDef[] = [
  { username: "admin", displayName: "系统管理员", title: "系统管理员", roles: ["admin"] },
  { username: "mishu", displayName: "陈思远", title: "秘书长", unit: "zy", roles: ["secretariat"] },
  { username: "mishu2", displayName: "周雨桐", title: "副秘书长", unit: "zy", roles: ["secretariat"] },
  { username: "shouxi", displayName: "吴振华", title: "研究员", unit: "js", roles: ["chief_scientist"] },
  { username: "lishi", displayName: "张宏伟", title: "董事长", unit: "zy", roles: ["council"] },
  { username: "zongtibu", displayName: "刘国栋", title: "总体部副主任", outside: "general_design", roles: ["observer"] },
  { username: "zhuanjia", displayName: "孙立民", title: "教授级高级工程师", outside: "expert_pool", roles: ["expert"] },
  { username: "zhuanjia2", displayName: "郑文博", title: "教授", unit: "zg", roles: ["expert"] },
  // 智元人形 (lead enterprise)
  { username: "wang_jianguo", displayName: "王建国", title: "副总经理", unit: "zy", roles: ["unit_lead"] },
  { username: "li_ming", displayName: "李明", title: "高级工程师", unit: "zy", roles: ["project_lead", "researcher"] },
  { username: "huang_zhiqiang", displayName: "黄志强", title: "高级工程师", unit: "zy", roles: ["project_lead", "researcher"] },
  { username: "liu_yang", displayName: "刘洋", title: "工程师", unit: "zy", roles: ["researcher"] },
  { username: "chen_jing", displayName: "陈静", title: "工程师", unit: "zy", roles: ["researcher"] },
  // 具身实验室 (platform)
  { username: "xu_wenjie", displayName: "徐文杰", title: "副主任", unit: "js", roles: ["unit_lead"] },
  { username: "zhao_xiaoyan", displayName: "赵晓燕", title: "研究员", unit: "js", roles: ["project_lead", "researcher"] },
  { username: "ma_ruiqi", displayName: "马瑞琪", title: "助理研究员", unit: "js", roles: ["researcher"] },
  // 精传减速
  { username: "zhou_guoqiang", displayName: "周国强", title: "总经理", unit: "jc", roles: ["unit_lead"] },
  { username: "jiang_hao", displayName: "蒋浩", title: "高级工程师", unit: "jc", roles: ["researcher"] },
  { username: "lin_feng", displayName: "林峰", title: "工程师", unit: "jc", roles: ["researcher"] },
  // 驰动伺服
  { username: "yang_fan", displayName: "杨帆", title: "总经理", unit: "cd", roles: ["unit_lead"] },
  { username: "tang_wei", displayName: "唐伟", title: "高级工程师", unit: "cd", roles: ["researcher"] },
  { username: "song_jia", displayName: "宋佳", title: "工程师", unit: "cd", roles: ["researcher"] },
  // 灵犀科技
  { username: "li_xiaoyan", displayName: "李晓燕", title: "总经理", unit: "lx", roles: ["unit_lead"] },
  { username: "deng_yu", displayName: "邓宇", title: "高级工程师", unit: "lx", roles: ["researcher"] },
  { username: "feng_xue", displayName: "冯雪", title: "工程师", unit: "lx", roles: ["researcher"] },
  // 感知力传
  { username: "cao_jun", displayName: "曹军", title: "技术总监", unit: "gz", roles: ["unit_lead"] },
  { username: "xie_lei", displayName: "谢磊", title: "高级工程师", unit: "gz", roles: ["researcher"] },
  // 柔感电子
  { username: "ye_qing", displayName: "叶青", title: "总经理", unit: "rg", roles: ["unit_lead"] },
  { username: "pan_yue", displayName: "潘悦", title: "工程师", unit: "rg", roles: ["researcher"] },
  { username: "han_mei", displayName: "韩梅", title: "工程师", unit: "rg", roles: ["researcher"] },
  // 恒能锂电
  { username: "luo_bin", displayName: "罗斌", title: "研发部经理", unit: "hn", roles: ["researcher"] },
  // 芯动芯片
  { username: "wang_jun", displayName: "王军", title: "总经理", unit: "xd", roles: ["unit_lead"] },
  { username: "du_xin", displayName: "杜鑫", title: "芯片设计工程师", unit: "xd", roles: ["researcher"] },
  { username: "gao_peng", displayName: "高鹏", title: "验证工程师", unit: "xd", roles: ["researcher"] },
  // 浙江大学
  { username: "qian_xuedong", displayName: "钱学东", title: "教授", unit: "zd", roles: ["project_lead", "researcher"] },
  { username: "lu_siqi", displayName: "陆思琪", title: "副教授", unit: "zd", roles: ["researcher"] },
  { username: "zhu_hang", displayName: "朱航", title: "博士后", unit: "zd", roles: ["researcher"] },
  // 浙江工业大学
  { username: "fang_lin", displayName: "方琳", title: "副教授", unit: "zg", roles: ["researcher"] },
  // 机电院
  { username: "wei_dong", displayName: "魏东", title: "副院长", unit: "jd", roles: ["unit_lead"] },
  { username: "he_chunsheng", displayName: "何春生", title: "正高级工程师", unit: "jd", roles: ["project_lead", "researcher"] },
  { username: "yu_tao", displayName: "余涛", title: "工程师", unit: "jd", roles: ["researcher"] },
  // 质检中心
  { username: "jin_lu", displayName: "金露", title: "高级工程师", unit: "jcz", roles: ["researcher"] },
];

/** Demo accounts worth showing at start and in the README: at least one per role. */
const LOGIN_USERNAMES: [string, Role][] = [
  ["admin", "admin"],
  ["mishu", "secretariat"],
  ["shouxi", "chief_scientist"],
  ["lishi", "council"],
  ["zongtibu", "observer"],
  ["zhuanjia", "expert"],
  ["zhuanjia2", "expert"],
  ["wang_jianguo", "unit_lead"],
  ["li_ming", "project_lead"],
  ["jiang_hao", "researcher"],
  ["deng_yu", "researcher"],
];

const OUTSIDE_BODIES = { general_design: "重大专项总体部", expert_pool: "省科技专家库" } as const;

export function demoLogins(): DemoLogin[] {
  return LOGIN_USERNAMES.map(([username, role]) => {
    const u = USERS.find((x) => x.username === username)!;
    const unit = u.unit ? UNITS.find((x) => x.key === u.unit)!.name : u.outside ? OUTSIDE_BODIES[u.outside] : "—";
    return { username, password: DEMO_PASSWORD, role, displayName: u.displayName, unit };
  });
}

// ---------------------------------------------------------------------------------------------------
// Projects, tasks, milestones. Months are offsets from today.

/** Status flags; without one the status follows the dates (past → closed, current → in progress). */
type Flag = "overdue" | "pending" | "suspended";

type TaskDef = {
  n: number; // T01 ...
  title: string;
  description: string;
  unit: UnitKey;
  start: number; // months from today
  months: number; // duration
  key?: boolean;
  flag?: Flag;
  /** Percentage points behind the time-proportional plan (in progress), or the recorded progress (overdue/suspended). */
  lag?: number;
  progress?: number;
  owner?: string; // username; default rotates over the unit's researchers and unit lead
};

type ProjectDef = {
  n: number;
  group: 0 | 1;
  name: string;
  lead: UnitKey;
  leadUser: string;
  units: UnitKey[];
  budget: number;
  endMonths: number;
  description: string;
  tasks: TaskDef[];
  deps: [number, number][];
  milestones: { name: string; month: number; expectedResults: string }[];
};

const GROUPS = [
  { code: "PG-1", name: "人形机器人核心部件攻关项目群", description: "围绕关节模组、灵巧手、运动控制芯片等“卡脖子”核心部件，开展基础研究与重大关键共性技术攻关，实现核心部件自主可控。" },
  { code: "PG-2", name: "整机集成与场景应用项目群", description: "以整机集成为牵引，系统考核部件、应用考核技术，开展整机可靠性验证与工业场景示范应用，推动成果转化。" },
];

const PROJECTS: ProjectDef[] = [
  {
    n: 1, group: 0, name: "高功率密度关节模组研制", lead: "zy", leadUser: "li_ming",
    units: ["zy", "jc", "cd", "gz", "zd"], budget: 2600, endMonths: 13,
    description: "研制峰值扭矩密度不低于120 N·m/kg的一体化关节模组，突破精密减速器、无框力矩电机、高带宽伺服驱动与关节力矩传感集成等关键技术，完成初样、正样研制与小批量试制。",
    tasks: [
      { n: 1, title: "关节模组总体需求分解与指标体系", description: "按整机需求自上而下分解关节模组的扭矩、转速、精度与寿命指标，形成考核指标体系。", unit: "zy", start: -12, months: 2, owner: "li_ming" },
      { n: 2, title: "高扭矩密度无框力矩电机电磁设计", description: "完成无框力矩电机的电磁与热设计，峰值扭矩密度较基线提升30%。", unit: "cd", start: -10, months: 3 },
      { n: 3, title: "谐波减速器齿形优化设计", description: "采用双圆弧齿形优化柔轮应力分布，传动误差不大于30角秒。", unit: "jc", start: -10, months: 3, key: true },
      { n: 4, title: "关节模组散热与结构轻量化仿真", description: "开展多物理场耦合仿真，完成壳体拓扑优化，模组减重15%以上。", unit: "zd", start: -10, months: 3 },
      { n: 5, title: "关节力矩传感器集成方案设计", description: "设计嵌入式应变式关节力矩传感器及其与减速器输出端的集成结构。", unit: "gz", start: -9, months: 3 },
      { n: 6, title: "关节模组样机（初样）装配与测试", description: "完成3款规格关节模组初样装配，开展扭矩、背隙、温升等性能测试。", unit: "zy", start: -7, months: 2, flag: "pending", owner: "liu_yang" },
      { n: 7, title: "伺服驱动器高带宽电流环开发", description: "开发基于SiC功率器件的伺服驱动器，电流环带宽不低于5 kHz。", unit: "cd", start: -6, months: 4, flag: "overdue", progress: 80 },
      { n: 8, title: "谐波减速器寿命试验（1万小时）", description: "在额定负载下开展1万小时加速寿命试验，记录背隙与效率衰减曲线。", unit: "jc", start: -5, months: 7, key: true },
      { n: 9, title: "关节模组正样设计与工艺定型", description: "根据初样测试问题迭代设计，完成正样图纸与装配工艺文件定型。", unit: "zy", start: -2, months: 4, lag: 15, owner: "li_ming" },
      { n: 10, title: "关节模组批量一致性测试方法研究", description: "建立面向批量生产的关节模组一致性测试方法与判定规范。", unit: "zd", start: 1, months: 3 },
      { n: 11, title: "关节模组正样环境适应性试验", description: "开展高低温、振动、防护等级等环境适应性试验，出具第三方检测报告。", unit: "zy", start: 3, months: 4, key: true },
      { n: 12, title: "关节模组小批量试制（50套）", description: "完成50套关节模组小批量试制，交付整机集成项目考核。", unit: "jc", start: 7, months: 5 },
    ],
    deps: [[1, 2], [1, 3], [2, 6], [3, 6], [6, 9], [9, 11], [11, 12]],
    milestones: [
      { name: "初样评审", month: -4, expectedResults: "关节模组初样3套，初样测试报告，设计评审意见。" },
      { name: "中期检查节点", month: 1, expectedResults: "减速器寿命试验中期数据，伺服驱动器样机，正样设计方案。" },
      { name: "正样鉴定", month: 13, expectedResults: "关节模组正样鉴定报告，环境适应性第三方检测报告，小批量试制记录。" },
    ],
  },
  {
    n: 2, group: 0, name: "灵巧手与触觉感知", lead: "js", leadUser: "zhao_xiaoyan",
    units: ["js", "lx", "rg", "gz", "zg"], budget: 1800, endMonths: 12,
    description: "研制不少于20个自由度的腱绳驱动灵巧手，集成柔性电子皮肤与微型六维力传感器，实现视触融合的灵巧抓取，形成灵巧手正样与触觉感知工具链。",
    tasks: [
      { n: 1, title: "灵巧手构型与自由度配置方案论证", description: "对比腱绳、连杆与直驱方案，确定20自由度构型与驱动布置。", unit: "js", start: -12, months: 2, owner: "zhao_xiaoyan" },
      { n: 2, title: "柔性电子皮肤阵列材料制备工艺", description: "开发压阻式柔性传感阵列材料与印刷制备工艺，空间分辨率优于2 mm。", unit: "rg", start: -11, months: 4 },
      { n: 3, title: "微型六维力传感器结构设计", description: "完成指尖用微型六维力传感器弹性体设计，外径不大于15 mm。", unit: "gz", start: -10, months: 3 },
      { n: 4, title: "六维力传感器标定方法研究", description: "建立六维力传感器解耦标定方法，耦合误差不大于2%FS。", unit: "gz", start: -7, months: 3, flag: "pending" },
      { n: 5, title: "腱绳驱动灵巧手原理样机研制", description: "完成腱绳驱动灵巧手原理样机，验证构型与驱动方案可行性。", unit: "lx", start: -9, months: 4 },
      { n: 6, title: "触觉信号高速采集与解码电路", description: "研制多通道触觉信号采集板，采样率不低于1 kHz，支持电子皮肤阵列接入。", unit: "rg", start: -6, months: 3, key: true, flag: "overdue", progress: 70 },
      { n: 7, title: "基于视触融合的抓取策略学习", description: "构建视觉与触觉融合的抓取策略模型，典型物体抓取成功率达到95%。", unit: "zg", start: -5, months: 6, lag: 25 },
      { n: 8, title: "灵巧手初样集成与抓取测试", description: "集成电子皮肤与力传感器，完成灵巧手初样并开展百类物体抓取测试。", unit: "lx", start: -3, months: 4, key: true },
      { n: 9, title: "电子皮肤耐久性与可靠性测试", description: "开展10万次按压循环与弯折耐久试验，评估灵敏度漂移。", unit: "rg", start: -1, months: 3 },
      { n: 10, title: "灵巧手正样研制", description: "根据初样测试结果优化结构与驱动，完成灵巧手正样5套。", unit: "lx", start: 2, months: 5, key: true },
      { n: 11, title: "触觉数据集采集平台建设", description: "建设标准化触觉数据集采集平台；因设备采购调整暂停，待变更审批。", unit: "js", start: -4, months: 5, flag: "suspended", progress: 30 },
      { n: 12, title: "灵巧手第三方检测与用户试用", description: "委托第三方完成灵巧手检测，并由整机企业开展试用评价。", unit: "lx", start: 8, months: 3 },
    ],
    deps: [[1, 5], [3, 4], [2, 6], [5, 8], [8, 10], [10, 12]],
    milestones: [
      { name: "原理样机评审", month: -5, expectedResults: "灵巧手原理样机，电子皮肤材料样品，力传感器设计报告。" },
      { name: "中期检查节点", month: 1, expectedResults: "灵巧手初样，触觉采集电路，抓取测试报告。" },
      { name: "正样鉴定", month: 12, expectedResults: "灵巧手正样5套，第三方检测报告，用户试用评价意见。" },
    ],
  },
  {
    n: 3, group: 0, name: "运动控制芯片与实时操作系统", lead: "zd", leadUser: "qian_xuedong",
    units: ["zd", "xd", "zy", "js"], budget: 2200, endMonths: 14,
    description: "研制面向人形机器人全身运动控制的专用SoC芯片与国产实时操作系统，支持32轴同步控制、控制周期不大于250 μs，完成流片、回片测试与整机应用验证。",
    tasks: [
      { n: 1, title: "运动控制SoC架构定义与需求规格", description: "完成运动控制SoC的总体架构、接口与性能规格定义。", unit: "zd", start: -12, months: 2, owner: "qian_xuedong" },
      { n: 2, title: "多轴FOC硬件加速单元RTL设计", description: "完成32轴FOC矢量控制硬件加速单元的RTL设计与模块级验证。", unit: "xd", start: -10, months: 4 },
      { n: 3, title: "实时操作系统内核裁剪与确定性调度", description: "完成RTOS内核裁剪，任务切换抖动不大于5 μs。", unit: "zd", start: -10, months: 5 },
      { n: 4, title: "EtherCAT主站协议栈移植", description: "完成EtherCAT主站协议栈在RTOS上的移植与分布式时钟同步测试。", unit: "js", start: -8, months: 3 },
      { n: 5, title: "FPGA原型验证平台搭建", description: "搭建FPGA原型验证平台，完成SoC关键模块的系统级验证。", unit: "xd", start: -6, months: 3, flag: "pending" },
      { n: 6, title: "芯片前端设计与仿真验证", description: "完成芯片全芯片前端设计、功能仿真与覆盖率收敛。", unit: "xd", start: -5, months: 6, key: true, lag: 10 },
      { n: 7, title: "全身运动控制中间件开发", description: "开发全身动力学控制中间件，支持模型预测控制与力位混合控制。", unit: "zy", start: -4, months: 6 },
      { n: 8, title: "功能安全（ISO 13849）分析", description: "开展控制系统功能安全分析，形成PL d等级安全设计报告。", unit: "zd", start: -3, months: 2, flag: "overdue", progress: 60 },
      { n: 9, title: "流片（MPW）与封装", description: "通过多项目晶圆完成工程流片与封装。", unit: "xd", start: 2, months: 4, key: true },
      { n: 10, title: "芯片回片测试与驱动适配", description: "完成回片功能、性能测试及板级支持包、驱动适配。", unit: "xd", start: 6, months: 3 },
      { n: 11, title: "RTOS与中间件整机联调", description: "在整机平台完成RTOS与运动控制中间件联调，控制周期不大于250 μs。", unit: "zy", start: 3, months: 4 },
      { n: 12, title: "芯片工程样片应用验证", description: "在人形机器人整机上开展工程样片应用验证，由整机企业出具应用报告。", unit: "zy", start: 9, months: 4 },
    ],
    deps: [[1, 2], [1, 3], [2, 5], [6, 9], [9, 10], [10, 12], [7, 11]],
    milestones: [
      { name: "架构评审", month: -7, expectedResults: "SoC架构设计报告，RTOS技术方案。" },
      { name: "中期检查节点", month: 1, expectedResults: "FPGA原型验证报告，前端设计仿真报告，功能安全分析报告。" },
      { name: "工程样片验证", month: 14, expectedResults: "工程样片，回片测试报告，整机应用验证报告。" },
    ],
  },
  {
    n: 4, group: 1, name: "整机集成与可靠性验证", lead: "zy", leadUser: "huang_zhiqiang",
    units: ["zy", "hn", "jcz", "jd", "cd"], budget: 3000, endMonths: 14,
    description: "按V型迭代完成人形机器人整机模样、初样、正样研制，集成国产核心部件，开展步态平衡、跌倒防护与1000小时连续运行可靠性试验，整机TRL由4级提升至7级。",
    tasks: [
      { n: 1, title: "整机系统需求与V型验证计划", description: "完成整机系统需求分解与V型迭代验证计划，明确各层级验证要求。", unit: "zy", start: -12, months: 2, owner: "huang_zhiqiang" },
      { n: 2, title: "整机结构与外观设计", description: "完成整机结构、外观与人机工程设计，整机身高1.7 m、质量不大于65 kg。", unit: "zy", start: -10, months: 3 },
      { n: 3, title: "高能量密度电池包设计", description: "设计能量密度不低于200 Wh/kg的整机电池包，满足4小时续航。", unit: "hn", start: -10, months: 4 },
      { n: 4, title: "电池管理系统（BMS）开发", description: "开发支持快换与热失控预警的电池管理系统。", unit: "hn", start: -6, months: 4, flag: "overdue", progress: 75 },
      { n: 5, title: "整机电气架构与线束设计", description: "完成整机电气架构、供配电与线束设计。", unit: "jd", start: -9, months: 3 },
      { n: 6, title: "整机初样（模样→初样）集成装配", description: "集成国产关节模组与控制器，完成整机初样2台装配。", unit: "zy", start: -5, months: 3, key: true, flag: "pending", owner: "huang_zhiqiang" },
      { n: 7, title: "整机可靠性试验大纲编制", description: "编制整机可靠性与环境试验大纲，经专家评审通过。", unit: "jcz", start: -4, months: 2 },
      { n: 8, title: "整机初样步态与平衡测试", description: "开展平地、斜坡、台阶行走及抗扰动平衡测试。", unit: "zy", start: -2, months: 3, key: true, lag: 20 },
      { n: 9, title: "整机跌倒防护与安全评估", description: "开展跌倒防护策略验证与整机安全风险评估。", unit: "jd", start: -1, months: 4 },
      { n: 10, title: "整机1000小时连续运行可靠性试验", description: "按试验大纲开展1000小时连续运行可靠性试验，统计平均无故障时间。", unit: "jcz", start: 2, months: 5, key: true },
      { n: 11, title: "整机正样设计定型", description: "根据初样测试与可靠性试验结果完成整机正样设计定型。", unit: "zy", start: 5, months: 4 },
      { n: 12, title: "进口伺服驱动器替代方案比选", description: "比选进口伺服驱动器的国产替代方案；因与关节模组项目重复，暂停待合并。", unit: "cd", start: -3, months: 4, flag: "suspended", progress: 40 },
    ],
    deps: [[1, 2], [3, 4], [2, 6], [6, 8], [7, 10], [8, 11]],
    milestones: [
      { name: "初样集成评审", month: -1, expectedResults: "整机初样2台，初样集成测试报告，BMS样机。" },
      { name: "中期检查节点", month: 2, expectedResults: "步态与平衡测试报告，跌倒防护评估报告。" },
      { name: "正样鉴定", month: 14, expectedResults: "整机正样，1000小时可靠性试验报告，正样设计定型文件。" },
    ],
  },
  {
    n: 5, group: 1, name: "工业场景示范应用", lead: "jd", leadUser: "he_chunsheng",
    units: ["jd", "zy", "zg", "gn", "hn"], budget: 1200, endMonths: 13,
    description: "面向汽车总装与物流仓储场景，开展人形机器人搬运、上下料等作业示范应用，由应用企业考核技术，形成示范产线、用户评价报告与团体标准草案。",
    tasks: [
      { n: 1, title: "汽车总装场景需求调研与工位分析", description: "调研汽车总装车间典型工位，筛选适合人形机器人作业的工位清单。", unit: "jd", start: -11, months: 2, owner: "he_chunsheng" },
      { n: 2, title: "示范场景数字孪生建模", description: "建立示范产线数字孪生模型，支持作业仿真与节拍分析。", unit: "zg", start: -9, months: 4 },
      { n: 3, title: "人机协作安全规范研究", description: "研究人形机器人与工人共线作业的安全距离与防护规范。", unit: "jd", start: -9, months: 4 },
      { n: 4, title: "搬运作业技能库构建", description: "构建不少于30种搬运与上下料作业技能库。", unit: "zg", start: -5, months: 6, lag: 10 },
      { n: 5, title: "示范产线工位改造方案", description: "完成示范产线3个工位的改造方案与安全评估。", unit: "jd", start: -3, months: 4 },
      { n: 6, title: "概念验证与应用场景评估", description: "对示范场景开展技术经济性概念验证，形成评估报告。", unit: "gn", start: -6, months: 3 },
      { n: 7, title: "电池快换与能源补给方案", description: "设计示范产线电池快换工位与能源补给方案，实现24小时连续作业。", unit: "hn", start: -2, months: 3 },
      { n: 8, title: "示范线人形机器人部署与试运行", description: "在示范产线部署5台人形机器人并试运行3个月。", unit: "zy", start: 2, months: 4, key: true },
      { n: 9, title: "示范应用用户评价与考核", description: "由应用企业按“应用考核技术”开展用户评价，形成评价报告。", unit: "jd", start: 6, months: 3 },
      { n: 10, title: "物流仓储场景拓展方案", description: "将示范成果拓展至物流仓储场景，形成推广方案。", unit: "zg", start: 5, months: 4 },
      { n: 11, title: "示范应用成果推广与标准草案", description: "总结示范经验，起草人形机器人工业应用团体标准草案。", unit: "jd", start: 8, months: 4 },
      { n: 12, title: "中试熟化与商业化路径研究", description: "开展示范成果中试熟化评估，提出商业化推广路径。", unit: "gn", start: 4, months: 5 },
    ],
    deps: [[1, 2], [1, 3], [3, 5], [5, 8], [4, 8], [8, 9]],
    milestones: [
      { name: "场景方案评审", month: -5, expectedResults: "场景需求分析报告，数字孪生模型，人机协作安全规范。" },
      { name: "中期检查节点", month: 2, expectedResults: "作业技能库，工位改造方案，电池快换方案。" },
      { name: "示范应用验收", month: 13, expectedResults: "示范产线运行报告，用户评价报告，团体标准草案。" },
    ],
  },
];

const ORGANS: { organ: string; name: string; position: string; unit?: UnitKey; user?: string }[] = [
  { organ: "council", name: "张宏伟", position: "理事长", unit: "zy", user: "lishi" },
  { organ: "council", name: "钱学东", position: "副理事长", unit: "zd", user: "qian_xuedong" },
  { organ: "council", name: "周国强", position: "理事", unit: "jc", user: "zhou_guoqiang" },
  { organ: "council", name: "何春生", position: "理事", unit: "jd", user: "he_chunsheng" },
  { organ: "council", name: "林海燕", position: "理事", unit: "xh" },
  { organ: "secretariat", name: "陈思远", position: "秘书长", unit: "zy", user: "mishu" },
  { organ: "secretariat", name: "周雨桐", position: "副秘书长", unit: "zy", user: "mishu2" },
  { organ: "secretariat", name: "许可", position: "干事", unit: "zy" },
  { organ: "expert_committee", name: "孙立民", position: "主任委员", user: "zhuanjia" },
  { organ: "expert_committee", name: "郑文博", position: "委员", unit: "zg", user: "zhuanjia2" },
  { organ: "expert_committee", name: "潘建华", position: "委员" },
  { organ: "expert_committee", name: "吕志成", position: "委员" },
  { organ: "expert_committee", name: "邱敏", position: "委员" },
  { organ: "chief_scientist", name: "吴振华", position: "首席科学家", unit: "js", user: "shouxi" },
];

const OVERALL_GOAL =
  "围绕人形机器人“大脑、小脑、肢体”关键环节，以链主企业为牵头、产学研用协同，聚焦高功率密度关节模组、" +
  "灵巧手与触觉感知、运动控制芯片与实时操作系统三大核心部件攻关和整机集成验证，三年内实现核心部件国产化率" +
  "不低于80%，整机技术成熟度由4级提升至7级，形成具有自主知识产权的人形机器人整机产品2款，申请发明专利50项以上，" +
  "制定团体标准3项，在汽车制造、物流仓储等工业场景完成示范应用，带动省内上下游企业新增产值10亿元以上。";

const GOALS = [
  { phase: "攻关期", goal: "完成关节模组、灵巧手、运动控制芯片关键技术攻关，研制核心部件初样和整机初样，核心部件TRL达到5级，申请发明专利20项。" },
  { phase: "验证期", goal: "完成核心部件正样与整机正样研制，开展1000小时可靠性试验，整机TRL达到6级，在汽车总装场景开展示范应用。" },
  { phase: "推广期", goal: "实现核心部件小批量生产与整机定型，整机TRL达到7级，示范应用拓展至物流仓储场景，制定团体标准3项，实现成果产业化。" },
];

// ---------------------------------------------------------------------------------------------------

const iso = (d: Date) => format(d, "yyyy-MM-dd");

type PlannedTask = {
  projectIndex: number;
  def: TaskDef;
  code: string;
  startOn: string;
  dueOn: string;
  status: TaskStatus;
  progress: number;
  ownerUser: string | null;
};

/** Statuses, progress and owners of every task, from the definitions and today. */
function planTasks(today: Date): PlannedTask[] {
  const rotation = new Map<UnitKey, number>();
  const workers = (unit: UnitKey) =>
    USERS.filter((u) => u.unit === unit && u.roles.some((r) => r === "researcher" || r === "unit_lead")).map(
      (u) => u.username,
    );
  const out: PlannedTask[] = [];
  PROJECTS.forEach((p, projectIndex) => {
    for (const t of p.tasks) {
      if (!p.units.includes(t.unit)) throw new Error(`seed: ${p.name} T${t.n} owner unit not participating`);
      const start = addMonths(today, t.start);
      const due = addDays(addMonths(today, t.start + t.months), -1);
      let status: TaskStatus;
      let progress: number;
      if (t.flag === "suspended") {
        status = "suspended";
        progress = t.progress ?? 30;
      } else if (due < today) {
        status = t.flag === "overdue" ? "in_progress" : t.flag === "pending" ? "pending_closeout" : "closed";
        progress = t.flag === "overdue" ? (t.progress ?? 80) : 100;
      } else if (start > today) {
        status = "not_started";
        progress = 0;
      } else {
        status = "in_progress";
        const planned = (differenceInCalendarDays(today, start) / Math.max(1, differenceInCalendarDays(due, start))) * 100;
        progress = Math.min(95, Math.max(5, Math.round(planned) - (t.lag ?? 0)));
      }
      let ownerUser: string | null = t.owner ?? null;
      if (!ownerUser) {
        const list = workers(t.unit);
        if (list.length) {
          const i = rotation.get(t.unit) ?? 0;
          ownerUser = list[i % list.length];
          rotation.set(t.unit, i + 1);
        }
      }
      out.push({
        projectIndex,
        def: t,
        code: `RX${String(p.n).padStart(2, "0")}-T${String(t.n).padStart(2, "0")}`,
        startOn: iso(start),
        dueOn: iso(due),
        status,
        progress,
        ownerUser,
      });
    }
  });
  return out;
}

export const DEMO_CONSORTIUM_NAME = "浙江省人形机器人创新联合体";

/** Whether this database holds the demo consortium (the sign-in page then names the demo password). */
export const demoPresent = (db: DB): boolean => exists(db, "SELECT 1 FROM consortium WHERE name = ?", DEMO_CONSORTIUM_NAME);

function hasConsortium(db: DB): boolean {
  return exists(db, "SELECT 1 FROM consortium LIMIT 1");
}

/** Seeds the demo around the app clock's today (in the consortium's time zone). */
export async function seedDemo(db: DB): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const logins = demoLogins();
  seedPermissions(db);
  if (hasConsortium(db)) return { seeded: false, logins };

  // The calendar date as a local-midnight Date: date-fns arithmetic on it is pure calendar maths,
  // whatever the machine's own zone is.
  const today = parseISO(db.$clock.today());
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash, shared by every demo account
  const planned = planTasks(today);

  // One bulk write: the model functions' own transactions nest in it, so the history costs one commit,
  // and each board hears of it as one reload, not hundreds of events no client will ever replay.
  const ctx: AppContext = { db, realtime: silentRealtime, config: SEED_CONTEXT_CONFIG };
  const seeded = transact(
    ctx,
    () => {
      if (hasConsortium(db)) return { result: false, events: [] }; // another caller seeded while we were hashing
      inHistory(db, iso(addMonths(today, -14)), (history) => writeHistory(ctx, history, today, planned, passwordHash));
      return { result: true, events: [] };
    },
    { bulk: { by: null, action: "seed" } },
  ).result;

  return { seeded, logins };
}

/** Nobody listens while the demo is written: the model functions publish to no one. */
const SEED_CONTEXT_CONFIG: AppContext["config"] = { sessionSecret: "seed", secureCookies: false, dataDir: "", uploadsDir: "" };

/**
 * The demo's fourteen months, written as the people would have written them in the UI: each step is a
 * model function the pages call, run as the person who would have done it (his rights checked as for
 * his sessions), on the day and hour it happens. Steps run in time order (stable: same instant, order
 * written). Rows are created in the order of the definitions above, so their ids are the demo's known ids.
 */
function writeHistory(ctx: AppContext, history: History, today: Date, planned: PlannedTask[], passwordHash: string): void {
  const { db } = ctx;
  const steps: { at: string; day: string; hhmm: string; write: () => void }[] = [];
  const step = (day: Date | string, hhmm: string, write: () => void) => {
    const d = typeof day === "string" ? day : iso(day);
    steps.push({ at: `${d}T${hhmm}`, day: d, hhmm, write });
  };

  const foundedOn = addMonths(today, -14);
  const startYear = getYear(foundedOn);
  const projectStart = addMonths(today, -12);
  const todayIso = iso(today);

  const unitIds = new Map<UnitKey, number>();
  const userIds = new Map<string, number>();
  const userId = (username: string) => {
    const id = userIds.get(username);
    if (id === undefined) throw new Error(`seed: unknown user ${username}`);
    return id;
  };
  // Rights are read afresh at each step, as a new page load would (a project lead's grow with his projects).
  const as = (username: string) => actorOfUser(db, userId(username));
  const unitId = (key: UnitKey) => unitIds.get(key)!;

  // The founding day: the first run's setup (consortium and administrator), then the profile the setup
  // page leaves for later, the phase goals, the member register and the accounts.
  step(foundedOn, "09:00", () => {
    const consortium = setupConsortiumSchema.parse({
      name: DEMO_CONSORTIUM_NAME,
      shortName: "人形机器人联合体",
      field: "智能控制与先进技术",
      district: "杭州市滨江区",
      province: "zhejiang",
      foundedOn: iso(foundedOn),
      goalStartYear: startYear,
      goalYears: 3,
    });
    commit(ctx, () => {
      const id = insertAdmin(db, { username: "admin", displayName: "系统管理员", passwordHash, mustChangePassword: false }, "self");
      insertConsortium(db, getUser(db, id), consortium);
      userIds.set("admin", id);
      return { result: id, events: [] };
    });
  });
  step(foundedOn, "09:10", () => {
    const c = getConsortium(db);
    updateConsortium(ctx, as("admin"), profileSchema.parse({ ...c, applicationType: "新建", overallGoal: OVERALL_GOAL }));
    GOALS.forEach((g, i) => addGoal(ctx, as("admin"), goalSchema.parse({ year: startYear + i, phase: g.phase, goal: g.goal })));
  });

  // The outside bodies (总体部, the expert pool) as the admin adds them on /admin/bodies.
  const bodyIds = new Map<string, number>();
  step(foundedOn, "09:20", () => {
    for (const [kind, name] of Object.entries(OUTSIDE_BODIES)) {
      bodyIds.set(kind, createOutsideBody(ctx, as("admin"), outsideBodySchema.parse({ name, kind })).id);
    }
  });

  // The member register as the founding agreement lists it (later members with their later joining dates).
  step(foundedOn, "09:30", () => {
    for (const u of UNITS) {
      const input = unitSchema.parse({
        name: u.name,
        shortName: u.shortName,
        kind: u.kind,
        subKind: u.subKind,
        isSme: u.isSme ?? false,
        isSpecialized: u.isSpecialized ?? false,
        isLittleGiant: u.isLittleGiant ?? false,
        district: u.district,
        creditCode: creditCode(u),
        contact: contactOf(u),
        externalProjects: u.externalProjects,
        joinedOn: iso(addMonths(foundedOn, u.joinedAfter)),
      });
      unitIds.set(u.key, createUnit(ctx, as("admin"), input).id);
    }
  });

  // Accounts: the admin's user page (one shared hash instead of hashing the same password forty times).
  step(foundedOn, "10:30", () => {
    const admin = as("admin");
    for (const u of USERS) {
      const fields = {
        displayName: u.displayName,
        title: u.title,
        email: `${u.username.replace(/_/g, ".")}@demo.example.cn`,
        unitId: u.unit ? unitId(u.unit) : undefined,
        outsideBodyId: u.outside ? bodyIds.get(u.outside)! : undefined,
        roles: u.roles,
      };
      if (u.username === "admin") {
        // The setup page made him with a name only; he fills in the rest on his own user page.
        const me = getUser(db, userId("admin"));
        updateUser(ctx, admin, userUpdateSchema.parse({ ...fields, id: me.id, version: me.version, active: true }));
        continue;
      }
      const input = userCreateSchema.omit({ password: true }).parse({ ...fields, username: u.username });
      userIds.set(u.username, commit(ctx, () => insertUser(db, admin, input, { passwordHash, mustChange: false })).id);
    }
  });

  // The organs, constituted in the week after the founding agreement.
  step(addDays(foundedOn, 3), "14:00", () => {
    for (const o of ORGANS) {
      const input = organMemberSchema.parse({
        organ: o.organ,
        name: o.name,
        position: o.position,
        unitId: o.unit ? unitId(o.unit) : undefined,
        userId: o.user ? userId(o.user) : undefined,
      });
      addOrganMember(ctx, as("mishu"), input);
    }
  });

  // Project groups and projects (the 任务书 as signed), a fortnight before the projects start.
  const groupIds: number[] = [];
  const projectIds: number[] = [];
  const expertUnit = USERS.find((u) => u.username === "zhuanjia2")!.unit!;
  step(addDays(projectStart, -14), "10:00", () => {
    for (const g of GROUPS) groupIds.push(createGroup(ctx, as("mishu"), groupSchema.parse(g)).id);
    for (const p of PROJECTS) {
      // zhuanjia supervises every project; zhuanjia2 only those his own university takes no part in.
      const experts = ["zhuanjia", ...(p.units.includes(expertUnit) ? [] : ["zhuanjia2"])];
      const input = projectSchema.parse({
        groupId: groupIds[p.group],
        code: `${getYear(projectStart)}ZDZX-RX-${String(p.n).padStart(2, "0")}`,
        name: p.name,
        leadUnitId: unitId(p.lead),
        leadUserId: userId(p.leadUser),
        budget: p.budget,
        startOn: iso(projectStart),
        endOn: iso(addMonths(today, p.endMonths)),
        description: p.description,
        unitIds: p.units.map(unitId),
        expertIds: experts.map(userId),
      });
      projectIds.push(createProject(ctx, as("mishu"), input).id);
    }
  });

  // Each project lead puts up his milestones, tasks and their links on the board a week before the start.
  const taskIds = new Map<string, number>(); // by code
  const taskId = (code: string) => taskIds.get(code)!;
  PROJECTS.forEach((p, pi) => {
    const tasksOf = planned.filter((t) => t.projectIndex === pi);
    const byN = (n: number) => {
      const t = tasksOf.find((x) => x.def.n === n);
      if (!t) throw new Error(`seed: ${p.name} has no T${n}`);
      return t;
    };
    step(addDays(projectStart, -7), "10:00", () => {
      const lead = as(p.leadUser);
      for (const m of p.milestones) {
        createMilestone(ctx, lead, milestoneSchema.parse({ projectId: projectIds[pi], name: m.name, dueOn: iso(addMonths(today, m.month)), expectedResults: m.expectedResults }));
      }
      // The 任务清单 comes in through the import (the only way the UI takes a project's own task codes),
      // as its preview would have planned it: every row a new task, predecessors by code.
      const projectId = projectIds[pi];
      const key = (t: PlannedTask) => `${projectId}:${t.code}`;
      const tasks: TaskOp[] = tasksOf.map((t, i) => ({
        row: i + 2,
        key: key(t),
        id: null,
        version: null,
        projectId,
        code: t.code,
        fields: {
          title: t.def.title,
          description: t.def.description,
          ownerUnitId: unitId(t.def.unit),
          ownerUserId: t.ownerUser ? userId(t.ownerUser) : null,
          startOn: t.startOn,
          dueOn: t.dueOn,
          isKey: t.def.key ?? false,
        },
        changes: [],
        predecessors: p.deps.filter(([, b]) => b === t.def.n).map(([a]) => key(byN(a))),
      }));
      for (const [a, b] of p.deps) {
        if (!(byN(a).dueOn < byN(b).startOn)) throw new Error(`seed: dependency ${byN(a).code} → ${byN(b).code} overlaps`);
      }
      commitImport(ctx, as("mishu"), {
        fileName: `${p.name}任务清单.xlsx`,
        sheets: ["tasks"],
        rows: [],
        issues: [],
        counts: { create: tasks.length, update: 0, unchanged: 0, refused: 0 },
        units: [],
        users: [],
        tasks,
        indicators: [],
        digest: "",
      });
      for (const t of tasksOf) {
        taskIds.set(t.code, scalar<number>(db, "SELECT id FROM tasks WHERE project_id = ? AND code = ?", projectId, t.code)!);
        placeInColumn(ctx, lead, taskId(t.code), "not_started");
      }
    });
  });

  // Then the work: each task started on its start day by its owner, progress reported, two tasks
  // suspended by an approved change request (close-out proposals and decisions: the close-out story).
  for (const t of planned) {
    if (t.status === "not_started") continue;
    // The owner reports on his task; a task without one (a unit without accounts), its unit lead, else the project lead.
    const unitLead = USERS.find((u) => u.unit === t.def.unit && u.roles.includes("unit_lead"))?.username;
    const owner = () => as(t.ownerUser ?? unitLead ?? PROJECTS[t.projectIndex].leadUser);
    const id = () => taskId(t.code);
    step(t.startOn, "09:30", () => placeInColumn(ctx, owner(), id(), "in_progress"));
    const done = t.status === "closed" || t.status === "pending_closeout";
    const reported = done ? t.dueOn : maxIso(t.startOn, iso(addDays(today, -1)));
    step(reported, "17:00", () => {
      // A task with indicators shows the progress its recorded values compute (the page takes no typed-in figure).
      if (taskHasIndicators(db, id())) return;
      const current = getTask(db, id());
      updateTask(ctx, owner(), taskUpdateSchema.parse({ id: current.id, version: current.version, patch: { progress: t.progress } }));
    });
    if (t.status === "suspended") {
      step(iso(addDays(today, -10)), "15:00", () =>
        commit(ctx, () => ({ result: null, events: applyTaskChange(db, as("shouxi"), id(), { status: "suspended" }, TASK_CHANGE_ACTIONS.suspend_task).events })),
      );
    }
  }

  // Which tasks feed each milestone node (those due since the node before it), linked by the project lead
  // with the task list; each node past its day judged reached (every feeding task done) or missed.
  PROJECTS.forEach((p, pi) => {
    const tasksOf = planned.filter((t) => t.projectIndex === pi);
    let previous = "";
    for (const [i, m] of p.milestones.entries()) {
      const dueOn = iso(addMonths(today, m.month));
      const feeding = tasksOf.filter((t) => t.dueOn <= dueOn && t.dueOn > previous);
      previous = dueOn;
      const node = () => projectMilestones(db, projectIds[pi])[i];
      step(addDays(projectStart, -7), "10:30", () => {
        const { id, version } = node();
        setMilestoneTasks(ctx, as(p.leadUser), milestoneTasksSchema.parse({ id, version, taskIds: feeding.map((t) => taskId(t.code)) }));
      });
      if (dueOn >= todayIso) continue;
      const done = feeding.every((t) => t.status === "closed" || t.status === "pending_closeout");
      step(dueOn, "17:30", () => {
        const { id, version } = node();
        setMilestoneStatus(ctx, as(p.leadUser), milestoneStatusSchema.parse({ id, version, status: done ? "reached" : "missed" }));
      });
    }
  });

  // The later features' parts of the story, on the same timeline (same instant: after the core's steps).
  const scope: DemoScope = {
    ctx,
    today,
    step,
    as,
    userId,
    taskId: (code) => {
      const id = taskIds.get(code);
      if (id === undefined) throw new Error(`seed: unknown task ${code}`);
      return id;
    },
    projectId: (index) => projectIds[index],
    tasks: planned.map((t) => ({ code: t.code, projectIndex: t.projectIndex, startOn: t.startOn, dueOn: t.dueOn, status: t.status, progress: t.progress, ownerUser: t.ownerUser })),
    projects: PROJECTS.map((p) => ({ leadUser: p.leadUser, startOn: iso(projectStart), endOn: iso(addMonths(today, p.endMonths)) })),
  };
  for (const story of SEED_STORIES) story(scope);

  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const s of steps) {
    history.at(s.day, s.hhmm);
    s.write();
  }
}

const maxIso = (a: string, b: string) => (a > b ? a : b);

/**
 * Board order as a person would drag it: the card goes just above the first card due after it (by code on
 * the same day). The cards compared are the whole target column, or, for a card already in it (the import
 * appends its rows in file order), the cards above it: those are in order already.
 */
function placeInColumn(ctx: AppContext, actor: Actor, id: number, status: TaskStatus): void {
  const { db } = ctx;
  const task = getTask(db, id);
  const column = all<{ id: number; dueOn: string; code: string }>(
    db,
    "SELECT id, due_on AS dueOn, code FROM tasks WHERE status = ? AND archived_at IS NULL AND id != ? AND (? OR position < ?) ORDER BY position",
    status,
    id,
    task.status === status ? 0 : 1,
    task.position,
  );
  const next = column.find((c) => c.dueOn > task.dueOn || (c.dueOn === task.dueOn && c.code > task.code));
  if (task.status === status && !next) return; // below every earlier card already
  const place = next ? { beforeId: next.id } : { afterId: column.at(-1)?.id ?? null };
  moveTask(ctx, actor, taskMoveSchema.parse({ id, version: task.version, toStatus: status, ...place }));
}
