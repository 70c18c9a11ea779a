// The form-level message of an admin form: why it was refused (bad input is also named here, above the
// fields' own messages), and after a conflict a way to the current record (a full reload, so the form
// starts again from what is stored now).
import { useLocation } from "@remix-run/react";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { useRefusalText } from "../form/IntentForm";

export function FormAlert({ reply }: { reply?: IntentReply | null }) {
  const t = useT();
  const { pathname } = useLocation();
  const text = useRefusalText(reply);
  if (!text) return null;
  return (
    <div className="alert bad" role="alert">
      {text}
      {reply?.code === "conflict" && (
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
