// One generic reducer for every board event: `<entity>.upserted` replaces the row with the full row the
// server sent, `<entity>.removed` drops it, `BOARD_RELOAD` (a bulk change) only advances the seq and asks
// the caller to reload the board's data. Events carry a per-board seq; an event that is not the next
// one is either a duplicate (ignored) or reveals a gap (the caller fetches what it missed).
import { BOARD_RELOAD, type BoardEvent, type Row } from "./protocol";

export type { Row };

export type EntityState = Record<string, Record<number, Row>>;
export type BoardState = { seq: number; entities: EntityState };

/** "reload": applied, and the rows are no longer all here: the caller reloads the board's data. */
export type ApplyResult = { state: BoardState; status: "applied" | "reload" | "duplicate" | "gap" };

export function applyEvent(state: BoardState, ev: BoardEvent, belongs: (entity: string, row: Row) => boolean = () => true): ApplyResult {
  if (ev.seq <= state.seq) return { state, status: "duplicate" };
  if (ev.seq !== state.seq + 1) return { state, status: "gap" };
  if (ev.type === BOARD_RELOAD) return { state: { ...state, seq: ev.seq }, status: "reload" };
  const [, verb] = ev.type.split(".");
  const { entity, id, row } = ev.payload;
  const table = { ...(state.entities[entity] ?? {}) };
  if (verb === "upserted" && row && belongs(entity, row)) table[id] = row;
  else delete table[id]; // removed, or moved out of what this board shows
  return { state: { seq: ev.seq, entities: { ...state.entities, [entity]: table } }, status: "applied" };
}

/** Applies a catch-up batch in order; stops at the first gap. "reload" when one of them was a reload. */
export function applyEvents(state: BoardState, events: BoardEvent[], belongs?: (entity: string, row: Row) => boolean): ApplyResult {
  let s = state;
  let reload = false;
  for (const ev of events) {
    const r = applyEvent(s, ev, belongs);
    if (r.status === "gap") return { state: s, status: "gap" };
    reload ||= r.status === "reload";
    s = r.state;
  }
  return { state: s, status: reload ? "reload" : "applied" };
}
