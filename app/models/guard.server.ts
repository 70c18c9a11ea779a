// The one place model functions ask "may this actor do this?" and "is the client's copy current?".
import type { Actor } from "./context.server";
import { can, type Target } from "./permissions";
import { DomainError } from "./errors";

export function assertCan(actor: Actor, action: string, entity: string, target?: Target): void {
  if (!can(actor, action, entity, target)) {
    throw new DomainError("forbidden", 403, { action, entity });
  }
}

/** Whole-row optimistic check for records edited through forms. */
export function assertVersion(current: { version: number }, seen: number, row: unknown): void {
  if (current.version !== seen) throw new DomainError("conflict", 409, { current: row });
}
