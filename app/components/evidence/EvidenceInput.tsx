// The evidence file input: labelled, name="evidence", several files, with the accepted types and the
// size limit as a hint. The surrounding <Form> must use encType="multipart/form-data" and its action
// reads it with readMultipart (app/models/evidence.server.ts).
import { Field } from "../form/Field";
import { useT } from "../../lib/viewer";
import { ACCEPT_ATTR, EVIDENCE_FIELD, formatBytes, MAX_FILE_BYTES, MAX_FILES } from "../../models/evidence";

export function EvidenceInput({ label, error, required }: { label?: string; error?: string | null; required?: boolean }) {
  const t = useT();
  return (
    <Field label={label ?? t("evidence.label")} error={error} hint={t("evidence.hint", { max: formatBytes(MAX_FILE_BYTES), count: MAX_FILES })}>
      {(p) => <input {...p} type="file" name={EVIDENCE_FIELD} multiple accept={ACCEPT_ATTR} required={required} className="evidence-input" />}
    </Field>
  );
}
