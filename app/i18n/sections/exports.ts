// Export jobs: long exports (Word, PDF, Excel) run in the background; the user sees their progress on the
// report page and at 导出任务 (/exports), where finished files stay downloadable after leaving the page.
import type { Widen } from "../zh-CN";

export const exportsZh = {
  title: "导出任务",
  subtitle: "报告导出在后台生成，离开页面不影响；生成完成后可在此下载（保留 24 小时）。",
  panel: "导出进度",
  empty: "暂无导出任务",
  kinds: { docx: "Word 报告", pdf: "PDF 报告", xlsx: "数据表" },
  status: { queued: "排队中", running: "生成中", done: "已完成", failed: "失败" },
  queuedAt: "第 {n} 位",
  stages: { queued: "等待空闲", reading: "读取数据", writing: "排版文档", packing: "打包文件", printing: "打印 PDF", done: "完成", failed: "失败" },
  download: "下载",
  size: "{kb} KB",
  started: "已开始生成，完成后可下载；离开页面也会继续。",
  all: "全部导出任务",
  failedHint: "生成失败，请稍后重试",
  tableSummarized: "{title}（按单位汇总；全部 {rows} 行明细见“数据表（.xlsx）”）",
  tableTruncated: "{title}（前 {shown} 行；全部 {rows} 行见“数据表（.xlsx）”）",
  summaryRows: "合计",
};

export const exportsEn: Widen<typeof exportsZh> = {
  title: "Exports",
  subtitle: "Report exports are built in the background and keep going when you leave the page; finished files can be downloaded here for 24 hours.",
  panel: "Export progress",
  empty: "No exports yet",
  kinds: { docx: "Word report", pdf: "PDF report", xlsx: "Data tables" },
  status: { queued: "Queued", running: "Building", done: "Ready", failed: "Failed" },
  queuedAt: "position {n}",
  stages: { queued: "Waiting for a free worker", reading: "Reading data", writing: "Laying out", packing: "Packing the file", printing: "Printing the PDF", done: "Done", failed: "Failed" },
  download: "Download",
  size: "{kb} KB",
  started: "Started; download it when ready. It keeps going if you leave the page.",
  all: "All exports",
  failedHint: "The export failed; please try again later",
  tableSummarized: "{title} (by unit; all {rows} rows in the data tables (.xlsx))",
  tableTruncated: "{title} (first {shown} rows; all {rows} rows in the data tables (.xlsx))",
  summaryRows: "Rows",
};

export const exportsErrorsZh = {
  tooManyExports: "您已有 {n} 个导出正在进行，请等其完成后再试",
};
export const exportsErrorsEn: Widen<typeof exportsErrorsZh> = {
  tooManyExports: "You already have {n} exports running; please wait for them to finish",
};
