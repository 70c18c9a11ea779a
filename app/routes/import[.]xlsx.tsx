// /import.xlsx: the import template; /import.xlsx?current=1: the current tasks and indicators in the
// template's format (edit and import again). Built in a worker thread: thousands of rows are no stall.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { forbidden } from "../models/errors";
import { importableSheets } from "../models/import.server";
import { download, XLSX_TYPE } from "../exports/xlsx-table.server";
import { translate } from "../i18n/catalog";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const sheets = importableSheets(actor);
  orErrorPage(actor, () => {
    if (!sheets.length) throw forbidden(); // the 403 page, not a server error
  });
  const filled = new URL(request.url).searchParams.get("current") === "1";
  const bytes = await context.workers.run(context.db.$clock, { kind: "import-workbook", input: { locale: actor.locale, filled, sheets } });
  const what = sheets.includes("tasks") ? "tasks" : sheets[0]!;
  const name = `${translate(actor.locale, `import.sheets.${what}`)}${filled ? "" : translate(actor.locale, "import.template")}.xlsx`;
  const ascii = what === "tasks" ? "task-list" : "members";
  return download(Buffer.from(bytes), XLSX_TYPE, filled ? `${ascii}.xlsx` : `${ascii}-template.xlsx`, name);
}
