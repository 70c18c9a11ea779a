// A comment's (or a task's) attached files with previews: an image as a thumbnail, a PDF as its first page
// (rendered by the server: /evidence/:id?preview, allowed by the app's `img-src 'self'`, unlike a framed PDF
// which the download's sandboxing CSP and `object-src 'none'` forbid), any other file as a named chip.
// Every one is a download link (/evidence/:id, the item's read permission).
import { useState } from "react";
import { useT } from "../../lib/viewer";
import { ACCEPT_ATTR, EVIDENCE_FIELD, formatBytes, MAX_FILE_BYTES, MAX_FILES, type EvidenceRow } from "../../models/evidence";

type File = Pick<EvidenceRow, "id" | "name" | "size" | "mime">;

/** `query`: added to the download link (e.g. `check=12`: opened from that check's page, which records it). */
function Preview({ file, query }: { file: File; query?: string }) {
  const t = useT();
  const [broken, setBroken] = useState(false);
  const image = file.mime.startsWith("image/");
  const pdf = file.mime === "application/pdf";
  const label = t("evidence.download", {
    name: file.name,
    size: formatBytes(file.size),
  });
  return (
    <li
      className={`att${(image || pdf) && !broken ? " att-thumb" : ""}`}
      data-testid="attachment"
      data-mime={file.mime}
    >
      <a
        href={`/evidence/${file.id}${query ? `?${query}` : ""}`}
        download={file.name}
        aria-label={label}
        title={label}
      >
        {(image || pdf) && !broken ? (
          <img
            src={
              image ? `/evidence/${file.id}` : `/evidence/${file.id}?preview`
            }
            alt=""
            loading="lazy"
            onError={() => setBroken(true)}
            data-testid={image ? "image-preview" : "pdf-preview"}
          />
        ) : (
          <span className="att-icon" aria-hidden>
            {pdf ? "PDF" : (file.name.split(".").pop() ?? "").toUpperCase()}
          </span>
        )}
        <span className="att-name">{file.name}</span>
        <span className="att-size muted">{formatBytes(file.size)}</span>
      </a>
    </li>
  );
}

export function Attachments({ files, query, label }: { files: File[]; query?: string; label?: string }) {
  const t = useT();
  if (!files.length) return null;
  return (
    <ul className="att-list" aria-label={label ?? t("comments.attachments")}>
      {files.map((f) => (
        <Preview key={f.id} file={f} query={query} />
      ))}
    </ul>
  );
}

/**
 * The two ways to add files to a form (multipart, field "evidence"): "拍照" opens a phone's back camera,
 * "附件" the file picker (several files). Reports the chosen names; the parent remounts it (`key`) to empty it.
 */
export function FilePickers({ onChosen }: { onChosen: (names: string[]) => void }) {
  const t = useT();
  const [chosen, setChosen] = useState<Record<"photo" | "file", string[]>>({ photo: [], file: [] });
  const pick = (slot: "photo" | "file") => (e: React.ChangeEvent<HTMLInputElement>) => {
    const next = { ...chosen, [slot]: [...(e.target.files ?? [])].map((x) => x.name) };
    setChosen(next);
    onChosen([...next.photo, ...next.file]);
  };
  return (
    <span className="cm-attach" title={t("evidence.hint", { max: formatBytes(MAX_FILE_BYTES), count: MAX_FILES })}>
      <label className="btn secondary small cm-file">
        {t("comments.photo")}
        <input type="file" name={EVIDENCE_FIELD} accept="image/*" capture="environment" className="sr-only" data-testid="photo-input" onChange={pick("photo")} />
      </label>
      <label className="btn secondary small cm-file">
        {t("comments.attach")}
        <input type="file" name={EVIDENCE_FIELD} multiple accept={ACCEPT_ATTR} className="sr-only" data-testid="file-input" onChange={pick("file")} />
      </label>
    </span>
  );
}

/** The names of the files chosen and not yet sent. */
export function ChosenFiles({ names }: { names: string[] }) {
  const t = useT();
  if (!names.length) return null;
  return (
    <ul className="cm-chosen muted small" aria-label={t("comments.attachments")} data-testid="chosen-files">
      {names.map((name, i) => (
        <li key={i}>{name}</li>
      ))}
    </ul>
  );
}
