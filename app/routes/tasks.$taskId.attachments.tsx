// /tasks/:taskId/attachments: the task page's upload form (multipart, the evidence store's checks). Resource
// route: the new files arrive live over the task's board like everyone else's.
import type { ActionFunctionArgs } from "@remix-run/node";
import { asResourceReply, readIntent } from "../lib/intent-form.server";
import { taskAttachSchema } from "../models/comments";
import { attachToTask } from "../models/task-attachments.server";

export const action = async (args: ActionFunctionArgs) => asResourceReply(await attachAction(args));

async function attachAction({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["attach"], { uploads: "attach", defaultIntent: "attach" });
  if (post.refused) return post.refused;
  const { actor, run, files } = post;
  return run(taskAttachSchema, (v) => attachToTask(context, actor, v, files), { target: "taskId" });
}
