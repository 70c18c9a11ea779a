// Socket adapter for the boards. Thin like a route action: authenticate from the session cookie, parse
// each message with the same zod schema the forms use, call the same model function, ack the result.
// Never trusts, never crashes: unknown, malformed or oversized messages get an error ack.
import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { Actor, AppContext } from "../../app/models/context.server";
import { actorForSession } from "../../app/models/auth.server";
import { sessionCookie } from "../../app/lib/http.server";
import { errorReply, internalReply } from "../../app/lib/error-reply";
import { translate, type Locale } from "../../app/i18n/catalog";
import { eventsSince } from "../../app/models/board-events.server";
import { archiveTask, createTask, moveTask, updateTask } from "../../app/models/tasks.server";
import { assertBoardExists, assertCanReadBoard } from "../../app/models/boards.server";
import { taskArchiveSchema, taskCreateSchema, taskMoveSchema, taskUpdateSchema } from "../../app/models/tasks";
import { id } from "../../app/models/validation";
import { boardRoom, userRoom } from "./publisher";
import { logger } from "../logger";

/** Largest accepted message body (JSON characters); Socket.IO's own limit cuts floods earlier. */
export const MAX_MESSAGE_CHARS = 16 * 1024;
const PRESENCE_COALESCE_MS = 150;

const boardId = z.string().min(1).max(40);
export const boardJoinSchema = z.object({ boardId, sinceSeq: z.number().int().min(0).optional() }).strict();
export const boardLeaveSchema = z.object({ boardId }).strict();
export const presenceSchema = z.object({ boardId, taskId: id.nullable() }).strict();

type SocketData = { userId: number; sessionId: string; displayName: string; unitName: string | null; locale: Locale; editing: Record<string, number | null> };
type AppSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;
type Ack = (reply: unknown) => void;
type Handler = (actor: Actor, input: unknown, socket: AppSocket) => unknown | Promise<unknown>;

export type PresenceEntry = { userId: number; name: string; unitName: string | null; editing: number | null };

async function presenceOf(io: Server, board: string): Promise<PresenceEntry[]> {
  const sockets = await io.in(boardRoom(board)).fetchSockets();
  const byUser = new Map<number, PresenceEntry>();
  for (const s of sockets) {
    const d = s.data as SocketData;
    if (!d?.userId) continue;
    const editing = d.editing?.[board] ?? null;
    const prev = byUser.get(d.userId);
    byUser.set(d.userId, { userId: d.userId, name: d.displayName, unitName: d.unitName, editing: prev?.editing ?? editing });
  }
  return [...byUser.values()];
}

async function broadcastPresence(io: Server, board: string) {
  io.to(boardRoom(board)).emit("presence", { boardId: board, viewers: await presenceOf(io, board) });
}

export function attachRealtime(io: Server, ctx: AppContext) {
  const cookie = sessionCookie(ctx.config);
  // Presence is coalesced per board: a burst of joins (a reconnect storm after a restart) sends one
  // viewer list per board per interval instead of one per join to every viewer (n² messages).
  const presenceTimers = new Map<string, NodeJS.Timeout>();
  const schedulePresence = (board: string) => {
    if (presenceTimers.has(board)) return;
    const timer = setTimeout(() => {
      presenceTimers.delete(board);
      void broadcastPresence(io, board);
    }, PRESENCE_COALESCE_MS);
    timer.unref();
    presenceTimers.set(board, timer);
  };

  io.use(async (socket, next) => {
    try {
      const sid = await cookie.parse(socket.handshake.headers.cookie ?? null);
      const actor = actorForSession(ctx.db, typeof sid === "string" ? sid : null);
      // A print session only reads pages for the server's own print browser: no live boards.
      if (!actor || actor.purpose !== "web") return next(new Error("unauthenticated"));
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

  const schemaHandler =
    <S extends z.ZodType>(schema: S, fn: (actor: Actor, input: z.infer<S>, socket: AppSocket) => unknown): Handler =>
    (actor, input, socket) =>
      fn(actor, schema.parse(input), socket);

  const handlers: Record<string, Handler> = {
    "board:join": schemaHandler(boardJoinSchema, async (actor, input, socket) => {
      assertBoardExists(ctx.db, assertCanReadBoard(actor, input.boardId));
      // Join first, then read the log: anything committed after the read also arrives through the room,
      // and the client drops duplicates by seq.
      await socket.join(boardRoom(input.boardId));
      const catchUp = eventsSince(ctx.db, input.boardId, input.sinceSeq ?? Number.MAX_SAFE_INTEGER);
      schedulePresence(input.boardId);
      return input.sinceSeq === undefined ? { seq: catchUp.seq, events: [], reload: false } : catchUp;
    }),
    "board:leave": schemaHandler(boardLeaveSchema, async (_actor, input, socket) => {
      await socket.leave(boardRoom(input.boardId));
      delete socket.data.editing[input.boardId];
      schedulePresence(input.boardId);
      return {};
    }),
    "presence:editing": schemaHandler(presenceSchema, (_actor, input, socket) => {
      if (!socket.rooms.has(boardRoom(input.boardId))) return {};
      socket.data.editing[input.boardId] = input.taskId;
      schedulePresence(input.boardId);
      return {};
    }),
    "task:create": schemaHandler(taskCreateSchema, (actor, input) => ({ row: createTask(ctx, actor, input) })),
    "task:update": schemaHandler(taskUpdateSchema, (actor, input) => ({ row: updateTask(ctx, actor, input) })),
    "task:move": schemaHandler(taskMoveSchema, (actor, input) => ({ row: moveTask(ctx, actor, input) })),
    "task:archive": schemaHandler(taskArchiveSchema, (actor, input) => ({ row: archiveTask(ctx, actor, input) })),
  };

  io.on("connection", (raw) => {
    const socket = raw as unknown as AppSocket;
    void socket.join(userRoom(socket.data.userId));

    socket.onAny(async (event: unknown, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === "function" ? (args.pop() as Ack) : null;
      const locale = socket.data.locale;
      const refuse = (code: "unknownMessage" | "tooLarge" | "unauthenticated", status: number) =>
        ack?.({ ok: false, code, status, message: translate(locale, `errors.${code}`) });
      const handler = typeof event === "string" && Object.hasOwn(handlers, event) ? handlers[event] : undefined;
      if (!handler || args.length !== 1) return refuse("unknownMessage", 400);
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
        const data = await handler(actor, args[0], socket);
        ack?.({ ok: true, ...(data as object) });
      } catch (err) {
        const reply = errorReply(err, actor.locale);
        if (!reply) logger.error({ err, event, userId: actor.id }, "socket handler failed");
        ack?.(reply ?? internalReply(actor.locale));
      }
    });

    socket.on("disconnecting", () => {
      const boards = [...socket.rooms].filter((r) => r.startsWith("board:")).map((r) => r.slice("board:".length));
      setImmediate(() => boards.forEach(schedulePresence));
    });
    socket.on("error", (err) => logger.warn({ err, userId: socket.data.userId }, "socket error"));
  });
}
