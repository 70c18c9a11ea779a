// Evidence files (佐证材料) for indicator values, close-out proposals, acceptances, TRL claims and
// rectifications. Four other features call this module; keep its API stable:
//   readMultipart(request, actor, config) -> { form, files }   parse + limits + CSRF + type sniffing
//   storeEvidence(db, config, actor, subject, files)           inside the caller's transaction
//   listEvidence(db, subjectType, subjectIds)                  rows per subject id
//   evidenceForDownload(ctx, actor, id)                         for the /evidence/:id route
//
// Storage: `<uploadsDir>/<sha256[0..2]>/<sha256>`, content-addressed. The bytes are written (temp file,
// then rename: atomic, idempotent) BEFORE the row is inserted, inside the caller's synchronous
// transaction. If the transaction rolls back, the file stays as an orphan: harmless, because a file is
// only reachable through an evidence_files row and the same content uploaded again reuses it.
import fs from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { lazyRequire } from "../lib/lazy-require.server";
import type { DB } from "../../db/client";
import type { Actor, AppConfig, AppContext } from "./context.server";
import { canReadBoard, CONSORTIUM_BOARD, projectBoard } from "./boards.server";
import { recordChange } from "./write.server";
import { formTokenValid } from "./auth.server";
import { all, insert, must, one, placeholders } from "./sql.server";
import { DomainError, notFound } from "./errors";
import { translate } from "../i18n/catalog";
import {
  acceptedMime,
  ALLOWED_TYPES,
  EVIDENCE_FIELD,
  extensionOf,
  formatBytes,
  MAX_FIELD_BYTES,
  MAX_FILE_BYTES,
  MAX_FILES,
  MAX_TOTAL_BYTES,
  sanitizeFileName,
  storedPath,
  type EvidenceRow,
} from "./evidence";

const remix = lazyRequire<typeof import("@remix-run/node")>("@remix-run/node");

export type { EvidenceRow } from "./evidence";

/** One uploaded file after checks: `type` is the mime type sniffed from the content. */
export type UploadedFile = { name: string; type: string; bytes: Uint8Array };

/** Room for the multipart boundaries and the plain fields around the files. */
const ENVELOPE_BYTES = 1024 * 1024;

const tooLarge = () =>
  new DomainError("uploadTooLarge", 413, { max: formatBytes(MAX_FILE_BYTES), total: formatBytes(MAX_TOTAL_BYTES), count: MAX_FILES });

type Part = { name: string; filename?: string; contentType: string; data: AsyncIterable<Uint8Array> };

/** Reads a part into memory, refusing as soon as it passes `limit` (the rest is never buffered). */
async function readLimited(part: Part, limit: number, onTooLarge: () => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of part.data) {
    size += chunk.byteLength;
    if (size > limit) throw onTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

const hasNul = (bytes: Uint8Array) => bytes.subarray(0, 64 * 1024).includes(0);

/** Sniffs the content and checks it against the extension allowlist; returns the file with its real type. */
export async function checkUploadedFile(name: string, bytes: Uint8Array): Promise<UploadedFile> {
  const clean = sanitizeFileName(name);
  if (bytes.byteLength > MAX_FILE_BYTES) throw tooLarge();
  // file-type loads on the first upload, not at start-up.
  const { fileTypeFromBuffer } = await import("file-type");
  const sniffed = await fileTypeFromBuffer(bytes);
  const mime = acceptedMime(clean, sniffed?.ext, hasNul(bytes));
  if (!mime) throw new DomainError("uploadType", 415, { name: clean });
  return { name: clean, type: mime, bytes };
}

/**
 * Parses a multipart form (`encType="multipart/form-data"`) with evidence files in the field "evidence"
 * (multiple). Refuses, before buffering the rest: a body announced larger than the total limit, a file
 * over MAX_FILE_BYTES, more than MAX_FILES files, a total over MAX_TOTAL_BYTES (all `uploadTooLarge`,
 * 413). Each file's type is sniffed from its content and must match its allowlisted extension
 * (`uploadType`, 415). Checks the CSRF token like readForm. An empty file input (no file chosen) yields
 * no file. A form that is not multipart is read as an ordinary form with no files.
 */
export async function readMultipart(request: Request, actor: Actor, config: AppConfig): Promise<{ form: FormData; files: UploadedFile[] }> {
  void config; // limits are the constants in evidence.ts; the config is part of the stable signature
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_TOTAL_BYTES + ENVELOPE_BYTES) throw tooLarge();
  const raw: { name: string; bytes: Uint8Array }[] = [];
  let total = 0;
  let form: FormData;
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    form = await request.formData();
  } else {
    try {
      form = await remix().unstable_parseMultipartFormData(request, async (p) => {
        const part = p as unknown as Part;
        if (part.filename === undefined) {
          const bytes = await readLimited(part, MAX_FIELD_BYTES, () => new DomainError("tooLarge", 413));
          return new TextDecoder().decode(bytes);
        }
        const bytes = await readLimited(part, MAX_FILE_BYTES, tooLarge);
        if (part.name !== EVIDENCE_FIELD || (part.filename === "" && bytes.byteLength === 0)) return undefined;
        total += bytes.byteLength;
        if (total > MAX_TOTAL_BYTES) throw tooLarge();
        raw.push({ name: part.filename, bytes });
        if (raw.length > MAX_FILES) throw new DomainError("uploadTooMany", 413, { max: MAX_FILES });
        return undefined;
      });
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new DomainError("invalid", 400);
    }
  }
  if (!formTokenValid(actor, form.get("_csrf"))) {
    throw remix().data({ message: translate(actor.locale, "errors.csrf") }, { status: 403 });
  }
  const files: UploadedFile[] = [];
  for (const f of raw) files.push(await checkUploadedFile(f.name, f.bytes));
  return { form, files };
}

const ALLOWED_MIMES = new Set(Object.values(ALLOWED_TYPES).map((t) => t.mime));

/** Writes the bytes under their hash unless already there: temp file in the same folder, then rename. */
function writeContent(uploadsDir: string, sha256: string, bytes: Uint8Array): void {
  const target = path.join(uploadsDir, storedPath(sha256));
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, bytes, { flag: "wx", mode: 0o640 });
  fs.renameSync(tmp, target);
}

const SELECT = `
  SELECT e.id, e.sha256, e.name, e.mime, e.size, e.project_id AS projectId, e.subject_type AS subjectType,
         e.subject_id AS subjectId, e.uploaded_by AS uploadedBy, u.display_name AS uploaderName, e.uploaded_at AS uploadedAt
  FROM evidence_files e JOIN users u ON u.id = e.uploaded_by`;

export const getEvidence = (db: DB, id: number): EvidenceRow => must(one<EvidenceRow>(db, `${SELECT} WHERE e.id = ?`, id));

/**
 * Stores checked files (from readMultipart) as evidence of a subject. Call INSIDE the caller's write
 * transaction, after its permission and rule checks: each file is written to disk, then its row is
 * inserted and audited. Re-checks the cheap limits (count, size, allowed type) so no caller can bypass
 * them; the content sniffing happened in readMultipart/checkUploadedFile.
 */
export function storeEvidence(
  db: DB,
  config: AppConfig,
  actor: Actor,
  subject: { type: string; id: number; projectId: number | null },
  files: UploadedFile[],
): EvidenceRow[] {
  if (files.length > MAX_FILES) throw new DomainError("uploadTooMany", 413, { max: MAX_FILES });
  if (files.reduce((s, f) => s + f.bytes.byteLength, 0) > MAX_TOTAL_BYTES) throw tooLarge();
  return files.map((f) => {
    const name = sanitizeFileName(f.name);
    const expected = ALLOWED_TYPES[extensionOf(name)]?.mime;
    if (f.bytes.byteLength > MAX_FILE_BYTES) throw tooLarge();
    if (!expected || expected !== f.type || !ALLOWED_MIMES.has(f.type)) throw new DomainError("uploadType", 415, { name });
    const sha256 = createHash("sha256").update(f.bytes).digest("hex");
    writeContent(config.uploadsDir, sha256, f.bytes);
    const id = insert(
      db,
      `INSERT INTO evidence_files (sha256, name, mime, size, project_id, subject_type, subject_id, uploaded_by, uploaded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      sha256, name, f.type, f.bytes.byteLength, subject.projectId, subject.type, subject.id, actor.id, db.$clock.nowIso(),
    );
    const row = getEvidence(db, id);
    recordChange(db, { entity: "evidence", id, action: "upload", by: actor, before: null, after: row, boards: [] });
    return row;
  });
}

/** Evidence rows per subject id (oldest first), for the given subject type. */
export function listEvidence(db: DB, subjectType: string, subjectIds: number[]): Record<number, EvidenceRow[]> {
  const out: Record<number, EvidenceRow[]> = {};
  const ids = [...new Set(subjectIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = all<EvidenceRow>(db, `${SELECT} WHERE e.subject_type = ? AND e.subject_id IN (${placeholders(chunk)}) ORDER BY e.id`, subjectType, ...chunk);
    for (const r of rows) (out[r.subjectId] ??= []).push(r);
  }
  return out;
}

/** Evidence rows by id (oldest first). */
export function evidenceByIds(db: DB, ids: number[]): EvidenceRow[] {
  const unique = [...new Set(ids)];
  const out: EvidenceRow[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    out.push(...all<EvidenceRow>(db, `${SELECT} WHERE e.id IN (${placeholders(chunk)}) ORDER BY e.id`, ...chunk));
  }
  return out;
}

/** Whether the actor may download: read access to the file's project board (consortium board if none). */
export function canReadEvidence(actor: Actor, row: Pick<EvidenceRow, "projectId">): boolean {
  return canReadBoard(actor, row.projectId == null ? CONSORTIUM_BOARD : projectBoard(row.projectId));
}

/** Where a row's content is on disk (404 if it is gone). */
function contentFile(config: AppConfig, row: EvidenceRow): string {
  const file = path.join(config.uploadsDir, storedPath(row.sha256));
  if (!/^[0-9a-f]{64}$/.test(row.sha256) || !fs.existsSync(file)) throw notFound();
  return file;
}

/**
 * The row, for the download route. Forbidden without read access (`mayRead`: the project's board by
 * default; comments pass the rule of the item they are on); 404 if the file is gone.
 */
export function readableEvidence(ctx: Pick<AppContext, "db" | "config">, actor: Actor, id: number, mayRead: (row: EvidenceRow) => boolean = (row) => canReadEvidence(actor, row)): { row: EvidenceRow; file: string } {
  const row = getEvidence(ctx.db, id);
  if (!mayRead(row)) throw new DomainError("forbidden", 403, { evidence: id });
  return { row, file: contentFile(ctx.config, row) };
}

/** The row and its bytes (see readableEvidence). */
export function evidenceForDownload(ctx: Pick<AppContext, "db" | "config">, actor: Actor, id: number, mayRead?: (row: EvidenceRow) => boolean): { row: EvidenceRow; bytes: Buffer } {
  const { row, file } = readableEvidence(ctx, actor, id, mayRead);
  return { row, bytes: fs.readFileSync(file) };
}

const execFileAsync = promisify(execFile);

/**
 * The first page of a PDF as a PNG (about 480 px wide) for the inline preview: rendered once by poppler's
 * `pdftoppm` in a child process (never on the event loop; killed after 15 s) and kept beside the content
 * under its hash. Null when it cannot be rendered (no pdftoppm, a broken PDF): the page shows the file
 * as a plain link instead.
 */
export async function pdfFirstPage(config: AppConfig, row: EvidenceRow, file: string): Promise<Buffer | null> {
  if (row.mime !== "application/pdf") return null;
  const png = `${file}.p1.png`;
  if (!fs.existsSync(png)) {
    const prefix = `${file}.${randomBytes(6).toString("hex")}`;
    try {
      await execFileAsync(config.pdftoppm ?? "pdftoppm", ["-png", "-f", "1", "-l", "1", "-scale-to", "480", "-singlefile", file, prefix], { timeout: 15_000 });
      fs.renameSync(`${prefix}.png`, png);
    } catch {
      fs.rmSync(`${prefix}.png`, { force: true });
      return null;
    }
  }
  return fs.readFileSync(png);
}

/** `Content-Disposition: attachment` with an ASCII fallback and the RFC 5987 UTF-8 name (Chinese names). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
