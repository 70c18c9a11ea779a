// 挂图作战 at real size: the window of rows the server sends (each lane's first rows, 更多 for the rest)
// and the stubs of links whose other end is not on screen.
import type { Widen } from "../zh-CN";

export const battleMapWindowZh = {
  more: "更多（本组还有 {n} 项）",
  predecessorsElsewhere: "前置任务 {codes} 不在当前视图",
  successorsElsewhere: "后续任务 {codes} 不在当前视图",
  unknownTask: "其他任务",
};

export const battleMapWindowEn: Widen<typeof battleMapWindowZh> = {
  more: "More ({n} more in this lane)",
  predecessorsElsewhere: "Predecessor {codes} is not in this view",
  successorsElsewhere: "Successor {codes} is not in this view",
  unknownTask: "another task",
};
