// Configuration from the environment. The session secret is never in the repo: taken from
// SESSION_SECRET, or generated on first start and kept beside the database (outside git). Light on
// purpose (no models): server/index.ts reads it before the rest of the server loads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { publicOriginOf } from "./origin";

export type ServerConfig = {
  port: number;
  host: string;
  databasePath: string;
  dataDir: string;
  uploadsDir: string;
  /** poppler's pdftoppm (PDFTOPPM): renders the first page of PDF attachments for their preview. */
  pdftoppm: string;
  backupDir: string;
  backupEveryHours: number;
  backupKeep: number;
  /** PRAGMA quick_check of the database file every this many hours (reported by /healthz). */
  integrityCheckHours: number;
  sessionSecret: string;
  secureCookies: boolean;
  /** PUBLIC_URL's origin: browsers acting from it are accepted (server/origin.ts). */
  publicOrigin: string | null;
  trustProxy: boolean;
  production: boolean;
  logLevel: string;
  seedDemo: boolean;
  /** Worker threads for exports, and export jobs running at once (EXPORT_THREADS). */
  exportThreads: number;
  /** Outgoing mail (SMTP_HOST …), null: no e-mail channel. */
  smtp: SmtpSettings | null;
  /** How often the outbox worker looks for due deliveries. */
  outboxEverySeconds: number;
};

export const DEFAULT_INTEGRITY_CHECK_HOURS = 6;
/** How often the outbox worker (server/delivery.ts) looks for due deliveries. */
export const DEFAULT_OUTBOX_EVERY_SECONDS = 10;

export type SmtpSettings = { host: string; port: number; secure: boolean; user: string; pass: string; from: string };

/** SMTP_HOST (required to send mail), SMTP_PORT (587, or 465 with SMTP_SECURE=1), SMTP_USER, SMTP_PASS, MAIL_FROM. */
export function smtpFromEnv(env: Record<string, string | undefined>): SmtpSettings | null {
  if (!env.SMTP_HOST) return null;
  const secure = env.SMTP_SECURE === "1";
  return {
    host: env.SMTP_HOST,
    port: Number(env.SMTP_PORT ?? (secure ? 465 : 587)),
    secure,
    user: env.SMTP_USER ?? "",
    pass: env.SMTP_PASS ?? "",
    from: env.MAIL_FROM ?? `创新联合体协同工作台 <noreply@${env.SMTP_HOST}>`,
  };
}

function secretFor(dataDir: string): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const file = path.join(dataDir, ".session-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env = process.env): ServerConfig {
  const databasePath = path.resolve(env.DATABASE_PATH ?? "data/consortium.db");
  const dataDir = path.dirname(databasePath);
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    databasePath,
    dataDir,
    uploadsDir: path.resolve(env.UPLOADS_DIR ?? path.join(dataDir, "uploads")),
    pdftoppm: env.PDFTOPPM ?? "pdftoppm",
    backupDir: path.resolve(env.BACKUP_DIR ?? path.join(dataDir, "backups")),
    backupEveryHours: Number(env.BACKUP_EVERY_HOURS ?? 24),
    backupKeep: Number(env.BACKUP_KEEP ?? 14),
    integrityCheckHours: Number(env.INTEGRITY_CHECK_HOURS ?? DEFAULT_INTEGRITY_CHECK_HOURS),
    sessionSecret: secretFor(dataDir),
    secureCookies: env.SECURE_COOKIES === "1" || (env.PUBLIC_URL ?? "").startsWith("https://"),
    publicOrigin: publicOriginOf(env.PUBLIC_URL),
    trustProxy: env.TRUST_PROXY === "1",
    production: env.NODE_ENV === "production",
    logLevel: env.LOG_LEVEL ?? "info",
    seedDemo: env.SEED_DEMO !== "0",
    // Two at least, so the PDF's print view (which asks a worker for the report) never waits behind a long Word export.
    exportThreads: Math.max(1, Number(env.EXPORT_THREADS ?? Math.max(2, Math.min(4, os.availableParallelism() - 1)))),
    smtp: smtpFromEnv(env),
    outboxEverySeconds: Number(env.OUTBOX_EVERY_SECONDS ?? DEFAULT_OUTBOX_EVERY_SECONDS),
  };
}
