// The task board at real size: columns that load their cards a page at a time.
import type { Widen } from "../zh-CN";

export const boardPagesZh = {
  more: "加载更多（还有 {n} 张）",
  loading: "正在加载…",
  retry: "加载失败，点此重试",
};

export const boardPagesEn: Widen<typeof boardPagesZh> = {
  more: "Load more ({n} more)",
  loading: "Loading…",
  retry: "Loading failed, try again",
};
