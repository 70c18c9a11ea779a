// The task page's own attachments: every file with its preview, and for those who may update the task an
// upload form (photo or files, the evidence store's checks). New files arrive live over the task's board.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { EvidenceRow } from "../../models/evidence";
import type { IntentReply } from "../../lib/intent-form";
import { IntentHidden, useRefusalText } from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import { Attachments, ChosenFiles, FilePickers } from "./Attachments";

export function TaskAttachments({ taskId, files, canUpload }: { taskId: number; files: EvidenceRow[]; canUpload: boolean }) {
  const t = useT();
  const fetcher = useFetcher<IntentReply>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [picker, setPicker] = useState(0);
  const refusal = useRefusalText(fetcher.data);
  const handled = useRef<IntentReply | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.done && handled.current !== fetcher.data) {
      handled.current = fetcher.data;
      setChosen([]);
      setPicker((n) => n + 1);
    }
  }, [fetcher.state, fetcher.data]);
  return (
    <section className="panel task-files" aria-labelledby="task-files-title" data-testid="task-attachments">
      <h2 id="task-files-title">
        {t("comments.taskFiles")} <span className="muted small">{t("evidence.count", { n: files.length })}</span>
      </h2>
      {files.length ? <Attachments files={files} /> : <p className="muted">{t("comments.taskFilesEmpty")}</p>}
      {canUpload && (
        <fetcher.Form method="post" action={`/tasks/${taskId}/attachments`} encType="multipart/form-data" className="cm-composer">
          <IntentHidden intent="attach" values={{ taskId }} />
          <ChosenFiles names={chosen} />
          <div className="cm-foot">
            <FilePickers key={picker} onChosen={setChosen} />
            <button type="submit" className="btn small" disabled={!chosen.length || fetcher.state !== "idle"}>
              {t("comments.upload")}
            </button>
          </div>
          {refusal && (
            <div className="alert bad" role="alert">
              {refusal}
            </div>
          )}
        </fetcher.Form>
      )}
    </section>
  );
}
