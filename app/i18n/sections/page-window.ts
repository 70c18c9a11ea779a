// Long lists shown as a window that grows on request (models/page-window.ts, components/ui/ListWindow).
import type { Widen } from "../zh-CN";

export const pageWindowZh = {
  units: "显示 {shown} / {total} 个单位",
  unitsMore: "更多单位（还有 {n} 个）",
  projects: "显示 {shown} / {total} 个项目",
  projectsMore: "更多项目（还有 {n} 个）",
  indicators: "显示 {shown} / {total} 项指标",
  indicatorsMore: "更多指标（还有 {n} 项）",
};

export const pageWindowEn: Widen<typeof pageWindowZh> = {
  units: "Showing {shown} of {total} units",
  unitsMore: "More units ({n} more)",
  projects: "Showing {shown} of {total} projects",
  projectsMore: "More projects ({n} more)",
  indicators: "Showing {shown} of {total} indicators",
  indicatorsMore: "More indicators ({n} more)",
};
