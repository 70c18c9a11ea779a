// Per-board event log. Each board has its own gap-free sequence; events are kept for a bounded window
// so a reconnecting client receives exactly what it missed, or is told to reload when too far behind.
// Models append through the write kernel (write.server.ts `recordChange`), never here directly.
import type { DB } from "../../db/client";
import type { BoardEvent } from "./context.server";
import { all, one, run, scalar } from "./sql.server";
import type { BoardEventPayload, CatchUp } from "../realtime/protocol";

/** How many events per board stay available for catch-up. */
export const EVENT_WINDOW = 5000;

/** Call inside the write's transaction. One event row per board; returns them for publishing after commit. */
export function appendEvents(db: DB, boardIds: string[], type: string, payload: BoardEventPayload): BoardEvent[] {
  const json = JSON.stringify(payload);
  const at = db.$clock.nowIso();
  return boardIds.map((boardId) => {
    const { seq } = one<{ seq: number }>(db, "INSERT INTO boards (id, seq) VALUES (?, 1) ON CONFLICT(id) DO UPDATE SET seq = seq + 1 RETURNING seq", boardId)!;
    run(db, "INSERT INTO board_events (board_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)", boardId, seq, type, json, at);
    // Old events fall out of the window in the same transaction, so the table stays bounded.
    if (seq % 500 === 0) run(db, "DELETE FROM board_events WHERE board_id = ? AND seq <= ?", boardId, seq - EVENT_WINDOW);
    return { boardId, seq, type, payload, at };
  });
}

export function currentSeq(db: DB, boardId: string): number {
  return scalar<number>(db, "SELECT seq FROM boards WHERE id = ?", boardId) ?? 0;
}

export type { CatchUp };

/** Events after `sinceSeq`, or reload=true when some of them already left the window. */
export function eventsSince(db: DB, boardId: string, sinceSeq: number): CatchUp {
  const seq = currentSeq(db, boardId);
  if (sinceSeq >= seq) return { seq, events: [], reload: sinceSeq > seq };
  return readSince(db, boardId, sinceSeq, seq);
}

function readSince(db: DB, boardId: string, sinceSeq: number, seq: number): CatchUp {
  const rows = all<{ board_id: string; seq: number; type: string; payload: string; at: string }>(
    db,
    "SELECT board_id, seq, type, payload, at FROM board_events WHERE board_id = ? AND seq > ? ORDER BY seq",
    boardId,
    sinceSeq,
  );
  if (rows.length !== seq - sinceSeq) return { seq, events: [], reload: true };
  return {
    seq,
    reload: false,
    events: rows.map((r) => ({ boardId: r.board_id, seq: r.seq, type: r.type, payload: JSON.parse(r.payload), at: r.at })),
  };
}

/**
 * `eventsSince` with the last `size` replies kept: after a restart a thousand viewers ask the same question,
 * and the log is read and parsed once. A reply is keyed by board, from-seq, the board's seq and the oldest
 * seq its log still holds; a committed event never changes, so such a reply cannot be stale. A viewer that
 * missed nothing costs one query, as before.
 */
export function cachedCatchUp(size: number): (db: DB, boardId: string, sinceSeq: number) => CatchUp {
  const replies = new Map<string, CatchUp>();
  return (db, boardId, sinceSeq) => {
    const seq = currentSeq(db, boardId);
    if (sinceSeq >= seq) return { seq, events: [], reload: sinceSeq > seq };
    const first = scalar<number>(db, "SELECT min(seq) FROM board_events WHERE board_id = ?", boardId) ?? 0;
    const key = `${boardId}\u0000${sinceSeq}\u0000${seq}:${first}`;
    let reply = replies.get(key);
    if (!reply) {
      reply = readSince(db, boardId, sinceSeq, seq);
      if (replies.size >= size) replies.delete(replies.keys().next().value!);
      replies.set(key, reply);
    }
    return reply;
  };
}
