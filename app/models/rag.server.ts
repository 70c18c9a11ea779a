// A task's status colour (RAG) in SQL: the rule of ragOf (rag.ts) written once for the queries that count
// or filter by colour over every task (battle map filter, dashboards) without carrying the rows into
// JavaScript. tests/unit/rag-sql.test.ts holds it to ragOf on rows either side of every threshold.
import type { RagSettings } from "./rag";

/**
 * The colour of the row of `tasks` (or of the alias `t`), as 'green' | 'yellow' | 'red' | 'done' | 'suspended'.
 * Named parameters: ragParams(). Cheap per row on purpose (20,000 rows per dashboard load):
 * - late (days past due > N, for a task still being worked on) is `due_on < today − N days`, one string
 *   comparison with a date computed once per statement (N is a whole number of days, settings.ts);
 * - the time-proportional plan needs day arithmetic only for a task between its start and its due date
 *   (before: 0 %, after: 100 %, a bar due on or before its start: 100 % once due); there it is the same
 *   division as plannedPercent, of the same whole day counts, so the boundaries agree to the last bit.
 */
export function ragSql(t?: string): string {
  const c = (column: string) => (t ? `${t}.${column}` : column);
  const [status, start, due, progress] = [c("status"), c("start_on"), c("due_on"), c("progress")];
  const planned = `(CASE WHEN ${due} <= ${start} THEN (CASE WHEN @ragToday >= ${due} THEN 100.0 ELSE 0.0 END)
    WHEN @ragToday <= ${start} THEN 0.0 WHEN @ragToday >= ${due} THEN 100.0
    ELSE (julianday(@ragToday) - julianday(${start})) / (julianday(${due}) - julianday(${start})) * 100 END)`;
  const late = (days: string) => `(${status} IN ('not_started', 'in_progress') AND ${due} < date(@ragToday, '-' || ${days} || ' days'))`;
  return `(CASE WHEN ${status} = 'closed' THEN 'done' WHEN ${status} = 'suspended' THEN 'suspended'
    WHEN ${late("@ragRedDays")} OR ${planned} - ${progress} > @ragRedLag THEN 'red'
    WHEN ${late("@ragYellowDays")} OR ${planned} - ${progress} > @ragYellowLag THEN 'yellow' ELSE 'green' END)`;
}

/** ragSql's named parameters. */
export const ragParams = (today: string, s: RagSettings) => ({
  ragToday: today,
  ragRedLag: s.ragRedLag,
  ragRedDays: s.ragRedDays,
  ragYellowLag: s.ragYellowLag,
  ragYellowDays: s.ragYellowDays,
});
