// 信用管理 on the server (002 七(三)): the secretariat or the council records a dishonesty finding against a
// member unit or a person of it, or de-lists (摘牌) a unit, with evidence through the evidence store.
// Records are append-only (the table's triggers refuse UPDATE and DELETE): a correction or withdrawal is a
// new row pointing at the latest row of its chain, so amending a row twice is refused as stale.
// Who reads: the council and the secretariat all records (`read:credit:any`), a unit's lead his own unit's
// (`read:credit:own-unit`); evidence of a record is downloaded by the same readers only.
import type { DB } from "../../db/client";
import type { Actor, AppContext, BoardEvent } from "./context.server";
import { CONSORTIUM_BOARD } from "./boards.server";
import { commit, recordChange } from "./write.server";
import { all, exists, insert, must, one, placeholders } from "./sql.server";
import { assertCan } from "./guard.server";
import { can } from "./permissions";
import { DomainError, notFound } from "./errors";
import { getUnit, writeUnit } from "./units.server";
import { listEvidence, storeEvidence, type UploadedFile } from "./evidence.server";
import {
  CREDIT_SUBJECT,
  type CreditCorrectInput,
  type CreditFindingInput,
  type CreditNote,
  type CreditRecord,
  type CreditRow,
  type CreditStanding,
  type CreditWithdrawInput,
  type DelistInput,
} from "./credit";

const SELECT = `SELECT c.id, c.kind, c.unit_id AS unitId, m.name AS unitName, c.user_id AS userId, p.display_name AS personName,
  c.what, c.occurred_on AS occurredOn, c.decision, c.corrects_id AS correctsId, c.reason, c.recorded_by AS recordedBy,
  r.display_name AS recorderName, c.recorded_at AS recordedAt
  FROM credit_records c JOIN member_units m ON m.id = c.unit_id LEFT JOIN users p ON p.id = c.user_id JOIN users r ON r.id = c.recorded_by`;

/** Whether the actor may read the credit records of a unit (council, secretariat; the unit's own lead). */
export const canReadCredit = (actor: Actor, unitId: number) => can(actor, "read", "credit", { unitId });

/** Whether the actor may read a record's evidence file (the evidence store asks this for credit files). */
export function canReadCreditEvidence(db: DB, actor: Actor, recordId: number): boolean {
  const row = one<{ unitId: number }>(db, "SELECT unit_id AS unitId FROM credit_records WHERE id = ?", recordId);
  return row != null && canReadCredit(actor, row.unitId);
}

type Stored = Omit<CreditRow, "evidence">;

/** Chains of rows (original first) grouped into records, the newest original first. */
function toRecords(db: DB, rows: Stored[]): CreditRecord[] {
  const evidence = listEvidence(db, CREDIT_SUBJECT, rows.map((r) => r.id));
  const byId = new Map(rows.map((r) => [r.id, { ...r, evidence: (evidence[r.id] ?? []).map(({ id, name, mime, size }) => ({ id, name, mime, size })) }]));
  const next = new Map<number, CreditRow>();
  for (const r of byId.values()) if (r.correctsId != null) next.set(r.correctsId, r);
  const records: CreditRecord[] = [];
  for (const root of byId.values()) {
    if (root.correctsId != null || (root.kind !== "finding" && root.kind !== "delisting")) continue;
    const history: CreditRow[] = [root];
    for (let at = next.get(root.id); at; at = next.get(at.id)) history.push(at);
    const head = history[history.length - 1]!;
    const text = [...history].reverse().find((h) => h.kind !== "withdrawal")!;
    records.push({
      id: root.id,
      kind: root.kind,
      unitId: root.unitId,
      unitName: root.unitName,
      personName: root.personName,
      current: { what: text.what, occurredOn: text.occurredOn, decision: text.decision },
      withdrawn: head.kind === "withdrawal",
      history,
      headId: head.id,
    });
  }
  return records.sort((a, b) => b.current.occurredOn.localeCompare(a.current.occurredOn) || b.id - a.id);
}

/** The records the actor may read, all units or one (`unitId`). */
export function creditRecords(db: DB, actor: Actor, unitId?: number): CreditRecord[] {
  const rows = unitId == null ? all<Stored>(db, `${SELECT} ORDER BY c.id`) : all<Stored>(db, `${SELECT} WHERE c.unit_id = ? ORDER BY c.id`, unitId);
  return toRecords(db, rows.filter((r) => canReadCredit(actor, r.unitId)));
}

/** Every record of the consortium, for the annual report (whose readers are decided by the report's rule). */
export const allCreditRecords = (db: DB): CreditRecord[] => toRecords(db, all<Stored>(db, `${SELECT} ORDER BY c.id`));

/** Standing per unit for decisions on members: findings not withdrawn and the de-listing, if any. Only for full readers. */
export function creditStanding(db: DB, actor: Actor, unitIds: number[]): Record<number, CreditStanding> {
  const ids = [...new Set(unitIds)];
  if (!can(actor, "read", "credit") || ids.length === 0) return {};
  const rows = all<Stored>(db, `${SELECT} WHERE c.unit_id IN (${placeholders(ids)}) ORDER BY c.id`, ...ids);
  const out: Record<number, CreditStanding> = {};
  for (const r of toRecords(db, rows)) {
    const s = (out[r.unitId] ??= { unitId: r.unitId, unitName: r.unitName, findings: 0, delistedOn: null, latest: null });
    if (r.withdrawn) continue;
    if (r.kind === "delisting") s.delistedOn = r.current.occurredOn;
    else {
      s.findings += 1;
      s.latest ??= r.current.what;
    }
  }
  return out;
}

/** A unit proposed for admission may be a former member (same name or credit code): its id, if so. */
export function formerUnitId(db: DB, unit: { name: string; creditCode?: string | null }): number | null {
  return (
    one<{ id: number }>(db, "SELECT id FROM member_units WHERE name = ? OR (credit_code <> '' AND credit_code = ?) ORDER BY id LIMIT 1", unit.name, unit.creditCode ?? "")?.id ?? null
  );
}

/** Units and people a recorder may pick (units that left included: a finding may come after). */
export function creditChoices(db: DB) {
  return {
    units: all<{ id: number; name: string; leftOn: string | null; version: number }>(db, "SELECT id, name, left_on AS leftOn, version FROM member_units ORDER BY left_on IS NOT NULL, id"),
    people: all<{ id: number; displayName: string; unitId: number }>(db, "SELECT id, display_name AS displayName, unit_id AS unitId FROM users WHERE unit_id IS NOT NULL ORDER BY unit_id, id"),
  };
}

const getRow = (db: DB, id: number): Stored => must(one<Stored>(db, `${SELECT} WHERE c.id = ?`, id));

function assertNotFuture(db: DB, day: string) {
  if (day > db.$clock.today()) throw new DomainError("creditFutureDate", 400);
}

/** Inserts one row and its evidence, audited as `credit.<action>`; events go to the consortium board's audit only. */
function append(
  ctx: AppContext,
  actor: Actor,
  row: { kind: string; unitId: number; userId: number | null; what: string; occurredOn: string; decision: string; correctsId: number | null; reason: string | null },
  files: UploadedFile[],
): { row: Stored; events: BoardEvent[] } {
  const { db } = ctx;
  const id = insert(
    db,
    `INSERT INTO credit_records (kind, unit_id, user_id, what, occurred_on, decision, corrects_id, reason, recorded_by, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    row.kind, row.unitId, row.userId, row.what, row.occurredOn, row.decision, row.correctsId, row.reason, actor.id, db.$clock.nowIso(),
  );
  if (files.length) storeEvidence(db, ctx.config, actor, { type: CREDIT_SUBJECT, id, projectId: null }, files);
  const stored = getRow(db, id);
  // Audited, but told to no board: credit records are not for every reader of the consortium board.
  return { row: stored, events: recordChange(db, { entity: "credit", id, action: row.kind, by: actor, before: null, after: stored, boards: [] }) };
}

/** 记入失信信息记录: a finding against a unit or one of its people. */
export function recordFinding(ctx: AppContext, actor: Actor, input: CreditFindingInput, files: UploadedFile[] = []): Stored {
  assertCan(actor, "record", "credit");
  const { db } = ctx;
  return commit(ctx, () => {
    getUnit(db, input.unitId);
    assertNotFuture(db, input.occurredOn);
    if (input.userId != null && !exists(db, "SELECT 1 FROM users WHERE id = ? AND unit_id = ?", input.userId, input.unitId)) throw new DomainError("ownerNotInUnit", 400);
    const { row, events } = append(ctx, actor, { kind: "finding", unitId: input.unitId, userId: input.userId ?? null, what: input.what, occurredOn: input.occurredOn, decision: input.decision, correctsId: null, reason: null }, files);
    return { result: row, events };
  });
}

/** 摘牌: the decision is recorded and the unit leaves on its date (its row versioned and audited, history kept). */
export function delistUnit(ctx: AppContext, actor: Actor, input: DelistInput, files: UploadedFile[] = []): Stored {
  assertCan(actor, "record", "credit");
  assertCan(actor, "update", "unit");
  const { db } = ctx;
  return commit(ctx, () => {
    const unit = getUnit(db, input.unitId);
    if (unit.leftOn) throw new DomainError("unitAlreadyLeft", 409);
    if (unit.version !== input.version) throw new DomainError("conflict", 409, { current: unit });
    assertNotFuture(db, input.occurredOn);
    if (input.occurredOn < unit.joinedOn) throw new DomainError("creditBeforeJoining", 400, { date: unit.joinedOn });
    const { row, events } = append(ctx, actor, { kind: "delisting", unitId: unit.id, userId: null, what: input.what, occurredOn: input.occurredOn, decision: input.decision, correctsId: null, reason: null }, files);
    const left = writeUnit(db, actor, unit, { leftOn: input.occurredOn }, [CONSORTIUM_BOARD]);
    return { result: row, events: [...events, ...left.events] };
  });
}

/** The chain's latest row, which an amendment must point at (an older one: someone amended it meanwhile). */
function assertHead(db: DB, recordId: number): Stored {
  const row = one<Stored>(db, `${SELECT} WHERE c.id = ?`, recordId);
  if (!row) throw notFound();
  if (row.kind === "withdrawal") throw new DomainError("creditWithdrawn", 409);
  if (exists(db, "SELECT 1 FROM credit_records WHERE corrects_id = ?", recordId)) throw new DomainError("creditAmended", 409);
  return row;
}

/** The original (finding or delisting) a chain starts from. */
function rootOf(db: DB, row: Stored): Stored {
  let at = row;
  while (at.correctsId != null) at = getRow(db, at.correctsId);
  return at;
}

/** 更正: a new row with the corrected text; a de-listing's new date moves the unit's leaving day too. */
export function correctCredit(ctx: AppContext, actor: Actor, input: CreditCorrectInput, files: UploadedFile[] = []): Stored {
  assertCan(actor, "record", "credit");
  const { db } = ctx;
  return commit(ctx, () => {
    const head = assertHead(db, input.recordId);
    const root = rootOf(db, head);
    assertNotFuture(db, input.occurredOn);
    const { row, events } = append(ctx, actor, { kind: "correction", unitId: head.unitId, userId: head.userId, what: input.what, occurredOn: input.occurredOn, decision: input.decision, correctsId: head.id, reason: input.reason }, files);
    if (root.kind === "delisting" && input.occurredOn !== head.occurredOn) {
      const unit = getUnit(db, head.unitId);
      if (input.occurredOn < unit.joinedOn) throw new DomainError("creditBeforeJoining", 400, { date: unit.joinedOn });
      events.push(...writeUnit(db, actor, unit, { leftOn: input.occurredOn }, [CONSORTIUM_BOARD]).events);
    }
    return { result: row, events };
  });
}

/** 撤销: the finding stands no more (overturned), kept struck through. A de-listing is undone only by a new admission. */
export function withdrawCredit(ctx: AppContext, actor: Actor, input: CreditWithdrawInput): Stored {
  assertCan(actor, "record", "credit");
  const { db } = ctx;
  return commit(ctx, () => {
    const head = assertHead(db, input.recordId);
    const root = rootOf(db, head);
    if (root.kind === "delisting") throw new DomainError("creditDelistingStays", 400);
    const { row, events } = append(ctx, actor, { kind: "withdrawal", unitId: head.unitId, userId: head.userId, what: head.what, occurredOn: head.occurredOn, decision: head.decision, correctsId: head.id, reason: input.reason }, []);
    return { result: row, events };
  });
}

/** What the credit page reads: the records the actor may read, and the recorder's choices. */
export function creditPage(db: DB, actor: Actor, unitId?: number) {
  if (!can(actor, "read", "credit", unitId == null ? { unitId: actor.unitId } : { unitId })) throw new DomainError("forbidden", 403);
  return db.transaction(() => ({
    records: creditRecords(db, actor, unitId),
    unit: unitId == null ? null : getUnit(db, unitId),
    choices: can(actor, "record", "credit") ? creditChoices(db) : null,
    today: db.$clock.today(),
  }));
}

/**
 * For the council's admission page (/changes): per member request (admit or remove a unit), the unit's
 * credit standing, so the decision is taken with it in view. An admission is matched to a former member by
 * name or credit code (a de-listed unit applying again). Empty for those who may not read credit records.
 */
export function creditForChanges(db: DB, actor: Actor, changes: { id: number; kind: string; targetId: number | null; diff: { subject: string; field: string; to: unknown }[] }[]): Record<number, CreditNote> {
  if (!can(actor, "read", "credit")) return {};
  const unitOf = new Map<number, { unitId: number | null; former: boolean }>();
  for (const c of changes) {
    if (c.kind === "remove_unit") unitOf.set(c.id, { unitId: c.targetId, former: false });
    if (c.kind === "admit_unit") {
      const field = (f: string) => String(c.diff.find((d) => d.subject === "unit:new" && d.field === f)?.to ?? "");
      const former = formerUnitId(db, { name: field("name"), creditCode: field("creditCode") });
      unitOf.set(c.id, { unitId: former, former: former != null });
    }
  }
  const standing = creditStanding(db, actor, [...unitOf.values()].flatMap((u) => (u.unitId == null ? [] : [u.unitId])));
  const out: Record<number, CreditNote> = {};
  for (const [changeId, u] of unitOf) {
    const s = u.unitId == null ? undefined : standing[u.unitId];
    out[changeId] = { unitId: u.unitId, former: u.former, findings: s?.findings ?? 0, delistedOn: s?.delistedOn ?? null, latest: s?.latest ?? null };
  }
  return out;
}
