// /key-tasks.xlsx?month=2026-11: the month's 重点任务推进表 as a workbook ready to send upward, written
// by a worker thread as an export job (exports/key-tasks-workbook.server.ts); this answers with its file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { assertCanReadBoard, CONSORTIUM_BOARD } from "../models/boards.server";
import { currentMonth, monthSchema } from "../models/key-tasks";
import { translate } from "../i18n/catalog";
import { exportNow, workerExport } from "../exports/report-exports.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const parsed = monthSchema.safeParse(new URL(request.url).searchParams.get("month") ?? currentMonth(context.db.$clock.today()));
  if (!parsed.success) return new Response(translate(actor.locale, "keyTasks.invalidMonth"), { status: 400 });
  // Refused here, before a job is queued (the worker reads as he may, the same way).
  orErrorPage(actor, () => assertCanReadBoard(actor, CONSORTIUM_BOARD));
  const month = parsed.data;
  const fileName = `${translate(actor.locale, "keyTasks.title")}-${month}.xlsx`;
  return exportNow(context, actor, workerExport(context, { kind: "key-tasks-xlsx", input: { actor, month } }, fileName, `key-tasks-${month}.xlsx`));
}
