// /responsibility.xlsx?unit=5&year=2026&paper=A4 (or ?user=): the list as a workbook to print and sign,
// written by a worker thread as an export job (exports/responsibility-workbook.server.ts); this answers
// with its file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor, requirePermission } from "../lib/http.server";
import { translate } from "../i18n/catalog";
import { listSubjectFor } from "../models/responsibility.server";
import { listQuerySchema } from "../models/responsibility";
import { exportNow, workerExport } from "../exports/report-exports.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  requirePermission(actor, "read", "consortium");
  const parsed = listQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return new Response(translate(actor.locale, "errors.invalid"), { status: 400 });
  // An unknown unit or person is refused here, before a job is queued.
  const subject = orErrorPage(actor, () => listSubjectFor(context.db, actor, parsed.data, context.db.$clock.today()));
  const fileName = `${translate(actor.locale, "responsibility.title")}-${subject.name}-${subject.year}.xlsx`;
  return exportNow(context, actor, workerExport(context, { kind: "responsibility-xlsx", input: { actor, query: parsed.data } }, fileName, `responsibility-${subject.year}.xlsx`));
}
