// The items of one iteration as a table (the accessible twin of the V diagram: each row is the target of
// the diagram's links), with edit, task-link and remove forms for those allowed to edit the technology.
import { Form, Link } from "@remix-run/react";
import { Field } from "../form/Field";
import { useMessage, useT } from "../../lib/viewer";
import type { IntentReply } from "../../lib/intent-form";
import { ITEM_STATES, LEGS, LEVELS, itemCreateSchema, itemLinkSchema, itemUpdateSchema, type ItemRow, type IterationRow, type Leg, type Level } from "../../models/vmodel";
import { FormReply, IntentFields, replyFor, useIntentForm } from "./intent";
import { StateMark } from "./VDiagram";

const order = (i: ItemRow) => (i.leg === "left" ? LEVELS.indexOf(i.level) : 2 * LEVELS.length - 1 - LEVELS.indexOf(i.level));

function useLevelName() {
  const t = useT();
  return (leg: Leg, level: Level) => (leg === "left" ? t(`technologies.leftLevels.${level}`) : t(`technologies.rightLevels.${level}`));
}

function VerifiesSelect({ name, items, level, defaultValue, id, ...aria }: { name: string; items: ItemRow[]; level?: Level; defaultValue?: number | null; id: string }) {
  const t = useT();
  const levelName = useLevelName();
  const lefts = items.filter((i) => i.leg === "left" && (level == null || i.level === level));
  return (
    <select id={id} {...aria} name={name} defaultValue={defaultValue ?? ""}>
      <option value="">{t("technologies.noVerifies")}</option>
      {lefts.map((l) => (
        <option key={l.id} value={l.id}>{levelName("left", l.level)}{t("technologies.labelSep")}{l.title}</option>
      ))}
    </select>
  );
}

function EditItem({ item, items, last }: { item: ItemRow; items: ItemRow[]; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const edit = useIntentForm({ id: `item-${item.id}`, intent: "updateItem", target: item.id, schema: itemUpdateSchema, last });
  const link = useIntentForm({ id: `link-${item.id}`, intent: "link", target: item.id, schema: itemLinkSchema, last });
  const replies = (["updateItem", "link", "unlink", "removeItem"] as const).map((i) => replyFor(last, i, item.id)).find(Boolean);
  return (
    <details className="item-edit" open={replies ? true : undefined}>
      <summary aria-label={t("technologies.editItem", { title: item.title })}>{t("technologies.edit")}</summary>
      <FormReply reply={replies} />
      <Form method="post" id={edit.form.id} onSubmit={edit.form.onSubmit} noValidate className="form cols item-edit-form" key={`${item.id}-${item.version}`}>
        <IntentFields intent="updateItem" id={item.id} version={item.version} />
        <Field label={t("technologies.itemTitle")} error={m(edit.fields.title.errors?.[0])}>
          {(p) => <input {...p} name={edit.fields.title.name} defaultValue={item.title} maxLength={120} />}
        </Field>
        <Field label={t("technologies.state")} error={m(edit.fields.state.errors?.[0])}>
          {(p) => (
            <select {...p} name={edit.fields.state.name} defaultValue={item.state}>
              {ITEM_STATES.map((s) => <option key={s} value={s}>{t(`technologies.states.${s}`)}</option>)}
            </select>
          )}
        </Field>
        {item.leg === "right" && (
          <Field label={t("technologies.verifies")} error={m(edit.fields.verifiesItemId.errors?.[0])}>
            {(p) => <VerifiesSelect {...p} name={edit.fields.verifiesItemId.name} items={items} level={item.level} defaultValue={item.verifiesItemId} />}
          </Field>
        )}
        <div className="form-actions">
          <button type="submit" className="btn small">{t("technologies.save")}</button>
        </div>
      </Form>
      <div className="item-tasks-edit">
        <span className="muted">{t("technologies.tasks")}{t("technologies.labelSep")}</span>
        {item.tasks.map((task) => (
          <Form method="post" key={task.id} className="inline-form">
            <IntentFields intent="unlink" id={item.id} version={item.version} />
            <input type="hidden" name="taskId" value={task.id} />
            <button type="submit" className="btn secondary small chip" aria-label={t("technologies.unlink", { code: task.code })}>{task.code} ✕</button>
          </Form>
        ))}
        <Form method="post" id={link.form.id} onSubmit={link.form.onSubmit} noValidate className="item-link-form" key={`link-${item.id}-${item.version}`}>
          <IntentFields intent="link" id={item.id} version={item.version} />
          <Field label={t("technologies.linkTask")} hint={t("technologies.linkTaskHint")} error={m(link.fields.taskCode.errors?.[0])}>
            {(p) => <input {...p} name={link.fields.taskCode.name} list="project-task-codes" maxLength={20} autoComplete="off" />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="btn secondary small">{t("technologies.linkTaskSubmit")}</button>
          </div>
        </Form>
        <Form method="post" className="inline-form item-remove">
          <IntentFields intent="removeItem" id={item.id} version={item.version} />
          <button type="submit" className="btn danger small">{t("technologies.remove")}</button>
        </Form>
      </div>
    </details>
  );
}

export function ItemTable({ iteration, canEdit, last }: { iteration: IterationRow; canEdit: boolean; last: IntentReply | undefined }) {
  const t = useT();
  const levelName = useLevelName();
  const items = [...iteration.items].sort((a, b) => order(a) - order(b) || a.id - b.id);
  const byId = new Map(items.map((i) => [i.id, i]));
  return (
    <div className="table-wrap">
      <table className="data vitems" aria-label={t("technologies.itemsTitle")}>
        <thead>
          <tr>
            <th scope="col">{t("technologies.leg")}</th>
            <th scope="col">{t("technologies.level")}</th>
            <th scope="col">{t("technologies.itemTitle")}</th>
            <th scope="col">{t("technologies.state")}</th>
            <th scope="col">{t("technologies.verifies")}</th>
            <th scope="col">{t("technologies.tasks")}</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && (
            <tr><td colSpan={6} className="empty">{t("technologies.noItems")}</td></tr>
          )}
          {items.map((i) => {
            const verifies = i.verifiesItemId != null ? byId.get(i.verifiesItemId) : undefined;
            return (
              <tr key={i.id} id={`item-${i.id}`} tabIndex={-1} data-item-row={i.id}>
                <td className="nowrap">{t(`technologies.legs.${i.leg}`).split(" · ")[0]}</td>
                <td className="nowrap">{levelName(i.leg, i.level)}</td>
                <td>
                  {i.title}
                  {canEdit && <EditItem item={i} items={iteration.items} last={last} />}
                </td>
                <td className="nowrap"><StateMark state={i.state} /></td>
                <td>{verifies ? <a href={`#item-${verifies.id}`}>{verifies.title}</a> : <span className="muted">—</span>}</td>
                <td>
                  {i.tasks.length === 0 ? <span className="muted">{t("technologies.noTasks")}</span> : (
                    <ul className="item-tasks">
                      {i.tasks.map((task) => (
                        <li key={task.id}><Link to={`/tasks/${task.id}/history`} title={task.title}>{task.code}</Link> <span className="muted">{task.title}</span></li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function AddItemForm({ iteration, last }: { iteration: IterationRow; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const { form, fields, mine } = useIntentForm({ id: `add-item-${iteration.id}`, intent: "addItem", schema: itemCreateSchema, last });
  return (
    <details className="panel vform" open={mine ? true : undefined}>
      <summary>{t("technologies.addItem")}</summary>
      <FormReply reply={mine} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols">
        <IntentFields intent="addItem" />
        <input type="hidden" name="iterationId" value={iteration.id} />
        <Field label={t("technologies.leg")} error={m(fields.leg.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.leg.name} defaultValue="left">
              {LEGS.map((l) => <option key={l} value={l}>{t(`technologies.legs.${l}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.level")} error={m(fields.level.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.level.name} defaultValue="requirement">
              {LEVELS.map((l) => <option key={l} value={l}>{t(`technologies.leftLevels.${l}`)} / {t(`technologies.rightLevels.${l}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.itemTitle")} error={m(fields.title.errors?.[0])}>
          {(p) => <input {...p} name={fields.title.name} maxLength={120} />}
        </Field>
        <Field label={t("technologies.state")} error={m(fields.state.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.state.name} defaultValue="planned">
              {ITEM_STATES.map((s) => <option key={s} value={s}>{t(`technologies.states.${s}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.verifies")} error={m(fields.verifiesItemId.errors?.[0])}>
          {(p) => <VerifiesSelect {...p} name={fields.verifiesItemId.name} items={iteration.items} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn">{t("technologies.addItemSubmit")}</button>
        </div>
      </Form>
    </details>
  );
}
