// The responsive shell and the paths that do not need a mouse: the collapsible menu, the 移到… status
// control, undo after a move or reschedule, touch and keyboard drag texts, and failures shown inside the
// shell (route errors, failed background loads, lost connection).
import type { Widen } from "../zh-CN";

export const shellZh = {
  menu: "菜单",
  closeMenu: "关闭菜单",
  moveTo: "移到…",
  moveToLabel: "把任务「{title}」移到",
  moveToHint: "（需经流程）",
  moved: "已将「{title}」移到「{column}」",
  rescheduled: "已将「{title}」改为 {start} 至 {due}",
  undo: "撤销",
  undone: "已撤销",
  taskCard: "任务卡片",
  draggable: "可拖动",
  mapBar: "可调整日期的任务条",
  mapBarHandle: "日期拖动柄",
  scrollRegion: "{label}（可左右滚动）",
  tableRegion: "表格",
  // failures inside the shell
  pageFailed: "页面加载失败",
  pageFailedHint: "可能是网络中断或服务器暂时不可用。恢复连接后页面会自动重新加载。",
  retry: "重试",
  back: "返回上一页",
  goHome: "回到我的工作",
  notFoundTitle: "找不到该页面",
  forbiddenTitle: "没有权限",
  loadFailed: "加载失败：网络或服务器暂时不可用，恢复后会自动重试",
  reconnected: "连接已恢复",
};

export const shellEn: Widen<typeof shellZh> = {
  menu: "Menu",
  closeMenu: "Close menu",
  moveTo: "Move to…",
  moveToLabel: "Move task \"{title}\" to",
  moveToHint: " (by its process)",
  moved: "Moved \"{title}\" to \"{column}\"",
  rescheduled: "\"{title}\" now runs {start} to {due}",
  undo: "Undo",
  undone: "Undone",
  taskCard: "task card",
  draggable: "draggable",
  mapBar: "reschedulable task bar",
  mapBarHandle: "date handle",
  scrollRegion: "{label} (scrolls sideways)",
  tableRegion: "Table",
  pageFailed: "The page could not be loaded",
  pageFailedHint: "The network may be down or the server briefly unavailable. The page reloads by itself once the connection is back.",
  retry: "Retry",
  back: "Go back",
  goHome: "Back to My work",
  notFoundTitle: "Page not found",
  forbiddenTitle: "Not allowed",
  loadFailed: "Could not load: the network or server is unavailable; retrying once it is back",
  reconnected: "Connection restored",
};
