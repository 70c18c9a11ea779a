// Outside bodies in the database: the admin's list (with their members, experts marked) and the versioned,
// audited writes. An affiliation like a member unit, so the same rights (create:unit / update:unit: the
// admin and the secretariat); the event goes to the consortium board, where names of people are shown.
import type { z } from "zod";
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "./context.server";
import { outsideBodies } from "../../db/schema";
import { CONSORTIUM_BOARD } from "./boards.server";
import { commit, recordChange, updateVersioned } from "./write.server";
import { all, exists, insert, must, one } from "./sql.server";
import { assertCan, assertVersion } from "./guard.server";
import { DomainError } from "./errors";
import type { OutsideBodyInput, outsideBodyUpdateSchema } from "./outside-bodies";

export type OutsideBodyRow = { id: number; name: string; kind: string; version: number };
export type OutsideBodyMember = { id: number; name: string; title: string; expert: boolean; active: boolean };
export type OutsideBodyListRow = OutsideBodyRow & { members: OutsideBodyMember[] };

const getBody = (db: DB, id: number): OutsideBodyRow => must(one<OutsideBodyRow>(db, "SELECT id, name, kind, version FROM outside_bodies WHERE id = ?", id));

/** Every body with its people (the expert pool's experts are the ones a project can name). */
export function listOutsideBodies(db: DB): OutsideBodyListRow[] {
  const members = all<OutsideBodyMember & { bodyId: number }>(
    db,
    `SELECT u.outside_body_id AS bodyId, u.id, u.display_name AS name, u.title, u.active,
       EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'expert') AS expert
     FROM users u WHERE u.outside_body_id IS NOT NULL ORDER BY u.active DESC, u.id`,
  );
  return all<OutsideBodyRow>(db, "SELECT id, name, kind, version FROM outside_bodies ORDER BY kind, id").map((b) => ({
    ...b,
    members: members.filter((m) => m.bodyId === b.id).map(({ bodyId: _b, expert, active, ...m }) => ({ ...m, expert: Boolean(expert), active: Boolean(active) })),
  }));
}

function assertNameFree(db: DB, name: string, exceptId = 0) {
  if (exists(db, "SELECT 1 FROM outside_bodies WHERE name = ? AND id != ?", name, exceptId)) throw new DomainError("outsideBodyNameTaken", 400);
}

export function createOutsideBody(ctx: AppContext, actor: Actor, input: OutsideBodyInput): OutsideBodyRow {
  assertCan(actor, "create", "unit");
  const { db } = ctx;
  return commit(ctx, () => {
    assertNameFree(db, input.name);
    const id = insert(db, "INSERT INTO outside_bodies (name, kind) VALUES (?, ?)", input.name, input.kind);
    const after = getBody(db, id);
    return { result: after, events: recordChange(db, { entity: "outsidebody", id, action: "create", by: actor, before: null, after, boards: [CONSORTIUM_BOARD] }) };
  });
}

export function updateOutsideBody(ctx: AppContext, actor: Actor, input: z.infer<typeof outsideBodyUpdateSchema>): OutsideBodyRow {
  assertCan(actor, "update", "unit");
  const { db } = ctx;
  return commit(ctx, () => {
    const before = getBody(db, input.id);
    assertVersion(before, input.version, before);
    assertNameFree(db, input.name, before.id);
    if (input.name === before.name && input.kind === before.kind) return { result: before, events: [] };
    updateVersioned(db, outsideBodies, before.id, before.version, { name: input.name, kind: input.kind });
    const after = getBody(db, before.id);
    return { result: after, events: recordChange(db, { entity: "outsidebody", id: after.id, action: "update", by: actor, before, after, boards: [CONSORTIUM_BOARD] }) };
  });
}
