// Resource route: a task's predecessors and successors for the task dialog (GET; `?q=` adds the picker's
// choices), and the add/remove writes the dialog and the battle map's drawn links post here. The changes
// reach every open board and map live as `taskLinks` and `task` events.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { asResourceReply, readIntent } from "../lib/intent-form.server";
import { linkSchema } from "../models/tasks";
import { addPredecessor, linkCandidates, removePredecessor, taskLinksView } from "../models/task-dependencies.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.taskId);
  if (!Number.isInteger(id) || id <= 0) throw new Response("", { status: 404 });
  const q = new URL(request.url).searchParams.get("q");
  return orErrorPage(actor, () => ({
    ...taskLinksView(context.db, actor, id),
    candidates: q == null ? null : linkCandidates(context.db, actor, id, q.slice(0, 60)),
  }));
}

export const action = async (args: ActionFunctionArgs) => asResourceReply(await linkAction(args));

async function linkAction({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["add", "remove"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "add":
      return run(linkSchema, (v) => addPredecessor(context, actor, v), { target: "taskId", returnRow: true });
    case "remove":
      return run(linkSchema, (v) => removePredecessor(context, actor, v), { target: "taskId", returnRow: true });
  }
}
