// The key-task table at real size: filters applied on the server and a window of lines that grows on request.
import type { Widen } from "../zh-CN";

export const keyTaskViewZh = {
  filters: "筛选重点任务",
  unit: "承担单位",
  allUnits: "全部单位",
  project: "所属项目",
  allProjects: "全部项目",
  status: "任务状态",
  allStatuses: "全部状态",
  overdue: "仅看逾期",
  clear: "清除筛选",
  shown: "显示 {shown} / {matching} 项重点任务",
  more: "更多（还有 {n} 项）",
  none: "没有符合筛选条件的重点任务",
  partial: "本页显示其中 {n} 项",
};

export const keyTaskViewEn: Widen<typeof keyTaskViewZh> = {
  filters: "Filter key tasks",
  unit: "Owner unit",
  allUnits: "All units",
  project: "Project",
  allProjects: "All projects",
  status: "Task status",
  allStatuses: "All statuses",
  overdue: "Overdue only",
  clear: "Clear filters",
  shown: "Showing {shown} of {matching} key tasks",
  more: "More ({n} more)",
  none: "No key task matches the filters",
  partial: "{n} of them shown here",
};
