// The comment forms of an item's thread (task page): post, edit within the window, delete. Resource route:
// the thread posts here with a fetcher and the new rows arrive live over the board like everyone else's.
import type { ActionFunctionArgs } from "@remix-run/node";
import { asResourceReply, readIntent } from "../lib/intent-form.server";
import { commentAddSchema, commentDeleteSchema, commentEditSchema } from "../models/comments";
import { addComment, deleteComment, editComment } from "../models/comments.server";

export const action = async (args: ActionFunctionArgs) => asResourceReply(await commentAction(args));

async function commentAction({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["add", "edit", "delete"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "add":
      return run(commentAddSchema, (v) => addComment(context, actor, v), { target: "parentId", returnRow: true });
    case "edit":
      return run(commentEditSchema, (v) => editComment(context, actor, v), { returnRow: true });
    case "delete":
      return run(commentDeleteSchema, (v) => deleteComment(context, actor, v));
  }
}
