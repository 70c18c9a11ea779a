// Server code shared by the /admin routes: the page guard, and the choices of the user form.
import type { AppLoadContext } from "@remix-run/node";
import { requireActor, requirePermission } from "../lib/http.server";
import type { Actor } from "../models/context.server";
import type { DB } from "../../db/client";
import { unitOptions } from "../models/units.server";
import { outsideBodyOptions } from "../models/users.server";

/** Every admin loader checks this itself: with single fetch a child's data is served even when the layout refuses. */
export async function requireAdminReader(request: Request, context: AppLoadContext): Promise<Actor> {
  const actor = await requireActor(request, context);
  requirePermission(actor, "read", "admin");
  return actor;
}

/** Choices for a user's affiliation: units still in the consortium (and the user's own, even if it left). */
export function userFormOptions(db: DB, keepUnitId: number | null = null) {
  return {
    units: unitOptions(db)
      .filter((u) => u.active || u.id === keepUnitId)
      .map((u) => ({ id: u.id, name: u.name })),
    bodies: outsideBodyOptions(db).map((b) => ({ id: b.id, name: b.name, kind: b.kind })),
  };
}
