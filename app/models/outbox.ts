// Channels beyond the app: what a notification kind is, how a person wants each kind by e-mail, the
// admin's robot form (with the webhook address rule), each robot platform's documented message format and
// signing, and the outbox's retry schedule. Pure: the database side is outbox.server.ts, the network side
// server/delivery.ts.
import * as z from "zod";
import { id, msg, requiredText, version } from "./validation";

/** The kinds of personal notification a person can tune (the bell's kinds, and mentions). */
export const NOTIFICATION_KINDS = ["notice", "mention", "closeout", "check", "rectification", "filing", "change", "trl", "acceptance"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const PREF_MODES = ["immediate", "digest", "off"] as const;
export type PrefMode = (typeof PREF_MODES)[number];
/** The daily digest goes out before the working day in the consortium's time zone. */
export const DIGEST_AT = "08:30";

export const prefsSchema = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, z.enum(PREF_MODES).default("immediate")])) as Record<NotificationKind, z.ZodDefault<z.ZodEnum<{ [M in PrefMode]: M }>>>);
export type PrefsInput = z.output<typeof prefsSchema>;

export const PLATFORMS = ["wecom", "dingtalk", "feishu"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The official webhook hosts, shown as examples on the form. */
export const PLATFORM_HOSTS: Record<Platform, string> = {
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
};

// Addresses a webhook may not reach unless the admin allows it: loopback, private, link-local (cloud
// metadata), carrier-grade NAT, unspecified, and their IPv6 forms (IPv4-mapped included).
const PRIVATE_V4: [number, number][] = [[0x00000000, 8], [0x0a000000, 8], [0x64400000, 10], [0x7f000000, 8], [0xa9fe0000, 16], [0xac100000, 12], [0xc0a80000, 16]];

function v4(address: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** True for an IP literal in a private, loopback or link-local range. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  const n = v4(mapped ? mapped[1]! : ip);
  if (n != null) return PRIVATE_V4.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
  if (!ip.includes(":")) return false;
  return ip === "::" || ip === "::1" || /^f[cd][0-9a-f]{0,2}:/.test(ip) || /^fe[89ab][0-9a-f]?:/.test(ip);
}

const isLocalName = (host: string) => host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || !host.includes(".");

/**
 * The webhook address rule: https to a public host; a private, loopback or single-label host (and then
 * plain http too) only when the admin ticked "allow private addresses" for this robot. Returns the
 * catalogue key of the refusal, or null. Names are checked again after DNS resolution when sending.
 */
export function webhookProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "channels.errors.webhookUrl";
  }
  if (url.username || url.password) return "channels.errors.webhookUrl";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const internal = isPrivateAddress(host) || isLocalName(host);
  if (internal && !allowPrivate) return "channels.errors.webhookPrivate";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && internal && allowPrivate) return null;
  return "channels.errors.webhookHttps";
}

const robotFields = {
  platform: z.enum(PLATFORMS),
  /** 0 or absent: the consortium's robot. */
  unitId: z.number().int().min(0).default(0),
  name: requiredText(60),
  webhookUrl: z.string().trim().min(1).max(500),
  secret: z.string().trim().max(200).default(""),
  allowPrivate: z.boolean().default(false),
  active: z.boolean().default(false),
};
function webhookRule(v: { webhookUrl: string; allowPrivate: boolean }, c: z.RefinementCtx) {
  const problem = webhookProblem(v.webhookUrl, v.allowPrivate);
  if (problem) c.addIssue({ code: "custom", message: msg(problem), path: ["webhookUrl"] });
}
export const robotCreateSchema = z.object(robotFields).strict().superRefine(webhookRule);
export const robotUpdateSchema = z.object({ ...robotFields, id, version }).strict().superRefine(webhookRule);
export const robotDeleteSchema = z.object({ id, version }).strict();
export const deliveryRetrySchema = z.object({ id }).strict();
export type RobotCreateInput = z.output<typeof robotCreateSchema>;
export type RobotUpdateInput = z.output<typeof robotUpdateSchema>;

// ---------------------------------------------------------------------------------------- retries

/** Attempts before a delivery is given up as failed (shown to the admin, who may retry it). */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 3600_000;
/** Exponential backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at an hour (about 64 min in all). */
export const retryDelayMs = (attempts: number) => Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
