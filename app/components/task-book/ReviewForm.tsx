// A responsible expert's 论证意见 on the latest version: a conclusion (three large radio choices, easy
// with a thumb) and the review text. The version number travels with it: a newer version makes it stale.
import { Form } from "@remix-run/react";
import { useMessage, useT } from "../../lib/viewer";
import { Field } from "../form/Field";
import { FormReply, IntentHidden, useIntentForm } from "../form/IntentForm";
import { REVIEW_CONCLUSIONS, taskBookReviewSchema } from "../../models/task-book";
import type { IntentReply } from "../../lib/intent-form";
import { doneKey } from "./TaskBookForm";

export function ReviewForm({ projectId, version, last }: { projectId: number; version: number; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, mine } = useIntentForm({ id: "taskbook-review", intent: "review", schema: taskBookReviewSchema, last });
  const err = (name: string) => m(form.allErrors[name]?.[0]);
  return (
    <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form tb-review-form">
      <IntentHidden intent="review" values={{ projectId, version }} />
      <p className="muted small">{t("taskBook.reviewHint")}</p>
      <fieldset className="tb-conclusions" aria-describedby={err("conclusion") ? "tb-conclusion-err" : undefined}>
        <legend>{t("taskBook.conclusion")}</legend>
        {REVIEW_CONCLUSIONS.map((c) => (
          <label key={c} className={`tb-choice tb-${c}`}>
            <input type="radio" name="conclusion" value={c} /> {t(`taskBook.conclusions.${c}`)}
          </label>
        ))}
        {err("conclusion") && (
          <span className="error" id="tb-conclusion-err" role="alert">
            {err("conclusion")}
          </span>
        )}
      </fieldset>
      <Field label={t("taskBook.reviewText")} error={err("text")}>
        {(p) => <textarea {...p} name="text" rows={4} maxLength={4000} />}
      </Field>
      {!mine?.done && <FormReply reply={mine} doneKey={doneKey} />}
      <div className="form-actions">
        <button type="submit" className="btn">
          {t("taskBook.reviewSubmit")}
        </button>
      </div>
    </Form>
  );
}
