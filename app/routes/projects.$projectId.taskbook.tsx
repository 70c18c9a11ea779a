// /projects/:projectId/taskbook: the project's 任务书: the latest version with its document, goals, term,
// division of work, indicators and the experts' reviews; the review form for an eligible responsible
// expert; "create tasks and indicators" once reviewed; earlier versions; the submission form for the
// project lead and the secretariat. Live on the project board (a submission, review or creation elsewhere
// reloads the page's data).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useCallback } from "react";
import { orErrorPage, requireActor } from "../lib/http.server";
import { readIntent } from "../lib/intent-form.server";
import type { IntentReply } from "../lib/intent-form";
import { pageTitle } from "../lib/meta";
import { translate } from "../i18n/catalog";
import { useFormat, useT, useViewer } from "../lib/viewer";
import { createTasksFromTaskBook, reviewTaskBook, submitTaskBook, taskBookPage } from "../models/task-book.server";
import { taskBookCreateTasksSchema, taskBookReviewSchema, taskBookSubmitSchema, type TaskBookRow } from "../models/task-book";
import { useBoard } from "../realtime/use-board";
import { ConnectionBadge } from "../components/board/ConnectionBadge";
import { ReviewState, VersionView } from "../components/task-book/VersionView";
import { doneKey, TaskBookForm } from "../components/task-book/TaskBookForm";
import { ReviewForm } from "../components/task-book/ReviewForm";
import { FormReply, IntentHidden, replyFor } from "../components/form/IntentForm";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "taskBook.title", data ? `${data.project.code} ${data.project.name}` : undefined);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context);
  const id = Number(params.projectId);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response(translate(actor.locale, "errors.notFound"), { status: 404 });
  const { db } = context;
  return db.transaction(() => orErrorPage(actor, () => taskBookPage(db, actor, id)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["submit", "review", "createTasks"], { uploads: "submit" });
  if (post.refused) return post.refused;
  const { actor, intent, files, run } = post;
  switch (intent) {
    case "submit":
      return run(taskBookSubmitSchema, (v) => submitTaskBook(context, actor, v, files), { target: "projectId" });
    case "review":
      return run(taskBookReviewSchema, (v) => reviewTaskBook(context, actor, v), { target: "projectId" });
    case "createTasks":
      return run(taskBookCreateTasksSchema, (v) => createTasksFromTaskBook(context, actor, v), { target: "projectId" });
  }
}

export default function TaskBookPage() {
  const d = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>() as IntentReply | undefined;
  const t = useT();
  const fmt = useFormat();
  const viewer = useViewer();
  const revalidator = useRevalidator();
  const { project, book, versions } = d;
  const belongs = useCallback((r: TaskBookRow) => r.projectId === project.id, [project.id]);
  // Versions, reviews and documents are not in the event's row: reload them when the book changes.
  const onRemoteChange = useCallback(
    (ev: { payload: { entity: string } }) => {
      if (ev.payload.entity === "taskBook") revalidator.revalidate();
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const board = useBoard<TaskBookRow>({ boardId: d.boardId, seq: d.seq, rows: book ? [book] : [], entity: "taskBook", belongs, onRemoteChange });
  const [latest, ...earlier] = versions;
  const reviewedByMe = latest?.reviews.some((r) => r.expertId === viewer.id);
  const createReply = replyFor(last, "createTasks");
  return (
    <div className="tb-page">
      <div className="page-head">
        <h1>{t("taskBook.pageTitle", { project: `${project.code} ${project.name}` })}</h1>
        <span className="spacer" />
        <Link to={`/projects/${project.id}/board`}>{t("taskBook.backToBoard")}</Link>
        <ConnectionBadge state={board.conn} />
      </div>
      <p className="muted tb-intro">{t("taskBook.intro")}</p>
      {last?.done && <FormReply reply={last} doneKey={doneKey} />}

      {!latest && (
        <section className="panel empty-state" aria-label={t("taskBook.title")}>
          <p>
            <strong>{t("taskBook.empty")}</strong>
          </p>
          <p className="muted">{d.mayWrite ? t("taskBook.emptyWriter") : t("taskBook.emptyReader")}</p>
        </section>
      )}

      {latest && (
        <section className="panel tb-latest" aria-labelledby="tb-latest-h" data-testid="tb-latest">
          <div className="tb-head">
            <h2 id="tb-latest-h">
              {t("taskBook.versionN", { n: latest.number })} <span className="tag">{t("taskBook.latest")}</span>
            </h2>
            <ReviewState version={latest} />
          </div>
          <VersionView version={latest} documents={d.documents[latest.id] ?? []} />

          {d.isExpert && !reviewedByMe && (
            <div className="tb-action" id="review">
              <h3>{t("taskBook.reviewTitle", { n: latest.number })}</h3>
              {d.reviewRefusal ? <p className="alert warn">{d.reviewRefusal}</p> : <ReviewForm projectId={project.id} version={latest.number} last={last} />}
            </div>
          )}
          {d.isExpert && reviewedByMe && <p className="muted">{t("taskBook.reviewDone")}</p>}

          {d.mayWrite && book && (
            <div className="tb-action" id="create-tasks">
              <h3>{t("taskBook.createTasks")}</h3>
              {book.tasksFromVersion != null ? (
                <p>
                  {t("taskBook.tasksCreated", { n: book.tasksFromVersion, date: fmt.date(book.tasksCreatedAt) })}{" "}
                  <Link to={`/projects/${project.id}/board`}>{t("taskBook.openBoard")}</Link>
                </p>
              ) : (
                <Form method="post" className="form">
                  <IntentHidden intent="createTasks" values={{ projectId: project.id, version: latest.number }} />
                  <p className="muted small">{t("taskBook.createTasksHint")}</p>
                  {d.createRefusal && <p className="muted">{d.createRefusal}</p>}
                  {!createReply?.done && <FormReply reply={createReply} doneKey={doneKey} />}
                  <div className="form-actions">
                    <button type="submit" className="btn" disabled={d.createRefusal != null}>
                      {t("taskBook.createTasks")}
                    </button>
                  </div>
                </Form>
              )}
            </div>
          )}
        </section>
      )}

      {d.mayWrite && (
        <details className="panel tb-write" open={!latest || (replyFor(last, "submit") != null && !replyFor(last, "submit")?.done)}>
          <summary>{latest ? t("taskBook.write") : t("taskBook.writeFirst")}</summary>
          <TaskBookForm
            key={latest?.number ?? 0}
            projectId={project.id}
            version={latest?.number ?? 0}
            latest={latest}
            units={d.units}
            defaults={{ termStart: project.startOn, termEnd: project.endOn }}
            last={last}
          />
        </details>
      )}

      {earlier.length > 0 && (
        <section aria-labelledby="tb-history-h">
          <h2 id="tb-history-h">{t("taskBook.history")}</h2>
          {earlier.map((v) => (
            <details key={v.id} className="panel tb-earlier">
              <summary>
                {t("taskBook.versionN", { n: v.number })} · {fmt.date(v.submittedAt)} · <ReviewState version={v} />
              </summary>
              <VersionView version={v} documents={d.documents[v.id] ?? []} />
            </details>
          ))}
        </section>
      )}
    </div>
  );
}
