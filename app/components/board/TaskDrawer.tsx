// Card detail drawer: edit a task's fields, or create a new one. Validated with the same zod schema
// the server uses before anything is sent; only the fields the user actually changed are sent, so an
// edit merges with other people's edits of other fields.
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "@remix-run/react";
import { taskCreateSchema, taskPatchSchema, type TaskCreateInput, type TaskPatch, type TaskRow } from "../../models/tasks";
import type { PersonOption, UnitOption } from "../../models/task-board.server";
import type { ProjectOption } from "../../models/projects.server";
import type { TaskStatus } from "../../models/domain";
import { fieldErrors } from "../../models/validation";
import { useMessage, useT } from "../../lib/viewer";
import { Field } from "../form/Field";
import { TaskHistory } from "./TaskHistory";
import { MoveTo } from "./MoveTo";
import { TaskChangeRequests } from "../changes/TaskChangeRequests";
import { CloseoutPanel } from "../closeout/CloseoutPanel";
import { TaskLinks } from "../tasks/TaskLinks";
import type { TaskLinksRow } from "../../models/task-dependencies";

export type DrawerValues = Pick<TaskRow, "projectId" | "title" | "description" | "ownerUnitId" | "ownerUserId" | "startOn" | "dueOn" | "progress" | "isKey">;

type Props = {
  task: TaskRow | null; // null: create
  defaults: DrawerValues;
  projects: ProjectOption[];
  units: UnitOption[];
  people: PersonOption[];
  readOnly: boolean;
  canArchive: boolean;
  /** Live indicators of the task: its progress is computed from them and cannot be typed in. */
  indicatorCount?: number;
  /** The task's live predecessors row: a hand-over (a predecessor closed) reloads the 前置任务 section. */
  links?: TaskLinksRow;
  serverErrors: Record<string, string>;
  formError: string | null;
  onCreate: (input: TaskCreateInput) => void;
  /** Only the fields the user changed. */
  onUpdate: (patch: TaskPatch) => void;
  onArchive: () => void;
  /** The 移到… control, when the viewer may move this task. */
  onMoveTo?: (row: TaskRow, to: TaskStatus) => void;
  onClose: () => void;
  /** Renders a field's value for people (unit and person names, yes/no). */
  fieldText: (field: string, v: unknown) => string;
};

export function TaskDrawer(p: Props) {
  const t = useT();
  const m = useMessage();
  const initial = useRef<DrawerValues>(p.task ? { ...p.defaults, ...pick(p.task) } : p.defaults);
  const [values, setValues] = useState<DrawerValues>(initial.current);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && p.onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [p]);

  const project = p.projects.find((x) => x.id === values.projectId);
  const unitChoices = p.units.filter((u) => project?.unitIds.includes(u.id));
  const personChoices = p.people.filter((x) => x.unitId === values.ownerUnitId);
  const allErrors = { ...p.serverErrors, ...errors };
  const err = (f: string) => m(allErrors[f]);
  const set = <K extends keyof DrawerValues>(k: K, v: DrawerValues[K]) => setValues((s) => ({ ...s, [k]: v }));

  const changed = useMemo(() => {
    const out: Partial<DrawerValues> = {};
    for (const k of Object.keys(values) as (keyof DrawerValues)[]) {
      if (values[k] !== initial.current[k]) (out as Record<string, unknown>)[k] = values[k];
    }
    return out;
  }, [values]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (p.task) {
      const { projectId: _p, ...patch } = changed;
      const parsed = taskPatchSchema.safeParse(patch);
      if (!parsed.success) return setErrors(fieldErrors(parsed.error));
      if ((values.dueOn ?? "") < (values.startOn ?? "")) return setErrors({ dueOn: "errors.datesOrder" });
      setErrors({});
      p.onUpdate(parsed.data);
    } else {
      const { progress: _pr, ...create } = values;
      const parsed = taskCreateSchema.safeParse(create);
      if (!parsed.success) return setErrors(fieldErrors(parsed.error));
      setErrors({});
      p.onCreate(parsed.data);
    }
  };

  return (
    <>
      <div className="backdrop" onClick={p.onClose} />
      <aside className="drawer" role="dialog" aria-modal="true" aria-labelledby="drawer-title" data-testid="task-drawer">
        <div className="drawer-head">
          <h2 id="drawer-title" style={{ margin: 0 }}>
            {p.task ? `${p.task.code} ${t("board.drawerTitle")}` : t("board.newTask")}
          </h2>
          {p.task && p.onMoveTo && <MoveTo task={p.task} onMove={p.onMoveTo} />}
          <button type="button" className="btn ghost small" onClick={p.onClose} aria-label={t("common.close")}>
            ✕
          </button>
        </div>
        <form className="drawer-body form" onSubmit={submit} noValidate id="task-form">
          {p.formError && (
            <div className="alert bad" role="alert">
              {p.formError}
            </div>
          )}
          {!p.task && (
            <Field label={t("board.project")} error={err("projectId")}>
              {(a) => (
                <select {...a} value={values.projectId} onChange={(e) => set("projectId", Number(e.target.value))} disabled={p.readOnly}>
                  {p.projects.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.code} {x.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={t("board.taskTitle")} error={err("title")}>
            {(a) => <input {...a} ref={firstField} name="title" value={values.title} onChange={(e) => set("title", e.target.value)} readOnly={p.readOnly} maxLength={120} />}
          </Field>
          <Field label={t("board.description")} error={err("description")}>
            {(a) => <textarea {...a} name="description" value={values.description} onChange={(e) => set("description", e.target.value)} readOnly={p.readOnly} />}
          </Field>
          <div className="form cols" style={{ gridTemplateColumns: "1fr 1fr" }}>
            <Field label={t("board.ownerUnit")} error={err("ownerUnitId")}>
              {(a) => (
                <select
                  {...a}
                  name="ownerUnitId"
                  value={values.ownerUnitId}
                  onChange={(e) => setValues((s) => ({ ...s, ownerUnitId: Number(e.target.value), ownerUserId: null }))}
                  disabled={p.readOnly}
                >
                  {unitChoices.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.shortName}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("board.owner")} error={err("ownerUserId")}>
              {(a) => (
                <select
                  {...a}
                  name="ownerUserId"
                  value={values.ownerUserId ?? ""}
                  onChange={(e) => set("ownerUserId", e.target.value ? Number(e.target.value) : null)}
                  disabled={p.readOnly}
                >
                  <option value="">{t("board.noOwner")}</option>
                  {personChoices.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.displayName}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("board.startOn")} error={err("startOn")}>
              {(a) => <input {...a} type="date" name="startOn" value={values.startOn} onChange={(e) => set("startOn", e.target.value)} readOnly={p.readOnly} />}
            </Field>
            <Field label={t("board.dueOn")} error={err("dueOn")}>
              {(a) => <input {...a} type="date" name="dueOn" value={values.dueOn} onChange={(e) => set("dueOn", e.target.value)} readOnly={p.readOnly} />}
            </Field>
            {p.task && (
              <Field
                label={t("common.withUnit", { label: t("board.progress"), unit: "%" })}
                error={err("progress")}
                hint={p.indicatorCount ? t("common.labelValue", { label: t("indicators.computedCue"), value: t("indicators.computedHint") }) : undefined}
              >
                {(a) => (
                  <input
                    {...a}
                    type="number"
                    name="progress"
                    min={0}
                    max={100}
                    value={Number.isNaN(values.progress) ? "" : values.progress}
                    onChange={(e) => set("progress", e.target.valueAsNumber)}
                    readOnly={p.readOnly}
                    disabled={Boolean(p.indicatorCount)}
                  />
                )}
              </Field>
            )}
            <label className="check" style={{ alignSelf: "end" }}>
              <input type="checkbox" name="isKey" checked={values.isKey} onChange={(e) => set("isKey", e.target.checked)} disabled={p.readOnly} />
              {t("fields.isKey")}
            </label>
          </div>
          {p.task && <CloseoutPanel task={p.task} />}
          {p.task && (
            <p className="drawer-indicators">
              {p.indicatorCount ? <strong>{t("indicators.drawerTitle", { n: p.indicatorCount })}</strong> : null}{" "}
              <Link to={`/tasks/${p.task.id}`}>{p.indicatorCount ? t("indicators.drawerOpen") : t("indicators.drawerAdd")}</Link>
            </p>
          )}
          {p.task && <TaskLinks taskId={p.task.id} reloadKey={[p.task.version, p.links ?? null]} />}
          {p.task && <TaskHistory taskId={p.task.id} version={p.task.version} text={p.fieldText} />}
          {p.task && <TaskChangeRequests task={p.task} />}
        </form>
        <div className="drawer-foot">
          <div>
            {p.task && p.canArchive && (
              <button type="button" className="btn danger" onClick={p.onArchive}>
                {t("board.archive")}
              </button>
            )}
          </div>
          <div className="form-actions">
            <button type="button" className="btn secondary" onClick={p.onClose}>
              {t("common.cancel")}
            </button>
            {!p.readOnly && (
              <button type="submit" form="task-form" className="btn" disabled={p.task != null && Object.keys(changed).length === 0}>
                {p.task ? t("common.save") : t("common.create")}
              </button>
            )}
          </div>
        </div>
      </aside>
    </>
  );
}

function pick(task: TaskRow): Omit<DrawerValues, "projectId"> & { projectId: number } {
  return {
    projectId: task.projectId,
    title: task.title,
    description: task.description,
    ownerUnitId: task.ownerUnitId,
    ownerUserId: task.ownerUserId,
    startOn: task.startOn,
    dueOn: task.dueOn,
    progress: task.progress,
    isKey: task.isKey,
  };
}
