// Each robot platform's documented message format, signing and reply, as the outbox's worker sends them
// (server/delivery.ts). Server-only: signing uses node:crypto.
import { createHmac } from "node:crypto";
import type { Platform } from "./outbox";

export type OutgoingMessage = { subject: string; body: string; link: string };
export type WebhookRequest = { url: string; body: Record<string, unknown> };

const hmacBase64 = (key: string, data: string) => createHmac("sha256", key).update(data, "utf8").digest("base64");

/**
 * The request each platform documents for its group robot, signed where the robot has a secret:
 * 企业微信 markdown (no signing: the key in the URL is the credential); 钉钉 markdown with `timestamp`
 * (ms) and `sign` = urlencoded Base64(HmacSHA256(key = secret, timestamp + "\n" + secret)) in the query;
 * 飞书 rich text ("post") with `timestamp` (s) and `sign` = Base64(HmacSHA256(key = timestamp + "\n" +
 * secret, empty message)) in the body.
 */
export function robotRequest(platform: Platform, webhookUrl: string, secret: string, m: OutgoingMessage, nowMs: number): WebhookRequest {
  switch (platform) {
    case "wecom":
      return { url: webhookUrl, body: { msgtype: "markdown", markdown: { content: `**${m.subject}**\n${m.body}\n[查看详情](${m.link})` } } };
    case "dingtalk": {
      const url = new URL(webhookUrl);
      if (secret) {
        url.searchParams.set("timestamp", String(nowMs));
        url.searchParams.set("sign", hmacBase64(secret, `${nowMs}\n${secret}`));
      }
      return { url: url.toString(), body: { msgtype: "markdown", markdown: { title: m.subject, text: `#### ${m.subject}\n\n${m.body}\n\n[查看详情](${m.link})` } } };
    }
    case "feishu": {
      const seconds = Math.floor(nowMs / 1000);
      const signed = secret ? { timestamp: String(seconds), sign: hmacBase64(`${seconds}\n${secret}`, "") } : {};
      const content = [[{ tag: "text", text: m.body }], [{ tag: "a", text: "查看详情", href: m.link }]];
      return { url: webhookUrl, body: { ...signed, msg_type: "post", content: { post: { zh_cn: { title: m.subject, content } } } } };
    }
  }
}

/**
 * Whether a robot's answer means delivered; otherwise the platform's own error text. All three answer
 * HTTP 200 with an error code in the body: 企业微信 and 钉钉 `errcode`/`errmsg`, 飞书 `code`/`msg`.
 */
export function robotReplyError(status: number, text: string): string | null {
  let body: { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return status >= 200 && status < 300 ? null : `HTTP ${status} ${text.slice(0, 200)}`;
  }
  const code = body.errcode ?? body.code ?? 0;
  if (status >= 200 && status < 300 && (code === 0 || code === "0")) return null;
  return `HTTP ${status} ${String(code)} ${String(body.errmsg ?? body.msg ?? "")}`.trim().slice(0, 500);
}

