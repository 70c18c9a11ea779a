// Pure task rules shared by the server and the board UI: schemas of every task write (fields, moves,
// creation, archiving, predecessor links) and, from task-rules.ts, which status moves are allowed,
// field-level conflict detection and the overdue test.
import * as z from "zod";
import { TASK_STATUSES } from "./domain";
import { id, isoDate, optionalText, requiredText, version, msg } from "./validation";

export * from "./task-rules";

const taskFields = {
  title: requiredText(120),
  description: optionalText(4000),
  ownerUnitId: id,
  ownerUserId: id.nullable(),
  startOn: isoDate,
  dueOn: isoDate,
  progress: z.number().int().min(0).max(100),
  isKey: z.boolean(),
};

export const taskPatchSchema = z
  .object({
    title: taskFields.title.optional(),
    // No default here: an absent field must stay absent, or a patch would blank it.
    description: z.string().trim().max(4000).optional(),
    ownerUnitId: taskFields.ownerUnitId.optional(),
    ownerUserId: taskFields.ownerUserId.optional(),
    startOn: taskFields.startOn.optional(),
    dueOn: taskFields.dueOn.optional(),
    progress: taskFields.progress.optional(),
    isKey: taskFields.isKey.optional(),
  })
  .strict();

export type TaskPatch = z.infer<typeof taskPatchSchema>;

export const taskUpdateSchema = z.object({ id, version, patch: taskPatchSchema }).strict();
export type TaskUpdateInput = z.infer<typeof taskUpdateSchema>;

export const taskMoveSchema = z
  .object({
    id,
    version,
    toStatus: z.enum(TASK_STATUSES),
    /** The card that should end up just above this one in the target column (null: top). */
    afterId: id.nullable().optional(),
    /** The card that should end up just below (used when afterId is absent). */
    beforeId: id.nullable().optional(),
  })
  .strict();
export type TaskMoveInput = z.infer<typeof taskMoveSchema>;

export const taskCreateSchema = z
  .object({
    projectId: id,
    title: taskFields.title,
    description: taskFields.description,
    ownerUnitId: id,
    ownerUserId: id.nullable().optional(),
    startOn: isoDate,
    dueOn: isoDate,
    isKey: z.boolean().default(false),
    status: z.enum(["not_started", "in_progress"]).default("not_started"),
  })
  .strict()
  .refine((t) => t.dueOn >= t.startOn, { message: msg("errors.datesOrder"), path: ["dueOn"] });
export type TaskCreateInput = z.infer<typeof taskCreateSchema>;

export const taskArchiveSchema = z.object({ id, version }).strict();

/** Add or remove one predecessor of a task (task-dependencies.ts); `version` is the successor's as the client saw it. */
export const linkSchema = z.object({ taskId: id, version, predecessorId: id }).strict();
export type LinkInput = z.infer<typeof linkSchema>;
