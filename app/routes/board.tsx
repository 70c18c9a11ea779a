import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { boardData } from "../models/task-board.server";
import { boardFiltersOf } from "../models/board-filter";
import { CONSORTIUM_BOARD } from "../models/boards.server";
import { Board } from "../components/board/Board";
import { useT } from "../lib/viewer";
import { pageTitle } from "../lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "board.consortiumTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  return { data: orErrorPage(actor, () => boardData(context.db, actor, CONSORTIUM_BOARD, boardFiltersOf(new URL(request.url).searchParams))), today: context.db.$clock.today() };
}

export default function ConsortiumBoard() {
  const { data, today } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="page-head">
        <h1>{t("board.consortiumTitle")}</h1>
      </div>
      <Board data={data} today={today} />
    </>
  );
}
