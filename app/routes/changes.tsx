// 动态调整: change requests with filters (pending/decided, kind, project), each with its before/after
// table and the approver's forms; the propose form with per-kind fields (prefilled from the board's
// "申请调整": ?propose=adjust_task&task=<id>). Live: `change.upserted` events update the list in place.
import { commentsOn } from "../models/comments.server";
import { commentsFor } from "../components/comments/CommentThread";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { requireActor, requirePermission } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import { pageTitle } from "../lib/meta";
import { useT } from "../lib/viewer";
import { useBoard } from "../realtime/use-board";
import { liveBoard } from "../models/boards.server";
import { approveChange, proposeChange, rejectChange, withdrawChange } from "../models/change-requests.server";
import { listChangeRequests, proposeOptions } from "../models/change-views.server";
import {
  changeApproveSchema,
  changeDecideSchema,
  changeFilterSchema,
  changeProposeSchema,
  changeRejectSchema,
  CHANGE_KINDS,
  type ChangeKind,
  type ChangeView,
} from "../models/change-requests";
import { ChangeCard, type ChangeReply } from "../components/changes/ChangeCard";
import { ProposeForm } from "../components/changes/ProposeForm";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { creditForChanges } from "../models/credit.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "changes.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  requirePermission(actor, "read", "consortium");
  const url = new URL(request.url);
  const f = changeFilterSchema.safeParse(Object.fromEntries(url.searchParams));
  const filter = f.success ? f.data : {};
  const { db } = context;
  return db.transaction(() => {
    // All the actor may read; the filters apply in the page, so live events and a just-decided request
    // (which leaves the "pending" filter) are handled the same way.
    const changes = listChangeRequests(db, actor);
    return {
      changes,
      comments: commentsOn(db, actor, "change", changes.map((c) => c.id)),
      credit: creditForChanges(db, actor, changes),
      filter,
      ...liveBoard(db, actor),
      options: proposeOptions(db, actor),
      today: context.db.$clock.today(),
    };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["propose", "approve", "reject", "withdraw"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "propose":
      return run(changeProposeSchema, (v) => proposeChange(context, actor, v));
    case "approve":
      return run(changeApproveSchema, (v) => approveChange(context, actor, v));
    case "reject":
      return run(changeRejectSchema, (v) => rejectChange(context, actor, v));
    case "withdraw":
      return run(changeDecideSchema, (v) => withdrawChange(context, actor, v));
  }
}

const byPendingThenNewest = (a: ChangeView, b: ChangeView) => Number(a.status !== "pending") - Number(b.status !== "pending") || b.id - a.id;

export default function Changes() {
  const { changes, comments, credit, filter, boardId, live, seq, options, today } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as ChangeReply;
  const t = useT();
  const [params] = useSearchParams();
  const extra = useMemo(() => ({ comment: comments }), [comments]);
  const board = useBoard<ChangeView>({ boardId, seq, rows: changes, entity: "change", extra });
  // Events bring requests of every kind and status: keep those the filters ask for, and the one the
  // viewer has just decided (so its outcome stays in view under the "pending" filter).
  const justDecided = reply?.done ? reply.target : null;
  const shown = (live ? board.rows : changes)
    .filter((c) => c.id === justDecided || (filter.status === "pending" ? c.status === "pending" : filter.status === "decided" ? c.status !== "pending" : true))
    .filter((c) => !filter.kind || c.kind === filter.kind)
    .filter((c) => !filter.project || c.projectId === filter.project)
    .sort(byPendingThenNewest);
  const propose = params.get("propose");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("changes.title")}</h1>
          <p className="muted">{t("changes.subtitle")}</p>
        </div>
        {live && <ConnectionBadge state={board.conn} />}
      </div>
      <div className={options.kinds.length ? "cr-grid" : ""}>
        <section aria-labelledby="cr-list-h">
          <Form method="get" className="panel cr-filters" aria-label={t("changes.filters")}>
            <h2 id="cr-list-h" className="visually-hidden">
              {t("changes.list")}
            </h2>
            <label>
              {t("changes.status")}
              <select name="status" defaultValue={filter.status ?? ""}>
                <option value="">{t("changes.allStatuses")}</option>
                <option value="pending">{t("changes.pendingFilter")}</option>
                <option value="decided">{t("changes.decidedFilter")}</option>
              </select>
            </label>
            <label>
              {t("changes.kind")}
              <select name="kind" defaultValue={filter.kind ?? ""}>
                <option value="">{t("changes.allKinds")}</option>
                {CHANGE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`changes.kinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("changes.project")}
              <select name="project" defaultValue={filter.project ?? ""}>
                <option value="">{t("changes.allProjects")}</option>
                {options.projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.code} {p.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="btn secondary">
              {t("changes.filter")}
            </button>
            <span className="muted">{t("changes.count", { n: shown.length })}</span>
          </Form>
          {shown.length === 0 ? <p className="panel muted">{t("changes.empty")}</p> : shown.map((c) => <ChangeCard key={c.id} change={c} credit={credit[c.id]} reply={reply} thread={{ comments: commentsFor(board.entities.comment, "change", c.id), canPost: live }} />)}
        </section>
        {options.kinds.length > 0 && (
          <ProposeForm
            key={`${propose}-${params.get("task")}`}
            options={options}
            reply={reply}
            initialKind={CHANGE_KINDS.includes(propose as ChangeKind) ? (propose as ChangeKind) : null}
            initialTaskId={Number(params.get("task")) || null}
            today={today}
          />
        )}
      </div>
    </>
  );
}
