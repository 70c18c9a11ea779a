// The list's groups: overdue first, then one table per due month, with the columns of the export.
import type { ListGroup, ListItem } from "../../models/responsibility";
import { useFormat, useT } from "../../lib/viewer";
import { daysOverdue } from "../../models/tasks";

function StatusBadge({ item }: { item: ListItem }) {
  const t = useT();
  const label = item.kind === "task" ? t(`statuses.${item.status}` as never) : t(`responsibility.indicatorStates.${item.status}` as never);
  const tone = item.overdue ? "bad" : item.status === "closed" || item.status === "met" ? "ok" : item.status === "suspended" || item.status === "waived" ? "" : "info";
  return <span className={`badge ${tone}`}>{label}</span>;
}

function Progress({ value }: { value: number }) {
  return (
    <span className="rl-progress" title={`${value}%`}>
      <span className="rl-bar" aria-hidden>
        <span style={{ width: `${Math.max(0, Math.min(100, value))}%` }} />
      </span>
      {value}%
    </span>
  );
}

const COLUMNS = ["seq", "item", "type", "project", "unit", "owner", "indicator", "target", "dueOn", "status", "progress"] as const;

export function ListGroups({ groups, today, startSeq = 1 }: { groups: ListGroup[]; today: string; startSeq?: number }) {
  const t = useT();
  const fmt = useFormat();
  let seq = startSeq - 1;
  return (
    <>
      {groups.map((g) => (
        <section key={g.key} className={`panel rl-group${g.overdue ? " rl-overdue" : ""}`} aria-labelledby={`rl-${g.key}`} data-group={g.key}>
          <h2 id={`rl-${g.key}`}>
            {g.overdue ? t("responsibility.overdueGroup") : fmt.month(g.month)} <span className="muted">{t("responsibility.count", { n: g.items.length })}</span>
          </h2>
          <div className="table-wrap">
            <table className="data rl-table">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c} className={`rl-c-${c}${c === "seq" || c === "progress" ? " num" : ""}`}>
                      {t(`responsibility.columns.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {g.items.map((i) => (
                  <tr key={i.key} data-item={i.key} className={i.kind === "indicator" ? "rl-ind" : undefined}>
                    <td className="num">{++seq}</td>
                    <td>
                      <span className="rl-code">{i.code}</span> {i.title}
                    </td>
                    <td className="nowrap">{t(`responsibility.kinds.${i.kind}`)}</td>
                    <td title={i.projectCode}>{i.projectName}</td>
                    <td className="nowrap">{i.unitName}</td>
                    <td className="nowrap">{i.userName ?? "—"}</td>
                    <td>{i.indicator || "—"}</td>
                    <td>{i.target || "—"}</td>
                    <td className="nowrap">
                      {fmt.date(i.dueOn)}
                      {i.overdue && <div className="rl-late">{t("responsibility.overdueDays", { days: daysOverdue(i, today) })}</div>}
                    </td>
                    <td>
                      <StatusBadge item={i} />
                    </td>
                    <td className="num">
                      <Progress value={i.progress} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
