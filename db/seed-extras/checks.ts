// Demo checks (里程碑节点检查 / 中期检查): a signed mid-term check of the整机 project passed with
// rectification (one rectification closed, one open and due within days), a milestone check of the chip
// project scheduled for next month with its experts assigned, and a failed milestone check of the
// dexterous-hand project whose serious problem went to the 总体部 and was resolved there. Checklists are
// generated from whatever the earlier seeds (indicators, V-model/TRL) put in place.
import { addDays, addMonths, format } from "date-fns";
import { stamper } from "./stamp";
import type { DB } from "../client";
import { generateChecklist } from "../../app/models/checks";
import { checklistInput } from "../../app/models/check-reads.server";
import { insert, one, run, scalar } from "../../app/models/sql.server";

const iso = (d: Date) => format(d, "yyyy-MM-dd");

type Ids = { user: (u: string) => number; unit: (u: string) => number };

function lookups(db: DB): Ids | null {
  const user = (u: string) => scalar<number>(db, "SELECT id FROM users WHERE username = ?", u);
  const unit = (u: string) => scalar<number>(db, "SELECT id FROM member_units WHERE short_name = ?", u);
  if (!user("mishu") || !user("zhuanjia") || !unit("智元人形")) return null;
  return { user: (u) => user(u)!, unit: (u) => unit(u)! };
}

/** Project id by its number in the demo (codes end in -01 … -05). */
const projectByNo = (db: DB, n: number) =>
  one<{ id: number; leadUserId: number }>(db, "SELECT id, lead_user_id AS leadUserId FROM projects WHERE code LIKE ? ORDER BY id LIMIT 1", `%-RX-0${n}`);
const milestoneOf = (db: DB, projectId: number, name: string) =>
  one<{ id: number; dueOn: string }>(db, "SELECT id, due_on AS dueOn FROM milestones WHERE project_id = ? AND name = ?", projectId, name);

type CheckSpec = {
  projectId: number;
  kind: "milestone" | "midterm";
  milestoneId: number | null;
  scheduledOn: string;
  createdBy: number;
  createdAt: string;
  experts: number[];
};

/** Inserts the check, its experts and its generated checklist; returns the check id and item ids in order. */
function insertCheck(db: DB, s: CheckSpec): { id: number; items: { id: number; kind: string; title: string }[] } {
  const id = insert(db, "INSERT INTO checks (project_id, milestone_id, kind, scheduled_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)", s.projectId, s.milestoneId, s.kind, s.scheduledOn, s.createdBy, s.createdAt);
  for (const e of s.experts) run(db, "INSERT INTO check_experts (check_id, user_id) VALUES (?, ?)", id, e);
  const list = generateChecklist(checklistInput(db, s.projectId, s.kind, s.milestoneId, s.scheduledOn));
  const items = list.map((it) => ({
    id: insert(db, "INSERT INTO check_items (check_id, seq, kind, ref_id, title) VALUES (?, ?, ?, ?, ?)", id, it.seq, it.kind, it.refId, it.title),
    kind: it.kind,
    title: it.title,
  }));
  return { id, items };
}

/**
 * A seeded rectification as the rules would have left it: opened when its check was signed; a closed one
 * of a failing indicator rests on a value recorded since, or else on the stated reason why there is none.
 */
function settleRectification(db: DB, rectId: number, noValueReason: string) {
  run(db, "UPDATE rectifications SET opened_at = (SELECT signed_at FROM checks WHERE id = rectifications.check_id) WHERE id = ?", rectId);
  const r = one<{ status: string; indicatorId: number | null; openedAt: string }>(
    db,
    `SELECT r.status, CASE WHEN i.kind = 'indicator' THEN i.ref_id END AS indicatorId, r.opened_at AS openedAt
     FROM rectifications r LEFT JOIN check_items i ON i.id = r.check_item_id WHERE r.id = ?`,
    rectId,
  );
  if (!r || r.status !== "closed" || r.indicatorId == null) return;
  const value = scalar<number>(db, "SELECT id FROM effective_indicator_values WHERE indicator_id = ? AND recorded_at > ? ORDER BY recorded_at DESC, id DESC LIMIT 1", r.indicatorId, r.openedAt);
  run(db, "UPDATE rectifications SET closing_value_id = ?, no_value_reason = ? WHERE id = ?", value ?? null, value ? "" : noValueReason, rectId);
}

/** Every item reviewed by `expert`: satisfactory, except the findings given. */
function review(db: DB, checkId: number, expert: number, findings: { itemId: number; result: "problem" | "serious"; finding: string }[]) {
  run(db, "UPDATE check_items SET result = 'ok', finding = '', recorded_by = ?, version = version + 1 WHERE check_id = ?", expert, checkId);
  for (const f of findings) run(db, "UPDATE check_items SET result = ?, finding = ?, recorded_by = ? WHERE id = ?", f.result, f.finding, expert, f.itemId);
}

/**
 * The item a finding is recorded against: the first indicator or milestone whose title matches the
 * pattern (the indicator seed may or may not be there), else the first item of the preferred kinds.
 */
function pick(items: { id: number; kind: string; title: string }[], pattern: RegExp, prefer: string[], not: number[] = []): number | undefined {
  const free = items.filter((i) => !not.includes(i.id));
  const byTitle = free.find((i) => i.kind === "indicator" && pattern.test(i.title)) ?? free.find((i) => i.kind === "milestone" && pattern.test(i.title));
  if (byTitle) return byTitle.id;
  for (const kind of prefer) {
    const hit = free.find((i) => i.kind === kind);
    if (hit) return hit.id;
  }
  return free[0]?.id ?? items[0]?.id;
}

export function seedChecks(db: DB, today: Date): void {
  const stamp = (d: Date, hour = 10) => stamper(db)(d, hour);
  const ids = lookups(db);
  if (!ids) return;
  const mishu = ids.user("mishu");
  const zhuanjia = ids.user("zhuanjia");
  const zhuanjia2 = ids.user("zhuanjia2");

  // 1. 整机集成与可靠性验证: mid-term check three weeks ago, passed with rectification.
  const p4 = projectByNo(db, 4);
  if (p4) {
    const scheduled = addDays(today, -20);
    const check = insertCheck(db, { projectId: p4.id, kind: "midterm", milestoneId: null, scheduledOn: iso(scheduled), createdBy: mishu, createdAt: stamp(addDays(today, -35)), experts: [zhuanjia, zhuanjia2] });
    run(
      db,
      "UPDATE checks SET self_assessment = ?, self_assessed_by = ?, self_assessed_at = ? WHERE id = ?",
      "整机初样2台已完成集成装配，国产关节模组与控制器装机率100%；平地行走与抗扰动平衡测试基本达标，斜坡与台阶工况测试仍在进行。BMS 样机已完成，热失控预警功能待第三方测试。下一步：完成步态测试，启动1000小时可靠性试验。",
      p4.leadUserId,
      stamp(addDays(scheduled, -3), 9),
      check.id,
    );
    const first = pick(check.items, /热失控|BMS/, ["indicator", "milestone"]);
    const second = pick(check.items, /台阶|步态|斜坡/, ["indicator", "milestone"], first ? [first] : []);
    if (first && second) {
      review(db, check.id, zhuanjia, [
        { itemId: first, result: "problem", finding: "BMS 热失控预警功能未经第三方测试，缺少测试报告" },
        ...(second !== first ? [{ itemId: second, result: "problem" as const, finding: "整机初样斜坡与台阶工况缺少重复性试验记录，步态测试数据不完整" }] : []),
      ]);
      run(
        db,
        "UPDATE checks SET status = 'signed', outcome = 'rectify', outcome_summary = ?, signed_by = ?, signed_at = ?, version = 3 WHERE id = ?",
        "项目总体按计划推进，整机初样集成完成，关键部件国产化进展良好。存在两项问题须限期整改：补充 BMS 热失控预警第三方测试；完善整机步态测试数据。整改后通过。",
        zhuanjia,
        stamp(addDays(scheduled, 2), 15),
        check.id,
      );
      const RECT = "INSERT INTO rectifications (check_id, check_item_id, description, owner_unit_id, due_on, severity, status, response, closed_by, closed_at, version) VALUES (?, ?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?)";
      const closed = insert(db, RECT, check.id, first, "补充 BMS 热失控预警功能第三方测试并提交测试报告", ids.unit("恒能锂电"), iso(addDays(today, -3)), "closed",
        "已委托浙江省智能机器人产品质量检验中心完成热失控预警测试（报告编号 ZJRB-2026-1187），预警响应时间 1.8 s，满足不大于 3 s 的要求。", zhuanjia, stamp(addDays(today, -5), 16), 3);
      settleRectification(db, closed, "该指标按第三方检测报告（ZJRB-2026-1187）认定，整改期内未安排新的实测，以检测报告为核销依据。");
      const open = insert(db, RECT, check.id, second, "完善整机初样斜坡（10°）与台阶（15 cm）工况步态测试，每种工况重复试验不少于20次并提交数据", ids.unit("智元人形"), iso(addDays(today, 4)), "open", "", null, null, 1);
      settleRectification(db, open, "");
    }
  }

  // 2. 运动控制芯片与实时操作系统: milestone check at next month's node, experts assigned, not yet started.
  const p3 = projectByNo(db, 3);
  const node = p3 && milestoneOf(db, p3.id, "中期检查节点");
  if (p3 && node) {
    insertCheck(db, { projectId: p3.id, kind: "milestone", milestoneId: node.id, scheduledOn: node.dueOn, createdBy: mishu, createdAt: stamp(addDays(today, -2)), experts: [zhuanjia, zhuanjia2] });
  }

  // 3. 灵巧手与触觉感知: failed check at the 原理样机评审 node; the serious problem went to the 总体部.
  const p2 = projectByNo(db, 2);
  const proto = p2 && milestoneOf(db, p2.id, "原理样机评审");
  const zongtibu = ids.user("zongtibu");
  if (p2 && proto && zongtibu) {
    const scheduled = addDays(addMonths(today, -5), 3);
    const check = insertCheck(db, { projectId: p2.id, kind: "milestone", milestoneId: proto.id, scheduledOn: iso(scheduled), createdBy: mishu, createdAt: stamp(addDays(scheduled, -14)), experts: [zhuanjia] });
    run(
      db,
      "UPDATE checks SET self_assessment = ?, self_assessed_by = ?, self_assessed_at = ? WHERE id = ?",
      "腱绳驱动灵巧手原理样机已完成装配，电子皮肤材料样品与力传感器设计报告已提交。原理样机指尖抓取力未达设计值，拟调整腱绳预紧与驱动电机选型。",
      p2.leadUserId,
      stamp(addDays(scheduled, -2), 9),
      check.id,
    );
    const bad = pick(check.items, /原理样机|抓取/, ["milestone", "indicator"]);
    if (bad) {
      review(db, check.id, zhuanjia, [{ itemId: bad, result: "serious", finding: "原理样机指尖抓取力仅为设计值的45%，腱绳驱动方案可行性未得到验证，影响后续初样研制" }]);
      run(
        db,
        "UPDATE checks SET status = 'signed', outcome = 'fail', outcome_summary = ?, signed_by = ?, signed_at = ?, version = 3 WHERE id = ?",
        "原理样机未达到节点预期成果，腱绳驱动方案可行性未验证，检查不通过。建议调整驱动方案后重新组织节点评审，并报总体部协调整机需求。",
        zhuanjia,
        stamp(addDays(scheduled, 1), 16),
        check.id,
      );
      const rectId = insert(
        db,
        "INSERT INTO rectifications (check_id, check_item_id, description, owner_unit_id, due_on, severity, status, response, closed_by, closed_at, version) VALUES (?, ?, ?, ?, ?, 'serious', 'closed', ?, ?, ?, 4)",
        check.id, bad, "调整腱绳驱动方案（预紧机构与驱动电机选型），指尖抓取力达到设计值后重新提交原理样机评审", ids.unit("灵犀科技"), iso(addDays(scheduled, 45)),
          "按总体部意见改用双电机差动驱动与自适应预紧机构，指尖抓取力提升至设计值的108%，补充评审已通过。", zhuanjia, stamp(addDays(scheduled, 50), 11));
      settleRectification(db, rectId, "原理样机抓取力在补充评审中由专家组现场测试确认，未另行录入指标实测值。");
      run(
        db,
        "INSERT INTO escalations (check_id, rectification_id, description, escalated_by, escalated_at, status, resolution, resolved_by, resolved_at, version) VALUES (?, ?, ?, ?, ?, 'resolved', ?, ?, ?, 2)",
        check.id, rectId, "灵巧手原理样机抓取力严重不足，腱绳驱动方案可行性存疑，可能影响整机集成项目的灵巧手接口与进度，请总体部协调。", zhuanjia, stamp(addDays(scheduled, 1), 17),
        "经总体部组织专家论证，同意灵巧手改用双电机差动驱动方案；整机集成项目灵巧手接口冻结时间顺延一个月，由秘书处更新挂图作战计划。", zongtibu, stamp(addDays(scheduled, 8), 10));
    }
  }
}
