// The robots as a table (platform, scope, address, signing, state), each editable in place, and the add form.
import { Form } from "@remix-run/react";
import type { RobotRow } from "../../models/outbox.server";
import { RobotForm } from "./RobotForm";
import { IntentHidden } from "../form/IntentForm";
import { useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";

type Props = { robots: RobotRow[]; units: { id: number; shortName: string }[]; reply: IntentReply | undefined; canEdit: boolean };

export function RobotList({ robots, units, reply, canEdit }: Props) {
  const t = useT();
  return (
    <>
      {robots.length === 0 ? (
        <p className="muted">{t("channels.noRobots")}</p>
      ) : (
        <ul className="robot-list" data-testid="robots">
          {robots.map((r) => (
            <li key={r.id}>
              <div className="robot-head">
                <span className="badge info">{t(`channels.platforms.${r.platform}`)}</span>
                <strong>{r.name}</strong>
                <span className="muted">{r.unitName ?? t("channels.consortiumScope")}</span>
                <span className={`badge ${r.signed ? "ok" : ""}`}>{r.signed ? t("channels.signed") : t("channels.unsigned")}</span>
                {!r.active && <span className="badge warn">{t("channels.inactive")}</span>}
              </div>
              <code className="robot-url">{r.webhookUrl}</code>
              {canEdit && (
                <details>
                  <summary>{t("channels.edit")}</summary>
                  <RobotForm robot={r} units={units} reply={reply} />
                  <Form method="post">
                    <IntentHidden intent="robot-delete" values={{ id: r.id, version: r.version }} />
                    <button type="submit" className="btn danger small">
                      {t("channels.remove")}
                    </button>
                  </Form>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <details className="robot-add" open={robots.length === 0 || reply?.intent === "robot-create"}>
          <summary>{t("channels.add")}</summary>
          <RobotForm units={units} reply={reply} />
        </details>
      )}
    </>
  );
}
