// 重点任务推进表 (?month=2026-11): the key tasks per owner unit with the month's report rows, monthly
// filing by the units, the secretariat's view of who is late and its reopenings; XLSX export beside it.
// At real size (thousands of key tasks) the lines are filtered in SQL (?unit, ?project, ?status,
// ?overdue=1) and the page carries the first 100, the viewer's unit first; "更多" (a link: keyboard,
// touch, no script needed) widens the window (?limit). The filing states always count every key task.
// The page follows the consortium board, so rows saved or filed elsewhere show up without a reload.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { addDays, format, parseISO } from "date-fns";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { fileUnitMonth, keyTaskTable, reopenFiling, saveReport } from "../models/key-tasks.server";
import { currentMonth, filingSchema, KEY_TASK_PAGE, keyTaskSearch, monthSchema, parseKeyTaskView, reopenSchema, reportEditSchema } from "../models/key-tasks";
import { projectOptions } from "../models/projects.server";
import { TASK_STATUSES } from "../models/domain";
import { pageTitle } from "../lib/meta";
import { useFormat, useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { UnitPanel } from "../components/key-tasks/UnitPanel";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "keyTasks.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  const params = new URL(request.url).searchParams;
  const asked = monthSchema.safeParse(params.get("month") ?? currentMonth(today));
  const month = asked.success ? asked.data : currentMonth(today);
  const view = parseKeyTaskView(params);
  const table = orErrorPage(actor, () => keyTaskTable(context.db, actor, month, today, view));
  const projects = projectOptions(context.db).map((p) => ({ id: p.id, code: p.code, name: p.name }));
  return { table, view, projects, badMonth: !asked.success, reopenUntil: format(addDays(parseISO(today), 3), "yyyy-MM-dd") };
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
  const { table, view, projects, badMonth, reopenUntil } = useLoaderData<typeof loader>();
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
  const filtered = view.unit != null || view.project != null || view.status != null || view.overdue;
  // Units with lines in the window; a unit picked by the filter shows even when none of its lines match.
  const shownUnits = table.units.filter((u) => u.lines.length > 0 || u.unitId === view.unit);
  return (
    <>
      <div className="page-head kt-head">
        <div>
          <h1>{t("keyTasks.title")}</h1>
          <p className="kt-sub">{t("keyTasks.subtitle", { day: table.filingDay })}</p>
        </div>
        <a className="btn secondary" href={`/key-tasks.xlsx?month=${table.month}`} download>{t("keyTasks.export")}</a>
      </div>
      {/* Re-keyed by the URL's view so the fields show what the page shows after a link or "clear". */}
      <Form method="get" className="panel kt-filters" aria-label={t("keyTaskView.filters")} key={keyTaskSearch(table.month, view)}>
        <label>
          <span>{t("keyTasks.month")}</span> <input type="month" name="month" defaultValue={table.month} required />
        </label>
        <label>
          <span>{t("keyTaskView.unit")}</span>
          <select name="unit" defaultValue={view.unit ?? ""}>
            <option value="">{t("keyTaskView.allUnits")}</option>
            {table.units.map((u) => <option key={u.unitId} value={u.unitId}>{u.shortName}</option>)}
          </select>
        </label>
        <label>
          <span>{t("keyTaskView.project")}</span>
          <select name="project" defaultValue={view.project ?? ""}>
            <option value="">{t("keyTaskView.allProjects")}</option>
            {projects.map((p) => <option key={p.id} value={p.id}>{`${p.code} ${p.name}`}</option>)}
          </select>
        </label>
        <label>
          <span>{t("keyTaskView.status")}</span>
          <select name="status" defaultValue={view.status ?? ""}>
            <option value="">{t("keyTaskView.allStatuses")}</option>
            {TASK_STATUSES.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
          </select>
        </label>
        <label className="kt-check">
          <input type="checkbox" name="overdue" value="1" defaultChecked={view.overdue} /> {t("keyTaskView.overdue")}
        </label>
        <button type="submit" className="btn secondary">{t("keyTasks.show")}</button>
        {filtered && <Link className="btn secondary" to={`?month=${table.month}`}>{t("keyTaskView.clear")}</Link>}
      </Form>
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
      {table.units.length > 0 && table.matching === 0 && <p className="panel" data-testid="kt-none">{t("keyTaskView.none")}</p>}
      {shownUnits.map((u) => <UnitPanel key={u.unitId} unit={u} month={table.month} reopenUntil={reopenUntil} />)}
      {table.matching > 0 && (filtered || table.shown < table.matching) && (
        <p className="kt-window" aria-live="polite">
          <span className="kt-sub" data-testid="kt-shown">{t("keyTaskView.shown", { shown: table.shown, matching: table.matching })}</span>
          {table.shown < table.matching && (
            <Link className="btn secondary" to={keyTaskSearch(table.month, { ...view, limit: view.limit + KEY_TASK_PAGE })} preventScrollReset data-testid="kt-more">
              {t("keyTaskView.more", { n: table.matching - table.shown })}
            </Link>
          )}
        </p>
      )}
    </>
  );
}
