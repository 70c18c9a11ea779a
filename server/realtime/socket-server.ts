// Socket adapter for the boards. Thin like a route action: authenticate from the session cookie, parse
// each message with its schema from the protocol (app/realtime/protocol.ts), call the same model function
// the forms call, ack the result. Never trusts, never crashes: unknown, malformed or oversized messages
// get an error ack.
import type { Server, Socket } from "socket.io";
import type { Actor, AppContext } from "../../app/models/context.server";
import { actorForSession } from "../../app/models/auth.server";
import { sessionIdFromCookies } from "../../app/models/session-cookie.server";
import { errorReply, internalReply } from "../../app/lib/error-reply";
import { translate, type Locale } from "../../app/i18n/catalog";
import { cachedCatchUp } from "../../app/models/board-events.server";
import { archiveTask, createTask, moveTask, updateTask } from "../../app/models/tasks.server";
import { assertBoardExists, assertCanReadBoard } from "../../app/models/boards.server";
import { requests } from "../../app/realtime/protocol-requests";
import {
  isRequestName,
  Msg,
  Push,
  type ClientToServer,
  type ErrorReply,
  type ParsedRequestOf,
  type PresenceViewer,
  type ReplyOf,
  type RequestName,
  type ServerToClient,
} from "../../app/realtime/protocol";
import { boardOfRoom, boardRoom, userRoom } from "./publisher";
import { logger } from "../logger";

/** Largest accepted message body (JSON characters); Socket.IO's own limit cuts floods earlier. */
const MAX_MESSAGE_CHARS = 16 * 1024;
const PRESENCE_COALESCE_MS = 150;
const CATCH_UP_CACHED = 64;

export type SocketData = { userId: number; sessionId: string; displayName: string; unitName: string | null; locale: Locale; editing: Record<string, number | null> };
export type AppIo = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
type Handlers = { [N in RequestName]: (actor: Actor, input: ParsedRequestOf<N>, socket: AppSocket) => ReplyOf<N> | Promise<ReplyOf<N>> };
type AnyHandler = (actor: Actor, input: unknown, socket: AppSocket) => unknown;

async function presenceOf(io: AppIo, board: string): Promise<PresenceViewer[]> {
  const sockets = await io.in(boardRoom(board)).fetchSockets();
  const byUser = new Map<number, PresenceViewer>();
  for (const s of sockets) {
    const d = s.data;
    if (!d?.userId) continue;
    const editing = d.editing?.[board] ?? null;
    const prev = byUser.get(d.userId);
    byUser.set(d.userId, { userId: d.userId, name: d.displayName, unitName: d.unitName, editing: prev?.editing ?? editing });
  }
  return [...byUser.values()];
}

/**
 * The board's viewer list to its room, or, when it is the list the room last got (the same people's
 * sockets rejoining after a restart: a thousand sockets of a few dozen people), only to the sockets that
 * joined since (`joined`, socket ids). A storm of n joins then costs n presence messages, not n per interval.
 */
async function broadcastPresence(io: AppIo, board: string, last: Map<string, string>, joined: Set<string> | undefined) {
  const viewers = await presenceOf(io, board);
  const msg = { boardId: board, viewers };
  // Compared in user order: the same people in another order is no news.
  const key = JSON.stringify([...viewers].sort((a, b) => a.userId - b.userId));
  if (!viewers.length) last.delete(board);
  else if (last.get(board) !== key) {
    last.set(board, key);
    io.to(boardRoom(board)).emit(Push.presence, msg);
  } else if (joined?.size) io.to([...joined]).emit(Push.presence, msg);
}

export function attachRealtime(io: AppIo, ctx: AppContext) {
  // Presence is coalesced per board: a burst of joins (a reconnect storm after a restart) sends one
  // viewer list per board per interval instead of one per join to every viewer (n² messages), and an
  // unchanged list only to the sockets that joined meanwhile (broadcastPresence).
  const presenceTimers = new Map<string, NodeJS.Timeout>();
  const lastPresence = new Map<string, string>();
  const joinedSince = new Map<string, Set<string>>();
  const schedulePresence = (board: string, joined?: AppSocket) => {
    if (joined) joinedSince.set(board, (joinedSince.get(board) ?? new Set()).add(joined.id));
    if (presenceTimers.has(board)) return;
    const timer = setTimeout(() => {
      presenceTimers.delete(board);
      const joined = joinedSince.get(board);
      joinedSince.delete(board);
      void broadcastPresence(io, board, lastPresence, joined);
    }, PRESENCE_COALESCE_MS);
    timer.unref();
    presenceTimers.set(board, timer);
  };

  io.use(async (socket, next) => {
    try {
      const actor = actorForSession(ctx.db, await sessionIdFromCookies(ctx.config, socket.handshake.headers.cookie));
      // A print session only reads pages for the server's own print browser: no live boards. Nor does a
      // user whose password an admin reset, until he has chosen his own (pages send him to /account).
      if (!actor || actor.purpose !== "web" || actor.mustChangePassword) return next(new Error("unauthenticated"));
      Object.assign(socket.data, {
        userId: actor.id,
        sessionId: actor.sessionId,
        displayName: actor.displayName,
        unitName: actor.unitName,
        locale: actor.locale,
        editing: {},
      } satisfies SocketData);
      next();
    } catch {
      next(new Error("unauthenticated"));
    }
  });

  // After a restart a thousand viewers ask for the same catch-up: each reply is read once (board-events.server.ts).
  const catchUp = cachedCatchUp(CATCH_UP_CACHED);

  const handlers: Handlers = {
    [Msg.boardJoin]: async (actor, input, socket) => {
      assertBoardExists(ctx.db, assertCanReadBoard(actor, input.boardId));
      // Join first, then read the log: anything committed after the read also arrives through the room,
      // and the client drops duplicates by seq. Frames still waiting (publisher.ts) leave before the join,
      // so they never repeat the catch-up, and a join's round trip has every earlier frame in.
      ctx.realtime.flush();
      await socket.join(boardRoom(input.boardId));
      const caught = catchUp(ctx.db, input.boardId, input.sinceSeq ?? Number.MAX_SAFE_INTEGER);
      schedulePresence(input.boardId, socket);
      return input.sinceSeq === undefined ? { seq: caught.seq, events: [], reload: false } : caught;
    },
    [Msg.boardLeave]: async (_actor, input, socket) => {
      await socket.leave(boardRoom(input.boardId));
      delete socket.data.editing[input.boardId];
      schedulePresence(input.boardId);
      return {};
    },
    [Msg.presenceEditing]: (_actor, input, socket) => {
      if (!socket.rooms.has(boardRoom(input.boardId))) return {};
      socket.data.editing[input.boardId] = input.taskId;
      schedulePresence(input.boardId);
      return {};
    },
    [Msg.taskCreate]: (actor, input) => ({ row: createTask(ctx, actor, input) }),
    [Msg.taskUpdate]: (actor, input) => ({ row: updateTask(ctx, actor, input) }),
    [Msg.taskMove]: (actor, input) => ({ row: moveTask(ctx, actor, input) }),
    [Msg.taskArchive]: (actor, input) => ({ row: archiveTask(ctx, actor, input) }),
  };
  /** Every payload is parsed with the request's schema before its handler sees it. */
  const handle = async (name: RequestName, actor: Actor, payload: unknown, socket: AppSocket) => {
    const input = requests[name].parse(payload);
    await ctx.writes?.idle(); // a worker's write transaction (an import) is running: wait without blocking
    return (handlers[name] as AnyHandler)(actor, input, socket);
  };

  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.userId));

    // One dispatcher for every message, so unknown names and wrong arities are answered too.
    socket.onAny(async (event: unknown, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === "function" ? (args.pop() as (reply: unknown) => void) : null;
      const locale = socket.data.locale;
      const refuse = (code: "unknownMessage" | "tooLarge" | "unauthenticated", status: number) =>
        ack?.({ ok: false, code, status, message: translate(locale, `errors.${code}`) } satisfies ErrorReply);
      if (!isRequestName(event) || args.length !== 1) return refuse("unknownMessage", 400);
      let size = 0;
      try {
        size = JSON.stringify(args[0] ?? null).length;
      } catch {
        return refuse("unknownMessage", 400);
      }
      if (size > MAX_MESSAGE_CHARS) return refuse("tooLarge", 413);
      // Re-read the session every message: a logged-out or deactivated user stops at once.
      const actor = actorForSession(ctx.db, socket.data.sessionId);
      if (!actor) {
        refuse("unauthenticated", 401);
        socket.disconnect(true);
        return;
      }
      try {
        const data = await handle(event, actor, args[0], socket);
        await ctx.db.$durable?.(); // a write is acknowledged once it is on disk (group commit, db/client.ts)
        ack?.({ ok: true, ...(data as object) });
      } catch (err) {
        const reply = errorReply(err, actor.locale);
        if (!reply) logger.error({ err, event, userId: actor.id }, "socket handler failed");
        ack?.(reply ?? internalReply(actor.locale));
      }
    });

    socket.on("disconnecting", () => {
      const boards = [...socket.rooms].map(boardOfRoom).filter((b) => b != null);
      setImmediate(() => boards.forEach((b) => schedulePresence(b)));
    });
    socket.on("error", (err) => logger.warn({ err, userId: socket.data.userId }, "socket error"));
  });
}
