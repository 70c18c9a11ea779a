// /comments: the comment threads' resource route, for every item kind (COMMENT_ENTITIES). GET
// ?entity=&entityId= answers the people the composer may offer after "@" (for a reader of the item) and
// the server's instant (the edit window); POST takes the thread's forms: post (with attachments, through
// the evidence store's checks), edit within the window, delete. New rows arrive live over the item's board.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { orErrorPage, requireActor } from "../lib/http.server";
import { asResourceReply, readIntent } from "../lib/intent-form.server";
import { translate } from "../i18n/catalog";
import { commentAddSchema, commentDeleteSchema, commentEditSchema, commentItemSchema, type ThreadContext } from "../models/comments";
import { addComment, deleteComment, editComment, mentionCandidates } from "../models/comments.server";

export async function loader({ request, context }: LoaderFunctionArgs): Promise<ThreadContext> {
  const actor = await requireActor(request, context);
  const params = new URL(request.url).searchParams;
  const item = commentItemSchema.safeParse({ entity: params.get("entity"), entityId: params.get("entityId") });
  if (!item.success) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  const { entity, entityId } = item.data;
  return { candidates: orErrorPage(actor, () => mentionCandidates(context.db, actor, entity, entityId)), now: context.db.$clock.nowIso() };
}

export const action = async (args: ActionFunctionArgs) => asResourceReply(await commentAction(args));

async function commentAction({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["add", "edit", "delete"], { uploads: "add" });
  if (post.refused) return post.refused;
  const { actor, intent, run, files } = post;
  switch (intent) {
    case "add":
      return run(commentAddSchema, (v) => addComment(context, actor, v, files), { target: "parentId", returnRow: true });
    case "edit":
      return run(commentEditSchema, (v) => editComment(context, actor, v), { returnRow: true });
    case "delete":
      return run(commentDeleteSchema, (v) => deleteComment(context, actor, v));
  }
}
