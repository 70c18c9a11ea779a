// Boards: the live rooms pages follow. `consortium` carries every change of the consortium,
// `project:<id>` those of one project. Who may read which board, and the snapshot a live page starts from.
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { can, type Grantee } from "./permissions";
import { DomainError, notFound } from "./errors";
import { currentSeq } from "./board-events.server";
import { exists } from "./sql.server";

export const CONSORTIUM_BOARD = "consortium";
export const projectBoard = (projectId: number) => `project:${projectId}`;

/** Where a change is told: the consortium board and the board of each project it touches (once each). */
export function boardsOf(...projectIds: (number | null | undefined)[]): string[] {
  const projects = new Set(projectIds.filter((p): p is number => p != null));
  return [CONSORTIUM_BOARD, ...[...projects].map(projectBoard)];
}

export type BoardRef = { kind: "consortium" } | { kind: "project"; projectId: number };

function parseBoardId(boardId: string): BoardRef | null {
  if (boardId === CONSORTIUM_BOARD) return { kind: "consortium" };
  const m = /^project:(\d{1,9})$/.exec(boardId);
  return m ? { kind: "project", projectId: Number(m[1]) } : null;
}

/** The project a board id names (null: the consortium board or no board at all). */
export function projectOfBoard(boardId: string): number | null {
  const ref = parseBoardId(boardId);
  return ref?.kind === "project" ? ref.projectId : null;
}

/** Consortium board: anyone with consortium-wide read. Project board: read in some scope covering it. */
export function canReadBoard(actor: Grantee, boardId: string): boolean {
  const ref = parseBoardId(boardId);
  if (!ref) return false;
  if (ref.kind === "consortium") return can(actor, "read", "board", {});
  return can(actor, "read", "board", { projectId: ref.projectId });
}

export function assertCanReadBoard(actor: Actor, boardId: string): BoardRef {
  const ref = parseBoardId(boardId);
  if (!ref) throw notFound();
  if (!canReadBoard(actor, boardId)) throw new DomainError("forbidden", 403, { boardId });
  return ref;
}

/** A project board exists only for an existing project (joining "project:99999" is refused). */
export function assertBoardExists(db: DB, ref: BoardRef): void {
  if (ref.kind === "project" && !exists(db, "SELECT 1 FROM projects WHERE id = ?", ref.projectId)) throw notFound();
}

/**
 * What a live page starts from: the board it follows, the board's seq as of the rows it read (call this
 * inside the loader's read transaction, so whatever commits later is replayed by catch-up), and whether
 * the viewer may follow it at all (`live` false: the page is a snapshot, seq 0).
 */
export type LiveBoard = { boardId: string; seq: number; live: boolean };

export function liveBoard(db: DB, actor: Actor, boardId: string = CONSORTIUM_BOARD): LiveBoard {
  const live = canReadBoard(actor, boardId);
  return { boardId, seq: live ? currentSeq(db, boardId) : 0, live };
}
