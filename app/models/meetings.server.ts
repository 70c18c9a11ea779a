// Organ meetings (/meetings): 理事会会议, 专家咨询委员会会议, 季度技术交流 … with agenda, attendance (users
// present, units represented, head count), 纪要 and decisions, each decision optionally about one task
// ("会议决定" on that task's dialog and history). Read by whoever reads the report; written by the
// secretariat (update:meeting). One transaction: the meeting, its attendance and decisions, an audit row
// for the meeting and one per decision that touches a task, and events on the consortium board and on the
// board of every project whose task a decision names (open task dialogs reload). The search index follows
// through the meetings triggers (migration 0013) inside the same transaction.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { meetings } from "../../db/schema";
import { assertCanReadBoard, boardsOf, CONSORTIUM_BOARD, projectBoard } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, column, insert, must, one, placeholders, run } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError, notFound } from "./errors";
import { canSome } from "./permissions";
import type { z } from "zod";
import { meetingSchema, meetingUpdateSchema, type MeetingInput } from "./governance";

export { meetingSchema, meetingUpdateSchema };

export type MeetingListRow = { id: number; organ: string; kind: string; heldOn: string; title: string; presentCount: number; decisions: number };

export type Decision = { id: number; position: number; text: string; taskId: number | null; taskCode: string | null; taskTitle: string | null; projectId: number | null };

export type Meeting = {
  id: number;
  organ: string;
  kind: string;
  heldOn: string;
  title: string;
  place: string;
  agenda: string;
  summary: string;
  presentCount: number;
  version: number;
  attendeeIds: number[];
  unitIds: number[];
  decisions: Decision[];
};

/** Meetings are part of the report: whoever reads the report reads them (search shows them to the same people). */
function assertCanRead(actor: Actor) {
  if (!canSome(actor, "read", "report")) throw new DomainError("forbidden", 403, { action: "read", entity: "meeting" });
}

export function listMeetings(db: DB, actor: Actor): MeetingListRow[] {
  assertCanRead(actor);
  return all<MeetingListRow>(
    db,
    `SELECT s.id, s.organ, s.kind, s.held_on AS heldOn, s.title, s.present_count AS presentCount,
      (SELECT count(*) FROM meeting_decisions d WHERE d.meeting_id = s.id) AS decisions FROM meetings s ORDER BY s.held_on DESC, s.id DESC`,
  );
}

const decisionsOf = (db: DB, meetingId: number): Decision[] =>
  all<Decision>(
    db,
    `SELECT d.id, d.position, d.text, d.task_id AS taskId, t.code AS taskCode, t.title AS taskTitle, t.project_id AS projectId
     FROM meeting_decisions d LEFT JOIN tasks t ON t.id = d.task_id WHERE d.meeting_id = ? ORDER BY d.position, d.id`,
    meetingId,
  );

function readMeeting(db: DB, id: number): Meeting {
  const m = must(
    one<Omit<Meeting, "attendeeIds" | "unitIds" | "decisions">>(
      db,
      "SELECT id, organ, kind, held_on AS heldOn, title, place, agenda, summary, present_count AS presentCount, version FROM meetings WHERE id = ?",
      id,
    ),
  );
  return {
    ...m,
    attendeeIds: column<number>(db, "SELECT user_id FROM meeting_attendees WHERE meeting_id = ? ORDER BY user_id", id),
    unitIds: column<number>(db, "SELECT unit_id FROM meeting_units WHERE meeting_id = ? ORDER BY unit_id", id),
    decisions: decisionsOf(db, id),
  };
}

export function getMeeting(db: DB, actor: Actor, id: number): Meeting {
  assertCanRead(actor);
  return readMeeting(db, id);
}

/** The people and units a meeting form offers, and the tasks a decision may name (live ones, by project). */
export function meetingFormChoices(db: DB) {
  return {
    users: all<{ id: number; name: string; unitName: string | null }>(
      db,
      "SELECT u.id, u.display_name AS name, coalesce(m.short_name, o.name) AS unitName FROM users u LEFT JOIN member_units m ON m.id = u.unit_id LEFT JOIN outside_bodies o ON o.id = u.outside_body_id WHERE u.active = 1 ORDER BY u.unit_id IS NULL, u.unit_id, u.id",
    ),
    units: all<{ id: number; name: string }>(db, "SELECT id, short_name AS name FROM member_units ORDER BY left_on IS NOT NULL, id"),
    tasks: all<{ id: number; code: string; title: string; projectCode: string }>(
      db,
      "SELECT t.id, t.code, t.title, p.code AS projectCode FROM tasks t JOIN projects p ON p.id = t.project_id WHERE t.archived_at IS NULL ORDER BY p.code, t.code, t.id",
    ),
  };
}

/** The decisions about one task, newest meeting first, for a reader of its board (the task dialog). */
export type TaskDecision = { id: number; text: string; meetingId: number; meetingTitle: string; heldOn: string; organ: string };

export function taskDecisions(db: DB, actor: Actor, taskId: number): TaskDecision[] {
  const task = must(one<{ projectId: number }>(db, "SELECT project_id AS projectId FROM tasks WHERE id = ?", taskId));
  assertCanReadBoard(actor, projectBoard(task.projectId));
  return all<TaskDecision>(
    db,
    `SELECT d.id, d.text, s.id AS meetingId, s.title AS meetingTitle, s.held_on AS heldOn, s.organ FROM meeting_decisions d
     JOIN meetings s ON s.id = d.meeting_id WHERE d.task_id = ? ORDER BY s.held_on DESC, d.position`,
    taskId,
  );
}

// ---------------------------------------------------------------------------------------------------
// Writes

function assertRefs(db: DB, input: MeetingInput) {
  const check = (table: string, ids: number[], extra = "") => {
    const u = [...new Set(ids)];
    if (u.length && column<number>(db, `SELECT id FROM ${table} WHERE id IN (${placeholders(u)})${extra}`, ...u).length !== u.length) throw notFound();
  };
  check("users", input.attendeeIds);
  check("member_units", input.unitIds);
  check("tasks", input.decisions.flatMap((d) => (d.taskId == null ? [] : [d.taskId])), " AND archived_at IS NULL");
}

const columns = (input: MeetingInput) => ({
  organ: input.organ,
  kind: input.kind,
  heldOn: input.heldOn,
  title: input.title,
  place: input.place,
  agenda: input.agenda,
  summary: input.summary,
  // The head count is at least the people ticked present.
  presentCount: Math.max(input.presentCount ?? 0, new Set(input.attendeeIds).size),
});

function setAttendance(db: DB, meetingId: number, input: MeetingInput) {
  run(db, "DELETE FROM meeting_attendees WHERE meeting_id = ?", meetingId);
  for (const u of new Set(input.attendeeIds)) run(db, "INSERT INTO meeting_attendees (meeting_id, user_id) VALUES (?, ?)", meetingId, u);
  run(db, "DELETE FROM meeting_units WHERE meeting_id = ?", meetingId);
  for (const u of new Set(input.unitIds)) run(db, "INSERT INTO meeting_units (meeting_id, unit_id) VALUES (?, ?)", meetingId, u);
}

type DecisionAudit = { id: number; meetingId: number; meetingTitle: string; heldOn: string; text: string; taskId: number | null; taskCode: string | null; taskTitle: string | null };
const auditRow = (m: Pick<Meeting, "id" | "title" | "heldOn">, d: Decision): DecisionAudit => ({
  id: d.id,
  meetingId: m.id,
  meetingTitle: m.title,
  heldOn: m.heldOn,
  text: d.text,
  taskId: d.taskId,
  taskCode: d.taskCode,
  taskTitle: d.taskTitle,
});

/**
 * Writes the decisions as posted: a row with an id of this meeting is kept (and updated), a new one is
 * added, a missing one removed. Each decision that names a task (before or after) gets its own audit row,
 * so the task's history tells it; returns the boards of the projects whose tasks are named.
 */
function setDecisions(db: DB, actor: Actor, meeting: Pick<Meeting, "id" | "title" | "heldOn">, input: MeetingInput): number[] {
  const before = new Map(decisionsOf(db, meeting.id).map((d) => [d.id, d]));
  const kept = new Set<number>();
  input.decisions.forEach((d, position) => {
    if (d.id != null && before.has(d.id)) {
      kept.add(d.id);
      run(db, "UPDATE meeting_decisions SET position = ?, text = ?, task_id = ? WHERE id = ?", position, d.text, d.taskId ?? null, d.id);
    } else {
      if (d.id != null) throw notFound(); // another meeting's decision, or one removed meanwhile
      insert(db, "INSERT INTO meeting_decisions (meeting_id, position, text, task_id) VALUES (?, ?, ?, ?)", meeting.id, position, d.text, d.taskId ?? null);
    }
  });
  for (const id of before.keys()) if (!kept.has(id)) run(db, "DELETE FROM meeting_decisions WHERE id = ?", id);
  const after = new Map(decisionsOf(db, meeting.id).map((d) => [d.id, d]));
  const projects = new Set<number>();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    if (b?.taskId == null && a?.taskId == null) continue;
    if (b && a && b.text === a.text && b.taskId === a.taskId) continue;
    for (const p of [b?.projectId, a?.projectId]) if (p != null) projects.add(p);
    // Audit only: the meeting's own event carries the row to the boards.
    recordChange(db, {
      entity: "meeting_decision",
      id,
      action: !b ? "create" : !a ? "remove" : "update",
      by: actor,
      before: b ? auditRow(meeting, b) : null,
      after: a ? auditRow(meeting, a) : null,
      boards: [],
    });
  }
  return [...projects];
}

function meetingEvents(db: DB, actor: Actor, action: string, before: Meeting | null, after: Meeting, projects: number[]): BoardEvent[] {
  const touched = [...new Set([...projects, ...after.decisions.flatMap((d) => (d.projectId == null ? [] : [d.projectId]))])];
  return recordChange(db, { entity: "meeting", id: after.id, action, by: actor, before, after, boards: touched.length ? boardsOf(...touched) : [CONSORTIUM_BOARD] });
}

export function createMeeting(ctx: AppContext, actor: Actor, input: MeetingInput): Meeting {
  assertCan(actor, "update", "meeting");
  const { db } = ctx;
  return commit(ctx, () => {
    assertRefs(db, input);
    const c = columns(input);
    const id = insert(
      db,
      "INSERT INTO meetings (organ, kind, held_on, title, place, agenda, summary, present_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      c.organ, c.kind, c.heldOn, c.title, c.place, c.agenda, c.summary, c.presentCount,
    );
    setAttendance(db, id, input);
    const projects = setDecisions(db, actor, { id, title: c.title, heldOn: c.heldOn }, input);
    const after = readMeeting(db, id);
    return { result: after, events: meetingEvents(db, actor, "create", null, after, projects) };
  });
}

export function updateMeeting(ctx: AppContext, actor: Actor, input: z.infer<typeof meetingUpdateSchema>): Meeting {
  assertCan(actor, "update", "meeting");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = readMeeting(db, input.id);
    assertVersion(before, input.version, before);
    assertRefs(db, input);
    updateVersioned(db, meetings, before.id, before.version, columns(input));
    setAttendance(db, before.id, input);
    const projects = setDecisions(db, actor, { id: before.id, title: input.title, heldOn: input.heldOn }, input);
    const after = readMeeting(db, before.id);
    return { result: after, events: meetingEvents(db, actor, "update", before, after, projects) };
  });
}
