// Model-level refusals in integration tests: the DomainError a call throws, and proof that a refused write
// changed no row of any table. Actors are cached per person, since signing one in writes a session row
// (make them before a digest is taken).
import { expect } from "vitest";
import type { DB } from "../../db/client";
import type { Actor } from "../../app/models/context.server";
import { DomainError } from "../../app/models/errors";
import { databaseDigest } from "./db-fingerprint";
import { actor } from "./db";

/** The error a model call throws (fails the test when it does not throw). */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

/** Refused, and not one row of any table changed. */
export function refusedUnchanged(db: DB, fn: () => unknown): DomainError {
  const before = databaseDigest(db);
  const err = refusal(fn);
  expect(databaseDigest(db)).toBe(before);
  return err;
}

/** One signed-in actor per username for the database `db()` returns. */
export function actorCache(db: () => DB): (username: string) => Actor {
  const actors = new Map<string, Actor>();
  return (username) => actors.get(username) ?? actors.set(username, actor(db(), username)).get(username)!;
}
