// Posts an add/remove of a predecessor to the task's links route (the form-action style's resource route)
// and answers with the reply: the task dialog and the battle map's drawn links share it. A plain fetch,
// not a Remix fetcher: the page's own loaders need no reload, the change comes back live on the board.
import { useCallback } from "react";
import type { IntentReply } from "../../lib/intent-form";
import type { TaskLinksRow } from "../../models/task-dependencies";
import { useT, useViewer } from "../../lib/viewer";

export type LinkWrite = { intent: "add" | "remove"; taskId: number; version: number; predecessorId: number };
export type LinkReply = { ok: true; row: TaskLinksRow } | { ok: false; message: string };

export function useLinkWrite() {
  const viewer = useViewer();
  const t = useT();
  return useCallback(
    async (w: LinkWrite): Promise<LinkReply> => {
      const body = new FormData();
      body.set("_csrf", viewer.csrfToken);
      for (const [k, v] of Object.entries(w)) body.set(k, String(v));
      try {
        const res = await fetch(`/tasks/${w.taskId}/links`, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
        const reply = (await res.json().catch(() => null)) as IntentReply<TaskLinksRow> | null;
        if (reply?.done && reply.row) return { ok: true, row: reply.row };
        return { ok: false, message: reply?.formError ?? t("errors.invalid") };
      } catch {
        return { ok: false, message: t("errors.offline") };
      }
    },
    [viewer.csrfToken, t],
  );
}
