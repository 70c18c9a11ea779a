// 挂图作战, second round: saving a milestone deadline planned backwards, 提示/督办 marks on the map,
// printing every row (A3 PDF / PNG). The first round's strings stay in the base `battleMap` section.
import type { Widen } from "../zh-CN";

export const battleMapExtraZh = {
  saveDue: "保存为节点截止日期",
  saving: "正在保存…",
  savedDue: "已将「{name}」的截止日期保存为 {date}",
  saveHint: "保存后所有人的挂图同步更新，并记入审计日志",
  whatIfOnly: "您可推演不同的截止日期，但无权修改里程碑",
  movedBy: "{name} 将里程碑「{milestone}」的截止日期改为 {date}",
  print: "导出",
  printPdf: "打印 PDF（A3 横向）",
  printPng: "导出图片 PNG",
  printTitle: "打印当前筛选下的全部任务行",
  printedAt: "打印日期 {date} · 共 {n} 项任务",
  printedCut: "打印日期 {date} · 筛选出 {n} 项任务，超过一次打印的 {limit} 项：每组只印前几项，按单位或项目筛选后可印全",
  printScaled: "为适合纸张宽度，按「{zoom}」刻度打印",
  legendNotice: "提示/督办",
  noticeCount: "{n} 条未关闭的提示/督办",
  adjust: "调整日期",
  adjustTitle: "开启后，用手指或鼠标拖动任务条即可改期，拖动两端可改开始或截止日期；关闭后手指只滚动挂图（长按任务条也可拖动）",
  adjustOn: "调整日期模式：拖动任务条改期，拖动两端改开始/截止日期；每次改期后可在提示中撤销。完成后再点「调整日期」退出。",
  undoneDates: "已撤销：「{title}」恢复为 {start} 至 {due}",
};

export const battleMapExtraEn: Widen<typeof battleMapExtraZh> = {
  saveDue: "Save as the milestone's deadline",
  saving: "Saving…",
  savedDue: "Deadline of “{name}” saved as {date}",
  saveHint: "Everyone's map updates at once; the change is recorded in the audit log",
  whatIfOnly: "You can try other deadlines here, but you may not change the milestone",
  movedBy: "{name} moved the deadline of milestone “{milestone}” to {date}",
  print: "Export",
  printPdf: "Print PDF (A3 landscape)",
  printPng: "Export PNG image",
  printTitle: "Print every task row of the current filter",
  printedAt: "Printed {date} · {n} tasks",
  printedCut: "Printed {date} · {n} tasks match, more than the {limit} one print holds: each group shows its first tasks; filter by unit or project to print them all",
  printScaled: "Printed at the “{zoom}” scale to fit the paper width",
  legendNotice: "Reminder / supervision",
  noticeCount: "{n} open reminder or supervision notices",
  adjust: "Adjust dates",
  adjustTitle: "When on, drag a task bar by finger or mouse to reschedule it, or drag its ends to change its start or due date; when off, a finger only scrolls the map (a long press on a bar still picks it up)",
  adjustOn: "Adjusting dates: drag a bar to reschedule it, drag its ends to change its start or due date; each change can be undone from its message. Tap “Adjust dates” again when done.",
  undoneDates: "Undone: \"{title}\" runs {start} to {due} again",
};

export const battleMapExtraErrorsZh = {
  milestoneNotPending: "该里程碑已达成或已判定未达成，不能再修改截止日期",
  milestoneOutsideProject: "里程碑截止日期须在项目实施期内（{start} 至 {end}）",
  milestoneNotDue: "里程碑尚未到期（{due}），到期后才能判定是否达成",
  milestoneTaskOutside: "只能关联本项目中截止日期不晚于该里程碑（{due}）的任务",
};

export const battleMapExtraErrorsEn: Widen<typeof battleMapExtraErrorsZh> = {
  milestoneNotPending: "This milestone has already been reached or missed; its deadline can no longer change",
  milestoneOutsideProject: "A milestone's deadline must fall within the project's term ({start} to {end})",
  milestoneNotDue: "This milestone is not due until {due}; it can be judged reached or missed from then on",
  milestoneTaskOutside: "Only tasks of this project due on or before the milestone ({due}) can feed it",
};
