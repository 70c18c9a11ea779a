// The head row of a data table: one heading a column, figure columns right-aligned ("num"). One place for
// the markup every list page wrote out by hand, so a table's columns read as one line.
import type { ReactNode } from "react";

/** A column's heading: its text, or its text with the <th>'s class ("num" for figures). */
export type Column = ReactNode | { label: ReactNode; className: string };

/** A figure column (right-aligned). */
export const num = (label: ReactNode): Column => ({ label, className: "num" });

const classed = (c: Column): c is { label: ReactNode; className: string } => typeof c === "object" && c !== null && "className" in c;

export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) =>
          classed(c) ? (
            <th key={i} className={c.className}>
              {c.label}
            </th>
          ) : (
            <th key={i}>{c}</th>
          ),
        )}
      </tr>
    </thead>
  );
}
