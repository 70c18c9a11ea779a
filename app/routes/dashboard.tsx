// 仪表板 (?view=chief|secretariat): the chief scientist's and the secretariat's dashboards. The view
// follows the user's roles (tabs when he has both); readers of the whole consortium follow the consortium
// board and the figures refresh (throttled) whenever something on it changes.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { chiefBurnUps, dashboardData } from "../models/dashboard.server";
import { DASH_PROJECT_PAGE, DASH_UNIT_PAGE, type DashboardView } from "../models/dashboard";
import { windowSize } from "../models/page-window";
import { laterTurn } from "../lib/render-turns";
import { pageTitle } from "../lib/meta";
import { useFormat, useT } from "../lib/viewer";
import { LiveRefresh } from "../components/dashboard/LiveRefresh";
import { ChiefView } from "../components/dashboard/ChiefView";
import { SecretariatView } from "../components/dashboard/SecretariatView";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const today = context.db.$clock.today();
  const params = new URL(request.url).searchParams;
  const units = windowSize(params.get("units"), DASH_UNIT_PAGE);
  const projects = windowSize(params.get("projects"), DASH_PROJECT_PAGE);
  const data = orErrorPage(actor, () => dashboardData(context.db, actor, today, params.get("view"), units, projects, { burnUpsApart: true }));
  // The burn-ups (the largest read and section) are read in a turn of their own and streamed (issue #17).
  // Read after the rest and after the board's seq, they are never older than what the page says it shows.
  const burnUps = data.chief ? laterTurn(context.handoff, () => chiefBurnUps(context.db, actor, today, projects)) : null;
  return { today, ...data, burnUps };
}

export default function DashboardRoute() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="dashboard" data-testid="dashboard" data-view={data.view}>
      <div className="page-head">
        <div>
          <h1>
            {t("dashboard.title")} · {t(`dashboard.views.${data.view}`)}
          </h1>
          <p className="dash-hint">
            {t(`dashboard.subtitle.${data.view}`)} · {t("dashboard.asOf", { date: fmt.date(data.today, "long") })}
            {!data.live && <> · {t("dashboard.snapshot")}</>}
          </p>
        </div>
        {data.live && <LiveRefresh boardId={data.boardId} seq={data.seq} />}
      </div>
      {data.views.length > 1 && <ViewTabs views={data.views} current={data.view} />}
      {data.chief && data.burnUps && <ChiefView data={data.chief} burnUps={data.burnUps} unitWindow={data.unitWindow} projectWindow={data.projectWindow} />}
      {data.secretariat && <SecretariatView data={data.secretariat} unitWindow={data.unitWindow} />}
    </div>
  );
}

function ViewTabs({ views, current }: { views: DashboardView[]; current: DashboardView }) {
  const t = useT();
  return (
    <nav className="subnav" aria-label={t("dashboard.viewsLabel")}>
      {views.map((v) => (
        <Link
          key={v}
          to={`?view=${v}`}
          className={v === current ? "active" : undefined}
          aria-current={v === current ? "page" : undefined}
          data-testid={`view-${v}`}
        >
          {t(`dashboard.views.${v}`)}
        </Link>
      ))}
    </nav>
  );
}
