// 关键技术: the key technologies of the projects the viewer may read, per project, with the confirmed TRL
// against the target (a 9-step bar), the active iteration, item progress and pending claims; and the form
// that adds a technology for those allowed. Live through the consortium board (experts, who only read
// the projects they supervise, follow their first project's board).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { getSocket } from "../realtime/socket.client";
import { Push, type Notification } from "../realtime/protocol";
import { requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { Field } from "../components/form/Field";
import { FormReply, IntentFields, useIntentForm } from "../components/technologies/intent";
import { trlSelect } from "../components/technologies/TrlSelect";
import { useMessage, useT } from "../lib/viewer";
import { canReadBoard, CONSORTIUM_BOARD, liveBoard, projectBoard } from "../models/boards.server";
import { createTechnology } from "../models/vmodel.server";
import { listTechnologies, technologyProjectOptions } from "../models/technologies.server";
import { technologyCreateSchema, technologySummary, type TechnologyRow } from "../models/vmodel";
import { TRL_LEVELS } from "../models/trl";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "technologies.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const { db } = context;
  const boardId = canReadBoard(actor, CONSORTIUM_BOARD) ? CONSORTIUM_BOARD : actor.projectIds.length ? projectBoard(actor.projectIds[0]!) : CONSORTIUM_BOARD;
  return db.transaction(() => ({
    ...liveBoard(db, actor, boardId),
    technologies: listTechnologies(db, actor),
    projects: technologyProjectOptions(db, actor),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["create"]);
  if (post.refused) return post.refused;
  const { actor, run } = post;
  return run(technologyCreateSchema, (v) => createTechnology(context, actor, v));
}

/** Nine steps: confirmed levels filled, a pending claim hatched, the target outlined. */
function TrlBar({ confirmed, pending, target, label }: { confirmed: number; pending: number | null; target: number; label: string }) {
  return (
    <span className="trl-bar" role="img" aria-label={label} title={label}>
      {TRL_LEVELS.map((l) => (
        <span
          key={l}
          className={`trl-step${l <= confirmed ? " on" : pending != null && l <= pending ? " claimed" : ""}${l === target ? " target" : ""}`}
          data-level={l}
        >
          {l}
        </span>
      ))}
    </span>
  );
}

function Row({ tech }: { tech: TechnologyRow }) {
  const t = useT();
  const s = technologySummary(tech);
  const it = s.activeIteration;
  const pending = s.pendingClaims[0];
  const all = Object.values(s.states).reduce((a, b) => a + b, 0);
  const label = `${t("technologies.confirmedTrl")} ${s.confirmedTrl}${pending ? ` · ${t("technologies.pending")} TRL ${pending.trl}` : ""} · ${t("technologies.targetTrl")} ${tech.targetTrl}`;
  return (
    <tr data-tech={tech.id}>
      <td>
        <Link to={`/technologies/${tech.id}`} className="tech-name">{tech.name}</Link>
        <div className="muted small">{tech.ownerUnitName}</div>
      </td>
      <td><TrlBar confirmed={s.confirmedTrl} pending={pending?.trl ?? null} target={tech.targetTrl} label={label} /></td>
      <td className="num">TRL {s.confirmedTrl}</td>
      <td className="num">TRL {tech.targetTrl}</td>
      <td>
        {it ? (
          <>
            {t("technologies.iterationShort", { seq: it.seq })} · {t(`technologies.samples.${it.sampleLevel}`)}
            <div className="muted small">{t(`technologies.stages.${it.stage}`)} · {t("technologies.trlPath", { from: it.entryTrl, to: it.targetTrl })}</div>
          </>
        ) : <span className="muted">—</span>}
      </td>
      <td className="nowrap">{t("technologies.itemsDone", { done: s.states.done, all })}{s.states.failed > 0 && <span className="vstate-failed-count"> ✗{s.states.failed}</span>}</td>
      <td>
        {s.pendingClaims.length === 0 ? <span className="muted">{t("technologies.none")}</span> : (
          s.pendingClaims.map((c) => <span key={c.id} className="badge warn" data-pending={c.id}>TRL {c.trl} · {c.claimerName}</span>)
        )}
      </td>
    </tr>
  );
}

function CreateForm({ projects, last }: { projects: ReturnType<typeof useLoaderData<typeof loader>>["projects"]; last: IntentReply | undefined }) {
  const t = useT();
  const m = useMessage();
  const [projectId, setProjectId] = useState(projects[0]?.id ?? 0);
  const { form, fields, mine } = useIntentForm({ id: "create-technology", intent: "create", schema: technologyCreateSchema, last });
  const units = projects.find((p) => p.id === projectId)?.units ?? [];
  return (
    <details className="panel vform" open={mine ? true : undefined}>
      <summary>{t("technologies.create")}</summary>
      <p className="muted small">{t("technologies.createHint")}</p>
      <FormReply reply={mine} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form cols">
        <IntentFields intent="create" />
        <Field label={t("technologies.project")} error={m(fields.projectId.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.projectId.name} value={projectId} onChange={(e) => setProjectId(Number(e.target.value))}>
              {projects.map((pr) => <option key={pr.id} value={pr.id}>{pr.code} {pr.name}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.ownerUnit")} error={m(fields.ownerUnitId.errors?.[0])}>
          {(p) => (
            <select {...p} name={fields.ownerUnitId.name} key={projectId}>
              {units.map((u) => <option key={u.id} value={u.id}>{u.shortName}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("technologies.name")} error={m(fields.name.errors?.[0])}>
          {(p) => <input {...p} name={fields.name.name} maxLength={100} />}
        </Field>
        <Field label={t("technologies.startTrl")} error={m(fields.startTrl.errors?.[0])}>{trlSelect(fields.startTrl.name, 3)}</Field>
        <Field label={t("technologies.targetTrl")} error={m(fields.targetTrl.errors?.[0])}>{trlSelect(fields.targetTrl.name, 6)}</Field>
        <Field label={t("technologies.description")} error={m(fields.description.errors?.[0])}>
          {(p) => <textarea {...p} name={fields.description.name} rows={2} maxLength={2000} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn">{t("technologies.createSubmit")}</button>
        </div>
      </Form>
    </details>
  );
}

export default function Technologies() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const readable = new Set(loaded.technologies.map((x) => x.projectId));
  const { rows, conn } = useBoard<TechnologyRow>({
    boardId: loaded.boardId,
    seq: loaded.seq,
    rows: loaded.technologies,
    entity: "technology",
    belongs: (r) => loaded.boardId === "consortium" || readable.has(r.projectId),
  });
  // Experts follow one project board only; a claim or decision in another of their projects reaches
  // them as a personal "notify" (kind "trl"), and the list reloads.
  const revalidator = useRevalidator();
  useEffect(() => {
    if (loaded.boardId === "consortium") return;
    const socket = getSocket();
    const on = (p: Notification) => p.kind === "trl" && revalidator.revalidate();
    socket.on(Push.notify, on);
    return () => void socket.off(Push.notify, on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded.boardId]);
  const byProject = new Map<number, TechnologyRow[]>();
  for (const r of [...rows].sort((a, b) => a.projectCode.localeCompare(b.projectCode) || a.id - b.id)) byProject.set(r.projectId, [...(byProject.get(r.projectId) ?? []), r]);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("technologies.title")}</h1>
          <p className="muted">{t("technologies.subtitle")}</p>
        </div>
        {loaded.live && <ConnectionBadge state={conn} />}
      </div>
      {rows.length === 0 && <p className="empty">{t("technologies.empty")}</p>}
      {[...byProject.values()].map((list) => (
        <section key={list[0]!.projectId} className="panel tech-project" aria-labelledby={`project-${list[0]!.projectId}`}>
          <h2 id={`project-${list[0]!.projectId}`}>{list[0]!.projectCode} {list[0]!.projectName}</h2>
          <div className="table-wrap">
            <table className="data tech-table">
              <thead>
                <tr>
                  <th scope="col" className="c-name">{t("technologies.name")}</th>
                  <th scope="col" className="c-bar">TRL 1–9</th>
                  <th scope="col" className="num c-trl">{t("technologies.confirmedTrl")}</th>
                  <th scope="col" className="num c-trl">{t("technologies.targetTrl")}</th>
                  <th scope="col" className="c-iter">{t("technologies.currentIteration")}</th>
                  <th scope="col" className="c-items">{t("technologies.itemsProgress")}</th>
                  <th scope="col" className="c-pending">{t("technologies.pending")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((tech) => <Row key={tech.id} tech={tech} />)}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      {loaded.projects.length > 0 && <CreateForm projects={loaded.projects} last={last} />}
    </>
  );
}
