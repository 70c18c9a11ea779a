// A comment's (or a task's) attached files with previews: an image as a thumbnail, a PDF as its first page
// (rendered by the server: /evidence/:id?preview, allowed by the app's `img-src 'self'`, unlike a framed PDF
// which the download's sandboxing CSP and `object-src 'none'` forbid), any other file as a named chip.
// Every one is a download link (/evidence/:id, the item's read permission).
import { useState } from "react";
import { useT } from "../../lib/viewer";
import { formatBytes, type EvidenceRow } from "../../models/evidence";

type File = Pick<EvidenceRow, "id" | "name" | "size" | "mime">;

function Preview({ file }: { file: File }) {
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
        href={`/evidence/${file.id}`}
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

export function Attachments({ files }: { files: File[] }) {
  const t = useT();
  if (!files.length) return null;
  return (
    <ul className="att-list" aria-label={t("comments.attachments")}>
      {files.map((f) => (
        <Preview key={f.id} file={f} />
      ))}
    </ul>
  );
}
