// Comments on items (tasks, 销号 proposals, check items, rectifications, change requests, TRL claims,
// results): the rules the form, the thread and the server share. Plain text with
// @mentions: the composer inserts "@<display name>" and sends the ids it chose; the server keeps only the
// ids whose "@name" is still in the text and refuses people who cannot read the item.
import * as z from "zod";
import { id, msg, version } from "./validation";
import type { EvidenceRow } from "./evidence";

/** The evidence subject type of a comment's attachments (evidence_files.subject_type). */
export const COMMENT_SUBJECT = "comment";
/** The evidence subject type of files attached to a task itself. */
export const TASK_ATTACHMENT_SUBJECT = "task";

export const COMMENT_ENTITIES = ["task", "closeout", "check_item", "rectification", "change", "trl_claim", "result"] as const;
export type CommentEntity = (typeof COMMENT_ENTITIES)[number];

/** Longest comment, in characters (the composer shows a counter). */
export const COMMENT_MAX = 2000;
/** The author may change a comment for this long after writing it; deleting is allowed any time. */
export const COMMENT_EDIT_MINUTES = 15;
export const MAX_MENTIONS = 20;

/** "12,34" from the form's hidden field (empty: nobody mentioned). */
const mentionIds = z
  .string()
  .regex(/^(\d{1,12}(,\d{1,12})*)?$/, msg("validation.invalid"))
  .default("")
  .transform((s) => [...new Set(s ? s.split(",").map(Number) : [])])
  .pipe(z.array(id).max(MAX_MENTIONS));

const body = z.string().trim().min(1).max(COMMENT_MAX);

export const commentAddSchema = z
  .object({ entity: z.enum(COMMENT_ENTITIES), entityId: id, parentId: id.optional(), body, mentions: mentionIds })
  .strict();
export const commentEditSchema = z.object({ id, version, body, mentions: mentionIds }).strict();
/** The thread's query: which item (the resource route's loader for mention candidates). */
export const commentItemSchema = z.object({ entity: z.enum(COMMENT_ENTITIES), entityId: z.coerce.number().pipe(id) }).strict();
/** Files attached to a task itself (the files come from the multipart form). */
export const taskAttachSchema = z.object({ taskId: id }).strict();
export type TaskAttachInput = z.output<typeof taskAttachSchema>;
export const commentDeleteSchema = z.object({ id, version }).strict();
export type CommentAddInput = z.output<typeof commentAddSchema>;
export type CommentEditInput = z.output<typeof commentEditSchema>;
export type CommentDeleteInput = z.output<typeof commentDeleteSchema>;

export type CommentRow = {
  id: number;
  entity: CommentEntity;
  entityId: number;
  parentId: number | null;
  authorId: number;
  authorName: string;
  authorUnit: string | null;
  /** Empty once deleted. */
  body: string;
  mentions: { id: number; name: string }[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  version: number;
  /** Files attached when it was posted (none once deleted). */
  attachments: EvidenceRow[];
};

/** Someone the composer offers after "@": matched by name, by full pinyin or by pinyin initials (wjg -> 王建国). */
export type MentionCandidate = { id: number; name: string; unitName: string | null; pinyin: string; initials: string; canRead: boolean };

/** What /comments answers a thread that did not get them from its page: "@" candidates and the server's instant. */
export type ThreadContext = { candidates: MentionCandidate[]; now: string };

/** Whether `now` is still inside the author's edit window of a comment written at `createdAt`. */
export const withinEditWindow = (createdAt: string, nowMs: number) => nowMs - Date.parse(createdAt) <= COMMENT_EDIT_MINUTES * 60_000;

/** Candidates matching what was typed after "@", readers first, at most `limit`. */
export function matchCandidates(all: MentionCandidate[], typed: string, limit = 8): MentionCandidate[] {
  const q = typed.trim().toLowerCase();
  const hit = (c: MentionCandidate) => !q || c.name.toLowerCase().includes(q) || c.initials.startsWith(q) || c.pinyin.startsWith(q);
  return all
    .filter(hit)
    .sort((a, b) => Number(b.canRead) - Number(a.canRead))
    .slice(0, limit);
}
