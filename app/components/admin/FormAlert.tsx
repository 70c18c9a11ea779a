// The form-level message of an admin form: why it was refused, and after a conflict a way to the
// current record (a full reload, so the form starts again from what is stored now).
import type { SubmissionResult } from "@conform-to/react";
import { useLocation } from "@remix-run/react";
import { useT } from "../../lib/viewer";

export type AdminFormReply = {
  intent?: string;
  result: SubmissionResult<string[]>;
  formError: string | null;
  conflict: boolean;
};

export function FormAlert({ reply }: { reply?: AdminFormReply | null }) {
  const t = useT();
  const { pathname } = useLocation();
  if (!reply?.formError) return null;
  return (
    <div className="alert bad" role="alert">
      {reply.formError}
      {reply.conflict && (
        <>
          {" "}
          <a href={pathname} data-testid="reload-latest">
            {t("admin.reload")}
          </a>
        </>
      )}
    </div>
  );
}

/** A confirmation carried in the URL after a redirect (no flash session needed). */
export function SavedAlert({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="alert ok" role="status">
      {text}
    </div>
  );
}
