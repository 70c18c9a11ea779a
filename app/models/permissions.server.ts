// Server side of permissions-as-data. The database copy of the grants (role_permissions) is
// authoritative; DEFAULT_PERMISSIONS is only what a fresh database starts with.
import type { DB } from "../../db/client";
import { DEFAULT_PERMISSIONS, ROLES } from "./permissions";
import { run } from "./sql.server";

/**
 * Inserts the default grants of every role (INSERT OR IGNORE, so it is idempotent and keeps any extra
 * grants). Note: the server calls this at every start, so a removed default grant comes back then.
 */
export function seedPermissions(db: DB): void {
  db.transaction(() => {
    for (const role of ROLES) {
      for (const permission of DEFAULT_PERMISSIONS[role]) run(db, "INSERT OR IGNORE INTO role_permissions (role, permission) VALUES (?, ?)", role, permission);
    }
  });
}
