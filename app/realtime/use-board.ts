// A live board: the loader's snapshot, then every event of the board's room through the generic reducer.
// Handles catch-up after reconnects (only the missed events, or a reload past the window), optimistic
// changes that roll back when the server refuses, connection state and presence.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRevalidator } from "@remix-run/react";
import { applyEvent, type BoardState } from "./board-reducer";
import { getSocket, OFFLINE, request } from "./socket.client";
import { Msg, Push, type Ack, type BoardEvent, type PresenceMsg, type PresenceViewer, type ReplyOf, type RequestName, type RequestOf, type Row } from "./protocol";

export type ConnState = "online" | "reconnecting" | "offline";
export type Viewer = PresenceViewer;

type Options<R extends Row> = {
  boardId: string;
  seq: number;
  rows: R[];
  entity: string;
  /** Whether a row belongs on this board (a project board drops rows of other projects). */
  belongs?: (row: R) => boolean;
  /** Each event applied, live or caught up on a (re)join (pages that reload their data on a change). */
  onRemoteChange?: (ev: BoardEvent) => void;
  /** Every event applied to the state, live or caught up after a reconnect, in order, with the row it
   * replaced (undefined: not held): what a page keeps beside the rows (the board's column counts) follows it. */
  onApplied?: (ev: BoardEvent, previous: Row | undefined) => void;
  /** Other entities of the same board to follow from the same snapshot (e.g. the battle map's milestones
   * and notices); their current rows come back in `entities`. Keep the object stable (memoise it). */
  extra?: Record<string, Row[]>;
};

const NO_ROWS: Record<number, Row> = {};
const byId = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.id, r]));
const snapshot = <R extends Row>(seq: number, entity: string, rows: R[], extra: Record<string, Row[]> = {}): BoardState => ({
  seq,
  entities: { ...Object.fromEntries(Object.entries(extra).map(([e, list]) => [e, byId(list)])), [entity]: byId(rows) },
});

export function useBoard<R extends Row>({ boardId, seq, rows, entity, belongs, onRemoteChange, onApplied, extra }: Options<R>) {
  const [state, setState] = useState<BoardState>(() => snapshot(seq, entity, rows, extra));
  const stateRef = useRef(state);
  stateRef.current = state;
  const [optimistic, setOptimistic] = useState<Record<number, R>>({});
  const [conn, setConnState] = useState<ConnState>("reconnecting");
  const connRef = useRef<ConnState>("reconnecting");
  const setConn = (c: ConnState) => {
    connRef.current = c;
    setConnState(c);
  };
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [reloaded, setReloaded] = useState(0);
  const revalidator = useRevalidator();
  const belongsRef = useRef(belongs);
  belongsRef.current = belongs;
  const remoteRef = useRef(onRemoteChange);
  remoteRef.current = onRemoteChange;
  const appliedRef = useRef(onApplied);
  appliedRef.current = onApplied;
  // Ids an event removed, with its seq: a page of rows read before that (absorb) must not bring them back.
  const gone = useRef(new Map<number, number>());
  const fit = useCallback((e: string, row: Row) => e !== entity || !belongsRef.current || belongsRef.current(row as R), [entity]);

  // A fresher loader snapshot (after a reload) replaces the state; the one the state was built from
  // at mount does not (rebuilding it would re-render a 5,000-row map for nothing).
  const initial = useRef({ rows, extra });
  useEffect(() => {
    if (initial.current.rows === rows && initial.current.extra === extra) return;
    initial.current = { rows, extra };
    if (seq >= stateRef.current.seq) setState(snapshot(seq, entity, rows, extra));
  }, [seq, rows, entity, extra]);

  const set = (s: BoardState) => {
    stateRef.current = s;
    setState(s);
  };
  /** Applies events in order through the reducer, telling onApplied and onRemoteChange of each; stops at a gap. */
  const applyAll = (events: BoardEvent[]) => {
    let reload = false;
    for (const ev of events) {
      const before = stateRef.current;
      const r = applyEvent(before, ev, fit);
      if (r.status === "gap") return "gap" as const;
      if (r.status === "duplicate") continue;
      if (r.status === "applied" && ev.payload.entity === entity && !r.state.entities[entity]?.[ev.payload.id]) gone.current.set(ev.payload.id, ev.seq);
      set(r.state);
      if (r.status === "reload") reload = true;
      else {
        appliedRef.current?.(ev, before.entities[ev.payload.entity]?.[ev.payload.id]);
        // Live or caught up on a (re)join alike: a page that reloads on others' changes must not miss one.
        remoteRef.current?.(ev);
      }
    }
    return reload ? ("reload" as const) : ("applied" as const);
  };

  useEffect(() => {
    const socket = getSocket();
    let disposed = false;
    const join = async () => {
      const reply = await request(Msg.boardJoin, { boardId, sinceSeq: stateRef.current.seq });
      if (disposed) return;
      if (!reply.ok) {
        setConn(reply.code === "offline" ? "reconnecting" : "offline");
        return;
      }
      setConn("online");
      if (reply.reload) {
        setReloaded((n) => n + 1);
        revalidator.revalidate();
        return;
      }
      const status = applyAll(reply.events);
      if (status === "gap") void join();
      if (status === "reload") revalidator.revalidate();
    };
    /** A frame of the board's events (protocol.ts `Push.events`), each applied in order; a gap stops it and asks for the rest. */
    const onEvents = (events: BoardEvent[]) => {
      for (const ev of events) {
        if (ev.boardId !== boardId) continue;
        const status = applyAll([ev]);
        if (status === "gap") return void join();
        // A bulk change (an import): the loaders read the board again; the fresher snapshot replaces the state.
        if (status === "reload") revalidator.revalidate();
      }
    };
    const onPresence = (p: PresenceMsg) => p.boardId === boardId && setViewers(p.viewers);
    const onDisconnect = (reason: string) => {
      setConn(navigator.onLine && reason !== "io client disconnect" ? "reconnecting" : "offline");
      // Evicted by the server (rights changed, logged out elsewhere): reconnect to re-authenticate.
      if (reason === "io server disconnect") setTimeout(() => socket.connect(), 500);
    };
    const onConnectError = (err: Error) => setConn(err.message === "unauthenticated" ? "offline" : navigator.onLine ? "reconnecting" : "offline");
    // The browser knows first: drop the socket now rather than wait for a ping timeout, and reconnect
    // (catching up from the last seq) as soon as the network is back.
    const onOffline = () => {
      setConn("offline");
      socket.disconnect();
    };
    const onOnline = () => {
      if (socket.connected) return;
      setConn("reconnecting");
      socket.connect();
    };

    socket.on("connect", join);
    socket.on(Push.events, onEvents);
    socket.on(Push.presence, onPresence);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    if (socket.connected) void join();
    return () => {
      disposed = true;
      socket.off("connect", join);
      socket.off(Push.events, onEvents);
      socket.off(Push.presence, onPresence);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      if (socket.connected) socket.emit(Msg.boardLeave, { boardId }, () => {});
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [boardId, fit]);

  const serverRows = state.entities[entity] ?? NO_ROWS;
  const merged = useMemo(() => {
    const out = { ...serverRows } as Record<number, R>;
    for (const [id, row] of Object.entries(optimistic)) out[Number(id)] = row;
    return Object.values(out);
  }, [serverRows, optimistic]);

  /**
   * Merges rows read apart from the events (a further page of a board column, read at `atSeq`): a row the
   * state holds at a newer version, or one an event removed after `atSeq`, stays as the events left it.
   */
  const absorb = useCallback(
    (list: R[], atSeq: number) => {
      const s = stateRef.current;
      const table = { ...(s.entities[entity] ?? {}) } as Record<number, R & { version?: number }>;
      for (const row of list) {
        const held = table[row.id];
        const removedAt = gone.current.get(row.id);
        if (removedAt != null && removedAt > atSeq) continue;
        if (held && (held.version ?? 0) >= ((row as { version?: number }).version ?? 0)) continue;
        if (!fit(entity, row)) continue;
        table[row.id] = row;
      }
      set({ ...s, entities: { ...s.entities, [entity]: table } });
    },
    [entity, fit],
  );

  /**
   * Sends a write. Offline: refused at once (never queued). Otherwise shows `optimisticRow` until the
   * server answers; a refusal rolls it back and is returned for the caller to show.
   */
  const send = useCallback(
    async <N extends RequestName>(name: N, payload: RequestOf<N>, optimisticRow?: R): Promise<Ack<ReplyOf<N>>> => {
      if (connRef.current !== "online" || !getSocket().connected) return OFFLINE;
      if (optimisticRow) setOptimistic((o) => ({ ...o, [optimisticRow.id]: optimisticRow }));
      const reply = await request(name, payload);
      // The committed row comes back with the ack; its event may ride in a frame up to a moment later
      // (publisher.ts), so the row is taken now rather than showing the old one in between.
      const row = reply.ok ? (reply as { row?: R }).row : undefined;
      if (optimisticRow && row?.id === optimisticRow.id) absorb([row], stateRef.current.seq);
      if (optimisticRow) {
        setOptimistic((o) => {
          const { [optimisticRow.id]: _dropped, ...rest } = o;
          return rest;
        });
      }
      return reply;
    },
    [absorb],
  );

  const editing = useCallback((taskId: number | null) => {
    if (getSocket().connected) getSocket().emit(Msg.presenceEditing, { boardId, taskId }, () => {});
  }, [boardId]);

  return { absorb, rows: merged, serverRows: serverRows as Record<number, R>, entities: state.entities, seq: state.seq, conn, viewers, send, editing, reloaded, pending: optimistic };
}
