// The consortium's data model. Dates are ISO strings ("2026-11-23"), timestamps are ISO date-times,
// money is in 万元 as a real. Every table that users edit concurrently carries a `version`.
import { sql } from "drizzle-orm";
import {
  sqliteTable,
  text,
  integer,
  real,
  primaryKey,
  index,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const consortium = sqliteTable("consortium", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull().default(""),
  field: text("field").notNull(), // one of STRATEGIC_FIELDS
  district: text("district").notNull(),
  province: text("province").notNull().default("zhejiang"), // province profile id
  foundedOn: text("founded_on").notNull(),
  goalStartYear: integer("goal_start_year").notNull(),
  goalYears: integer("goal_years").notNull().default(3), // 3- or 5-year goals
  applicationType: text("application_type").notNull().default("新建"),
  overallGoal: text("overall_goal").notNull().default(""),
  version: integer("version").notNull().default(1),
  updatedAt: text("updated_at").notNull().default(now),
});

/** Goals split by phase and year (001, 003). */
export const consortiumGoals = sqliteTable("consortium_goals", {
  id: integer("id").primaryKey(),
  consortiumId: integer("consortium_id").notNull().references(() => consortium.id),
  year: integer("year").notNull(),
  phase: text("phase").notNull().default(""),
  goal: text("goal").notNull(),
});

/** Overrides of the province profile's numbers (soft rules, RAG thresholds, filing day ...). */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(), // JSON
  updatedAt: text("updated_at").notNull().default(now),
});

export const memberUnits = sqliteTable(
  "member_units",
  {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    shortName: text("short_name").notNull(),
    kind: text("kind").notNull(), // UNIT_KINDS
    subKind: text("sub_kind"), // platform or service sub-kind
    isSme: integer("is_sme", { mode: "boolean" }).notNull().default(false),
    isSpecialized: integer("is_specialized", { mode: "boolean" }).notNull().default(false), // 专精特新
    isLittleGiant: integer("is_little_giant", { mode: "boolean" }).notNull().default(false), // 小巨人
    district: text("district").notNull().default(""),
    creditCode: text("credit_code").notNull().default(""),
    contact: text("contact").notNull().default(""),
    /** Provincial projects this unit leads outside this major project (soft rule, art. 17). */
    externalProjects: integer("external_projects").notNull().default(0),
    joinedOn: text("joined_on").notNull(),
    leftOn: text("left_on"),
    version: integer("version").notNull().default(1),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("member_units_name_uq").on(t.name)],
);

/** Bodies outside the consortium whose people use the app: 总体部, expert pool, evaluators. */
export const outsideBodies = sqliteTable("outside_bodies", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind").notNull(), // "general_design" | "expert_pool" | "evaluator"
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    unitId: integer("unit_id").references(() => memberUnits.id),
    outsideBodyId: integer("outside_body_id").references(() => outsideBodies.id),
    title: text("title").notNull().default(""),
    email: text("email").notNull().default(""),
    phone: text("phone").notNull().default(""),
    locale: text("locale").notNull().default("zh-CN"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    passwordChangedAt: text("password_changed_at").notNull().default(now),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_username_uq").on(t.username)],
);

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** Permissions as data: `action:entity:scope` granted per role. */
export const rolePermissions = sqliteTable(
  "role_permissions",
  {
    role: text("role").notNull(),
    permission: text("permission").notNull(),
  },
  (t) => [primaryKey({ columns: [t.role, t.permission] })],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(), // random 256-bit, base64url
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull().default(now),
    expiresAt: text("expires_at").notNull(),
    ip: text("ip").notNull().default(""),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed-login counters per account and per address. */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(), // "user:<name>" | "ip:<addr>"
  failures: integer("failures").notNull().default(0),
  windowStart: text("window_start").notNull(),
  lockedUntil: text("locked_until"),
});

/** Organs: council, secretariat, expert committee, chief scientist (people may or may not be users). */
export const organMembers = sqliteTable("organ_members", {
  id: integer("id").primaryKey(),
  organ: text("organ").notNull(), // ORGANS
  name: text("name").notNull(),
  position: text("position").notNull().default(""),
  unitId: integer("unit_id").references(() => memberUnits.id),
  userId: integer("user_id").references(() => users.id),
});

export const projectGroups = sqliteTable("project_groups", {
  id: integer("id").primaryKey(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
});

export const projects = sqliteTable(
  "projects",
  {
    id: integer("id").primaryKey(),
    groupId: integer("group_id").notNull().references(() => projectGroups.id),
    code: text("code").notNull(), // 任务书编号
    name: text("name").notNull(),
    leadUnitId: integer("lead_unit_id").notNull().references(() => memberUnits.id),
    leadUserId: integer("lead_user_id").references(() => users.id),
    budget: real("budget").notNull().default(0), // 万元
    startOn: text("start_on").notNull(),
    endOn: text("end_on").notNull(),
    description: text("description").notNull().default(""),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("projects_code_uq").on(t.code)],
);

export const projectUnits = sqliteTable(
  "project_units",
  {
    projectId: integer("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.unitId] })],
);

export const projectExperts = sqliteTable(
  "project_experts",
  {
    projectId: integer("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] })],
);

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    code: text("code").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    ownerUnitId: integer("owner_unit_id").notNull().references(() => memberUnits.id),
    ownerUserId: integer("owner_user_id").references(() => users.id),
    startOn: text("start_on").notNull(),
    dueOn: text("due_on").notNull(),
    status: text("status").notNull().default("not_started"), // TASK_STATUSES
    /** Fractional key; unique within a status column across the consortium. */
    position: text("position").notNull(),
    /** Recorded percentage, used only when the task has no indicators. */
    progress: integer("progress").notNull().default(0),
    isKey: integer("is_key", { mode: "boolean" }).notNull().default(false),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    /** JSON {field: version at which it last changed}; drives field-level conflict detection. */
    fieldVersions: text("field_versions").notNull().default("{}"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [
    index("tasks_project_idx").on(t.projectId),
    index("tasks_owner_unit_idx").on(t.ownerUnitId),
    uniqueIndex("tasks_status_position_uq").on(t.status, t.position),
  ],
);

/** Finish-to-start dependencies. */
export const taskDependencies = sqliteTable(
  "task_dependencies",
  {
    predecessorId: integer("predecessor_id").notNull().references(() => tasks.id, { onDelete: "cascade" }),
    successorId: integer("successor_id").notNull().references(() => tasks.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.predecessorId, t.successorId] })],
);

export const milestones = sqliteTable(
  "milestones",
  {
    id: integer("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    dueOn: text("due_on").notNull(),
    expectedResults: text("expected_results").notNull().default(""),
    status: text("status").notNull().default("pending"), // pending | reached | missed
    version: integer("version").notNull().default(1),
  },
  (t) => [index("milestones_project_idx").on(t.projectId)],
);

/** Tasks that feed a milestone. */
export const milestoneTasks = sqliteTable(
  "milestone_tasks",
  {
    milestoneId: integer("milestone_id").notNull().references(() => milestones.id, { onDelete: "cascade" }),
    taskId: integer("task_id").notNull().references(() => tasks.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.milestoneId, t.taskId] })],
);

/**
 * Append-only, hash-chained audit trail: hash = sha256(prevHash + canonical row).
 * Never updated or deleted (triggers in the migration refuse it).
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    at: text("at").notNull(),
    userId: integer("user_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before"), // JSON
    after: text("after"), // JSON
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_entity_idx").on(t.entity, t.entityId)],
);

/** Per-board event sequence counters. Boards: "consortium", "project:<id>". */
export const boards = sqliteTable("boards", {
  id: text("id").primaryKey(),
  seq: integer("seq").notNull().default(0),
});

/** Board events kept for a bounded window so reconnecting clients catch up on what they missed. */
export const boardEvents = sqliteTable(
  "board_events",
  {
    boardId: text("board_id").notNull(),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: text("payload").notNull(), // JSON, full rows
    at: text("at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.seq] })],
);

/**
 * 重点任务推进表: one row per key task and month, filed by the owner unit (monthly filing, 000 art. 8).
 * Locked after the filing day unless the secretariat reopens the unit's month (filing_reopenings).
 */
export const keyTaskReports = sqliteTable(
  "key_task_reports",
  {
    id: integer("id").primaryKey(),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    month: text("month").notNull(), // "2026-11"
    plannedTarget: text("planned_target").notNull().default(""),
    actualProgress: integer("actual_progress").notNull().default(0),
    problems: text("problems").notNull().default(""),
    nextSteps: text("next_steps").notNull().default(""),
    status: text("status").notNull().default("draft"), // draft | filed
    filedBy: integer("filed_by").references(() => users.id),
    filedAt: text("filed_at"),
    version: integer("version").notNull().default(1),
    updatedAt: text("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [uniqueIndex("key_task_reports_task_month_uq").on(t.taskId, t.month), index("key_task_reports_month_idx").on(t.month)],
);

/** The secretariat reopens a unit's monthly filing after the deadline, until a date. */
export const filingReopenings = sqliteTable(
  "filing_reopenings",
  {
    id: integer("id").primaryKey(),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
    month: text("month").notNull(),
    until: text("until").notNull(), // ISO date, inclusive
    reopenedBy: integer("reopened_by").notNull().references(() => users.id),
    reopenedAt: text("reopened_at").notNull().default(now),
  },
  (t) => [index("filing_reopenings_unit_month_idx").on(t.unitId, t.month)],
);

/** 提示 (reminder) or 督办 (supervision notice) to the owner unit of a late task; the unit acknowledges and answers. */
export const notices = sqliteTable(
  "notices",
  {
    id: integer("id").primaryKey(),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
    kind: text("kind").notNull(), // reminder | supervision
    body: text("body").notNull(),
    respondBy: text("respond_by").notNull(), // ISO date
    status: text("status").notNull().default("open"), // open | acknowledged | answered | closed
    issuedBy: integer("issued_by").notNull().references(() => users.id),
    issuedAt: text("issued_at").notNull().default(now),
    acknowledgedBy: integer("acknowledged_by").references(() => users.id),
    acknowledgedAt: text("acknowledged_at"),
    response: text("response").notNull().default(""),
    respondedBy: integer("responded_by").references(() => users.id),
    respondedAt: text("responded_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("notices_task_idx").on(t.taskId), index("notices_unit_idx").on(t.unitId, t.status)],
);
