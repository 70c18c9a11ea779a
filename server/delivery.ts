// The outbox's network side: sends what app/models/outbox.server.ts queued — e-mail over SMTP
// (nodemailer, a pooled transport) and posts to group robots (fetch, with the webhook's host resolved and
// refused when it lands on a private address the admin did not allow) — and records each outcome. Runs on
// the app clock (server/schedules.ts): every OUTBOX_EVERY_SECONDS, and the digest at 08:30. Sending is
// asynchronous I/O between two short transactions (claim, record), so a slow or dead server delays only
// its own deliveries, never a write.
import dns from "node:dns/promises";
import type { DB } from "../db/client";
import type { WriteGate } from "../app/models/context.server";
import { claimDue, queueDigests, recordAttempt, type DeliveryJob } from "../app/models/outbox.server";
import { DIGEST_AT, isPrivateAddress, type Platform } from "../app/models/outbox";
import { robotReplyError, robotRequest } from "../app/models/robot-messages.server";
import type { SmtpSettings } from "./config";

export { smtpFromEnv } from "./config";

export type RobotTarget = { platform: Platform; webhookUrl: string; secret: string; allowPrivate: boolean };

export type Senders = {
  /** Resolves when the SMTP server accepted the message. */
  email(to: string, subject: string, text: string): Promise<void>;
  /** The platform's error text, or null when the robot accepted the post. */
  robot(robot: RobotTarget, message: { subject: string; body: string; link: string }, nowMs: number): Promise<string | null>;
  close(): void;
};

const TIMEOUT_MS = 10_000;

export function createSenders(smtp: SmtpSettings | null): Senders {
  // nodemailer loads on the first mail, not at start-up (a fast restart: README, Performance).
  const transport = smtp
    ? import("nodemailer").then(({ default: nodemailer }) =>
        nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
          pool: true,
          maxConnections: 8,
          connectionTimeout: TIMEOUT_MS,
          greetingTimeout: TIMEOUT_MS,
          socketTimeout: TIMEOUT_MS,
        }),
      )
    : null;
  return {
    async email(to, subject, text) {
      if (!transport || !smtp) throw new Error("SMTP is not configured (SMTP_HOST)");
      await (await transport).sendMail({ from: smtp.from, to, subject, text });
    },
    async robot(r, message, nowMs) {
      const host = new URL(r.webhookUrl).hostname.replace(/^\[|\]$/g, "");
      if (!r.allowPrivate) {
        // The form refused private literals; a public name may still resolve inside the network.
        const addresses = await dns.lookup(host, { all: true });
        if (addresses.some((a) => isPrivateAddress(a.address))) return `webhook host ${host} resolves to a private address`;
      }
      const req = robotRequest(r.platform, r.webhookUrl, r.secret, message, nowMs);
      const res = await fetch(req.url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(req.body),
        redirect: "error",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      return robotReplyError(res.status, await res.text());
    },
    close() {
      void transport?.then((t) => t.close());
    },
  };
}

async function attempt(db: DB, senders: Senders, job: DeliveryJob): Promise<string | null> {
  try {
    if (job.channel === "email") {
      if (!job.email) return "the person has no e-mail address";
      await senders.email(job.email, job.subject, `${job.body}\n\n${job.href}\n`);
      return null;
    }
    if (!job.platform || !job.webhookUrl) return "the robot was removed";
    return await senders.robot(
      { platform: job.platform, webhookUrl: job.webhookUrl, secret: job.secret ?? "", allowPrivate: job.allowPrivate === 1 },
      { subject: job.subject, body: job.body, link: job.href },
      db.$clock.now().getTime(),
    );
  } catch (err) {
    const e = err as { message?: string; cause?: { message?: string; code?: string } };
    return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(": ") || String(err);
  }
}

const BATCH = 50;
const CONCURRENCY = 16;

/**
 * Sends everything due, batch after batch, CONCURRENCY at a time; returns the counts of this run. Each of
 * its writes first awaits `idle` (the write gate: a worker's write transaction may be running).
 */
export async function deliverDue(db: DB, senders: Senders, idle: () => Promise<void> = async () => {}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    await idle();
    const jobs = claimDue(db, BATCH);
    for (let i = 0; i < jobs.length; i += CONCURRENCY) {
      const slice = jobs.slice(i, i + CONCURRENCY);
      const outcomes = await Promise.all(slice.map((j) => attempt(db, senders, j)));
      await idle();
      db.transaction(() => slice.forEach((j, k) => recordAttempt(db, j, outcomes[k]!)));
      const ok = outcomes.filter((o) => o == null).length;
      sent += ok;
      failed += outcomes.length - ok;
    }
    if (jobs.length < BATCH) return { sent, failed };
  }
}

/**
 * The outbox's two jobs on the app clock: deliver what is due every `everyMs` (one run at a time), and
 * queue the daily digests at 08:30 (delivered at once). Returns the function that stops both.
 */
export function startOutbox(db: DB, senders: Senders, everyMs: number, onError: (job: string) => (err: unknown) => void, writes?: WriteGate): () => void {
  let running: Promise<unknown> | null = null;
  // Its writes (claims, outcomes) wait while a worker's write transaction runs (AppContext.writes).
  const idle = async () => writes?.idle();
  const run = () => {
    running ??= deliverDue(db, senders, idle).finally(() => (running = null));
    return running;
  };
  const stops = [
    db.$clock.schedule({ everyMs }, run, onError("outbox")),
    db.$clock.schedule({ dailyAt: DIGEST_AT }, async () => (await idle(), queueDigests(db), run()), onError("digest")),
  ];
  return () => {
    stops.forEach((stop) => stop());
    senders.close();
  };
}
