// One version of a 任务书 as everyone reads it: who submitted it and why, the document, goals, term, the
// division of work and the indicators (tables that scroll in their own box on a phone), and its reviews.
import { useFormat, useT } from "../../lib/viewer";
import { EvidenceList } from "../evidence/EvidenceList";
import { formatMeasure } from "../../models/indicators";
import { isReviewed, type TaskBookVersion } from "../../models/task-book";
import type { EvidenceRow } from "../../models/evidence";

/** 待论证 / 已通过论证 / 未通过论证, from the version's reviews. */
export function ReviewState({ version }: { version: TaskBookVersion }) {
  const t = useT();
  const failed = version.reviews.some((r) => r.conclusion === "fail");
  const state = failed ? "failed" : isReviewed(version.reviews) ? "reviewed" : "notReviewed";
  return <span className={`tag tb-state tb-${state}`}>{t(`taskBook.${state}`)}</span>;
}

export function VersionView({ version, documents }: { version: TaskBookVersion; documents: EvidenceRow[] }) {
  const t = useT();
  const fmt = useFormat();
  const measure = (x: number | null | undefined) => (x == null ? "—" : formatMeasure(x));
  return (
    <div className="tb-version">
      <p className="muted small">
        {t("taskBook.submittedBy", { name: version.submitterName, date: fmt.date(version.submittedAt) })}
        {version.note && (
          <>
            {" · "}
            {t("taskBook.note")}：{version.note}
          </>
        )}
      </p>
      <dl className="tb-facts">
        <div>
          <dt>{t("taskBook.document")}</dt>
          <dd>
            <EvidenceList files={documents} />
          </dd>
        </div>
        <div>
          <dt>{t("taskBook.term")}</dt>
          <dd>{t("taskBook.termRange", { from: fmt.date(version.termStart), to: fmt.date(version.termEnd) })}</dd>
        </div>
        <div className="tb-goals">
          <dt>{t("taskBook.goals")}</dt>
          <dd className="pre">{version.goals}</dd>
        </div>
      </dl>
      <h3>{t("taskBook.division")}</h3>
      <div className="table-wrap">
        <table className="data tb-table">
          <thead>
            <tr>
              <th scope="col">{t("taskBook.unit")}</th>
              <th scope="col">{t("taskBook.taskTitle")}</th>
              <th scope="col">{t("taskBook.duty")}</th>
            </tr>
          </thead>
          <tbody>
            {version.division.map((d) => (
              <tr key={d.unitId}>
                <td className="nowrap">{d.unitName}</td>
                <td>{d.title}</td>
                <td className="pre">{d.duty}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("taskBook.indicators")}</h3>
      <div className="table-wrap">
        <table className="data tb-table">
          <thead>
            <tr>
              <th scope="col">{t("taskBook.indicatorName")}</th>
              <th scope="col">{t("taskBook.baseline")}</th>
              <th scope="col">{t("taskBook.target")}</th>
              <th scope="col">{t("taskBook.dueOn")}</th>
              <th scope="col">{t("taskBook.responsibleUnit")}</th>
            </tr>
          </thead>
          <tbody>
            {version.indicators.map((i, n) => (
              <tr key={n}>
                <td>{i.name}</td>
                <td className="nowrap">{i.direction === "yesno" ? "—" : `${measure(i.baseline)} ${i.unitOfMeasure}`}</td>
                <td className="nowrap">
                  {i.direction === "yesno" ? t("taskBook.directions.yesno") : `${i.direction === "lower" ? "≤" : "≥"} ${measure(i.target)} ${i.unitOfMeasure}`}
                </td>
                <td className="nowrap">{fmt.date(i.dueOn)}</td>
                <td className="nowrap">{i.unitName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t("taskBook.reviews")}</h3>
      {version.reviews.length === 0 ? (
        <p className="empty">{t("taskBook.noReviews")}</p>
      ) : (
        <ul className="tb-reviews">
          {version.reviews.map((r) => (
            <li key={r.id} className={`tb-review tb-${r.conclusion}`}>
              <div>
                <strong className="tb-conclusion">{t(`taskBook.conclusions.${r.conclusion}`)}</strong>{" "}
                <span className="muted small">{t("taskBook.reviewedBy", { name: r.expertName, unit: r.unitName ?? "—", date: fmt.date(r.reviewedAt) })}</span>
              </div>
              <p className="pre">{r.text}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
