// The write kernel. Every model write is: permission and rule checks, then `commit`: ONE synchronous
// transaction holding the rows, the hash-chained audit row and the board event(s) (`recordChange`), with
// the events published only after it committed. `updateVersioned` is the optimistic update of one row:
// it only lands on the version read in the transaction, and bumps it.
import { getTableColumns, getTableName, type Column, type Table } from "drizzle-orm";
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { appendAudit } from "./audit.server";
import { recordActivityScope } from "./activity-scope.server";
import { appendEvents } from "./board-events.server";
import { BOARD_RELOAD, type BoardEventPayload } from "../realtime/protocol";
import { DomainError } from "./errors";
import { isOpen, run, type SqlValue } from "./sql.server";
import { inboxItem, unreadCount, type Told } from "./inbox.server";

/** What a write function returns to the kernel: its result, its board events, the people its `notify` told. */
export type Written<R> = { result: R; events: BoardEvent[]; told?: (Told | null)[] };

/** What a committed write leaves to do on the thread that serves the sockets: publish events, push inbox rows. */
export type ToPublish = { events: BoardEvent[]; told: Told[] };

/**
 * A bulk write (the Excel import: thousands of rows in one transaction). Every change is still audited one
 * by one, but instead of one event per row on each board, each board touched gets ONE `BOARD_RELOAD` event
 * at the end (by `by`, named `action`): its clients reload the board's data, and a client catching up later
 * reloads too.
 */
export type Bulk = { by: By; action: string };

/** The boards the bulk write running on a connection has touched (transactions are synchronous: one at a time). */
const bulkBoards = new WeakMap<DB, Set<string>>();

/**
 * Runs a write transaction and returns what to publish once it committed (the first half of `commit`;
 * `publish` is the second). Alone, it lets a worker thread commit on its own connection and hand the events
 * and told people to the main thread, which publishes them: one write path wherever the transaction runs.
 */
export function transact<R>(ctx: Pick<AppContext, "db" | "deliver">, fn: () => Written<R>, opts: { bulk?: Bulk } = {}): { result: R } & ToPublish {
  const { db } = ctx;
  // A write nested in a bulk write (the demo seed's history holds imports and single writes) joins it:
  // the outermost bulk alone tells the boards, once.
  const owns = !!opts.bulk && !bulkBoards.has(db);
  return db.transaction(() => {
    if (owns) bulkBoards.set(db, new Set());
    try {
      const written = fn();
      const told = (written.told ?? []).filter((t): t is Told => t != null);
      if (told.length) ctx.deliver?.(told);
      const boards = owns ? [...bulkBoards.get(db)!] : [];
      const reloads = owns && boards.length ? appendEvents(db, boards, BOARD_RELOAD, { entity: "board", id: 0, by: author(opts.bulk!.by), action: opts.bulk!.action }) : [];
      return { result: written.result, events: [...written.events, ...reloads], told };
    } finally {
      if (owns) bulkBoards.delete(db);
    }
  });
}

/** After the transaction committed: the events to their boards, each told person his new notification and unread count. */
export function publish(ctx: Pick<AppContext, "db" | "realtime">, { events, told }: ToPublish): void {
  // Viewers apply a board's events in seq order and take a lower seq after a higher one for a gap (a
  // catch-up round trip); a write may list its events in another order (a check's signature puts the
  // check before the rectifications it opened), so they leave in seq order (a board's seqs only grow).
  ctx.realtime.publish([...events].sort((a, b) => a.seq - b.seq));
  for (const t of told) {
    const item = inboxItem(ctx.db, t.itemId);
    if (item) ctx.realtime.notifyUsers([t.userId], { kind: "inbox", unread: unreadCount(ctx.db, t.userId), item });
  }
}

/**
 * Runs a write transaction that returns board events (and the inbox rows it wrote with `notify`), then
 * publishes the events and pushes each told person his new notification and unread count, once committed.
 */
export function commit<R>(ctx: Pick<AppContext, "db" | "realtime" | "deliver">, fn: () => Written<R>, opts: { bulk?: Bulk } = {}): R {
  const { result, ...rest } = transact(ctx, fn, opts);
  // On the server's connection the commit reaches the disk on the thread pool (group commit, db/client.ts):
  // nobody is told of it before.
  const durable = ctx.db.$durable;
  if (durable) {
    // The server closes its database only after the last sync (server/app.ts close), but a test or script
    // closing a handle early must not turn the deferred publish into an unhandled rejection.
    const tell = () => {
      if (isOpen(ctx.db)) publish(ctx, rest);
    };
    void durable().then(tell, tell);
  } else publish(ctx, rest);
  return result;
}

/** Who made a change: a signed-in person, or null for the app itself (the reminder schedule). */
export type By = Pick<Actor, "id" | "displayName"> | null;

const author = (by: By) => (by ? { id: by.id, name: by.displayName } : null);

export type Change = {
  /** What changed, as the boards know it: events `<entity>.upserted` / `<entity>.removed`, audit action `<entity>.<action>`. */
  entity: string;
  id: number | string;
  action: string;
  by: By;
  /** The row before the write (null: created) and after it (null: gone). `after` travels whole as the event's row. */
  before: unknown;
  after: unknown;
  /** The boards told of it (`boardsOf`); none for a change nobody follows live (users, sign-ins). */
  boards: string[];
  /** The row left the boards though it is kept (archived): `<entity>.removed`. By default: `after` is null. */
  removed?: boolean;
  /** Event type where the boards apply it under another name (a V-model item arrives as its whole technology). */
  type?: string;
  /** More fields of the event besides entity, id, row, by and action (a task's recomputed progress). */
  payload?: Record<string, unknown>;
  /**
   * How the audit trail records it where that differs from the above (its names predate the wire's: the
   * table `closeout_proposal`, the action `list.sign`; facts kept beside the row), or false when the
   * change is audited by another record and this one only tells the boards.
   */
  audit?: false | { entity?: string; action?: string; id?: number | string; before?: unknown; after?: unknown };
};

/**
 * Records a change inside the caller's transaction: its audit row, then one event per board (in a bulk
 * write, the boards are only noted for its reload events). Returns the events for `commit` to publish
 * after the transaction committed.
 */
export function recordChange(db: DB, c: Change): BoardEvent[] {
  if (c.audit !== false) {
    const a = c.audit ?? {};
    const entity = a.entity ?? c.entity;
    const before = "before" in a ? a.before : c.before;
    const after = "after" in a ? a.after : c.after;
    const auditId = appendAudit(db, { userId: c.by?.id ?? null, action: a.action ?? `${c.entity}.${c.action}`, entity, entityId: a.id ?? c.id, before, after });
    // A change the boards follow is work on the consortium's items: it joins the activity feeds.
    if (c.boards.length) recordActivityScope(db, auditId, { entity, boards: c.boards, row: after ?? before });
  }
  const bulk = bulkBoards.get(db);
  if (bulk) {
    for (const b of c.boards) bulk.add(b);
    return [];
  }
  if (c.boards.length === 0) return [];
  if (typeof c.id !== "number") throw new Error(`${c.entity}: only rows with numeric ids travel to the boards`);
  const removed = c.removed ?? c.after == null;
  const type = c.type ?? `${c.entity}.${removed ? "removed" : "upserted"}`;
  const by = author(c.by);
  // `after` is the row as the model read it (with its id): the board reducer keeps it whole.
  const row = c.after == null ? {} : { row: c.after as BoardEventPayload["row"] };
  return appendEvents(db, c.boards, type, { entity: c.entity, id: c.id, ...row, by, action: c.action, ...c.payload });
}

/** A table whose rows carry an optimistic `version`. */
type Versioned = Table & { version: Column };

const keyColumns = new WeakMap<Table, Column>();
function keyOf(table: Table): Column {
  let key = keyColumns.get(table);
  if (!key) {
    key = Object.values(getTableColumns(table)).find((c) => c.primary);
    if (!key) throw new Error(`${getTableName(table)} has no single-column primary key`);
    keyColumns.set(table, key);
  }
  return key;
}

/**
 * Optimistic update of one row (by its primary key): sets the columns of `set` (schema names, values as
 * the schema types them) and bumps `version`, only while the row is still at `seen`, the version read in
 * this transaction or the one the client saw. Otherwise refused as a conflict, with `current` (the row as
 * it stands, for the UI) when given. Nothing changes on refusal.
 */
export function updateVersioned<T extends Versioned>(
  db: DB,
  table: T,
  id: number,
  seen: number,
  set: Partial<T["$inferInsert"]>,
  current?: () => unknown,
): void {
  const columns = getTableColumns(table) as Record<string, Column>;
  const entries = Object.entries(set).filter(([, v]) => v !== undefined);
  const assignments = entries.map(([k]) => `${columns[k]!.name} = ?`);
  // The schema's own mapping (a boolean column stores 1/0); null stays NULL.
  const values = entries.map(([k, v]) => (v === null ? null : (columns[k]!.mapToDriverValue(v) as SqlValue)));
  const changed = run(
    db,
    `UPDATE ${getTableName(table)} SET ${[...assignments, "version = version + 1"].join(", ")} WHERE ${keyOf(table).name} = ? AND version = ?`,
    ...values,
    id,
    seen,
  );
  if (changed.changes !== 1) throw new DomainError("conflict", 409, current ? { current: current() } : {});
}
