// Evidence uploads (佐证材料): the file input, the file list and the upload errors. Used by indicators,
// close-out proposals, acceptances, TRL claims and rectifications.
import type { Widen } from "../zh-CN";

export const evidenceZh = {
  label: "佐证材料",
  hint: "可多选；单个文件不超过 {max}，每次最多 {count} 个。接受 PDF、图片（PNG/JPG/WebP）、Word、Excel、PowerPoint、TXT、CSV",
  none: "暂无佐证材料",
  download: "下载 {name}（{size}）",
  uploadedBy: "{name} 上传于 {date}",
  count: "{n} 个文件",
};

export const evidenceEn: Widen<typeof evidenceZh> = {
  label: "Evidence files",
  hint: "Several files allowed; at most {max} each and {count} per upload. Accepted: PDF, images (PNG/JPG/WebP), Word, Excel, PowerPoint, TXT, CSV",
  none: "No evidence yet",
  download: "Download {name} ({size})",
  uploadedBy: "Uploaded by {name} on {date}",
  count: "{n} files",
};

export const evidenceErrorsZh = {
  uploadTooLarge: "文件过大，未保存：单个文件不能超过 {max}，一次上传合计不能超过 {total}",
  uploadTooMany: "文件过多，未保存：一次最多上传 {max} 个文件",
  uploadNone: "请先选择要上传的文件",
  uploadType: "文件「{name}」类型不允许或与扩展名不符，未保存。仅接受 PDF、PNG、JPG、WebP、Word(docx)、Excel(xlsx)、PowerPoint(pptx)、TXT、CSV",
};

export const evidenceErrorsEn: Widen<typeof evidenceErrorsZh> = {
  uploadTooLarge: "File too large, nothing saved: at most {max} per file and {total} per upload",
  uploadTooMany: "Too many files, nothing saved: at most {max} files per upload",
  uploadNone: "Choose the files to upload first",
  uploadType:
    "File “{name}” is of a type that is not allowed or does not match its extension; nothing saved. Accepted: PDF, PNG, JPG, WebP, Word (docx), Excel (xlsx), PowerPoint (pptx), TXT, CSV",
};
