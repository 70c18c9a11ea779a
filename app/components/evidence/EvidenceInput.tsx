// The evidence file input: labelled, name="evidence", several files, with the accepted types and the
// size limit as a hint. The surrounding <Form> must use encType="multipart/form-data" and its action
// reads it with readMultipart (app/models/evidence.server.ts).
import { Field } from "../form/Field";
import { useT } from "../../lib/viewer";
import { ACCEPT_ATTR, EVIDENCE_FIELD, formatBytes, MAX_FILE_BYTES, MAX_FILES } from "../../models/evidence";

/** Photos and scanned reports: what a phone's camera or file picker offers first (`camera`). */
const CAMERA_ACCEPT = "image/*,application/pdf";

/** `camera`: on a phone the picker opens the back camera (photo of a test report) or offers files. */
export function EvidenceInput({ label, error, required, camera }: { label?: string; error?: string | null; required?: boolean; camera?: boolean }) {
  const t = useT();
  return (
    <Field label={label ?? t("evidence.label")} error={error} hint={t("evidence.hint", { max: formatBytes(MAX_FILE_BYTES), count: MAX_FILES })}>
      {(p) => (
        <input
          {...p}
          type="file"
          name={EVIDENCE_FIELD}
          multiple
          accept={camera ? CAMERA_ACCEPT : ACCEPT_ATTR}
          capture={camera ? "environment" : undefined}
          required={required}
          className="evidence-input"
        />
      )}
    </Field>
  );
}
