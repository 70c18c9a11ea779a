import type { SoftRuleWarning } from "../../models/soft-rules";
import { useT } from "../../lib/viewer";

/** The soft rules as visible warnings (never enforced). */
export function SoftRuleList({ warnings }: { warnings: SoftRuleWarning[] }) {
  const t = useT();
  if (warnings.length === 0) return <p className="muted">{t("home.noWarnings")}</p>;
  return (
    <div className="alert warn" role="status" data-testid="soft-rules">
      <strong>{t("softRules.title")}（{t("softRules.count", { n: warnings.length })}）</strong>
      <ul>
        {warnings.map((w, i) => {
          const params = { ...w.params } as Record<string, string | number>;
          if (w.rule === "needAcademic") params.province = t(`provinces.${w.params.province}` as never);
          return <li key={i}>{t(`softRules.${w.rule}`, params)}</li>;
        })}
      </ul>
    </div>
  );
}
