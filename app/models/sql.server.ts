// The one query style: SQL written out, run only through these helpers. The caller names the row type
// once (`one<CheckRow>(db, sql, id)`), so there are no casts at call sites; parameters are typed to what
// SQLite binds (no booleans, no undefined); each statement is compiled once per database handle and
// reused. drizzle describes the schema (db/schema.ts) and generates the migrations; queries are SQL.
import type Database from "better-sqlite3";
import type { DB } from "../../db/client";
import { notFound } from "./errors";

export type SqlValue = string | number | bigint | Uint8Array | null;
/** Positional values, or an object of named ones (`@name` in the SQL). */
export type SqlParam = SqlValue | Readonly<Record<string, SqlValue>>;

type Mode = "rows" | "pluck" | "raw";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** Statements with `IN (?, ?, …)` lists differ by length; past this many the cache starts over. */
const MAX_CACHED = 500;

function statement(db: DB, sql: string, mode: Mode): Database.Statement {
  let byDb = cache.get(db.$client);
  if (!byDb) cache.set(db.$client, (byDb = new Map()));
  const key = mode === "rows" ? sql : `${mode}\u0000${sql}`;
  let s = byDb.get(key);
  if (!s) {
    if (byDb.size >= MAX_CACHED) byDb.clear();
    s = db.$client.prepare(sql);
    if (mode === "pluck") s.pluck(true);
    if (mode === "raw") s.raw(true);
    byDb.set(key, s);
  }
  return s;
}

/** The first row, or undefined. */
export function one<T>(db: DB, sql: string, ...params: SqlParam[]): T | undefined {
  return statement(db, sql, "rows").get(...params) as T | undefined;
}

/** Every row. */
export function all<T>(db: DB, sql: string, ...params: SqlParam[]): T[] {
  return statement(db, sql, "rows").all(...params) as T[];
}

/** Whether the query finds a row (`SELECT 1 FROM … WHERE …`). */
export function exists(db: DB, sql: string, ...params: SqlParam[]): boolean {
  return statement(db, sql, "rows").get(...params) !== undefined;
}

/** The first column of the first row (`SELECT count(*) …`), or undefined. */
export function scalar<T>(db: DB, sql: string, ...params: SqlParam[]): T | undefined {
  return statement(db, sql, "pluck").get(...params) as T | undefined;
}

/** The first column of every row (`SELECT id FROM …`). */
export function column<T>(db: DB, sql: string, ...params: SqlParam[]): T[] {
  return statement(db, sql, "pluck").all(...params) as T[];
}

/** Every row as an array of its columns, in SELECT order: no per-row key objects (5,000-row reads). */
export function tuples<T extends unknown[]>(db: DB, sql: string, ...params: SqlParam[]): T[] {
  return statement(db, sql, "raw").all(...params) as T[];
}

/** Runs a write; `changes` says how many rows it touched. */
export function run(db: DB, sql: string, ...params: SqlParam[]): Database.RunResult {
  return statement(db, sql, "rows").run(...params);
}

/** Runs an INSERT and returns the new row's id. */
export function insert(db: DB, sql: string, ...params: SqlParam[]): number {
  return Number(statement(db, sql, "rows").run(...params).lastInsertRowid);
}

/** Rows one at a time, for walks over a whole table (not cached: an open iterator holds its statement). */
export function each<T>(db: DB, sql: string, ...params: SqlParam[]): IterableIterator<T> {
  return db.$client.prepare(sql).iterate(...params) as IterableIterator<T>;
}

/** `?, ?, ?` for an `IN (…)` list of these values. */
export const placeholders = (values: readonly unknown[]) => values.map(() => "?").join(", ");

/** The row a lookup found, or the model's "not found" (404). */
export function must<T>(row: T | undefined): T {
  if (row === undefined) throw notFound();
  return row;
}

/** Whether a transaction is open on this handle (for functions that must run inside the caller's). */
export const inTransaction = (db: DB): boolean => db.$client.inTransaction;

/** The connection is still open (a write's deferred publish runs after the commit reached the disk). */
export const isOpen = (db: DB): boolean => db.$client.open;
