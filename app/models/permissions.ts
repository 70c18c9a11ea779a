// Permissions are data: each role is granted strings `action:entity:scope`. The server enforces them
// in the model layer (permissions.server.ts); the UI reads the same grants to hide what a user cannot do.
// The table below is the default seeded into `role_permissions`; the database copy is authoritative.

export const ROLES = [
  "researcher",
  "unit_lead",
  "project_lead",
  "chief_scientist",
  "expert",
  "secretariat",
  "council",
  "observer",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

/** own-unit: the target belongs to the actor's member unit. own-project: the actor leads the project
 * or is one of its responsible experts. any: everything in the consortium. */
export const SCOPES = ["own-unit", "own-project", "any"] as const;
export type Scope = (typeof SCOPES)[number];

export type Permission = `${string}:${string}:${Scope}`;

const readAll: Permission[] = ["read:board:any", "read:consortium:any", "read:report:any"];
const taskWrite = (scope: Scope): Permission[] => [
  `create:task:${scope}`,
  `update:task:${scope}`,
  `move:task:${scope}`,
  `archive:task:${scope}`,
];

export const DEFAULT_PERMISSIONS: Record<Role, Permission[]> = {
  researcher: [...readAll, "update:task:own-unit", "move:task:own-unit", "record:indicator:own-unit", "claim:trl:own-unit", "create:result:own-unit", "update:result:own-unit", "propose:closeout:own-unit"],
  unit_lead: [
    ...readAll,
    ...taskWrite("own-unit"),
    "record:indicator:own-unit",
    "create:indicator:own-unit",
    "update:indicator:own-unit",
    "claim:trl:own-unit",
    "update:technology:own-unit",
    "propose:closeout:own-unit",
    "propose:change:own-unit",
    "file:progress:own-unit",
    "sign:list:own-unit",
    "respond:notice:own-unit",
    "respond:rectification:own-unit",
    // 下家考核上家 is signed by the accepting unit's lead, or one person he names per deliverable.
    "sign:acceptance:own-unit",
    "delegate:acceptance:own-unit",
    "create:result:own-unit",
    "update:result:own-unit",
    // 信用管理: the unit concerned reads its own records.
    "read:credit:own-unit",
  ],
  project_lead: [
    ...readAll,
    ...taskWrite("own-project"),
    // The Excel import of his projects' task lists and indicators (each row still checked against task rights).
    "import:task:own-project",
    "update:milestone:own-project",
    "update:project:own-project",
    // 任务书: the project lead writes and submits it, and creates the tasks from it once reviewed.
    "update:taskbook:own-project",
    "propose:change:own-project",
    "record:indicator:own-project",
    "create:indicator:own-project",
    "update:indicator:own-project",
    "prepare:check:own-project",
    "update:technology:own-project",
    "create:result:own-project",
    "update:result:own-project",
    // What the project spent in a year, for the secretariat to accept into 年度经费拨付建议表.
    "propose:funding:own-project",
  ],
  chief_scientist: [
    ...readAll,
    ...taskWrite("any"),
    "update:milestone:any",
    "approve:closeout:any",
    "approve:change:any",
    "confirm:trl:any",
    "create:indicator:any",
    "update:indicator:any",
    "update:technology:any",
  ],
  // Outside experts see only the projects they supervise.
  expert: ["read:board:own-project", "read:consortium:any", "sign:check:own-project", "confirm:trl:own-project", "approve:closeout:own-project", "close:rectification:own-project", "escalate:check:own-project", "review:taskbook:own-project"],
  secretariat: [
    ...readAll,
    ...taskWrite("any"),
    "import:task:any",
    "update:consortium:any",
    "create:unit:any",
    "update:unit:any",
    "create:user:any",
    "update:user:any",
    "create:projectgroup:any",
    "update:projectgroup:any",
    "create:project:any",
    "update:project:any",
    "update:taskbook:any",
    "update:milestone:any",
    "approve:closeout:any",
    "open:round:any",
    "create:indicator:any",
    "update:indicator:any",
    // Corrects or withdraws anyone's recorded value, with a reason (a value's recorder may fix his own).
    "correct:indicator:any",
    "issue:notice:any",
    "reopen:filing:any",
    "schedule:check:any",
    // Records, with the reason, that a check goes ahead without the project lead's self-assessment.
    "waive:self_assessment:any",
    "update:technology:any",
    "propose:member:any",
    "close:rectification:any",
    "escalate:check:any",
    "edit:report:any",
    // Organs and their members, goals, organ meetings, funding rows (governance.ts).
    "update:organ:any",
    "update:goal:any",
    "update:meeting:any",
    "update:funding:any",
    // 信用管理 (002 七(三)): records findings and de-listings, reads all of them.
    "read:credit:any",
    "record:credit:any",
    "create:result:any",
    "update:result:any",
    "read:admin:any",
  ],
  // The council decides member changes (admit / remove units); task changes are the chief scientist's
  // (issue: "chief scientist for tasks; council for member changes, settings"), so no approve:change here.
  // It also records dishonesty findings and de-listings (信用管理) and reads them where it admits members.
  council: [...readAll, "approve:member:any", "read:credit:any", "record:credit:any"],
  observer: [...readAll, "resolve:escalation:any"],
  admin: [
    ...readAll,
    "update:consortium:any",
    "update:settings:any",
    "create:unit:any",
    "update:unit:any",
    "create:user:any",
    "update:user:any",
    // Member units and users sheets of the Excel import (the secretariat enters them one by one in the forms).
    "import:unit:any",
    "import:user:any",
    "create:projectgroup:any",
    "update:projectgroup:any",
    "create:project:any",
    "update:project:any",
    "update:milestone:any",
    "update:organ:any",
    "update:goal:any",
    "read:admin:any",
    "verify:audit:any",
    "clear:throttle:any",
  ],
};

/**
 * Roles that act across the whole consortium: they hold a grant beyond reading with scope "any" (the chief
 * scientist's approvals, the secretariat's, the council's, the 总体部's, the admin's). Only an admin grants
 * or takes them back (users.server.ts): the secretariat manages members' accounts, not its own powers.
 */
export const CONSORTIUM_ROLES: readonly Role[] = ROLES.filter((r) => DEFAULT_PERMISSIONS[r].some((p) => p.endsWith(":any") && !p.startsWith("read:")));

/** What the target of an action belongs to, for scope matching. */
export type Target = { unitId?: number | null; projectId?: number | null };

/** The parts of a signed-in user that permission checks need. */
export type Grantee = {
  id: number;
  unitId: number | null;
  /** Projects the user leads or supervises as a responsible expert. */
  projectIds: number[];
  permissions: string[];
};

/** Pure check shared by server and UI. A grant of a wider scope implies the narrower ones. */
export function can(user: Grantee, action: string, entity: string, target: Target = {}): boolean {
  const prefix = `${action}:${entity}:`;
  for (const p of user.permissions) {
    if (!p.startsWith(prefix)) continue;
    const scope = p.slice(prefix.length) as Scope;
    if (scope === "any") return true;
    if (scope === "own-unit" && user.unitId != null && target.unitId === user.unitId) return true;
    if (scope === "own-project" && target.projectId != null && user.projectIds.includes(target.projectId)) return true;
  }
  return false;
}

/** Whether the user holds the permission in some scope (to show a button that may apply). */
export function canSome(user: Pick<Grantee, "permissions">, action: string, entity: string): boolean {
  return user.permissions.some((p) => p.startsWith(`${action}:${entity}:`));
}
