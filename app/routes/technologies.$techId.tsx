// One key technology: the V of the selected iteration (SVG), the iteration selector, the TRL ladder, the
// claims with the claim form (owner unit) and the confirm / reject form (eligible experts), the item table
// with its edit forms. Live: the project board's "vmodel.upserted" / "trl.upserted" events carry the
// whole technology row, applied by the generic reducer.
import { commentsOn } from "../models/comments.server";
import { commentsFor } from "../components/comments/CommentThread";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActor, orErrorPage } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { VDiagram } from "../components/technologies/VDiagram";
import { TrlLadder } from "../components/technologies/TrlLadder";
import { ClaimsPanel } from "../components/technologies/Claims";
import { AddItemForm, ItemTable } from "../components/technologies/Items";
import { IterationForm } from "../components/technologies/IterationForm";
import { TechnologyForm } from "../components/technologies/TechnologyForm";
import { useCan, useFormat, useT } from "../lib/viewer";
import {
  createItem,
  createIteration,
  linkItemTask,
  removeItem,
  unlinkItemTask,
  updateItem,
  updateIteration,
  updateTechnology,
} from "../models/vmodel.server";
import { technologyPage } from "../models/technologies.server";
import { claimTrl, decideTrlClaim } from "../models/trl.server";
import { trlClaimSchema, trlDecisionSchema, iterationWarnings, SAMPLE_TRL, STAGE_TRL } from "../models/trl";
import {
  itemCreateSchema,
  itemLinkSchema,
  itemRemoveSchema,
  itemUnlinkSchema,
  itemUpdateSchema,
  iterationCreateSchema,
  iterationUpdateSchema,
  technologySummary,
  technologyUpdateSchema,
  type TechnologyRow,
} from "../models/vmodel";
import { addMonths, format, parseISO } from "date-fns";
import { useMemo } from "react";

export const meta: MetaFunction<typeof loader> = ({ matches, data: d }) => pageTitle(matches, "technologies.title", d?.tech.name);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.techId);
  if (!Number.isSafeInteger(id) || id <= 0) throw data({ message: translate(actor.locale, "errors.notFound") }, { status: 404 });
  const { db } = context;
  return db.transaction(() => {
    const page = orErrorPage(actor, () => technologyPage(db, actor, id));
    return { ...page, comments: commentsOn(db, actor, "trl_claim", page.tech.claims.map((c) => c.id)) };
  });
}

const INTENTS = ["claim", "decide", "addItem", "updateItem", "removeItem", "link", "unlink", "addIteration", "updateIteration", "updateTechnology"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  // Over-size or forbidden evidence files are refused before anything is written, beside the claim form.
  const post = await readIntent(request, context, INTENTS, { uploads: "claim" });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  switch (intent) {
    case "claim":
      return run(trlClaimSchema, (v) => claimTrl(context, actor, v, files));
    case "decide":
      return run(trlDecisionSchema, (v) => decideTrlClaim(context, actor, v), { target: "claimId" });
    case "addItem":
      return run(itemCreateSchema, (v) => createItem(context, actor, v));
    case "updateItem":
      return run(itemUpdateSchema, (v) => updateItem(context, actor, v));
    case "removeItem":
      return run(itemRemoveSchema, (v) => removeItem(context, actor, v));
    case "link":
      return run(itemLinkSchema, (v) => linkItemTask(context, actor, v));
    case "unlink":
      return run(itemUnlinkSchema, (v) => unlinkItemTask(context, actor, v));
    case "addIteration":
      return run(iterationCreateSchema, (v) => createIteration(context, actor, v));
    case "updateIteration":
      return run(iterationUpdateSchema, (v) => updateIteration(context, actor, v));
    case "updateTechnology":
      return run(technologyUpdateSchema, (v) => updateTechnology(context, actor, v));
  }
}

function TrlFigure({ label, value, tone }: { label: string; value: string; tone?: string }) {
  return (
    <div className={`figure ${tone ?? ""}`}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}

export default function TechnologyPage() {
  const t = useT();
  const f = useFormat();
  const { can } = useCan();
  const loaded = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const snapshot = useMemo(() => [loaded.tech], [loaded.tech]);
  const extra = useMemo(() => ({ comment: loaded.comments }), [loaded.comments]);
  const { rows, conn, entities } = useBoard<TechnologyRow>({
    boardId: loaded.boardId,
    seq: loaded.seq,
    rows: snapshot,
    entity: "technology",
    belongs: (r) => r.id === loaded.tech.id,
    extra,
  });
  const tech = rows.find((r) => r.id === loaded.tech.id) ?? loaded.tech;
  const summary = technologySummary(tech);
  const wanted = Number(params.get("iter"));
  const iteration = tech.iterations.find((i) => i.id === wanted) ?? summary.activeIteration;
  const canEdit = can("update", "technology", { unitId: tech.ownerUnitId, projectId: tech.projectId });
  const lastIt = tech.iterations[tech.iterations.length - 1];
  const nextDefaults = lastIt
    ? { startOn: lastIt.endOn, endOn: format(addMonths(parseISO(lastIt.endOn), 6), "yyyy-MM-dd"), entryTrl: lastIt.targetTrl, targetTrl: Math.min(9, lastIt.targetTrl + 1) }
    : { startOn: loaded.today, endOn: format(addMonths(parseISO(loaded.today), 6), "yyyy-MM-dd"), entryTrl: tech.startTrl, targetTrl: Math.min(9, tech.startTrl + 1) };
  const warnings = iteration ? iterationWarnings(iteration) : [];

  return (
    <>
      <div className="page-head">
        <div>
          <p className="crumbs"><Link to="/technologies">{t("technologies.back")}</Link></p>
          <h1>{tech.name}</h1>
          <p className="muted">
            {tech.projectCode} {tech.projectName} · {t("technologies.ownerUnit")}{t("technologies.labelSep")}{tech.ownerUnitName} · {t("technologies.trlPath", { from: tech.startTrl, to: tech.targetTrl })}
          </p>
          {tech.description && <p className="tech-desc">{tech.description}</p>}
        </div>
        <ConnectionBadge state={conn} />
      </div>

      <div className="figures">
        <TrlFigure label={t("technologies.startTrl")} value={`TRL ${tech.startTrl}`} />
        <TrlFigure label={t("technologies.confirmedTrl")} value={`TRL ${summary.confirmedTrl}`} tone="trl-confirmed" />
        <TrlFigure label={t("technologies.targetTrl")} value={`TRL ${tech.targetTrl}`} />
        <TrlFigure label={t("technologies.pending")} value={String(summary.pendingClaims.length)} tone={summary.pendingClaims.length ? "trl-pending" : ""} />
      </div>

      <nav className="iter-tabs" aria-label={t("technologies.iterationsLabel")}>
        {tech.iterations.map((i) => (
          <Link key={i.id} to={`?iter=${i.id}`} preventScrollReset aria-current={iteration?.id === i.id ? "page" : undefined} className={`iter-tab iter-${i.status}`}>
            <strong>{t("technologies.iterationShort", { seq: i.seq })} · {t(`technologies.samples.${i.sampleLevel}`)}</strong>
            <small>{t(`technologies.stages.${i.stage}`)} · {t("technologies.trlPath", { from: i.entryTrl, to: i.targetTrl })}</small>
            <span className={`badge ${i.status === "active" ? "info" : i.status === "done" ? "ok" : ""}`}>{t(`technologies.iterationStatuses.${i.status}`)}</span>
          </Link>
        ))}
      </nav>

      <div className="tech-grid">
        <section className="panel" aria-labelledby="v-title">
          <div className="panel-head">
            <h2 id="v-title">
              {t("technologies.vTitle")}
              {iteration && <> · {t("technologies.iterationTitle", { seq: iteration.seq, sample: t(`technologies.samples.${iteration.sampleLevel}`), stage: t(`technologies.stages.${iteration.stage}`) })}</>}
            </h2>
            {iteration && (
              <span className="muted">
                {t("technologies.trlPath", { from: iteration.entryTrl, to: iteration.targetTrl })} · {t("technologies.iterationDates", { from: f.date(iteration.startOn), to: f.date(iteration.endOn) })}
              </span>
            )}
          </div>
          {warnings.map((w) => (
            <div key={w} className="alert warn" role="note">
              {w === "stageRange"
                ? t("technologies.warnings.stageRange", { stage: t(`technologies.stages.${iteration!.stage}`), ...STAGE_TRL[iteration!.stage] })
                : t("technologies.warnings.sampleRange", { sample: t(`technologies.samples.${iteration!.sampleLevel}`), ...SAMPLE_TRL[iteration!.sampleLevel] })}
            </div>
          ))}
          <p className="muted small">{t("technologies.vDesc")}</p>
          {iteration ? (
            <VDiagram items={iteration.items} label={t("technologies.vAria", { name: tech.name, seq: iteration.seq })} />
          ) : (
            <p className="empty">{t("technologies.noItems")}</p>
          )}
        </section>
        <div className="tech-side">
          <section className="panel" aria-labelledby="ladder-title">
            <h2 id="ladder-title">{t("technologies.ladderTitle")}</h2>
            <p className="muted small">{t("technologies.ladderDesc")}</p>
            <TrlLadder tech={tech} today={loaded.today} confirmedTrl={summary.confirmedTrl} />
          </section>
          <ClaimsPanel tech={tech} confirmedTrl={summary.confirmedTrl} last={last} thread={(id) => ({ comments: commentsFor(entities.comment, "trl_claim", id), canPost: loaded.live })} />
        </div>
      </div>

      {iteration && (
        <section className="panel" aria-labelledby="items-title">
          <h2 id="items-title">{t("technologies.itemsTitle")}</h2>
          <ItemTable iteration={iteration} canEdit={canEdit} last={last} />
        </section>
      )}
      {canEdit && (
        <div className="grid cols-2 vforms">
          {iteration && <AddItemForm iteration={iteration} last={last} />}
          {iteration && <IterationForm technologyId={tech.id} iteration={iteration} defaults={nextDefaults} last={last} />}
          <IterationForm technologyId={tech.id} defaults={nextDefaults} last={last} />
          <TechnologyForm tech={tech} last={last} />
        </div>
      )}
      <datalist id="project-task-codes">
        {loaded.tasks.map((task) => <option key={task.code} value={task.code}>{task.title}</option>)}
      </datalist>
    </>
  );
}
