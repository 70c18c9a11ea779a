// Evidence files as download links (/evidence/:id) with name and size.
import { useT } from "../../lib/viewer";
import { formatBytes, type EvidenceRow } from "../../models/evidence";

type Item = Pick<EvidenceRow, "id" | "name" | "size"> & Partial<Pick<EvidenceRow, "uploaderName" | "uploadedAt">>;

export function EvidenceList({ files, emptyText }: { files: Item[] | undefined; emptyText?: string | null }) {
  const t = useT();
  if (!files?.length) return emptyText === null ? null : <span className="muted evidence-none">{emptyText ?? t("evidence.none")}</span>;
  return (
    <ul className="evidence-list">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/evidence/${f.id}`} download={f.name} aria-label={t("evidence.download", { name: f.name, size: formatBytes(f.size) })}
            title={f.uploaderName && f.uploadedAt ? t("evidence.uploadedBy", { name: f.uploaderName, date: f.uploadedAt.slice(0, 10) }) : undefined}>
            <span className="evidence-name">{f.name}</span>
          </a>
          <span className="evidence-size">{formatBytes(f.size)}</span>
        </li>
      ))}
    </ul>
  );
}
