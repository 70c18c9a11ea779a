// Checks with substance (issue 20): what signing a check needs (the date reached or a reason, the
// self-assessment filed or waived, every item judged), the statement under a bulk marking, the evidence
// behind each checklist row and who opened it, closing a rectification on a new measured value, and
// acceptance signed by the accepting unit's lead or his delegate.
import type { Widen } from "../zh-CN";

export const checkSubstanceZh = {
  ready: {
    title: "签署条件",
    date: "检查日期已到（{date}）",
    dateEarly: "检查日期未到（{date}），提前签署须说明理由",
    self: "项目负责人已提交自评",
    selfWaived: "秘书处已免予自评",
    selfMissing: "项目负责人尚未提交自评（或由秘书处记录免予自评理由）",
    items: "全部检查项已核查（{done}/{total}）",
    itemsOpen: "尚有 {n} 项未核查",
    met: "已满足",
    unmet: "未满足",
  },
  early: {
    label: "提前签署理由",
    hint: "检查日期为 {date}，今天提前签署须说明理由，理由记入检查记录",
    shown: "提前签署（检查日期 {date}）：{reason}",
  },
  waiver: {
    title: "免予自评",
    label: "免予自评理由",
    hint: "项目负责人无法提交自评时，由秘书处说明理由；理由记入检查记录",
    submit: "记录免予自评",
    shown: "秘书处已免予自评：{reason}",
    by: "{name} · {date}",
  },
  rest: {
    label: "核查说明",
    hint: "说明依据哪些材料认定其余各项符合，说明记入检查记录和审计日志",
    submit: "其余未核查项均记为符合",
    title: "统一记为符合的说明",
    by: "{name} · {date}",
    tag: "统一记为符合",
  },
  evidence: {
    label: "佐证材料",
    none: "无佐证材料",
    openedTitle: "专家查阅的佐证材料",
    openedHint: "指派专家从本页打开（下载）佐证材料时记录，每人每份记第一次。",
    openedEmpty: "专家尚未从本页打开佐证材料",
    item: "第 {seq} 项",
  },
  rect: {
    indicator: "未达标指标：{name}",
    newValue: "整改以来新测量值：{value}（{date} 测量）",
    noNewValue: "整改以来尚无新测量值",
    noValueLabel: "未取得新测量值的理由",
    noValueHint: "该指标整改以来没有新的测量值；核销须说明理由",
    closedOnValue: "核销依据：新测量值 {value}（{date} 测量）",
    closedWithout: "未取得新测量值的理由：{reason}",
  },
  delegate: {
    title: "委托签署",
    label: "委托签署人",
    hint: "单位负责人可委托本单位一名人员签署此项交付物的验收",
    submit: "委托",
    revoke: "撤销委托",
    none: "—",
    shown: "已委托 {name} 签署（{by} · {date}）",
    asDelegate: "受 {name} 委托",
  },
  done: {
    waive: "已记录免予自评",
    delegate: "委托已记录",
  },
};

export const checkSubstanceEn: Widen<typeof checkSubstanceZh> = {
  ready: {
    title: "Before signing",
    date: "The check date has come ({date})",
    dateEarly: "The check date ({date}) has not come: signing early needs a reason",
    self: "The project lead filed the self-assessment",
    selfWaived: "The secretariat waived the self-assessment",
    selfMissing: "The project lead has not filed the self-assessment (or the secretariat recorded a waiver)",
    items: "Every item reviewed ({done}/{total})",
    itemsOpen: "{n} items not reviewed yet",
    met: "met",
    unmet: "not met",
  },
  early: {
    label: "Reason for signing early",
    hint: "The check is scheduled for {date}; signing before then needs a reason, kept in the record",
    shown: "Signed early (scheduled for {date}): {reason}",
  },
  waiver: {
    title: "Self-assessment waiver",
    label: "Reason for the waiver",
    hint: "When the project lead cannot file the self-assessment, the secretariat records why; kept in the record",
    submit: "Record the waiver",
    shown: "The secretariat waived the self-assessment: {reason}",
    by: "{name} · {date}",
  },
  rest: {
    label: "Statement",
    hint: "Say what the remaining items were found satisfactory on; kept in the check's record and the audit trail",
    submit: "Mark all remaining items satisfactory",
    title: "Statement for the items marked satisfactory together",
    by: "{name} · {date}",
    tag: "marked together",
  },
  evidence: {
    label: "Evidence",
    none: "No evidence",
    openedTitle: "Evidence the experts opened",
    openedHint: "Recorded when an assigned expert opens (downloads) a file from this page; the first time per expert and file.",
    openedEmpty: "No expert has opened evidence from this page yet",
    item: "item {seq}",
  },
  rect: {
    indicator: "Failing indicator: {name}",
    newValue: "New value since opening: {value} (measured {date})",
    noNewValue: "No new value since it was opened",
    noValueLabel: "Why there is no new measured value",
    noValueHint: "The indicator has no new value since the rectification was opened; closing it needs the reason",
    closedOnValue: "Closed on the new value {value} (measured {date})",
    closedWithout: "Closed without a new value: {reason}",
  },
  delegate: {
    title: "Delegate signing",
    label: "Signs for the unit",
    hint: "The unit lead may name one person of the unit to sign the acceptance of this deliverable",
    submit: "Delegate",
    revoke: "Withdraw delegation",
    none: "—",
    shown: "Delegated to {name} ({by} · {date})",
    asDelegate: "for {name}",
  },
  done: {
    waive: "Waiver recorded",
    delegate: "Delegation recorded",
  },
};

export const checkSubstanceErrorsZh = {
  checkSignEarly: "检查日期（{date}）未到，提前签署须填写理由",
  checkSelfMissing: "项目负责人尚未提交自评，秘书处也未记录免予自评理由，不能签署",
  checkSelfFiled: "项目负责人已提交自评，无需免予自评",
  checkNothingLeft: "已没有未核查的检查项",
  rectNeedsNewValue: "该整改针对未达标指标「{indicator}」：须在整改开始后记录新的测量值，或说明未取得新测量值的理由，方可核销",
  acceptanceNotAnswerable: "只有验收单位（{unit}）的单位负责人或其委托的人员可以签署验收",
  acceptanceDelegateUnit: "受委托人须是验收单位（{unit}）的在职人员，且不能是委托人本人",
};

export const checkSubstanceErrorsEn: Widen<typeof checkSubstanceErrorsZh> = {
  checkSignEarly: "The check is scheduled for {date}: signing earlier needs a reason",
  checkSelfMissing: "The project lead has not filed the self-assessment and the secretariat recorded no waiver: the check cannot be signed",
  checkSelfFiled: "The project lead has filed the self-assessment: no waiver needed",
  checkNothingLeft: "No item is left unreviewed",
  rectNeedsNewValue: "This rectification concerns the failing indicator “{indicator}”: record a new measured value since it was opened, or say why there is none, before closing it",
  acceptanceNotAnswerable: "Only the lead of the accepting unit ({unit}) or the person he delegated may sign the acceptance",
  acceptanceDelegateUnit: "The delegate must be an active member of the accepting unit ({unit}) other than the lead himself",
};
