// The zod schema of every socket request of the wire protocol (protocol.ts names them and types their
// payloads and replies from these): the server parses each payload with its schema before the handler
// runs. Kept apart from protocol.ts so the browser, which only sends, loads no zod for the protocol.
import * as z from "zod";
import { id } from "../models/validation";
import { taskArchiveSchema, taskCreateSchema, taskMoveSchema, taskUpdateSchema } from "../models/tasks";
import { Msg, type RequestName } from "./protocol";

const boardId = z.string().min(1).max(40);

/** The one schema of each request; the server parses every payload with it before anything else. */
export const requests = {
  [Msg.boardJoin]: z.object({ boardId, sinceSeq: z.number().int().min(0).optional() }).strict(),
  [Msg.boardLeave]: z.object({ boardId }).strict(),
  [Msg.presenceEditing]: z.object({ boardId, taskId: id.nullable() }).strict(),
  [Msg.taskCreate]: taskCreateSchema,
  [Msg.taskUpdate]: taskUpdateSchema,
  [Msg.taskMove]: taskMoveSchema,
  [Msg.taskArchive]: taskArchiveSchema,
} as const satisfies Record<RequestName, z.ZodType>;
