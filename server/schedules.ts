// The server's recurring jobs, all on the app clock (consortium time zone), so a test with a pinned
// clock runs them by advancing it: 整改 reminders and escalation and 推进表 filing reminders every morning, the session (and stale
// sign-in throttle) purge hourly, online backups every BACKUP_EVERY_HOURS, the database integrity check every
// INTEGRITY_CHECK_HOURS, the outbox's deliveries every OUTBOX_EVERY_SECONDS and its digest at 08:30.
import type { AppServer } from "./app";
import { DEFAULT_INTEGRITY_CHECK_HOURS, DEFAULT_OUTBOX_EVERY_SECONDS, type ServerConfig } from "./config";
import { backupNow } from "./backup";
import { issueRectificationReminders } from "../app/models/check-reminders.server";
import { issueFilingReminders } from "../app/models/filing-reminders.server";
import { purgeExpiredSessions } from "../app/models/auth.server";
import { purgeStaleThrottles } from "../app/models/throttle.server";
import { logger } from "./logger";
import { createSenders, startOutbox } from "./delivery";

const HOUR = 3600_000;
/** Reminders go out before the working day starts in the consortium's zone. */
export const REMINDERS_AT = "07:30";

export function startSchedules(
  server: AppServer,
  config: Pick<ServerConfig, "backupEveryHours" | "backupDir" | "backupKeep"> & Partial<Pick<ServerConfig, "integrityCheckHours" | "smtp" | "outboxEverySeconds">>,
): () => void {
  const { ctx, db } = server;
  const clock = db.$clock;
  const fail = (job: string) => (err: unknown) => logger.error({ err, job }, "scheduled job failed");
  const reminders = () => (issueRectificationReminders(ctx, clock.today()), issueFilingReminders(ctx, clock.today()));
  // A job that writes waits (without blocking) while a worker's write transaction runs (an import).
  const gated = (fn: () => unknown) => async () => (await ctx.writes?.idle(), fn());
  const stops = [
    clock.schedule({ dailyAt: REMINDERS_AT }, gated(reminders), fail("reminders")),
    clock.schedule({ everyMs: HOUR }, gated(() => (purgeExpiredSessions(db), purgeStaleThrottles(db))), fail("session purge")),
  ];
  stops.push(startOutbox(db, createSenders(config.smtp ?? null), (config.outboxEverySeconds ?? DEFAULT_OUTBOX_EVERY_SECONDS) * 1000, fail, ctx.writes));
  const integrityHours = config.integrityCheckHours ?? DEFAULT_INTEGRITY_CHECK_HOURS;
  if (integrityHours > 0) stops.push(clock.schedule({ everyMs: integrityHours * HOUR }, () => server.checkIntegrity(), fail("integrity check")));
  if (config.backupEveryHours > 0) {
    stops.push(
      clock.schedule(
        { everyMs: config.backupEveryHours * HOUR },
        async () => logger.info(await backupNow(db, config.backupDir, config.backupKeep), "backup written"),
        fail("backup"),
      ),
    );
  }
  // A server started after the morning run still reminds today (reminders are idempotent per day).
  try {
    reminders();
    purgeExpiredSessions(db);
  } catch (err) {
    fail("start")(err);
  }
  return () => stops.forEach((stop) => stop());
}
