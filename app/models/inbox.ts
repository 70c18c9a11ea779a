// 通知中心: the kinds of notification a person's inbox holds and the schemas of its forms. Pure: the inbox
// page, the header link and the server share them. The sentence of an item is `inbox.text.<kind>` of the
// reader's catalogue filled with the item's `params` (and `actor`, the name of who caused it).
import * as z from "zod";
import { id } from "./validation";
import type { MessageKey, T } from "../i18n/catalog";

export const INBOX_KINDS = [
  "mention",
  "reply",
  "closeout_approved",
  "closeout_returned",
  "notice_issued",
  "notice_answered",
  "check_scheduled",
  "change_decided",
  "trl_decided",
  "acceptance_requested",
  "successor_ready",
  "taskbook_submitted",
  "taskbook_reviewed",
  "rectification_assigned",
  "rectification_due",
  "rectification_overdue",
  "filing_due",
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** Values a sentence is built from (task code and title, a decision, a date …), kept as they were when told. */
export type InboxParams = Record<string, string | number>;

/** One notification as the inbox shows it. */
export type InboxItem = {
  id: number;
  kind: InboxKind;
  actorName: string | null;
  entity: string;
  entityId: number;
  href: string;
  params: InboxParams;
  createdAt: string;
  readAt: string | null;
};

export const inboxMarkReadSchema = z.object({ id }).strict();
export const inboxFilterSchema = z.enum(INBOX_KINDS).optional().catch(undefined);

/** Params that hold a code, translated before they go into the sentence: a decision, a notice's or a check's kind. */
const CODED: Partial<Record<InboxKind, Record<string, string>>> = {
  notice_issued: { kind: "inbox.noticeKind" },
  notice_answered: { kind: "inbox.noticeKind" },
  check_scheduled: { check: "checks.kinds" },
  change_decided: { decision: "inbox.decision" },
  trl_decided: { decision: "inbox.decision" },
  taskbook_reviewed: { conclusion: "taskBook.conclusions" },
};

/** The item's sentence in the reader's language (`t` of the page, or `makeT(locale)` for a mail). */
export function inboxText(t: T, item: Pick<InboxItem, "kind" | "actorName" | "params">): string {
  const coded = CODED[item.kind] ?? {};
  const params: InboxParams = { actor: item.actorName ?? t("activity.someone") };
  for (const [k, v] of Object.entries(item.params)) params[k] = coded[k] ? t(`${coded[k]}.${v}` as MessageKey) : v;
  return t(`inbox.text.${item.kind}`, params);
}
