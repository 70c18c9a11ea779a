// The Excel import's first half, run in a worker thread (server/jobs): read the uploaded workbook, find
// each sheet's header, read every row liberally (import-sheet.ts) and check it against the database (a
// read-only snapshot): what each row would create, update or leave unchanged, what a signed list refuses,
// and every error with its row, column and a message key. The result is plain data: the preview page
// shows it, and import.server.ts commits its operations on the main thread in one transaction.
import { createHash } from "node:crypto";
import type { DB } from "../../db/client";
import type { Actor } from "./context.server";
import { all } from "./sql.server";
import { readXlsx } from "../lib/xlsx-read.server";
import { can, canSome, type Role } from "./permissions";
import { allUnits, type UnitRow } from "./units.server";
import { SUBKINDS_OF, unitSchema, type UnitInput } from "./units";
import { assertMayGrant, listUsers, outsideBodyOptions, type UserFields, type UserRow } from "./users.server";
import { userCreateSchema } from "./users";
import { projectOptions } from "./projects.server";
import { liveTasks } from "./tasks.server";
import { taskCreateSchema, type TaskRow } from "./tasks";
import { indicatorCreateSchema, indicatorScope } from "./indicators";
import { valuesOf } from "./indicator-writes.server";
import { assertIndicatorNotFrozen, assertListNotFrozen, assertTaskNotFrozen, signedLists } from "./responsibility-freeze.server";
import { FROZEN_INDICATOR_FIELDS, FROZEN_TASK_FIELDS } from "./responsibility";
import { findCycle, type Edge } from "./task-graph";
import { DomainError } from "./errors";
import { parseMessage } from "./validation";
import {
  cellText,
  keyText,
  sameName,
  closestName,
  findHeader,
  IMPORT_SHEETS,
  MAX_IMPORT_ROWS,
  parseDate,
  parseDirection,
  parseNumber,
  parseYesNo,
  parseRoles,
  parseSubKind,
  parseUnitKind,
  SHEET_PERMISSION,
  splitCodes,
  SHEET_COLUMNS,
  type CellValue,
  type HeaderMatch,
  type ImportSheet,
} from "./import-sheet";

export type Message = { key: string; params?: Record<string, string | number> };
/** One error: where (sheet, Excel row number, the column's header as written) and what. */
export type ImportIssue = Message & { sheet: ImportSheet | null; row: number | null; column: string | null };
export type RowOutcome = "create" | "update" | "unchanged" | "refused";
export type PlanRow = { sheet: ImportSheet; row: number; code: string; label: string; outcome: RowOutcome; changes: string[]; reason?: Message };

export type TaskFields = { title: string; description: string; ownerUnitId: number; ownerUserId: number | null; startOn: string; dueOn: string; isKey: boolean };
/** A task to create (id null) or update; `predecessors` are task keys (`<projectId>:<code>`), null: column absent. */
export type TaskOp = { row: number; key: string; id: number | null; version: number | null; projectId: number; code: string; fields: TaskFields; changes: string[]; predecessors: string[] | null };
export type IndicatorFields = { name: string; unitOfMeasure: string; baseline: number | null; target: number | null; direction: "higher" | "lower" | "yesno"; dueOn: string; responsibleUnitId: number; responsibleUserId: number | null };
export type IndicatorOp = { row: number; id: number | null; version: number | null; taskKey: string; projectId: number; fields: IndicatorFields; changes: string[] };

/**
 * A member unit to create (id null) or update, matched by its full name. `ref` is how the file's other rows
 * name a unit it creates before it has an id (a negative placeholder, replaced when it is written).
 */
export type UnitOp = { row: number; ref: number; id: number | null; version: number | null; fields: UnitInput; changes: string[] };
/** A user to create (with a one-time password) or update, matched by username; `fields.unitId` may be a new unit's `ref`. */
export type UserOp = { row: number; ref: number; id: number | null; version: number | null; fields: UserFields; changes: string[] };

export type ImportPlan = {
  fileName: string;
  sheets: ImportSheet[];
  rows: PlanRow[];
  issues: ImportIssue[];
  counts: Record<RowOutcome, number>;
  units: UnitOp[];
  users: UserOp[];
  tasks: TaskOp[];
  indicators: IndicatorOp[];
  /** Hash of the operations: the confirm commits only what the user saw in the preview. */
  digest: string;
};

export type ImportInput = { actor: Actor; fileName: string; bytes: Uint8Array };

/** A refusal of the whole file before any row is read. */
const fileIssue = (key: string, params?: Message["params"]): ImportIssue => ({ sheet: null, row: null, column: null, key, params });

// ---------------------------------------------------------------------------------------------- reading

type SheetRows = { name: string; rows: CellValue[][] };

/** Sheet names that say which sheet is which (任务清单, 考核指标, 成员单位, 用户). */
const SHEET_NAMES: Record<ImportSheet, (name: string) => boolean> = {
  units: (n) => /单位|unit/i.test(n) && !/任务|指标|用户|人员/.test(n),
  users: (n) => /用户|人员|账号|user/i.test(n),
  tasks: (n) => /任务|task/i.test(n) && !/指标/.test(n),
  indicators: (n) => /指标|indicator/i.test(n),
};

/** Which sheet is which: by its name first (任务 / 指标 / 单位 / 用户), else by the header that matches best. */
function assignSheets(sheets: SheetRows[]): Partial<Record<ImportSheet, { sheet: SheetRows; header: HeaderMatch }>> {
  const out: Partial<Record<ImportSheet, { sheet: SheetRows; header: HeaderMatch }>> = {};
  const texts = (s: SheetRows) => s.rows.slice(0, 20).map((r) => r.map(cellText));
  const candidates = sheets.flatMap((sheet) =>
    IMPORT_SHEETS.map((kind) => {
      const header = findHeader(kind, texts(sheet));
      const named = SHEET_NAMES[kind](sheet.name);
      const score = header ? Object.keys(header.columns).length - header.missing.length * 2 + (named ? 100 : 0) : -1;
      return { kind, sheet, header, score };
    }),
  );
  for (const c of candidates.filter((c) => c.header && c.score >= 0).sort((a, b) => b.score - a.score)) {
    if (out[c.kind] || Object.values(out).some((o) => o.sheet === c.sheet)) continue;
    out[c.kind] = { sheet: c.sheet, header: c.header! };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- the plan

type Ref = { id: number; name: string };
type Person = Ref & { unitId: number | null };

/** The database as the import sees it: names to ids, tasks and indicators by their keys. */
function snapshot(db: DB) {
  const projects = projectOptions(db);
  const units = all<Ref & { shortName: string }>(db, "SELECT id, name, short_name AS shortName FROM member_units WHERE left_on IS NULL");
  const people = all<Person>(db, "SELECT id, display_name AS name, unit_id AS unitId FROM users WHERE active = 1");
  const tasks = new Map<string, TaskRow>(liveTasks(db).map((t) => [`${t.projectId}:${t.code}`, t]));
  const byId = new Map([...tasks.values()].map((t) => [t.id, t]));
  const deps = all<{ p: number; s: number }>(db, "SELECT predecessor_id AS p, successor_id AS s FROM task_dependencies");
  const predecessorsOf = new Map<number, number[]>();
  for (const d of deps) (predecessorsOf.get(d.s) ?? predecessorsOf.set(d.s, []).get(d.s)!).push(d.p);
  type Ind = IndicatorFields & { id: number; version: number; taskId: number; valueCount: number; status: string };
  const indicators = all<Ind>(
    db,
    `SELECT i.id, i.version, i.task_id AS taskId, i.name, i.unit_of_measure AS unitOfMeasure, i.baseline, i.target, i.direction, i.due_on AS dueOn,
       i.responsible_unit_id AS responsibleUnitId, i.responsible_user_id AS responsibleUserId,
       (SELECT count(*) FROM indicator_values v WHERE v.indicator_id = i.id) AS valueCount, t.status
     FROM indicators i JOIN tasks t ON t.id = i.task_id WHERE i.archived_at IS NULL AND t.archived_at IS NULL`,
  );
  const unitRows = allUnits(db);
  const userRows = new Map(listUsers(db).map((u) => [u.username.toLowerCase(), u]));
  const bodies = outsideBodyOptions(db);
  // The signed lists once per import, not one query per row (the freeze's rule stays in responsibility-freeze.server.ts).
  const signed = signedLists(db);
  return { signed, projects, units, people, unitRows, userRows, bodies, tasks, byId, deps, predecessorsOf, indicators: new Map(indicators.map((i) => [`${i.taskId}:${i.name}`, i])) };
}
type Snapshot = ReturnType<typeof snapshot>;

/** The message of a model rule's refusal (DomainError) as the import reports it. */
function refusal(err: unknown): Message {
  if (err instanceof DomainError) return { key: `errors.${err.code}`, params: err.details as Message["params"] };
  throw err;
}

/** The checks behind the preview; one per upload. */
export async function planImport(db: DB, input: ImportInput): Promise<ImportPlan> {
  const empty = (issues: ImportIssue[]): ImportPlan => ({ fileName: input.fileName, sheets: [], rows: [], issues, counts: { create: 0, update: 0, unchanged: 0, refused: 0 }, units: [], users: [], tasks: [], indicators: [], digest: "" });
  if (!/\.xlsx$/i.test(input.fileName)) return empty([fileIssue("import.errors.notXlsx")]);
  // Every visible sheet's cells as plain values (the small reader: no workbook model is built).
  const book: SheetRows[] | null = readXlsx(input.bytes);
  if (!book) return empty([fileIssue("import.errors.notXlsx")]);
  const found = assignSheets(book);
  if (!IMPORT_SHEETS.some((k) => found[k])) return empty([fileIssue("import.errors.noHeader")]);
  // Each sheet with rows needs its own import right (permissions.ts): units and users are the admin's.
  const forbiddenSheets = IMPORT_SHEETS.filter((k) => found[k] && hasRows(found[k]) && !canSome(input.actor, "import", SHEET_PERMISSION[k]));
  if (forbiddenSheets.length) return empty(forbiddenSheets.map((k) => ({ ...fileIssue("import.errors.sheetForbidden", { sheet: found[k]!.sheet.name }), sheet: k })));
  const total = Object.values(found).reduce((n, f) => n + f.sheet.rows.length - f.header.row, 0);
  if (total > MAX_IMPORT_ROWS) return empty([fileIssue("import.errors.tooManyRows", { max: MAX_IMPORT_ROWS.toLocaleString("en"), rows: total.toLocaleString("en") })]);
  const missing: ImportIssue[] = [];
  for (const kind of IMPORT_SHEETS) {
    const f = found[kind];
    if (!f) continue;
    for (const key of f.header.missing) missing.push({ sheet: kind, row: f.header.row, column: null, key: "import.errors.missingColumn", params: { column: SHEET_COLUMNS[kind].find((c) => c.key === key)!.synonyms[0]! } });
  }
  if (missing.length) return { ...empty(missing), sheets: IMPORT_SHEETS.filter((k) => found[k]) };

  const snap = snapshot(db);
  const ctx = new Planner(db, input.actor, snap);
  if (found.units) ctx.unitsSheet(found.units.sheet, found.units.header);
  if (found.users) ctx.usersSheet(found.users.sheet, found.users.header);
  if (found.tasks) ctx.tasks(found.tasks.sheet, found.tasks.header);
  if (found.indicators) ctx.indicatorsSheet(found.indicators.sheet, found.indicators.header);
  ctx.checkCycles();
  const counts = { create: 0, update: 0, unchanged: 0, refused: 0 };
  for (const r of ctx.rows) counts[r.outcome]++;
  const ops = { units: ctx.unitOps, users: ctx.userOps, tasks: ctx.taskOps, indicators: ctx.indicatorOps };
  return {
    fileName: input.fileName,
    sheets: IMPORT_SHEETS.filter((k) => found[k]),
    rows: ctx.rows,
    issues: ctx.issues,
    counts,
    ...ops,
    digest: createHash("sha256").update(JSON.stringify(ops)).digest("hex").slice(0, 32),
  };
}

/**
 * The data rows below a header, blank ones skipped: each with its Excel row number and its cell under a
 * column key (null when the sheet has no such column).
 */
function* dataRows(sheet: SheetRows, header: HeaderMatch) {
  const col = (cells: CellValue[], key: string) => (key in header.columns ? (cells[header.columns[key]!] ?? null) : null);
  for (let r = header.row; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r]!;
    if (cells.every((c) => cellText(c) === "")) continue;
    yield { row: r + 1, cell: (key: string) => col(cells, key) };
  }
}

/** Whether a sheet has any non-blank row below its header. */
const hasRows = (f: { sheet: SheetRows; header: HeaderMatch }) => f.sheet.rows.slice(f.header.row).some((cells) => cells.some((c) => cellText(c) !== ""));

const UNIT_FIELD_COLUMN: Record<string, string> = { name: "name", shortName: "shortName", kind: "kind", subKind: "subKind", creditCode: "creditCode", district: "district", contact: "contact", joinedOn: "joinedOn" };
const USER_FIELD_COLUMN: Record<string, string> = { displayName: "displayName", username: "username", unitId: "unit", outsideBodyId: "unit", roles: "roles", email: "email", phone: "phone" };
/** The unit fields a sheet row sets, compared for "unchanged" (a change of `name` is another unit). */
const UNIT_SHEET_FIELDS = ["shortName", "kind", "subKind", "creditCode", "district", "contact", "joinedOn"] as const;
/** A user's fields as the users sheet holds them, without the password (set once, by the import). */
const userFieldsSchema = userCreateSchema.omit({ password: true });
/** Placeholder ids of the units and users a file creates, until they are written (negative: never a real id). */
export const newUnitRef = (row: number) => -row;
export const newUserRef = (row: number) => -1_000_000 - row;

const TASK_FIELD_COLUMN: Record<string, string> = { title: "title", description: "description", ownerUnitId: "unit", ownerUserId: "owner", startOn: "startOn", dueOn: "dueOn", isKey: "isKey" };
const INDICATOR_FIELD_COLUMN: Record<string, string> = { name: "name", unitOfMeasure: "unitOfMeasure", baseline: "baseline", target: "target", direction: "direction", dueOn: "dueOn", responsibleUnitId: "unit", responsibleUserId: "owner" };

class Planner {
  rows: PlanRow[] = [];
  issues: ImportIssue[] = [];
  unitOps: UnitOp[] = [];
  userOps: UserOp[] = [];
  taskOps: TaskOp[] = [];
  indicatorOps: IndicatorOp[] = [];
  /** Keys of the tasks this file creates or keeps (refused new rows are not among them). */
  private sheetTasks = new Map<string, TaskOp>();
  private refusedKeys = new Set<string>();

  constructor(
    private db: DB,
    private actor: Actor,
    private snap: Snapshot,
  ) {}

  private issue(sheet: ImportSheet, row: number, header: HeaderMatch, column: string | null, m: Message) {
    this.issues.push({ sheet, row, column: column ? (header.headers[column] ?? column) : null, ...m });
  }

  /** Unit names as written in the file to ids: thousands of rows name the same few units (cleared when the units sheet adds one). */
  private unitByText = new Map<string, number>();

  private unit(sheet: ImportSheet, row: number, header: HeaderMatch, text: string): number | null {
    const known = this.unitByText.get(text);
    if (known != null) return known;
    const u = this.snap.units.find((x) => sameName(x.name, text) || sameName(x.shortName, text));
    if (u) {
      this.unitByText.set(text, u.id);
      return u.id;
    }
    const names = this.snap.units.flatMap((x) => [x.name, x.shortName]);
    const close = closestName(text, names);
    this.issue(sheet, row, header, "unit", close ? { key: "import.errors.unknownUnitSuggest", params: { name: text, closest: close } } : { key: "import.errors.unknownUnit", params: { name: text } });
    return null;
  }

  private person(sheet: ImportSheet, row: number, header: HeaderMatch, text: string, unitId: number): number | null | undefined {
    if (!text) return null;
    const inUnit = this.snap.people.filter((p) => p.unitId === unitId);
    const p = inUnit.find((x) => sameName(x.name, text));
    if (p) return p.id;
    const close = closestName(text, inUnit.map((x) => x.name));
    const elsewhere = this.snap.people.find((x) => sameName(x.name, text));
    if (elsewhere && !close) this.issue(sheet, row, header, "owner", { key: "errors.ownerNotInUnit" });
    else this.issue(sheet, row, header, "owner", close ? { key: "import.errors.unknownPersonSuggest", params: { name: text, closest: close } } : { key: "import.errors.unknownPerson", params: { name: text } });
    return undefined;
  }

  private date(sheet: ImportSheet, row: number, header: HeaderMatch, key: string, v: CellValue): string | null {
    const d = parseDate(v);
    if (!d) this.issue(sheet, row, header, key, v == null || cellText(v) === "" ? { key: "validation.required" } : { key: "import.errors.badDate", params: { value: cellText(v) } });
    return d;
  }

  /** Zod issues of the model's own schema, reported at their columns. */
  private schemaIssues(sheet: ImportSheet, row: number, header: HeaderMatch, issues: { path: PropertyKey[]; message: string }[], columns: Record<string, string>) {
    for (const i of issues) this.issue(sheet, row, header, columns[String(i.path[0])] ?? null, parseMessage(i.message));
  }

  /** The 成员单位 sheet: each row creates the unit of that full name or updates it; columns left out keep their values. */
  unitsSheet(sheet: SheetRows, header: HeaderMatch) {
    const { snap } = this;
    const has = (key: string) => key in header.columns;
    const seen = new Map<string, number>();
    for (const { row, cell } of dataRows(sheet, header)) {
      const before = this.issues.length;
      const issue = (key: string | null, m: Message) => this.issue("units", row, header, key, m);
      const name = cellText(cell("name"));
      const refuse = () => this.rows.push({ sheet: "units", row, code: "", label: name, outcome: "refused", changes: [], reason: { key: "import.rowHasErrors" } });
      if (!name) issue("name", { key: "validation.required" });
      const existing = snap.unitRows.find((u) => sameName(u.name, name));
      const kindCell = cell("kind");
      const kind = parseUnitKind(kindCell);
      if (!kind) issue("kind", cellText(kindCell) ? { key: "import.errors.badKind", params: { value: cellText(kindCell) } } : { key: "validation.required" });
      const subCell = cell("subKind");
      const subKind = cellText(subCell) ? parseSubKind(subCell) : null;
      if (cellText(subCell) && !subKind) issue("subKind", { key: "import.errors.badSubKind", params: { value: cellText(subCell) } });
      // A sub-kind on a kind that has none (an enterprise that is 检验检测) is a mistake, not something to drop.
      else if (kind && subKind && !SUBKINDS_OF[kind]?.includes(subKind)) issue("subKind", { key: "validation.invalidChoice" });
      const joinedOn = this.date("units", row, header, "joinedOn", cell("joinedOn"));
      const shortText = cellText(cell("shortName"));
      const shortName = shortText || existing?.shortName || (name.length <= 20 ? name : "");
      if (name && !shortName) issue("shortName", { key: "import.errors.shortNameNeeded" });
      if (name && seen.has(name)) issue("name", { key: "import.errors.duplicateUnit", params: { name, first: seen.get(name)! } });
      if (this.issues.length > before || !kind || !joinedOn) {
        refuse();
        continue;
      }
      seen.set(name, row);
      const keep = <K extends keyof UnitRow>(key: K, sheetValue: UnitRow[K]): UnitRow[K] => (has(key) ? sheetValue : existing ? existing[key] : sheetValue);
      const input = {
        name,
        shortName,
        kind,
        subKind: keep("subKind", subKind) ?? undefined,
        isSme: existing?.isSme ?? false,
        isSpecialized: existing?.isSpecialized ?? false,
        isLittleGiant: existing?.isLittleGiant ?? false,
        district: keep("district", cellText(cell("district"))),
        creditCode: keep("creditCode", keyText(cell("creditCode")).toUpperCase()),
        contact: keep("contact", cellText(cell("contact"))),
        externalProjects: existing?.externalProjects ?? 0,
        joinedOn,
        leftOn: existing?.leftOn ?? undefined,
      };
      const parsed = unitSchema.safeParse(input);
      if (!parsed.success) {
        this.schemaIssues("units", row, header, parsed.error.issues, UNIT_FIELD_COLUMN);
        refuse();
        continue;
      }
      const fields = parsed.data;
      // As the unit form stores it: a sub-kind only for platforms and service bodies.
      const stored = { ...fields, subKind: fields.kind === "platform" || fields.kind === "service" ? (fields.subKind ?? null) : null };
      const changes = existing ? UNIT_SHEET_FIELDS.filter((f) => stored[f] !== existing[f]) : [];
      if ((!existing || changes.length) && !can(this.actor, existing ? "update" : "create", "unit")) {
        issue("name", { key: "import.errors.forbiddenRow" });
        refuse();
        continue;
      }
      const ref = existing?.id ?? newUnitRef(row);
      this.rows.push({ sheet: "units", row, code: shortName, label: name, outcome: existing ? (changes.length ? "update" : "unchanged") : "create", changes });
      if (!existing || changes.length) this.unitOps.push({ row, ref, id: existing?.id ?? null, version: existing?.version ?? null, fields, changes });
      // Later sheets (users, tasks, indicators) may name it by its full or short name.
      const known = snap.units.find((u) => u.id === ref);
      if (known) known.shortName = shortName;
      else if (!existing?.leftOn) snap.units.push({ id: ref, name, shortName });
      this.unitByText.clear();
    }
  }

  /** The 用户 sheet: each row creates the user of that username (with a one-time password) or updates him. */
  usersSheet(sheet: SheetRows, header: HeaderMatch) {
    const { snap } = this;
    const has = (key: string) => key in header.columns;
    const seen = new Map<string, number>();
    for (const { row, cell } of dataRows(sheet, header)) {
      const before = this.issues.length;
      const issue = (key: string | null, m: Message) => this.issue("users", row, header, key, m);
      const username = keyText(cell("username"));
      const displayName = cellText(cell("displayName"));
      const refuse = () => this.rows.push({ sheet: "users", row, code: username, label: displayName, outcome: "refused", changes: [], reason: { key: "import.rowHasErrors" } });
      const existing = snap.userRows.get(username.toLowerCase());
      const where = this.userUnit(row, header, cellText(cell("unit")), has("unit"), existing);
      const rolesCell = cell("roles");
      const { roles, unknown } = parseRoles(rolesCell);
      if (unknown.length) issue("roles", { key: "import.errors.badRoles", params: { value: unknown.join("、") } });
      else if (!roles.length) issue("roles", { key: "validation.required" });
      const lower = username.toLowerCase();
      if (username && seen.has(lower)) issue("username", { key: "import.errors.duplicateUsername", params: { username, first: seen.get(lower)! } });
      if (this.issues.length > before || !where) {
        refuse();
        continue;
      }
      seen.set(lower, row);
      const keep = <K extends "email" | "phone">(key: K, sheetValue: string) => (has(key) ? sheetValue : (existing?.[key] ?? ""));
      const input = { username, displayName, title: existing?.title ?? "", email: keep("email", keyText(cell("email"))), phone: keep("phone", keyText(cell("phone"))), roles, ...where };
      // A new unit's placeholder is no valid id to the form's schema: check the rest, then put it back.
      const parsed = userFieldsSchema.safeParse({ ...input, unitId: undefined });
      if (!parsed.success) {
        this.schemaIssues("users", row, header, parsed.error.issues, USER_FIELD_COLUMN);
        refuse();
        continue;
      }
      const fields: UserFields = { ...parsed.data, unitId: where.unitId, outsideBodyId: where.outsideBodyId };
      const changes = existing ? userChanges(existing, fields) : [];
      let refused: Message | undefined;
      try {
        if (existing?.id === this.actor.id && changes.includes("roles")) throw new DomainError("importOwnRoles", 400);
        assertMayGrant(this.actor, existing ?? { roles: [], active: false }, { roles: fields.roles as Role[], active: existing?.active ?? true });
      } catch (err) {
        refused = refusal(err);
      }
      if (refused) issue("roles", refused);
      else if ((!existing || changes.length) && !can(this.actor, existing ? "update" : "create", "user")) issue("username", { key: "import.errors.forbiddenRow" });
      if (this.issues.length > before) {
        refuse();
        continue;
      }
      const ref = existing?.id ?? newUserRef(row);
      this.rows.push({ sheet: "users", row, code: username, label: displayName, outcome: existing ? (changes.length ? "update" : "unchanged") : "create", changes });
      if (!existing || changes.length) this.userOps.push({ row, ref, id: existing?.id ?? null, version: existing?.version ?? null, fields, changes });
      // Tasks and indicators of the same file may name him as their owner, in his (new) unit.
      const person = snap.people.find((p) => p.id === ref);
      if (person) Object.assign(person, { name: displayName, unitId: fields.unitId ?? null });
      else if (existing?.active ?? true) snap.people.push({ id: ref, name: displayName, unitId: fields.unitId ?? null });
    }
  }

  /** A user's 所属单位: a member unit (full or short name, or one this file creates), an outside body (总体部, 专家库), or none. */
  private userUnit(row: number, header: HeaderMatch, text: string, hasColumn: boolean, existing: UserRow | undefined): { unitId?: number; outsideBodyId?: number } | null {
    if (!hasColumn && existing) return { unitId: existing.unitId ?? undefined, outsideBodyId: existing.outsideBodyId ?? undefined };
    if (!text) return {};
    // His own unit still counts after it left the consortium (the export names it).
    const units = existing?.unitId != null ? [...this.snap.units, ...this.snap.unitRows.filter((u) => u.id === existing.unitId)] : this.snap.units;
    const unit = units.find((x) => sameName(x.name, text) || sameName(x.shortName, text));
    if (unit) return { unitId: unit.id };
    const body = this.snap.bodies.find((b) => sameName(b.name, text));
    if (body) return { outsideBodyId: body.id };
    const close = closestName(text, [...this.snap.units.flatMap((x) => [x.name, x.shortName]), ...this.snap.bodies.map((b) => b.name)]);
    this.issue("users", row, header, "unit", close ? { key: "import.errors.unknownUnitSuggest", params: { name: text, closest: close } } : { key: "import.errors.unknownUnit", params: { name: text } });
    return null;
  }

  tasks(sheet: SheetRows, header: HeaderMatch) {
    const { snap } = this;
    const hasPredecessors = "predecessors" in header.columns;
    const pending: { op: TaskOp; codes: string[]; row: number; planRow: PlanRow }[] = [];
    for (const { row, cell } of dataRows(sheet, header)) {
      const before = this.issues.length;
      const issue = (key: string | null, m: Message) => this.issue("tasks", row, header, key, m);
      const projectText = keyText(cell("project"));
      const code = keyText(cell("code"));
      const title = cellText(cell("title"));
      const project = snap.projects.find((p) => sameName(p.code, projectText) || sameName(p.name, projectText));
      if (!projectText) issue("project", { key: "validation.required" });
      else if (!project) {
        const close = closestName(projectText, snap.projects.flatMap((p) => [p.code, p.name]));
        issue("project", close ? { key: "import.errors.unknownProjectSuggest", params: { name: projectText, closest: close } } : { key: "import.errors.unknownProject", params: { name: projectText } });
      }
      if (!code) issue("code", { key: "validation.required" });
      else if (code.length > 40 || /[\s,，、;；]/.test(code)) issue("code", { key: "import.errors.badCode", params: { code } });
      const unitText = cellText(cell("unit"));
      const unitId = unitText ? this.unit("tasks", row, header, unitText) : (issue("unit", { key: "validation.required" }), null);
      const ownerUserId = unitId != null ? this.person("tasks", row, header, cellText(cell("owner")), unitId) : undefined;
      const startOn = this.date("tasks", row, header, "startOn", cell("startOn"));
      const dueOn = this.date("tasks", row, header, "dueOn", cell("dueOn"));
      const keyCell = cell("isKey");
      const isKey = parseYesNo(keyCell);
      if (isKey == null) issue("isKey", { key: "import.errors.badYesNo", params: { value: cellText(keyCell) } });
      const description = cellText(cell("description"));
      const label = title || code;
      if (this.issues.length > before || !project || unitId == null || ownerUserId === undefined || !startOn || !dueOn) {
        this.rows.push({ sheet: "tasks", row, code, label, outcome: "refused", changes: [], reason: { key: "import.rowHasErrors" } });
        continue;
      }
      const key = `${project.id}:${code}`;
      if (this.sheetTasks.has(key) || this.refusedKeys.has(key)) {
        const first = this.sheetTasks.get(key)?.row ?? 0;
        issue("code", { key: "import.errors.duplicateCode", params: { code, first } });
        continue;
      }
      if (!projectOwns(snap, project.id, unitId)) {
        issue("unit", { key: "errors.unitNotInProject" });
        this.rows.push({ sheet: "tasks", row, code, label, outcome: "refused", changes: [], reason: { key: "import.rowHasErrors" } });
        this.refusedKeys.add(key);
        continue;
      }
      // A person this file creates has no id yet: the form's schema checks the rest.
      const parsed = taskCreateSchema.safeParse({ projectId: project.id, title, description, ownerUnitId: unitId, ownerUserId: realId(ownerUserId), startOn, dueOn, isKey: isKey ?? false });
      if (!parsed.success) {
        this.schemaIssues("tasks", row, header, parsed.error.issues, TASK_FIELD_COLUMN);
        this.rows.push({ sheet: "tasks", row, code, label, outcome: "refused", changes: [], reason: { key: "import.rowHasErrors" } });
        this.refusedKeys.add(key);
        continue;
      }
      const fields: TaskFields = { title, description, ownerUnitId: unitId, ownerUserId, startOn, dueOn, isKey: isKey ?? false };
      const existing = snap.tasks.get(key);
      const changes = existing ? (Object.keys(fields) as (keyof TaskFields)[]).filter((f) => fields[f] !== existing[f]) : [];
      const op: TaskOp = { row, key, id: existing?.id ?? null, version: existing?.version ?? null, projectId: project.id, code, fields, changes, predecessors: null };
      const outcome = this.taskOutcome(op, existing, issue);
      if (outcome === null) continue;
      if (outcome.refused) {
        this.rows.push({ sheet: "tasks", row, code, label, outcome: "refused", changes, reason: outcome.refused });
        if (!existing) this.refusedKeys.add(key);
        else this.sheetTasks.set(key, op); // it exists: others may still name it as a predecessor
        continue;
      }
      this.sheetTasks.set(key, op);
      const planRow: PlanRow = { sheet: "tasks", row, code, label, outcome: existing ? (changes.length ? "update" : "unchanged") : "create", changes };
      this.rows.push(planRow);
      pending.push({ op, codes: hasPredecessors ? splitCodes(cell("predecessors")) : [], row, planRow });
      if (changes.length || !existing) this.taskOps.push(op);
    }
    // Predecessors, once every code of the file is known: a code of this file, else of the same project, else unique in the consortium.
    for (const { op, codes, row, planRow } of pending) {
      if (!hasPredecessors) continue;
      const keys: string[] = [];
      for (const code of codes) {
        const k = this.resolveCode(op.projectId, code);
        if (k === op.key) this.issue("tasks", row, header, "predecessors", { key: "import.errors.selfPredecessor", params: { code } });
        else if (k) keys.push(k);
        else this.issue("tasks", row, header, "predecessors", { key: this.refusedKeys.has(`${op.projectId}:${code}`) ? "import.errors.predecessorRefused" : "import.errors.unknownPredecessor", params: { code } });
      }
      const current = op.id == null ? [] : (snap.predecessorsOf.get(op.id) ?? []).map((id) => this.keyOfId(id)).filter((k): k is string => k != null);
      const same = current.length === keys.length && current.every((k) => keys.includes(k));
      if (!same) {
        op.predecessors = keys.sort();
        if (!op.changes.includes("predecessors")) op.changes.push("predecessors");
        planRow.changes = op.changes;
        if (planRow.outcome === "unchanged") {
          planRow.outcome = "update";
          this.taskOps.push(op);
        }
      }
    }
  }

  private codes: Map<string, string> | null = null;
  /** The file's task codes to their keys (first project wins), built once for the indicator sheet. */
  private sheetCodes(): Map<string, string> {
    if (!this.codes) {
      this.codes = new Map();
      for (const k of this.sheetTasks.keys()) {
        const code = k.slice(k.indexOf(":") + 1);
        if (!this.codes.has(code)) this.codes.set(code, k);
      }
    }
    return this.codes;
  }

  private keyOfId(id: number): string | null {
    const t = this.snap.byId.get(id);
    return t ? `${t.projectId}:${t.code}` : null;
  }

  private resolveCode(projectId: number, code: string): string | null {
    const same = `${projectId}:${code}`;
    if (this.sheetTasks.has(same) || this.snap.tasks.has(same)) return same;
    const elsewhere = [...new Set([...this.sheetTasks.keys(), ...this.snap.tasks.keys()].filter((k) => k.endsWith(`:${code}`) && k.slice(k.indexOf(":") + 1) === code))];
    return elsewhere.length === 1 ? elsewhere[0]! : null;
  }

  /** Rights and the signed-list freeze for one task row: null when an error was reported, else maybe a refusal. */
  private taskOutcome(op: TaskOp, existing: TaskRow | undefined, issue: (key: string | null, m: Message) => void): { refused?: Message } | null {
    const target = { unitId: op.fields.ownerUnitId, projectId: op.projectId };
    if (!existing) {
      if (!can(this.actor, "create", "task", target)) return issue("project", { key: "import.errors.forbiddenRow" }), null;
      try {
        // A new task in a signed list would add to what the unit signed: that is a 新增 change request.
        assertListNotFrozen(this.db, { unitId: op.fields.ownerUnitId, dueOn: op.fields.dueOn }, this.snap.signed);
      } catch (err) {
        return { refused: refusal(err) };
      }
      return {};
    }
    if (!op.changes.length) return {};
    if (existing.status === "closed") return { refused: { key: "errors.closedIsFinal" } };
    if (!can(this.actor, "update", "task", { unitId: existing.ownerUnitId, projectId: existing.projectId }) || !can(this.actor, "update", "task", target)) {
      return issue("code", { key: "import.errors.forbiddenRow" }), null;
    }
    try {
      assertTaskNotFrozen(this.db, existing, op.fields, op.changes.filter((f) => (FROZEN_TASK_FIELDS as readonly string[]).includes(f)), this.snap.signed);
    } catch (err) {
      return { refused: refusal(err) };
    }
    return {};
  }

  /** Every finish-to-start link after the import (the file's replace the listed tasks' own), as one graph. */
  checkCycles() {
    const replaced = new Set(this.taskOps.filter((o) => o.predecessors && o.id != null).map((o) => o.id!));
    const edges: Edge<string>[] = [];
    for (const d of this.snap.deps) {
      if (replaced.has(d.s)) continue;
      const p = this.keyOfId(d.p);
      const s = this.keyOfId(d.s);
      if (p && s) edges.push({ predecessor: p, successor: s });
    }
    for (const op of this.taskOps) for (const p of op.predecessors ?? []) edges.push({ predecessor: p, successor: op.key });
    const cycle = findCycle(edges);
    if (!cycle) return;
    const codes = cycle.map((k) => k.slice(k.indexOf(":") + 1));
    const op = this.taskOps.find((o) => o.key === cycle[cycle.length - 1]);
    this.issues.push({ sheet: "tasks", row: op?.row ?? null, column: null, key: "import.errors.cycle", params: { cycle: codes.join(" → ") } });
  }

  indicatorsSheet(sheet: SheetRows, header: HeaderMatch) {
    const { snap } = this;
    const seen = new Map<string, number>();
    for (const { row, cell } of dataRows(sheet, header)) {
      const before = this.issues.length;
      const issue = (key: string | null, m: Message) => this.issue("indicators", row, header, key, m);
      const taskCode = keyText(cell("taskCode"));
      const name = cellText(cell("name"));
      const label = name || taskCode;
      const refuse = () => this.rows.push({ sheet: "indicators", row, code: taskCode, label, outcome: "refused", changes: [], reason: { key: "import.rowHasErrors" } });
      let taskKey: string | null = null;
      if (!taskCode) issue("taskCode", { key: "validation.required" });
      else {
        taskKey = this.sheetCodes().get(taskCode) ?? this.resolveCode(-1, taskCode);
        if (!taskKey) issue("taskCode", { key: [...this.refusedKeys].some((k) => k.endsWith(`:${taskCode}`)) ? "import.errors.predecessorRefused" : "import.errors.unknownTask", params: { code: taskCode } });
      }
      const direction = parseDirection(cell("direction"));
      if (!direction) issue("direction", { key: "import.errors.badDirection", params: { value: cellText(cell("direction")) } });
      const num = (key: string) => {
        const v = cell(key);
        if (cellText(v) === "") return null;
        const n = parseNumber(v);
        if (n == null) issue(key, { key: "validation.invalidNumber" });
        return n;
      };
      const baseline = num("baseline");
      const target = num("target");
      const dueOn = this.date("indicators", row, header, "dueOn", cell("dueOn"));
      const unitText = cellText(cell("unit"));
      const unitId = unitText ? this.unit("indicators", row, header, unitText) : (issue("unit", { key: "validation.required" }), null);
      const userId = unitId != null ? this.person("indicators", row, header, cellText(cell("owner")), unitId) : undefined;
      if (this.issues.length > before || !taskKey || !direction || !dueOn || unitId == null || userId === undefined) {
        refuse();
        continue;
      }
      const projectId = Number(taskKey.slice(0, taskKey.indexOf(":")));
      const dupKey = `${taskKey}:${name}`;
      if (seen.has(dupKey)) {
        issue("name", { key: "import.errors.duplicateIndicator", params: { name, first: seen.get(dupKey)! } });
        continue;
      }
      seen.set(dupKey, row);
      if (!projectOwns(snap, projectId, unitId)) {
        issue("unit", { key: "errors.unitNotInProject" });
        refuse();
        continue;
      }
      const input = { projectId, taskId: 1, name, unitOfMeasure: cellText(cell("unitOfMeasure")), baseline, target, direction, dueOn, responsibleUnitId: unitId, responsibleUserId: realId(userId) };
      const parsed = indicatorCreateSchema.safeParse(input);
      if (!parsed.success) {
        this.schemaIssues("indicators", row, header, parsed.error.issues, INDICATOR_FIELD_COLUMN);
        refuse();
        continue;
      }
      // The sheet has no range columns: min/max are left out, so they are never a change and an update keeps
      // the declared range (import.server.ts).
      const { min: _min, max: _max, ...values }: IndicatorFields & { min: unknown; max: unknown } = valuesOf(parsed.data);
      const fields: IndicatorFields = { ...values, responsibleUserId: userId };
      const task = snap.tasks.get(taskKey);
      const existing = task ? snap.indicators.get(`${task.id}:${name}`) : undefined;
      const changes = existing ? (Object.keys(fields) as (keyof IndicatorFields)[]).filter((f) => fields[f] !== existing[f]) : [];
      const ownerUnit = task?.ownerUnitId ?? this.sheetTasks.get(taskKey)?.fields.ownerUnitId ?? null;
      const scope = indicatorScope({ responsibleUnitId: unitId, projectId }, ownerUnit);
      if ((!existing || changes.length) && !can(this.actor, existing ? "update" : "create", "indicator", scope)) {
        issue("taskCode", { key: "import.errors.forbiddenRow" });
        refuse();
        continue;
      }
      let refused: Message | undefined;
      try {
        if (task?.status === "closed" && (!existing || changes.length)) throw new DomainError("indicatorTaskClosed", 409);
        if (existing && existing.valueCount > 0 && fields.direction !== existing.direction) throw new DomainError("indicatorDirectionLocked", 409);
        if (!existing) assertListNotFrozen(this.db, { unitId, dueOn }, snap.signed);
        else if (changes.length) assertIndicatorNotFrozen(this.db, existing, fields, FROZEN_INDICATOR_FIELDS.filter((f) => changes.includes(f)), snap.signed);
      } catch (err) {
        refused = refusal(err);
      }
      if (refused) {
        this.rows.push({ sheet: "indicators", row, code: taskCode, label, outcome: "refused", changes, reason: refused });
        continue;
      }
      this.rows.push({ sheet: "indicators", row, code: taskCode, label, outcome: existing ? (changes.length ? "update" : "unchanged") : "create", changes });
      if (!existing || changes.length) this.indicatorOps.push({ row, id: existing?.id ?? null, version: existing?.version ?? null, taskKey, projectId, fields, changes });
    }
  }
}

/** What an update would change of a user, in the sheet's terms (unit covers a member unit or an outside body). */
function userChanges(existing: UserRow, f: UserFields): string[] {
  const out: string[] = [];
  if (existing.displayName !== f.displayName) out.push("displayName");
  if (existing.unitId !== (f.unitId ?? null) || existing.outsideBodyId !== (f.outsideBodyId ?? null)) out.push("unit");
  if ([...existing.roles].sort().join() !== [...f.roles].sort().join()) out.push("roles");
  if (existing.email !== f.email) out.push("email");
  if (existing.phone !== f.phone) out.push("phone");
  return out;
}

/** An id the model's schemas accept: a person or unit this file creates (a negative placeholder) stands as none. */
const realId = (id: number | null): number | null => (id != null && id < 0 ? null : id);

const projectOwns = (snap: Snapshot, projectId: number, unitId: number) => snap.projects.find((p) => p.id === projectId)?.unitIds.includes(unitId) ?? false;

/** The column keys of a sheet, for the template and the export in the template's format. */
export const columnKeys = (sheet: ImportSheet) => SHEET_COLUMNS[sheet].map((c) => c.key);

/** A task's current predecessors' codes, for the export in the template's format. */
export function predecessorCodes(db: DB): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of all<{ s: number; code: string }>(db, "SELECT d.successor_id AS s, t.code FROM task_dependencies d JOIN tasks t ON t.id = d.predecessor_id ORDER BY t.code")) {
    (out.get(r.s) ?? out.set(r.s, []).get(r.s)!).push(r.code);
  }
  return out;
}
