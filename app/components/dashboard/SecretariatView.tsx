// The secretariat's dashboard: this month's filing of the key-task progress table, the current close-out
// round, open reminders and supervision notices, and tasks by status per unit.
import { roundLabel } from "../../models/closeout";
import { Link } from "@remix-run/react";
import type { SecretariatDashboard } from "../../models/dashboard.server";
import { useFormat, useT } from "../../lib/viewer";
import { ChartPanel, StatusBars, StatusTable } from "./Charts";
import { CompactTable, Empty, Kpi, ShareBar, UnitWindow } from "./Parts";

const FILING_BADGE = { filed: "ok", open: "warn", late: "bad" } as const;
const FILING_COLORS = { filed: "#009E73", open: "#E69F00", late: "#D55E00" } as const;
const ROUND_COLORS = { approved: "#009E73", stillOpen: "#0072B2", returned: "#D55E00", withdrawn: "#B9C0CB" } as const;
const NOTICE_BADGE = { open: "bad", acknowledged: "warn", answered: "info", closed: "" } as Record<string, string>;

export function SecretariatView({ data, unitWindow }: { data: SecretariatDashboard; unitWindow: number }) {
  const t = useT();
  const fmt = useFormat();
  const { filing, round, notices } = data;
  const unitsTotal = filing.unitCount;
  return (
    <>
      <div className="figures dash-kpis">
        <Kpi
          label={t("dashboard.kpi.filed")}
          value={filing.counts.filed}
          sub={t("dashboard.kpi.filedOf", { n: unitsTotal })}
          to="/key-tasks"
          testId="kpi-filed"
        />
        <Kpi label={t("dashboard.kpi.late")} value={filing.counts.late} tone={filing.counts.late ? "bad" : undefined} to="/key-tasks" testId="kpi-late" />
        <Kpi
          label={t("dashboard.kpi.awaiting")}
          value={round?.summary.stillOpen ?? 0}
          tone={round?.summary.stillOpen ? "warn" : undefined}
          to="/closeout"
          testId="kpi-awaiting"
        />
        <Kpi label={t("dashboard.kpi.pendingCloseout")} value={data.pendingCloseoutTasks} testId="kpi-pending-closeout" />
        <Kpi
          label={t("dashboard.kpi.notices")}
          value={notices.list.length}
          sub={t("dashboard.kpi.noticesOverdue", { n: notices.overdue })}
          tone={notices.overdue ? "bad" : undefined}
          to="/notices"
          testId="kpi-notices"
        />
        <Kpi label={t("dashboard.kpi.rectifications")} value={data.openRectifications} testId="kpi-rect" />
      </div>

      <div className="dash-cols">
        <div className="dash-col">
          <ChartPanel
            title={t("dashboard.filing.title", { month: fmt.month(filing.month) })}
            hint={t("dashboard.filing.deadline", { date: fmt.date(filing.deadline) })}
            testId="dash-filing"
          >
            <ShareBar
              label={t("dashboard.filing.title", { month: fmt.month(filing.month) })}
              parts={(["filed", "open", "late"] as const).map((s) => ({
                key: s,
                label: t(`keyTasks.states.${s}`),
                value: filing.counts[s],
                color: FILING_COLORS[s],
              }))}
            />
            <CompactTable
              count={filing.units.length}
              empty={t("dashboard.filing.empty")}
              scroll
              head={
                <tr>
                  <th>{t("dashboard.filing.unit")}</th>
                  <th>{t("dashboard.filing.state")}</th>
                  <th className="num">{t("dashboard.filing.keyTasks")}</th>
                  <th>{t("dashboard.filing.filedAt")}</th>
                </tr>
              }
            >
              <tbody>
                {filing.units.map((u) => (
                  <tr key={u.unitId} data-testid="filing-row" data-state={u.state}>
                    <td>{u.shortName}</td>
                    <td>
                      <span className={`badge ${FILING_BADGE[u.state]}`}>{t(`keyTasks.states.${u.state}`)}</span>
                    </td>
                    <td className="num">{u.keyTasks}</td>
                    <td>{u.filedAt ? fmt.dateTime(u.filedAt) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </CompactTable>
            <UnitWindow view="secretariat" shown={filing.units.length} total={filing.unitCount} window={unitWindow} />
            <p className="dash-more">
              <Link to="/key-tasks">{t("dashboard.filing.open")}</Link>
            </p>
          </ChartPanel>

          <ChartPanel title={t("dashboard.round.title")} hint={round ? roundLabel(t, round.period) : undefined} testId="dash-round">
            {!round ? (
              <Empty>{t("dashboard.round.none")}</Empty>
            ) : (
              <>
                <p className="dash-round-head">
                  <span className={`badge ${round.status === "open" ? "info" : ""}`}>
                    {t(`dashboard.round.statuses.${round.status === "open" ? "open" : "closed"}`)}
                  </span>{" "}
                  {t("dashboard.round.closesOn", { date: fmt.date(round.closesOn) })} ·{" "}
                  {round.daysLeft >= 0 ? t("dashboard.round.daysLeft", { n: round.daysLeft }) : t("dashboard.round.closedDays")} ·{" "}
                  {t("dashboard.round.proposed")} <strong>{round.summary.proposed}</strong>
                </p>
                <ShareBar
                  label={t("dashboard.round.title")}
                  parts={(["approved", "stillOpen", "returned", "withdrawn"] as const).map((s) => ({
                    key: s,
                    label: t(`dashboard.round.${s}`),
                    value: round.summary[s],
                    color: ROUND_COLORS[s],
                  }))}
                />
                <h3>{t("dashboard.round.awaitingTitle")}</h3>
                <CompactTable
                  count={round.awaiting.length}
                  empty={t("dashboard.none")}
                  scroll
                  head={
                    <tr>
                      <th>{t("dashboard.round.task")}</th>
                      <th>{t("dashboard.round.unit")}</th>
                      <th>{t("dashboard.round.proposedAt")}</th>
                    </tr>
                  }
                >
                  <tbody>
                    {round.awaiting.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <small>{p.taskCode}</small> {p.taskTitle}
                        </td>
                        <td>{p.unitName}</td>
                        <td>{fmt.date(p.proposedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </CompactTable>
              </>
            )}
            <p className="dash-more">
              <Link to="/closeout">{t("dashboard.round.open")}</Link>
            </p>
          </ChartPanel>

          <ChartPanel title={t("dashboard.notices.title")} testId="dash-notices">
            <ShareBar
              label={t("dashboard.notices.title")}
              parts={(["open", "acknowledged", "answered"] as const).map((s) => ({
                key: s,
                label: t(`notices.statuses.${s}`),
                value: notices.counts[s],
                color: { open: "#D55E00", acknowledged: "#E69F00", answered: "#0072B2" }[s],
              }))}
            />
            <CompactTable
              count={notices.list.length}
              empty={t("dashboard.notices.empty")}
              scroll
              head={
                <tr>
                  <th>{t("dashboard.notices.task")}</th>
                  <th>{t("dashboard.notices.unit")}</th>
                  <th>{t("dashboard.notices.kind")}</th>
                  <th>{t("dashboard.notices.status")}</th>
                  <th>{t("dashboard.notices.respondBy")}</th>
                </tr>
              }
            >
              <tbody>
                {notices.list.map((n) => (
                  <tr key={n.id} data-testid="notice-row">
                    <td>
                      <small>{n.taskCode}</small> {n.taskTitle}
                    </td>
                    <td>{n.unitName}</td>
                    <td>{t(`notices.kinds.${n.kind === "supervision" ? "supervision" : "reminder"}`)}</td>
                    <td>
                      <span className={`badge ${NOTICE_BADGE[n.status] ?? ""}`}>{t(`notices.statuses.${n.status}` as never)}</span>
                    </td>
                    <td>
                      {fmt.date(n.respondBy)} {n.overdue && <span className="badge bad">{t("dashboard.notices.overdue")}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </CompactTable>
            <p className="dash-more">
              <Link to="/notices">{t("dashboard.notices.open")}</Link>
            </p>
          </ChartPanel>
        </div>
        <div className="dash-col">
          <ChartPanel
            title={t("dashboard.status.title")}
            hint={t("dashboard.status.hint")}
            table={<StatusTable rows={data.statusByUnit} />}
            testId="dash-status"
          >
            <StatusBars rows={data.statusByUnit} />
            <UnitWindow view="secretariat" shown={data.statusByUnit.length} total={data.unitsWithTasks} window={unitWindow} />
          </ChartPanel>
        </div>
      </div>
    </>
  );
}
