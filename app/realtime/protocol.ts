// The wire protocol between browsers and the server, written down once: every Socket.IO message name, the
// zod schema of each request (client -> server), the reply each request is acknowledged with, every push
// (server -> client) and its payload, the one board-event type and the one ack type. The socket adapter
// (server/realtime), the browser's socket (socket.client.ts, use-board.ts) and the tests take names and
// types from here, and Socket.IO's generics are typed from it on both ends, so a renamed message or a
// changed payload fails the typecheck instead of silently never arriving.
//
// Adding a request: its name in `Msg`, its schema in `requests` (protocol-requests.ts), its reply in `Replies`, its handler in
// server/realtime/socket-server.ts (the `handlers` table is typed to cover every request). Adding a push:
// its name in `Push` and its payload in `ServerToClient`.
//
// The schemas themselves are protocol-requests.ts: the server parses with them, while the browser only
// sends and types its payloads, so a page's first load reads this module without zod.
import type * as z from "zod";
import type { InboxItem } from "../models/inbox";
import type { TaskRow } from "../models/task-rules";
import type { requests } from "./protocol-requests";

// ------------------------------------------------------------------------------------------ names

/** Requests, client -> server. Each carries one payload and is acknowledged with an `Ack`. */
export const Msg = {
  boardJoin: "board:join",
  boardLeave: "board:leave",
  presenceEditing: "presence:editing",
  taskCreate: "task:create",
  taskUpdate: "task:update",
  taskMove: "task:move",
  taskArchive: "task:archive",
} as const;

/** Pushes, server -> client. */
export const Push = {
  /**
   * Committed events of one board, to its room, in seq order: one frame carries every event published in
   * the same turn of the server's event loop (the writes one disk sync made durable), so a burst costs each
   * viewer's socket one write instead of one per event. Usually a single event.
   */
  events: "events",
  /** Who is on a board and what each one edits, to the board's room (coalesced). */
  presence: "presence",
  /** A personal notification, to one user's sockets. */
  notify: "notify",
} as const;

export type RequestName = (typeof Msg)[keyof typeof Msg];

// ------------------------------------------------------------------------------------------ board events

/** What the board reducer needs of a row: its id (rows that can be edited also carry a `version`). */
export type Row = { id: number };
export type EventAuthor = { id: number; name: string };

/** `<entity>.upserted` carries the full row after the change; `<entity>.removed` only the id. */
export type BoardEventPayload = {
  entity: string;
  id: number;
  row?: Row & Record<string, unknown>;
  by?: EventAuthor | null;
  /** The model's name for the change (create, move, approve …), for toasts and history. */
  action?: string;
  /** Entity-specific extras (an indicator event carries its task's new count, a report its section key). */
  [extra: string]: unknown;
};

/**
 * The one event without a row: a bulk change (the Excel import, thousands of rows in one transaction) tells
 * each board it touched to reload its data, instead of one event per row. It takes its place in the board's
 * log like any other, so a client catching up after a reconnect reloads too.
 */
export const BOARD_RELOAD = "board.reload";

/** One event of a board's log: a gap-free `seq` per board, so a client sees duplicates and gaps. */
export type BoardEvent = {
  boardId: string;
  seq: number;
  /** `<entity>.upserted` | `<entity>.removed` | `BOARD_RELOAD` */
  type: string;
  payload: BoardEventPayload;
  at: string;
};

/** The answer to a join: the events after the client's seq, or `reload` when some left the window. */
export type CatchUp = { seq: number; events: BoardEvent[]; reload: boolean };

// ------------------------------------------------------------------------------------------ presence

export type PresenceViewer = { userId: number; name: string; unitName: string | null; editing: number | null };
export type PresenceMsg = { boardId: string; viewers: PresenceViewer[] };

// ------------------------------------------------------------------------------------------ notifications

/** Personal notifications; each carries the recipient's own new count where a bell shows one. */
export type Notification =
  | { kind: "notice"; pending: number; notice: unknown }
  | { kind: "check"; event: string; text: string; href: string; pending: number }
  | { kind: "trl"; technologyId: number; name: string; claim: unknown }
  | { kind: "closeout"; proposal: unknown }
  | { kind: "change"; change: unknown }
  | { kind: "acceptance"; deliverable: unknown }
  /** A new row of the person's inbox (通知中心), with his unread count after it. */
  | { kind: "inbox"; unread: number; item: InboxItem };

// ------------------------------------------------------------------------------------------ requests

/** What a client sends (the schema's input: defaults may be left out). */
export type RequestOf<N extends RequestName> = z.input<(typeof requests)[N]>;
/** What the server's handler receives (parsed, defaults filled in). */
export type ParsedRequestOf<N extends RequestName> = z.output<(typeof requests)[N]>;

/** The body of each request's successful ack (next to `ok: true`). */
export type Replies = {
  [Msg.boardJoin]: CatchUp;
  [Msg.boardLeave]: Record<string, never>;
  [Msg.presenceEditing]: Record<string, never>;
  [Msg.taskCreate]: { row: TaskRow };
  [Msg.taskUpdate]: { row: TaskRow };
  [Msg.taskMove]: { row: TaskRow };
  [Msg.taskArchive]: { row: TaskRow };
};
export type ReplyOf<N extends RequestName> = Replies[N];

// ------------------------------------------------------------------------------------------ acks

/**
 * A refusal, the same for a socket ack and a form reply: `code` names the reason (an `errors.*` key of
 * the catalogue, or `offline`, which the browser answers itself when there is no connection), `message`
 * says it in the user's language, `fieldErrors` per field for bad input, `details` e.g. the current row
 * of a conflict.
 */
export type ErrorReply = {
  ok: false;
  code: string;
  status: number;
  message: string;
  fieldErrors?: Record<string, string>;
  details?: Record<string, unknown>;
};

/** Every request's acknowledgement. */
export type Ack<T = Record<string, never>> = ({ ok: true } & T) | ErrorReply;

// ------------------------------------------------------------------------------------------ Socket.IO typing

export type ClientToServer = {
  [N in RequestName]: (payload: RequestOf<N>, ack: (reply: Ack<ReplyOf<N>>) => void) => void;
};

export type ServerToClient = {
  [Push.events]: (events: BoardEvent[]) => void;
  [Push.presence]: (msg: PresenceMsg) => void;
  [Push.notify]: (n: Notification) => void;
};

const REQUEST_NAMES: ReadonlySet<string> = new Set(Object.values(Msg));
export const isRequestName = (name: unknown): name is RequestName => typeof name === "string" && REQUEST_NAMES.has(name);
