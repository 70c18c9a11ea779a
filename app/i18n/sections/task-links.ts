// Task predecessors (前置任务, finish-to-start) in the task dialog and on the battle map, and 压茬推进.
import type { Widen } from "../zh-CN";

export const taskLinksZh = {
  title: "前置与后续任务",
  predecessors: "前置任务",
  successors: "后续任务",
  none: "无",
  hint: "前置任务全部销号后，本任务即可启动（压茬推进）",
  add: "添加前置任务",
  searchLabel: "搜索任务（编号或名称）",
  searchPlaceholder: "输入编号或名称，如 RX01-T03",
  sameProject: "本项目",
  otherProject: "其他项目",
  noMatch: "没有匹配的任务",
  remove: "移除",
  removeLabel: "移除前置任务 {task}",
  added: "已添加前置任务「{task}」",
  removed: "已移除前置任务「{task}」",
  ready: "可启动",
  readyHint: "前置任务已全部销号，可以启动",
  readOnly: "您无权修改此任务的前置任务",
  closedTask: "已销号任务的前置任务不再修改",
  linkHandle: "从此处拖到另一任务，设为其前置任务",
  linkDrop: "松开以把「{from}」设为此任务的前置任务",
  linkedOnMap: "已将「{from}」设为「{to}」的前置任务",
  legendHandover: "压茬推进：前置任务已销号，后续任务可启动（从条形末端的圆点拖到另一任务可设前置）",
};

export const taskLinksEn: Widen<typeof taskLinksZh> = {
  title: "Predecessors and successors",
  predecessors: "Predecessors",
  successors: "Successors",
  none: "None",
  hint: "Once every predecessor is closed out, this task can start",
  add: "Add a predecessor",
  searchLabel: "Search tasks (code or title)",
  searchPlaceholder: "Type a code or title, e.g. RX01-T03",
  sameProject: "This project",
  otherProject: "Other projects",
  noMatch: "No matching task",
  remove: "Remove",
  removeLabel: "Remove predecessor {task}",
  added: "Added predecessor “{task}”",
  removed: "Removed predecessor “{task}”",
  ready: "Ready",
  readyHint: "Every predecessor is closed out: the task can start",
  readOnly: "You may not change this task's predecessors",
  closedTask: "A closed task's predecessors no longer change",
  linkHandle: "Drag from here onto another task to make this one its predecessor",
  linkDrop: "Release to make “{from}” a predecessor of this task",
  linkedOnMap: "“{from}” is now a predecessor of “{to}”",
  legendHandover: "Hand-over: the predecessor is closed out, the successor can start (drag from a bar end's dot onto another task to link them)",
};

export const taskLinksErrorsZh = {
  linkSelf: "任务不能作为自己的前置任务",
  linkCycle: "不能添加：会形成循环依赖（{path}）",
  linkExists: "「{task}」已是该任务的前置任务",
  linkMissing: "该前置关系不存在，可能已被他人移除",
  linkTaskClosed: "该任务已销号，不能再修改前置任务",
};

export const taskLinksErrorsEn: Widen<typeof taskLinksErrorsZh> = {
  linkSelf: "A task cannot be its own predecessor",
  linkCycle: "Not added: it would close a cycle ({path})",
  linkExists: "“{task}” is already a predecessor of this task",
  linkMissing: "This link does not exist (someone may have removed it)",
  linkTaskClosed: "This task is closed out: its predecessors no longer change",
};
