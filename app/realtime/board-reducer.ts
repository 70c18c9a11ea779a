// One generic reducer for every board event: `<entity>.upserted` replaces the row with the full row the
// server sent, `<entity>.removed` drops it. Events carry a per-board seq; an event that is not the next
// one is either a duplicate (ignored) or reveals a gap (the caller fetches what it missed).
import type { BoardEvent, Row } from "./protocol";

export type { Row };

export type EntityState = Record<string, Record<number, Row>>;
export type BoardState = { seq: number; entities: EntityState };

export type ApplyResult = { state: BoardState; status: "applied" | "duplicate" | "gap" };

export function applyEvent(state: BoardState, ev: BoardEvent, belongs: (entity: string, row: Row) => boolean = () => true): ApplyResult {
  if (ev.seq <= state.seq) return { state, status: "duplicate" };
  if (ev.seq !== state.seq + 1) return { state, status: "gap" };
  const [, verb] = ev.type.split(".");
  const { entity, id, row } = ev.payload;
  const table = { ...(state.entities[entity] ?? {}) };
  if (verb === "upserted" && row && belongs(entity, row)) table[id] = row;
  else delete table[id]; // removed, or moved out of what this board shows
  return { state: { seq: ev.seq, entities: { ...state.entities, [entity]: table } }, status: "applied" };
}

/** Applies a catch-up batch in order; stops at the first gap. */
export function applyEvents(state: BoardState, events: BoardEvent[], belongs?: (entity: string, row: Row) => boolean): ApplyResult {
  let s = state;
  for (const ev of events) {
    const r = applyEvent(s, ev, belongs);
    if (r.status === "gap") return { state: s, status: "gap" };
    s = r.state;
  }
  return { state: s, status: "applied" };
}
