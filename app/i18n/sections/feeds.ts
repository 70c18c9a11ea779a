// The activity feeds of a project and of the consortium (动态): the audit trail as sentences, newest first.
import type { Widen } from "../zh-CN";

export const feedsZh = {
  nav: "动态",
  title: "联合体动态",
  subtitle: "联合体内每一项工作变化，按时间倒序；只显示你有权查看的内容。",
  projectTitle: "{code} 项目动态",
  projectSubtitle: "{name} 的任务、指标、检查、整改、调整与讨论，按时间倒序。",
  projectLink: "项目动态",
  projects: "按项目查看",
  empty: "暂无动态。任务、指标、检查等有了变化，会在这里按时间列出。",
  older: "更早的动态",
  newest: "回到最新",
  listLabel: "动态列表",
  pages: "翻页",
  consortiumLink: "联合体动态",
};

export const feedsEn: Widen<typeof feedsZh> = {
  nav: "Activity",
  title: "Consortium activity",
  subtitle: "Every change to the consortium's work, newest first; only what you may read.",
  projectTitle: "{code} activity",
  projectSubtitle: "Tasks, indicators, checks, rectifications, changes and discussions of {name}, newest first.",
  projectLink: "Project activity",
  projects: "By project",
  empty: "No activity yet. Changes to tasks, indicators, checks and the rest are listed here as they happen.",
  older: "Older activity",
  newest: "Back to the newest",
  listLabel: "Activity",
  pages: "Pages",
  consortiumLink: "Consortium activity",
};
