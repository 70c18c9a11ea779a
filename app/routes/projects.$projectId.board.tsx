import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { boardData } from "../models/task-board.server";
import { boardFiltersOf } from "../models/board-filter";
import { projectBoard } from "../models/boards.server";
import { Board } from "../components/board/Board";
import { useT } from "../lib/viewer";
import { translate } from "../i18n/catalog";
import { pageTitle } from "../lib/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "board.title", data?.data.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const projectId = Number(params.projectId);
  if (!Number.isInteger(projectId) || projectId <= 0) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  return { data: orErrorPage(actor, () => boardData(context.db, actor, projectBoard(projectId), boardFiltersOf(new URL(request.url).searchParams))), projectId, today: context.db.$clock.today() };
}

export default function ProjectBoard() {
  const { data, today, projectId } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{data.title}</h1>
        <span className="ck-links">
          <Link to={`/projects/${projectId}/taskbook`}>{t("taskBook.link")}</Link>
          <Link to={`/projects/${projectId}/milestones`}>{t("milestonePage.link")}</Link>
          <Link to={`/projects/${projectId}/activity`}>{t("feeds.projectLink")}</Link>
          <Link to="/board">{t("board.consortiumTitle")}</Link>
        </span>
      </div>
      <Board key={projectId} data={data} today={today} projectId={projectId} />
    </>
  );
}
