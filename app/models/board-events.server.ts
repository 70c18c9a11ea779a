// Per-board event log. Each board has its own gap-free sequence; events are kept for a bounded window
// so a reconnecting client receives exactly what it missed, or is told to reload when too far behind.
import type { DB } from "../../db/client";
import type { BoardEvent } from "./context.server";
import type { BoardEventPayload, CatchUp } from "../realtime/protocol";

/** How many events per board stay available for catch-up. */
export const EVENT_WINDOW = 5000;

export const CONSORTIUM_BOARD = "consortium";
export const projectBoard = (projectId: number) => `project:${projectId}`;

/** Call inside the write's transaction. One event row per board; returns them for publishing after commit. */
export function appendEvents(db: DB, boardIds: string[], type: string, payload: BoardEventPayload): BoardEvent[] {
  const c = db.$client;
  const bump = c.prepare(
    "INSERT INTO boards (id, seq) VALUES (?, 1) ON CONFLICT(id) DO UPDATE SET seq = seq + 1 RETURNING seq",
  );
  const insert = c.prepare("INSERT INTO board_events (board_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)");
  const json = JSON.stringify(payload);
  const at = db.$clock.nowIso();
  return boardIds.map((boardId) => {
    const { seq } = bump.get(boardId) as { seq: number };
    insert.run(boardId, seq, type, json, at);
    // Old events fall out of the window in the same transaction, so the table stays bounded.
    if (seq % 500 === 0) c.prepare("DELETE FROM board_events WHERE board_id = ? AND seq <= ?").run(boardId, seq - EVENT_WINDOW);
    return { boardId, seq, type, payload, at };
  });
}

export function currentSeq(db: DB, boardId: string): number {
  const row = db.$client.prepare("SELECT seq FROM boards WHERE id = ?").get(boardId) as { seq: number } | undefined;
  return row?.seq ?? 0;
}

export type { CatchUp };

/** Events after `sinceSeq`, or reload=true when some of them already left the window. */
export function eventsSince(db: DB, boardId: string, sinceSeq: number): CatchUp {
  const seq = currentSeq(db, boardId);
  if (sinceSeq >= seq) return { seq, events: [], reload: sinceSeq > seq };
  const rows = db.$client
    .prepare("SELECT board_id, seq, type, payload, at FROM board_events WHERE board_id = ? AND seq > ? ORDER BY seq")
    .all(boardId, sinceSeq) as { board_id: string; seq: number; type: string; payload: string; at: string }[];
  if (rows.length !== seq - sinceSeq) return { seq, events: [], reload: true };
  return {
    seq,
    reload: false,
    events: rows.map((r) => ({ boardId: r.board_id, seq: r.seq, type: r.type, payload: JSON.parse(r.payload), at: r.at })),
  };
}
