// Resource route: the next page of one board column, by keyset (`after`, the order key of the last card the
// client holds), under the board's filters: what a column loads on scroll or 加载更多.
//   GET /board-cards?board=consortium&status=in_progress&after=a0V&scope=unit&overdue=1&unit=3
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { boardPage } from "../models/task-board.server";
import { boardFiltersOf, isBoardStatus } from "../models/board-filter";
import { translate } from "../i18n/catalog";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const params = new URL(request.url).searchParams;
  const status = params.get("status");
  const after = params.get("after");
  const board = params.get("board");
  if (!isBoardStatus(status) || !after || after.length > 200 || !board) return new Response(translate(actor.locale, "errors.invalid"), { status: 400 });
  return orErrorPage(actor, () => boardPage(context.db, actor, board, boardFiltersOf(params), status, after));
}
