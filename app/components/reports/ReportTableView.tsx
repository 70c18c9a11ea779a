// One linked data table of the report: on the report page (live) and in the print view (PDF).
import { columnShares, type Cell, type ReportTable } from "../../models/report";

const cls = (c: ReportTable["columns"][number] | undefined) => [c?.numeric && "num", c?.nowrap && "nowrap"].filter(Boolean).join(" ") || undefined;
const show = (v: Cell) => (v == null ? "" : typeof v === "number" ? String(Math.round(v * 100) / 100) : v);

/** `fixed`: the documents' layout, each column its share of the width (models/report.ts), text wrapping inside. */
export function ReportTableView({ table, caption, emptyText, className = "data", fixed }: { table: ReportTable; caption: string; emptyText: string; className?: string; fixed?: boolean }) {
  return (
    <table className={className} data-table={table.id}>
      <caption>{caption}</caption>
      {fixed && (
        <colgroup>
          {columnShares(table).map((share, i) => (
            <col key={table.columns[i]!.key} style={{ width: `${(share * 100).toFixed(2)}%` }} />
          ))}
        </colgroup>
      )}
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c.key} scope="col" className={cls(c)}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.length === 0 ? (
          <tr>
            <td colSpan={table.columns.length} className="rp-empty">
              {emptyText}
            </td>
          </tr>
        ) : (
          table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j} className={cls(table.columns[j])}>
                  {show(v)}
                </td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
