// The narrative of one report section, edited by the secretariat and saved on its own. The editor keeps
// the text and draft version it started from: a live change of another section rebases silently; a live
// change of this very section while the user has unsaved edits is announced, and saving then shows the
// conflict (their text, take theirs / overwrite with mine) instead of silently overwriting it.
import { useEffect, useRef, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Csrf, Field } from "../form/Field";
import { useMessage, useT, useViewer } from "../../lib/viewer";
import { narrativeSchema, type ReportDraftRow, type ReportFormat } from "../../models/report";
import type { IntentReply } from "../../lib/intent-form";
import { useRefusalText } from "../form/IntentForm";

type Props = {
  year: number;
  format: ReportFormat;
  sectionKey: string;
  label: string;
  draft: ReportDraftRow | null;
  canEdit: boolean;
};

const strip = (fd: FormData) => {
  fd.delete("_csrf");
  fd.delete("intent");
  return fd;
};

export function NarrativeEditor({ year, format, sectionKey, label, draft, canEdit }: Props) {
  const t = useT();
  const m = useMessage();
  const viewer = useViewer();
  const fetcher = useFetcher<IntentReply<ReportDraftRow>>({ key: `narrative-${year}-${format}-${sectionKey}` });
  const serverText = draft?.sections[sectionKey] ?? "";
  const serverVersion = draft?.version ?? 0;
  const [text, setText] = useState(serverText);
  const [base, setBase] = useState({ text: serverText, version: serverVersion });
  const [conflict, setConflict] = useState<{ theirs: string; version: number } | null>(null);
  const [remoteBy, setRemoteBy] = useState<string | null>(null);
  const dirty = text !== base.text;
  const textRef = useRef(text);
  textRef.current = text;
  const baseRef = useRef(base);
  baseRef.current = base;

  // A newer draft arrived (live event or reload): follow it unless it collides with unsaved edits here.
  useEffect(() => {
    const b = baseRef.current;
    if (serverVersion === b.version) return;
    if (textRef.current === b.text) {
      setText(serverText);
      setBase({ text: serverText, version: serverVersion });
      setRemoteBy(null);
    } else if (serverText === b.text) {
      setBase({ text: b.text, version: serverVersion });
    } else if (draft?.updatedBy !== viewer.id) {
      setRemoteBy(draft?.updatedByName ?? "");
    }
  }, [serverVersion, serverText, draft?.updatedBy, draft?.updatedByName, viewer.id]);

  // The server's answer to a save (a conflict carries the draft as stored now, or null if there is none).
  const reply = fetcher.data?.target === sectionKey ? fetcher.data : undefined;
  useEffect(() => {
    if (!reply || fetcher.state !== "idle") return;
    if (reply.done && reply.row) {
      const saved = reply.row.sections[sectionKey] ?? "";
      setBase({ text: saved, version: reply.row.version });
      setConflict(null);
      setRemoteBy(null);
    } else if (reply.code === "conflict") {
      const current = (reply.current ?? null) as ReportDraftRow | null;
      setConflict({ theirs: current?.sections[sectionKey] ?? "", version: current?.version ?? 0 });
    }
  }, [reply, fetcher.state, sectionKey]);

  const [form, fields] = useForm({
    id: `narrative-${sectionKey}`,
    lastResult: reply?.result,
    onValidate: ({ formData }) => parseWithZod(strip(formData), { schema: narrativeSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });

  /** "Overwrite with mine": resubmit at once against the version that refused us (state is not updated yet). */
  const save = (over: { text: string; version: number }) => {
    const fd = new FormData();
    fd.set("_csrf", viewer.csrfToken);
    fd.set("intent", "save");
    fd.set("year", String(year));
    fd.set("format", format);
    fd.set("key", sectionKey);
    fd.set("text", text);
    fd.set("version", String(over.version));
    fd.set("base", over.text);
    fetcher.submit(fd, { method: "post" });
  };

  const refused = useRefusalText(reply);
  const serverError = conflict ? null : refused;
  const busy = fetcher.state !== "idle";
  if (!canEdit) {
    return (
      <div className="rp-narrative readonly" data-testid={`narrative-${sectionKey}`}>
        <h3>{label}</h3>
        {serverText ? <p className="rp-narrative-text">{serverText}</p> : <p className="muted">{t("reports.readOnly")}</p>}
      </div>
    );
  }
  return (
    <fetcher.Form
      method="post"
      id={form.id}
      noValidate
      className="rp-narrative"
      data-testid={`narrative-${sectionKey}`}
      onSubmit={form.onSubmit}
    >
      <Csrf token={viewer.csrfToken} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="format" value={format} />
      <input type="hidden" name="key" value={sectionKey} />
      <input type="hidden" name="version" value={base.version} />
      <input type="hidden" name="base" value={base.text} />
      <Field label={label} error={m(fields.text.errors?.[0])}>
        {(p) => (
          <textarea
            {...p}
            name={fields.text.name}
            rows={Math.min(14, Math.max(4, Math.ceil(text.length / 60) + 1))}
            maxLength={20000}
            value={text}
            placeholder={t("reports.narrativePlaceholder")}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {remoteBy !== null && !conflict && (
        <div className="alert warn" role="status">
          {t("reports.remoteEdited", { name: remoteBy })}
        </div>
      )}
      {conflict && (
        <div className="alert bad rp-conflict" role="alert" data-testid="narrative-conflict">
          <strong>{t("reports.conflictTitle")}</strong>
          <p>{t("reports.conflictBody")}</p>
          <div className="rp-theirs">
            <span className="muted">{t("reports.theirVersion")}</span>
            <p>{conflict.theirs || "—"}</p>
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="btn secondary small"
              onClick={() => {
                setText(conflict.theirs);
                setBase({ text: conflict.theirs, version: conflict.version });
                setConflict(null);
                setRemoteBy(null);
              }}
            >
              {t("reports.useTheirs")}
            </button>
            <button
              type="button"
              className="btn danger small"
              onClick={() => {
                const over = { text: conflict.theirs, version: conflict.version };
                setBase(over);
                setConflict(null);
                save(over);
              }}
            >
              {t("reports.keepMine")}
            </button>
          </div>
        </div>
      )}
      {serverError && (
        <div className="alert bad" role="alert">
          {serverError}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn small" disabled={busy || (!dirty && !conflict)}>
          {busy ? t("reports.saving") : t("reports.saveSection")}
        </button>
        <span className="muted rp-state" aria-live="polite">
          {dirty ? t("reports.unsaved") : reply?.done ? t("reports.saved") : ""}
        </span>
      </div>
    </fetcher.Form>
  );
}
