// 任务书 and its 论证: submit a version (the project lead or the secretariat; a versioned write on the
// head row, a stale one refused), review a version (a responsible expert of the project outside its
// executing units, once per version), and create the project's tasks and indicators from the reviewed
// version (once). Each is one transaction through the write kernel; the document is evidence
// (`taskbook_version`) stored in the same transaction. Rules of the content: task-book.ts.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { taskBooks } from "../../db/schema";
import { boardsOf, canReadBoard, liveBoard, projectBoard } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, insert, must, one, run } from "./sql.server";
import { assertCan } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { can } from "./permissions";
import { projectExperts, projectUnitIds } from "./projects.server";
import { executingUnitIds } from "./check-reads.server";
import { coiConflict } from "./checks";
import { listEvidence, storeEvidence, type EvidenceRow, type UploadedFile } from "./evidence.server";
import { notify, notifyEach, type Told } from "./inbox.server";
import { insertTask } from "./tasks.server";
import { insertIndicator } from "./indicator-writes.server";
import { translate } from "../i18n/catalog";
import {
  isReviewed,
  type DivisionRow,
  type ReviewConclusion,
  type TaskBookCreateTasksInput,
  type TaskBookIndicator,
  type TaskBookReview,
  type TaskBookReviewInput,
  type TaskBookRow,
  type TaskBookSubmitInput,
  type TaskBookVersion,
} from "./task-book";

/** Evidence subject of a version's document. */
export const TASK_BOOK_DOCUMENT = "taskbook_version";

type Project = { id: number; code: string; name: string; leadUnitId: number; leadUserId: number | null; startOn: string; endOn: string };

const getProject = (db: DB, projectId: number): Project =>
  must(one<Project>(db, "SELECT id, code, name, lead_unit_id AS leadUnitId, lead_user_id AS leadUserId, start_on AS startOn, end_on AS endOn FROM projects WHERE id = ?", projectId));

const HEAD_SELECT = `SELECT id, project_id AS projectId, version, tasks_from_version AS tasksFromVersion, tasks_created_at AS tasksCreatedAt, updated_at AS updatedAt FROM task_books`;
const headOf = (db: DB, projectId: number) => one<TaskBookRow>(db, `${HEAD_SELECT} WHERE project_id = ?`, projectId);

type VersionRaw = Omit<TaskBookVersion, "indicators" | "division" | "reviews"> & { indicators: string; division: string };
const VERSION_SELECT = `SELECT v.id, v.number, v.goals, v.term_start AS termStart, v.term_end AS termEnd, v.indicators, v.division, v.note,
  v.submitted_by AS submittedBy, u.display_name AS submitterName, v.submitted_at AS submittedAt
  FROM task_book_versions v JOIN users u ON u.id = v.submitted_by`;

/** Every version of a book, newest first, with unit names and reviews. */
function versionsOf(db: DB, bookId: number): TaskBookVersion[] {
  const units = new Map(all<{ id: number; name: string }>(db, "SELECT id, short_name AS name FROM member_units").map((u) => [u.id, u.name]));
  const unitName = (id: number) => units.get(id) ?? `#${id}`;
  const reviews = all<TaskBookReview & { versionId: number }>(
    db,
    `SELECT r.id, r.version_id AS versionId, r.expert_id AS expertId, u.display_name AS expertName, m.short_name AS unitName, r.conclusion, r.text, r.reviewed_at AS reviewedAt
     FROM task_book_reviews r JOIN users u ON u.id = r.expert_id LEFT JOIN member_units m ON m.id = u.unit_id
     WHERE r.version_id IN (SELECT id FROM task_book_versions WHERE book_id = ?) ORDER BY r.id`,
    bookId,
  );
  return all<VersionRaw>(db, `${VERSION_SELECT} WHERE v.book_id = ? ORDER BY v.number DESC`, bookId).map((v) => ({
    ...v,
    indicators: (JSON.parse(v.indicators) as TaskBookIndicator[]).map((i) => ({ ...i, unitName: unitName(i.unitId) })),
    division: (JSON.parse(v.division) as DivisionRow[]).map((d) => ({ ...d, unitName: unitName(d.unitId) })),
    reviews: reviews.filter((r) => r.versionId === v.id).map(({ versionId: _v, ...r }) => r),
  }));
}

const label = (p: Project) => `${p.code} ${p.name}`;

// ------------------------------------------------------------------------------------------------ rules

/**
 * Only a responsible expert of the project reviews, with the grant, and not one whose unit leads or
 * executes the project (its tasks' units, or a unit the version gives a duty) nor its lead: the
 * conflict-of-interest rule of checks (checks.ts `coiConflict`).
 */
function assertReviewer(db: DB, actor: Actor, project: Project, version: Pick<TaskBookVersion, "division">): void {
  if (!can(actor, "review", "taskbook", { projectId: project.id }) || !projectExperts(db, project.id).includes(actor.id)) throw new DomainError("taskBookNotExpert", 403);
  const units = [...executingUnitIds(db, project.id), ...version.division.map((d) => d.unitId)];
  const coi = coiConflict(actor, units, project.leadUserId);
  if (coi === "executing_unit") throw new DomainError("taskBookCoiUnit", 403, { name: actor.displayName, unit: actor.unitName ?? "" });
  if (coi === "project_lead") throw new DomainError("taskBookCoiLead", 403, { name: actor.displayName });
}

/** The experts told of a new version: the project's responsible experts who may review it. */
function reviewersOf(db: DB, project: Project, division: DivisionRow[]): number[] {
  const units = [...executingUnitIds(db, project.id), ...division.map((d) => d.unitId)];
  const experts = all<{ id: number; unitId: number | null }>(
    db,
    "SELECT u.id, u.unit_id AS unitId FROM project_experts pe JOIN users u ON u.id = pe.user_id WHERE pe.project_id = ? AND u.active = 1 ORDER BY u.id",
    project.id,
  );
  return experts.filter((e) => coiConflict(e, units, project.leadUserId) == null).map((e) => e.id);
}

/** The latest version, at the number the client saw (a newer one makes the write stale). */
function latestAt(db: DB, project: Project, seen: number): { head: TaskBookRow; version: TaskBookVersion } {
  const head = headOf(db, project.id);
  if (!head) throw notFound();
  if (head.version !== seen) throw new DomainError("taskBookStale", 409, { current: head.version });
  return { head, version: versionsOf(db, head.id)[0]! };
}

/** Null when the actor may do it now, else why not in his language. */
function refusal(actor: Actor, check: () => void): string | null {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return translate(actor.locale, `errors.${err.code}`, err.details as Record<string, string | number>);
    throw err;
  }
}

function assertMayCreateTasks(actor: Actor, project: Project, head: TaskBookRow, version: TaskBookVersion): void {
  assertCan(actor, "update", "taskbook", { projectId: project.id });
  if (head.tasksFromVersion != null) throw new DomainError("taskBookTasksCreated", 409, { n: head.tasksFromVersion });
  if (!isReviewed(version.reviews)) throw new DomainError("taskBookNotReviewed", 409, { n: version.number });
}

// ------------------------------------------------------------------------------------------------ reads

export type TaskBookPage = {
  project: Project & { leadUnitName: string };
  book: TaskBookRow | null;
  versions: TaskBookVersion[];
  documents: Record<number, EvidenceRow[]>;
  /** Units the division may name: the units taking part in the project. */
  units: { id: number; name: string }[];
  mayWrite: boolean;
  /** For the latest version: null when the actor may review it now, else why not (null too when he is no expert at all: `isExpert`). */
  reviewRefusal: string | null;
  isExpert: boolean;
  createRefusal: string | null;
  boardId: string;
  seq: number;
  live: boolean;
};

export function taskBookPage(db: DB, actor: Actor, projectId: number): TaskBookPage {
  const project = getProject(db, projectId);
  if (!canReadBoard(actor, projectBoard(projectId))) throw new DomainError("forbidden", 403);
  const leadUnitName = one<{ n: string }>(db, "SELECT short_name AS n FROM member_units WHERE id = ?", project.leadUnitId)?.n ?? "";
  const book = headOf(db, projectId) ?? null;
  const versions = book ? versionsOf(db, book.id) : [];
  const latest = versions[0];
  const unitIds = projectUnitIds(db, projectId);
  const units = all<{ id: number; name: string }>(db, "SELECT id, short_name AS name FROM member_units ORDER BY id").filter((u) => unitIds.includes(u.id));
  const isExpert = projectExperts(db, projectId).includes(actor.id);
  return {
    project: { ...project, leadUnitName },
    book,
    versions,
    documents: listEvidence(db, TASK_BOOK_DOCUMENT, versions.map((v) => v.id)),
    units,
    mayWrite: can(actor, "update", "taskbook", { projectId }),
    isExpert,
    reviewRefusal: latest && isExpert ? refusal(actor, () => assertReviewer(db, actor, project, latest)) : null,
    createRefusal: book && latest ? refusal(actor, () => assertMayCreateTasks(actor, project, book, latest)) : null,
    ...liveBoard(db, actor, projectBoard(projectId)),
  };
}

// ----------------------------------------------------------------------------------------------- writes

/** The head's audit row and its event on the project's boards. */
function recordBook(db: DB, actor: Actor, action: string, before: TaskBookRow | null, projectId: number, facts: Record<string, unknown>): BoardEvent[] {
  const after = headOf(db, projectId)!;
  return recordChange(db, { entity: "taskBook", id: after.id, action, by: actor, before, after, boards: boardsOf(projectId), audit: { after: { ...after, ...facts } } });
}

/**
 * Submits a new version (the first creates the book). `input.version` is the latest version the writer
 * saw (0: none); a newer one is refused as stale. A document is required; every division unit must take
 * part in the project. The project's eligible responsible experts are told.
 */
export function submitTaskBook(ctx: AppContext, actor: Actor, input: TaskBookSubmitInput, files: UploadedFile[]): TaskBookRow {
  const { db } = ctx;
  return commit(ctx, () => {
    const project = getProject(db, input.projectId);
    assertCan(actor, "update", "taskbook", { projectId: project.id });
    const units = projectUnitIds(db, project.id);
    const outside = input.division.find((d) => !units.includes(d.unitId));
    if (outside) throw new DomainError("taskBookUnitNotInProject", 400, { unit: one<{ n: string }>(db, "SELECT short_name AS n FROM member_units WHERE id = ?", outside.unitId)?.n ?? `#${outside.unitId}` });
    if (files.length === 0) throw new DomainError("taskBookNoDocument", 400);
    const before = headOf(db, project.id) ?? null;
    const now = db.$clock.nowIso();
    let bookId: number;
    if (!before) {
      if (input.version !== 0) throw notFound();
      bookId = insert(db, "INSERT INTO task_books (project_id, version, created_at, updated_at, updated_by) VALUES (?, 1, ?, ?, ?)", project.id, now, now, actor.id);
    } else {
      if (before.version !== input.version) throw new DomainError("taskBookStale", 409, { current: before.version });
      updateVersioned(db, taskBooks, before.id, input.version, { updatedAt: now, updatedBy: actor.id });
      bookId = before.id;
    }
    const number = input.version + 1;
    const versionId = insert(
      db,
      "INSERT INTO task_book_versions (book_id, number, goals, term_start, term_end, indicators, division, note, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      bookId, number, input.goals, input.termStart, input.termEnd, JSON.stringify(input.indicators), JSON.stringify(input.division), input.note, actor.id, now,
    );
    const documents = storeEvidence(db, ctx.config, actor, { type: TASK_BOOK_DOCUMENT, id: versionId, projectId: project.id }, files);
    const events = recordBook(db, actor, "submit", before, project.id, { number, documents: documents.map((d) => d.name) });
    const told = notifyEach(db, reviewersOf(db, project, input.division), {
      kind: "taskbook_submitted",
      actorId: actor.id,
      entity: "task_book",
      entityId: bookId,
      href: `/projects/${project.id}/taskbook`,
      params: { project: label(project), version: number },
    });
    return { result: headOf(db, project.id)!, events, told };
  });
}

/** Records a responsible expert's 论证意见 on the latest version (the one he read); once per expert and version. */
export function reviewTaskBook(ctx: AppContext, actor: Actor, input: TaskBookReviewInput): TaskBookReview {
  const { db } = ctx;
  return commit(ctx, () => {
    const project = getProject(db, input.projectId);
    const { head, version } = latestAt(db, project, input.version);
    assertReviewer(db, actor, project, version);
    if (version.reviews.some((r) => r.expertId === actor.id)) throw new DomainError("taskBookReviewedTwice", 409, { n: version.number });
    const id = insert(db, "INSERT INTO task_book_reviews (version_id, expert_id, conclusion, text, reviewed_at) VALUES (?, ?, ?, ?, ?)", version.id, actor.id, input.conclusion, input.text, db.$clock.nowIso());
    const review = versionsOf(db, head.id)[0]!.reviews.find((r) => r.id === id)!;
    const events = recordBook(db, actor, "review", head, project.id, { number: version.number, conclusion: input.conclusion, text: input.text });
    const told: Told[] = [];
    for (const userId of new Set([project.leadUserId, version.submittedBy])) {
      if (userId == null) continue;
      const t = notify(db, { userId, kind: "taskbook_reviewed", actorId: actor.id, entity: "task_book", entityId: head.id, href: `/projects/${project.id}/taskbook`, params: { project: label(project), version: version.number, conclusion: input.conclusion satisfies ReviewConclusion } });
      if (t) told.push(t);
    }
    return { result: review, events, told };
  });
}

/**
 * Creates the project's tasks and indicators from the reviewed latest version, once: one task per
 * division row (owner: its unit; term: the book's), each unit's indicators under its task, through the
 * tasks' and indicators' own insert functions (their rules and events), in one transaction.
 */
export function createTasksFromTaskBook(ctx: AppContext, actor: Actor, input: TaskBookCreateTasksInput): { taskIds: number[]; indicatorIds: number[] } {
  const { db } = ctx;
  return commit(ctx, () => {
    const project = getProject(db, input.projectId);
    const { head, version } = latestAt(db, project, input.version);
    assertMayCreateTasks(actor, project, head, version);
    const events: BoardEvent[] = [];
    const taskIds: number[] = [];
    const indicatorIds: number[] = [];
    for (const row of version.division) {
      assertCan(actor, "create", "task", { unitId: row.unitId, projectId: project.id });
      const task = insertTask(
        db,
        actor,
        { projectId: project.id, title: row.title, description: row.duty, ownerUnitId: row.unitId, ownerUserId: null, startOn: version.termStart, dueOn: version.termEnd, isKey: false, status: "not_started" },
        "create_from_taskbook",
      );
      events.push(...task.events);
      taskIds.push(task.row.id);
      for (const i of version.indicators.filter((x) => x.unitId === row.unitId)) {
        const { unitId, unitName: _n, ...draft } = i;
        const ind = insertIndicator(db, actor, { ...draft, projectId: project.id, taskId: task.row.id, responsibleUnitId: unitId, responsibleUserId: null }, "create_from_taskbook");
        events.push(...ind.events);
        indicatorIds.push(ind.row.id);
      }
    }
    run(db, "UPDATE task_books SET tasks_from_version = ?, tasks_created_at = ? WHERE id = ?", version.number, db.$clock.nowIso(), head.id);
    events.push(...recordBook(db, actor, "create_tasks", head, project.id, { number: version.number, taskIds, indicatorIds }));
    return { result: { taskIds, indicatorIds }, events };
  });
}
