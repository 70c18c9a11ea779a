// Resource route: the change requests touching one task (newest first), for the board's card drawer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { assertCanReadBoard, projectBoard } from "../models/boards.server";
import { getTask } from "../models/tasks.server";
import { listChangeRequests } from "../models/change-views.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.taskId);
  if (!Number.isInteger(id) || id <= 0) throw new Response("", { status: 404 });
  return {
    changes: orErrorPage(actor, () => {
      assertCanReadBoard(actor, projectBoard(getTask(context.db, id).projectId));
      return listChangeRequests(context.db, actor, { taskId: id });
    }),
  };
}
