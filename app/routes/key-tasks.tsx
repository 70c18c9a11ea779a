// 重点任务推进表 (?month=2026-11): the key tasks per owner unit with the month's report rows, monthly
// filing by the units, the secretariat's view of who is late and its reopenings; XLSX export beside it.
// The page follows the consortium board, so rows saved or filed elsewhere show up without a reload.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useRevalidator } from "@remix-run/react";
import { addDays, format, parseISO } from "date-fns";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { fileUnitMonth, keyTaskTable, reopenFiling, saveReport } from "../models/key-tasks.server";
import { currentMonth, filingSchema, monthSchema, reopenSchema, reportEditSchema } from "../models/key-tasks";
import { pageTitle } from "../lib/meta";
import { useFormat, useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { UnitPanel } from "../components/key-tasks/UnitPanel";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "keyTasks.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  const asked = monthSchema.safeParse(new URL(request.url).searchParams.get("month") ?? currentMonth(today));
  const month = asked.success ? asked.data : currentMonth(today);
  const table = orErrorPage(actor, () => keyTaskTable(context.db, actor, month, today));
  return { table, badMonth: !asked.success, reopenUntil: format(addDays(parseISO(today), 3), "yyyy-MM-dd") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["save", "file", "reopen"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "save":
      return run(reportEditSchema, (v) => saveReport(context, actor, v), { target: "taskId" });
    case "file":
      return run(filingSchema, (v) => fileUnitMonth(context, actor, v), { target: "unitId" });
    case "reopen":
      return run(reopenSchema, (v) => reopenFiling(context, actor, v), { target: "unitId" });
  }
}

/** Stable identity: the board hook resets its state whenever its rows change. */
const NO_ROWS: never[] = [];

export default function KeyTasksRoute() {
  const { table, badMonth, reopenUntil } = useLoaderData<typeof loader>();
  const t = useT();
  const fmt = useFormat();
  const revalidator = useRevalidator();
  // Live: any report saved, filed or reopened on the consortium board refreshes this month's table.
  useBoard({
    boardId: table.boardId,
    seq: table.seq,
    rows: NO_ROWS,
    entity: "keyreport",
    onRemoteChange: (ev) => {
      if ((ev.payload.entity === "keyreport" || ev.payload.entity === "keyreopen") && revalidator.state === "idle") revalidator.revalidate();
    },
  });
  const count = (s: string) => table.units.filter((u) => u.state === s).length;
  const late = table.units.filter((u) => u.state === "late");
  const [y, m] = table.month.split("-");
  return (
    <>
      <div className="page-head kt-head">
        <div>
          <h1>{t("keyTasks.title")}</h1>
          <p className="kt-sub">{t("keyTasks.subtitle", { day: table.filingDay })}</p>
        </div>
        <Form method="get" className="kt-month">
          <label>
            {t("keyTasks.month")} <input type="month" name="month" defaultValue={table.month} required />
          </label>
          <button type="submit" className="btn secondary">{t("keyTasks.show")}</button>
          <a className="btn secondary" href={`/key-tasks.xlsx?month=${table.month}`} download>{t("keyTasks.export")}</a>
        </Form>
      </div>
      {badMonth && <div className="alert warn" role="alert">{t("keyTasks.invalidMonth")}</div>}
      <section className="panel kt-summary" aria-live="polite">
        <strong>{t("keyTasks.exportTitle", { name: "", y: Number(y), m: Number(m) }).trim()}</strong>
        <span className="kt-sub">{t("keyTasks.deadline", { date: fmt.date(table.deadline) })}</span>
        <span data-testid="kt-summary">{t("keyTasks.summary", { filed: count("filed"), open: count("open"), late: count("late") })}</span>
        {table.today > table.deadline && (
          <span className={late.length ? "kt-late-list" : "kt-sub"} data-testid="kt-late">
            {late.length ? <>{t("keyTasks.lateUnits")}{late.map((u) => u.shortName).join(t("common.listSep"))}</> : t("keyTasks.noneLate")}
          </span>
        )}
      </section>
      {table.units.length === 0 && <p className="panel">{t("keyTasks.empty")}</p>}
      {table.units.map((u) => <UnitPanel key={u.unitId} unit={u} month={table.month} reopenUntil={reopenUntil} />)}
    </>
  );
}
