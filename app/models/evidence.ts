// Uploaded evidence (佐证材料: test reports, photos, documents). Pure settings and helpers shared by the
// upload form, the server (evidence.server.ts) and the tests.
//
// What is accepted, and why: documents and images only, each identified by its CONTENT (magic bytes via
// `file-type`) and by an allowlisted extension that must agree with the content. No executables, no
// archives (a zip can carry anything and cannot be checked here), no HTML/SVG/XML (they could run script
// if ever rendered). Plain text (txt, csv) has no magic bytes: it is accepted when the extension says so
// and the bytes contain no NUL (i.e. are not binary). Files are served only as downloads
// (Content-Disposition: attachment, nosniff, CSP sandbox), never rendered inline.

/** Largest single file. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Most files per submission. */
export const MAX_FILES = 10;
/** Largest submission in total (all files). */
export const MAX_TOTAL_BYTES = 50 * 1024 * 1024;
/** Largest plain (non-file) form field; the rest of a multipart form is small text. */
export const MAX_FIELD_BYTES = 64 * 1024;
/** The multipart field name of evidence files. */
export const EVIDENCE_FIELD = "evidence";

/** Allowed extension -> the content type `file-type` must detect (null: plain text, no magic bytes). */
export const ALLOWED_TYPES: Record<string, { sniffed: string | null; mime: string }> = {
  pdf: { sniffed: "pdf", mime: "application/pdf" },
  png: { sniffed: "png", mime: "image/png" },
  jpg: { sniffed: "jpg", mime: "image/jpeg" },
  jpeg: { sniffed: "jpg", mime: "image/jpeg" },
  webp: { sniffed: "webp", mime: "image/webp" },
  docx: { sniffed: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { sniffed: "xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pptx: { sniffed: "pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  txt: { sniffed: null, mime: "text/plain; charset=utf-8" },
  csv: { sniffed: null, mime: "text/csv; charset=utf-8" },
};

/** The `accept` attribute of the file input (a hint for the browser's picker; the server decides). */
export const ACCEPT_ATTR = Object.keys(ALLOWED_TYPES)
  .map((e) => `.${e}`)
  .join(",");

/** What a caller receives from evidence.server.ts, and what lists show. */
export type EvidenceRow = {
  id: number;
  sha256: string;
  name: string;
  mime: string;
  size: number;
  projectId: number | null;
  subjectType: string;
  subjectId: number;
  uploadedBy: number;
  uploaderName: string;
  uploadedAt: string;
};

export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).toLowerCase();
};

/**
 * A file name safe to store and show: base name only, no control or path characters, at most 120
 * characters (keeping the extension). Chinese names stay as they are.
 */
export function sanitizeFileName(raw: string): string {
  const base = (raw.split(/[/\\]/).pop() ?? "")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_")
    .replace(/^\.+/, "")
    .trim();
  const name = base || "file";
  if (name.length <= 120) return name;
  const ext = extensionOf(name);
  return `${name.slice(0, 120 - ext.length - 1)}.${ext}`;
}

/**
 * Whether a file with this name and sniffed content type is allowed; returns the mime type to store.
 * `sniffedExt` is file-type's `ext` (undefined when it recognised nothing); `looksBinary` whether the
 * bytes contain NUL.
 */
export function acceptedMime(name: string, sniffedExt: string | undefined, looksBinary: boolean): string | null {
  const allowed = ALLOWED_TYPES[extensionOf(name)];
  if (!allowed) return null;
  if (allowed.sniffed === null) return sniffedExt === undefined && !looksBinary ? allowed.mime : null;
  return sniffedExt === allowed.sniffed ? allowed.mime : null;
}

/** "1.2 MB", "340 KB", "12 B". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** Where a stored file lives under the uploads folder: content-addressed, two-character fan-out. */
export const storedPath = (sha256: string) => `${sha256.slice(0, 2)}/${sha256}`;
