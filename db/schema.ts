// The consortium's data model. Dates are ISO strings ("2026-11-23"), timestamps are ISO date-times,
// money is in 万元 as a real. Every table that users edit concurrently carries a `version`.
import { sql } from "drizzle-orm";
import {
  sqliteTable,
  sqliteView,
  type AnySQLiteColumn,
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
  /** IANA zone of "today": deadlines, overdue markers, filing locks and rounds turn at its midnight. */
  timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
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
  version: integer("version").notNull().default(1),
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
  /** Edited in /admin/bodies at the version the form saw. */
  version: integer("version").notNull().default(1),
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
    /** Set by an admin's password reset (or the admin:create script): the next sign-in must choose a new one. */
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
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
    // "web": a browser's sign-in; "print": minted for one server-side print, read-only, minutes long.
    purpose: text("purpose").notNull().default("web"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Throttle buckets of sign-in and password change (app/models/throttle.ts): failures and locks per key. */
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
  /** Term in the organ: a member counts from since_on and up to (not after) until_on; ended members stay listed. */
  sinceOn: text("since_on"),
  untilOn: text("until_on"),
  version: integer("version").notNull().default(1),
});

export const projectGroups = sqliteTable("project_groups", {
  id: integer("id").primaryKey(),
  code: text("code").notNull(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  version: integer("version").notNull().default(1),
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
    // The dashboards' counts of live tasks per unit, by status and by status colour (ragSql reads status, dates
    // and progress; project_id: an expert's projects), read from the index alone, not from 20,000 wide rows.
    index("tasks_live_rag_idx").on(t.ownerUnitId, t.status, t.startOn, t.dueOn, t.progress, t.projectId).where(sql`archived_at IS NULL`),
    // The month's filing per unit (unitFilings): the few key tasks, without a pass over every task.
    index("tasks_key_unit_idx").on(t.ownerUnitId).where(sql`is_key = 1 AND archived_at IS NULL`),
    uniqueIndex("tasks_status_position_uq").on(t.status, t.position),
    // A project board's column pages: its cards of one status in order (task-board.server.ts).
    index("tasks_project_status_position_idx").on(t.projectId, t.status, t.position),
    // The battle map's window: each lane's first tasks in the map's order, read by a walk that stops at the
    // lane's limit (battle-map.server.ts), by unit, by project, or in one lane.
    index("tasks_map_unit_idx").on(t.ownerUnitId, t.startOn, t.dueOn, t.code, t.id).where(sql`archived_at IS NULL`),
    index("tasks_map_project_idx").on(t.projectId, t.startOn, t.dueOn, t.code, t.id).where(sql`archived_at IS NULL`),
    index("tasks_map_order_idx").on(t.startOn, t.dueOn, t.code, t.id).where(sql`archived_at IS NULL`),
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

/**
 * The activity feed's index over the audit trail: one row per audited change that boards follow (work on
 * tasks, indicators, checks … ; not sign-ins or accounts), with the project it belongs to (null: the
 * consortium's own, e.g. a 推进表 filing) and, for a row only one unit may read (a 提示/督办 to that unit),
 * that unit. Written by the write kernel in the change's transaction; the feeds page it by audit id.
 */
export const activityScope = sqliteTable(
  "activity_scope",
  {
    auditId: integer("audit_id").primaryKey(),
    projectId: integer("project_id"),
    unitId: integer("unit_id"),
  },
  (t) => [index("activity_scope_project_idx").on(t.projectId, t.auditId)],
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

// ===================================================================================================
// 目标量化责任制: indicators, evidence, responsibility lists, 销号 rounds, acceptance, V-model, TRL,
// change requests (issue 6).

/** 考核指标 on a task (taskId set) or on a project (taskId null). */
export const indicators = sqliteTable(
  "indicators",
  {
    id: integer("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    taskId: integer("task_id").references(() => tasks.id),
    name: text("name").notNull(),
    unitOfMeasure: text("unit_of_measure").notNull().default(""),
    baseline: real("baseline"),
    target: real("target"), // null for yes/no indicators (target is "yes")
    /** Declared range of possible values (a percentage 0..100, a temperature ≥ -273): values outside are refused. */
    min: real("min"),
    max: real("max"),
    direction: text("direction").notNull(), // higher | lower | yesno
    dueOn: text("due_on").notNull(),
    responsibleUnitId: integer("responsible_unit_id").notNull().references(() => memberUnits.id),
    responsibleUserId: integer("responsible_user_id").references(() => users.id),
    /** Waived at close-out with a reason (counts as met for eligibility, shown as waived). */
    waivedReason: text("waived_reason"),
    archivedAt: text("archived_at"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").references(() => users.id),
    /**
     * The latest effective value and its measurement date (null: none yet), stored so pages over 40,000
     * indicators read a column instead of a subquery each. Kept by the triggers of migration
     * indicator_latest_value on every insert, update or delete of indicator_values, whoever writes them
     * (the write kernel, imports, seeds): never written by application code.
     */
    latestValue: real("latest_value"),
    latestOn: text("latest_on"),
  },
  (t) => [index("indicators_task_idx").on(t.taskId), index("indicators_project_idx").on(t.projectId), index("indicators_unit_idx").on(t.responsibleUnitId)],
);

/**
 * A measured value of an indicator over time (yes/no: 1 or 0). Append-only: a wrong value is never
 * updated; a `correction` row (with the right value) or a `withdrawal` row (value: the one withdrawn)
 * points at it through `corrects_id` with a reason. At most one row corrects a given row (unique), so
 * correcting a row twice is refused as stale.
 */
export const indicatorValues = sqliteTable(
  "indicator_values",
  {
    id: integer("id").primaryKey(),
    indicatorId: integer("indicator_id").notNull().references(() => indicators.id),
    value: real("value").notNull(),
    measuredOn: text("measured_on").notNull(),
    note: text("note").notNull().default(""),
    recordedBy: integer("recorded_by").notNull().references(() => users.id),
    recordedAt: text("recorded_at").notNull().default(now),
    kind: text("kind").notNull().default("value"), // value | correction | withdrawal
    correctsId: integer("corrects_id").references((): AnySQLiteColumn => indicatorValues.id),
    reason: text("reason"),
  },
  (t) => [
    index("indicator_values_indicator_idx").on(t.indicatorId, t.measuredOn),
    uniqueIndex("indicator_values_corrects_uq").on(t.correctsId),
    // "The latest value" of every indicator (latestValueSql) read from the index alone, without the rows.
    index("indicator_values_latest_idx").on(t.indicatorId, t.measuredOn, t.kind, t.value),
  ],
);

/**
 * The values that count: recorded values and corrections that no later row corrected or withdrew.
 * Every read of an indicator's latest value (progress, RAG, boards, map, key tasks, reports, checks)
 * reads this view, so a correction is followed everywhere at once.
 */
export const effectiveIndicatorValues = sqliteView("effective_indicator_values").as((qb) =>
  qb
    .select()
    .from(indicatorValues)
    .where(sql`"indicator_values"."kind" <> 'withdrawal' AND NOT EXISTS (SELECT 1 FROM "indicator_values" "c" WHERE "c"."corrects_id" = "indicator_values"."id")`),
);

/**
 * Uploaded evidence (test reports, photos, documents). Stored on disk under <dataDir>/uploads by content
 * hash; served only as downloads to users who may read the subject's project.
 * subjectType: indicator_value | closeout_proposal | acceptance | trl_claim | rectification | check_item | result
 */
export const evidenceFiles = sqliteTable(
  "evidence_files",
  {
    id: integer("id").primaryKey(),
    sha256: text("sha256").notNull(),
    name: text("name").notNull(), // original file name, sanitised
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    projectId: integer("project_id").references(() => projects.id),
    subjectType: text("subject_type").notNull(),
    subjectId: integer("subject_id").notNull(),
    uploadedBy: integer("uploaded_by").notNull().references(() => users.id),
    uploadedAt: text("uploaded_at").notNull().default(now),
  },
  (t) => [index("evidence_subject_idx").on(t.subjectType, t.subjectId)],
);

/** A unit lead signs the unit's responsibility list for a year; the signed list is frozen (snapshot). */
export const responsibilitySignoffs = sqliteTable(
  "responsibility_signoffs",
  {
    id: integer("id").primaryKey(),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
    year: integer("year").notNull(),
    snapshot: text("snapshot").notNull(), // JSON of the list as signed
    signedBy: integer("signed_by").notNull().references(() => users.id),
    signedAt: text("signed_at").notNull().default(now),
  },
  (t) => [uniqueIndex("responsibility_signoffs_unit_year_uq").on(t.unitId, t.year)],
);

/** 销号 round, opened by the secretariat (default monthly). */
export const closeoutRounds = sqliteTable("closeout_rounds", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(), // e.g. "2026年11月销号"
  period: text("period").notNull(), // "2026-11"
  closesOn: text("closes_on").notNull(),
  status: text("status").notNull().default("open"), // open | closed
  openedBy: integer("opened_by").notNull().references(() => users.id),
  openedAt: text("opened_at").notNull().default(now),
  closedBy: integer("closed_by").references(() => users.id),
  closedAt: text("closed_at"),
  version: integer("version").notNull().default(1),
});

/** An owner's proposal to close out a finished task in a round; approved or returned by someone outside the unit. */
export const closeoutProposals = sqliteTable(
  "closeout_proposals",
  {
    id: integer("id").primaryKey(),
    roundId: integer("round_id").notNull().references(() => closeoutRounds.id),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    note: text("note").notNull().default(""),
    status: text("status").notNull().default("proposed"), // proposed | approved | returned | withdrawn
    proposedBy: integer("proposed_by").notNull().references(() => users.id),
    proposedAt: text("proposed_at").notNull().default(now),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    decisionComment: text("decision_comment").notNull().default(""),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("closeout_proposals_round_idx").on(t.roundId), index("closeout_proposals_task_idx").on(t.taskId)],
);

/** Per-indicator line of a proposal: met (with evidence files attached to this item) or waived with a reason. */
export const closeoutItems = sqliteTable(
  "closeout_items",
  {
    id: integer("id").primaryKey(),
    proposalId: integer("proposal_id").notNull().references(() => closeoutProposals.id, { onDelete: "cascade" }),
    indicatorId: integer("indicator_id").notNull().references(() => indicators.id),
    waiverReason: text("waiver_reason"),
  },
  (t) => [uniqueIndex("closeout_items_uq").on(t.proposalId, t.indicatorId)],
);

/** 下家考核上家: the accepting unit's signed acceptance (or rejection) of a task's deliverable. */
export const acceptances = sqliteTable(
  "acceptances",
  {
    id: integer("id").primaryKey(),
    taskId: integer("task_id").notNull().references(() => tasks.id),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
    decision: text("decision").notNull(), // accepted | rejected
    comment: text("comment").notNull().default(""),
    signedBy: integer("signed_by").notNull().references(() => users.id),
    signedAt: text("signed_at").notNull().default(now),
    /** The unit lead who delegated the signature (null: signed by the lead himself). */
    delegatedBy: integer("delegated_by").references(() => users.id),
  },
  (t) => [index("acceptances_task_idx").on(t.taskId)],
);

/**
 * The accepting unit's lead names one person to sign for his unit on one deliverable (one at a time;
 * cleared when the requirement changes unit or is removed).
 */
export const acceptanceDelegations = sqliteTable("acceptance_delegations", {
  taskId: integer("task_id").primaryKey().references(() => tasks.id),
  userId: integer("user_id").notNull().references(() => users.id),
  delegatedBy: integer("delegated_by").notNull().references(() => users.id),
  delegatedAt: text("delegated_at").notNull(),
  version: integer("version").notNull().default(1),
});

/** Deliverable acceptance requirement: which unit must accept a task's deliverable, and what it is. */
export const taskDeliverables = sqliteTable("task_deliverables", {
  taskId: integer("task_id").primaryKey().references(() => tasks.id),
  deliverable: text("deliverable").notNull(),
  acceptingUnitId: integer("accepting_unit_id").notNull().references(() => memberUnits.id),
  acceptanceKind: text("acceptance_kind").notNull(), // downstream | system | application
  version: integer("version").notNull().default(1),
});

/** 关键技术 followed through V-model iterations and a TRL ladder. */
export const keyTechnologies = sqliteTable("key_technologies", {
  id: integer("id").primaryKey(),
  projectId: integer("project_id").notNull().references(() => projects.id),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  ownerUnitId: integer("owner_unit_id").notNull().references(() => memberUnits.id),
  startTrl: integer("start_trl").notNull(),
  targetTrl: integer("target_trl").notNull(),
  version: integer("version").notNull().default(1),
});

export const vmodelIterations = sqliteTable(
  "vmodel_iterations",
  {
    id: integer("id").primaryKey(),
    technologyId: integer("technology_id").notNull().references(() => keyTechnologies.id),
    seq: integer("seq").notNull(),
    stage: text("stage").notNull(), // basic_research | key_common_tech | transfer
    sampleLevel: text("sample_level").notNull(), // mock | prototype | production (模样/初样/正样)
    entryTrl: integer("entry_trl").notNull(),
    targetTrl: integer("target_trl").notNull(),
    startOn: text("start_on").notNull(),
    endOn: text("end_on").notNull(),
    status: text("status").notNull().default("planned"), // planned | active | done
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("vmodel_iterations_seq_uq").on(t.technologyId, t.seq)],
);

/** Left leg (design) and right leg (verification) items; a right item names the left item it verifies. */
export const vmodelItems = sqliteTable(
  "vmodel_items",
  {
    id: integer("id").primaryKey(),
    iterationId: integer("iteration_id").notNull().references(() => vmodelIterations.id, { onDelete: "cascade" }),
    leg: text("leg").notNull(), // left | right
    level: text("level").notNull(), // requirement | system | subsystem | component (same four levels on both legs)
    title: text("title").notNull(),
    state: text("state").notNull().default("planned"), // planned | in_progress | done | failed
    verifiesItemId: integer("verifies_item_id"),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("vmodel_items_iteration_idx").on(t.iterationId)],
);

export const vmodelItemTasks = sqliteTable(
  "vmodel_item_tasks",
  {
    itemId: integer("item_id").notNull().references(() => vmodelItems.id, { onDelete: "cascade" }),
    taskId: integer("task_id").notNull().references(() => tasks.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.taskId] })],
);

/** A researcher claims a TRL with evidence; a responsible expert not of the claiming unit confirms or rejects. */
export const trlClaims = sqliteTable(
  "trl_claims",
  {
    id: integer("id").primaryKey(),
    technologyId: integer("technology_id").notNull().references(() => keyTechnologies.id),
    iterationId: integer("iteration_id").references(() => vmodelIterations.id),
    trl: integer("trl").notNull(),
    reason: text("reason").notNull().default(""), // required when jumping past the iteration's target
    unitId: integer("unit_id").notNull().references(() => memberUnits.id), // claiming unit
    claimedBy: integer("claimed_by").notNull().references(() => users.id),
    claimedAt: text("claimed_at").notNull().default(now),
    status: text("status").notNull().default("claimed"), // claimed | confirmed | rejected
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    decisionComment: text("decision_comment").notNull().default(""),
    checkId: integer("check_id"), // the check in which it was decided, if any
    version: integer("version").notNull().default(1),
  },
  (t) => [index("trl_claims_technology_idx").on(t.technologyId)],
);

/** 动态调整: change requests with a before/after diff, applied atomically on approval. */
export const changeRequests = sqliteTable(
  "change_requests",
  {
    id: integer("id").primaryKey(),
    kind: text("kind").notNull(), // suspend_task | adjust_task | merge_tasks | add_task | admit_unit | remove_unit
    projectId: integer("project_id").references(() => projects.id),
    targetId: integer("target_id"), // task or unit id
    payload: text("payload").notNull(), // JSON: the requested change
    before: text("before").notNull().default("null"), // JSON snapshot when proposed
    reason: text("reason").notNull(),
    status: text("status").notNull().default("pending"), // pending | approved | rejected | withdrawn
    requestedBy: integer("requested_by").notNull().references(() => users.id),
    requestedAt: text("requested_at").notNull().default(now),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    decisionComment: text("decision_comment").notNull().default(""),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("change_requests_status_idx").on(t.status), index("change_requests_target_idx").on(t.kind, t.targetId)],
);

/**
 * 任务书 (seed 000 art. 14): one per project, written by the project lead (or the secretariat) and
 * submitted in versions; each version is kept and read back as it was. The head row carries the version
 * counter that makes a submission a versioned write (a stale one is refused).
 */
export const taskBooks = sqliteTable(
  "task_books",
  {
    id: integer("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    /** Number of the latest submitted version. */
    version: integer("version").notNull().default(1),
    /** The version the project's tasks and indicators were created from (once), and when. */
    tasksFromVersion: integer("tasks_from_version"),
    tasksCreatedAt: text("tasks_created_at"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
    updatedBy: integer("updated_by").notNull().references(() => users.id),
  },
  (t) => [uniqueIndex("task_books_project_uq").on(t.projectId)],
);

/** One submitted version: goals, indicators and division of work as JSON, the document as evidence files. */
export const taskBookVersions = sqliteTable(
  "task_book_versions",
  {
    id: integer("id").primaryKey(),
    bookId: integer("book_id").notNull().references(() => taskBooks.id),
    number: integer("number").notNull(),
    goals: text("goals").notNull(),
    termStart: text("term_start").notNull(),
    termEnd: text("term_end").notNull(),
    indicators: text("indicators").notNull(), // JSON: [{name, unitOfMeasure, baseline, target, direction, dueOn, unitId}]
    division: text("division").notNull(), // JSON: [{unitId, title, duty}]
    note: text("note").notNull().default(""), // what changed since the previous version
    submittedBy: integer("submitted_by").notNull().references(() => users.id),
    submittedAt: text("submitted_at").notNull().default(now),
  },
  (t) => [uniqueIndex("task_book_versions_uq").on(t.bookId, t.number)],
);

/** 论证意见: a responsible expert's review of one version (one per expert and version). */
export const taskBookReviews = sqliteTable(
  "task_book_reviews",
  {
    id: integer("id").primaryKey(),
    versionId: integer("version_id").notNull().references(() => taskBookVersions.id),
    expertId: integer("expert_id").notNull().references(() => users.id),
    conclusion: text("conclusion").notNull(), // pass | pass_with_changes | fail
    text: text("text").notNull(),
    reviewedAt: text("reviewed_at").notNull().default(now),
  },
  (t) => [uniqueIndex("task_book_reviews_uq").on(t.versionId, t.expertId)],
);

// ===================================================================================================
// Checks, rectification, escalation, results and IP, evaluation reports (issue 7).

/** 里程碑节点检查 / 中期检查 of a project, scheduled by the secretariat. */
export const checks = sqliteTable(
  "checks",
  {
    id: integer("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    milestoneId: integer("milestone_id").references(() => milestones.id),
    kind: text("kind").notNull(), // milestone | midterm
    scheduledOn: text("scheduled_on").notNull(),
    status: text("status").notNull().default("scheduled"), // scheduled | self_assessed | signed
    selfAssessment: text("self_assessment").notNull().default(""),
    selfAssessedBy: integer("self_assessed_by").references(() => users.id),
    selfAssessedAt: text("self_assessed_at"),
    outcome: text("outcome"), // pass | rectify | fail
    outcomeSummary: text("outcome_summary").notNull().default(""),
    signedBy: integer("signed_by").references(() => users.id),
    signedAt: text("signed_at"),
    /** Why the expert signed before the scheduled date ('' when he signed on or after it). */
    earlyReason: text("early_reason").notNull().default(""),
    /** The secretariat's waiver of the self-assessment, with its reason. */
    selfWaiver: text("self_waiver").notNull().default(""),
    selfWaivedBy: integer("self_waived_by").references(() => users.id),
    selfWaivedAt: text("self_waived_at"),
    /** The expert's statement when he marked the remaining items satisfactory in one go. */
    restStatement: text("rest_statement").notNull().default(""),
    restStatementBy: integer("rest_statement_by").references(() => users.id),
    restStatementAt: text("rest_statement_at"),
    createdBy: integer("created_by").notNull().references(() => users.id),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("checks_project_idx").on(t.projectId)],
);

/** Which evidence an assigned expert opened from the check's page (first opening per file and expert). */
export const checkEvidenceOpens = sqliteTable(
  "check_evidence_opens",
  {
    checkId: integer("check_id").notNull().references(() => checks.id, { onDelete: "cascade" }),
    evidenceId: integer("evidence_id").notNull().references(() => evidenceFiles.id),
    userId: integer("user_id").notNull().references(() => users.id),
    openedAt: text("opened_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.evidenceId, t.userId] })],
);

export const checkExperts = sqliteTable(
  "check_experts",
  {
    checkId: integer("check_id").notNull().references(() => checks.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.userId] })],
);

/** Checklist generated from the project's indicators, evidence, milestone results and TRL claims. */
export const checkItems = sqliteTable(
  "check_items",
  {
    id: integer("id").primaryKey(),
    checkId: integer("check_id").notNull().references(() => checks.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    kind: text("kind").notNull(), // indicator | evidence | milestone | trl_claim
    refId: integer("ref_id"),
    /** The generated line in Chinese, as it read when generated (exports, databases from before title_key). */
    title: text("title").notNull(),
    /** The line as a catalogue key and its params (JSON, see app/i18n/local-text.ts), rendered in each reader's language. */
    titleKey: text("title_key"),
    titleParams: text("title_params"),
    finding: text("finding").notNull().default(""),
    result: text("result"), // ok | problem | serious (null = not yet reviewed)
    recordedBy: integer("recorded_by").references(() => users.id),
    /** 1 when the result came from the bulk marking under the check's rest statement, not one by one. */
    bulk: integer("bulk").notNull().default(0),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("check_items_check_idx").on(t.checkId)],
);

/** 整改 items from a check, tracked to closure; unresolved or serious ones are escalated. */
export const rectifications = sqliteTable(
  "rectifications",
  {
    id: integer("id").primaryKey(),
    checkId: integer("check_id").notNull().references(() => checks.id),
    checkItemId: integer("check_item_id").references(() => checkItems.id),
    description: text("description").notNull(),
    ownerUnitId: integer("owner_unit_id").notNull().references(() => memberUnits.id),
    dueOn: text("due_on").notNull(),
    severity: text("severity").notNull().default("normal"), // normal | serious
    status: text("status").notNull().default("open"), // open | submitted | closed | escalated
    response: text("response").notNull().default(""),
    closedBy: integer("closed_by").references(() => users.id),
    closedAt: text("closed_at"),
    /** When it was opened (the check's signature): a closing value must be measured after it. */
    openedAt: text("opened_at"),
    /** The indicator value, recorded after opening, that closing it rests on (an indicator item's rectification). */
    closingValueId: integer("closing_value_id").references(() => indicatorValues.id),
    /** Why it was closed without a new measured value. */
    noValueReason: text("no_value_reason").notNull().default(""),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("rectifications_check_idx").on(t.checkId), index("rectifications_unit_idx").on(t.ownerUnitId, t.status)],
);

/** Problems escalated to the 总体部 (observers), who record a resolution. */
export const escalations = sqliteTable("escalations", {
  id: integer("id").primaryKey(),
  checkId: integer("check_id").notNull().references(() => checks.id),
  rectificationId: integer("rectification_id").references(() => rectifications.id),
  description: text("description").notNull(),
  escalatedBy: integer("escalated_by").notNull().references(() => users.id),
  escalatedAt: text("escalated_at").notNull().default(now),
  status: text("status").notNull().default("open"), // open | resolved
  resolution: text("resolution").notNull().default(""),
  resolvedBy: integer("resolved_by").references(() => users.id),
  resolvedAt: text("resolved_at"),
  version: integer("version").notNull().default(1),
});

/** 成果与知识产权 registry. Common-technology results enter the pool 2 years after the right is obtained unless in use (先用后转). */
export const results = sqliteTable(
  "results",
  {
    id: integer("id").primaryKey(),
    kind: text("kind").notNull(), // patent | software_copyright | standard | product | paper | sample
    title: text("title").notNull(),
    registrationNo: text("registration_no").notNull().default(""),
    projectId: integer("project_id").references(() => projects.id),
    ownerUnitId: integer("owner_unit_id").notNull().references(() => memberUnits.id),
    obtainedOn: text("obtained_on"), // date the IP right was obtained
    isCommonTech: integer("is_common_tech", { mode: "boolean" }).notNull().default(false),
    inUse: integer("in_use", { mode: "boolean" }).notNull().default(false),
    useWhere: text("use_where").notNull().default(""),
    createdBy: integer("created_by").notNull().references(() => users.id),
    createdAt: text("created_at").notNull().default(now),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("results_owner_idx").on(t.ownerUnitId)],
);

export const resultSharingUnits = sqliteTable(
  "result_sharing_units",
  {
    resultId: integer("result_id").notNull().references(() => results.id, { onDelete: "cascade" }),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
  },
  (t) => [primaryKey({ columns: [t.resultId, t.unitId] })],
);

/** Organ meetings (council, expert committee ...) for the report's "organisation and mechanism". */
export const meetings = sqliteTable("meetings", {
  id: integer("id").primaryKey(),
  organ: text("organ").notNull(), // ORGANS
  heldOn: text("held_on").notNull(),
  title: text("title").notNull(),
  /** 纪要 (minutes): what the report and search show. */
  summary: text("summary").notNull().default(""),
  /** MEETING_KINDS: a formal session of the organ, or 季度技术交流 and other working meetings. */
  kind: text("kind").notNull().default("session"),
  place: text("place").notNull().default(""),
  agenda: text("agenda").notNull().default(""),
  /** Head count present (people without an account included); at least the users ticked present. */
  presentCount: integer("present_count").notNull().default(0),
  version: integer("version").notNull().default(1),
});

/** Who was at a meeting: people with an account, and the member units represented. */
export const meetingAttendees = sqliteTable(
  "meeting_attendees",
  {
    meetingId: integer("meeting_id").notNull().references(() => meetings.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

export const meetingUnits = sqliteTable(
  "meeting_units",
  {
    meetingId: integer("meeting_id").notNull().references(() => meetings.id, { onDelete: "cascade" }),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.unitId] })],
);

/** 会议决定: what a meeting decided, each optionally about one task (shown on that task). */
export const meetingDecisions = sqliteTable(
  "meeting_decisions",
  {
    id: integer("id").primaryKey(),
    meetingId: integer("meeting_id").notNull().references(() => meetings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: text("text").notNull(),
    taskId: integer("task_id").references(() => tasks.id),
  },
  (t) => [index("meeting_decisions_task_idx").on(t.taskId)],
);

/** Per project and year: funds in 万元 and the funding suggestion for the annual table. */
export const projectFunding = sqliteTable(
  "project_funding",
  {
    id: integer("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id),
    year: integer("year").notNull(),
    provincialFunds: real("provincial_funds").notNull().default(0),
    selfFunds: real("self_funds").notNull().default(0),
    spent: real("spent").notNull().default(0),
    suggestion: text("suggestion").notNull().default(""),
    suggestedFunds: real("suggested_funds").notNull().default(0),
    /** Spending the project lead proposes; the secretariat accepts it into `spent` (or overwrites it). */
    proposedSpent: real("proposed_spent"),
    proposedBy: integer("proposed_by").references(() => users.id),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("project_funding_uq").on(t.projectId, t.year)],
);

/** 年度自评报告 draft: narrative sections edited by the secretariat; data tables are computed live. */
export const reportDrafts = sqliteTable(
  "report_drafts",
  {
    id: integer("id").primaryKey(),
    year: integer("year").notNull(),
    format: text("format").notNull(), // zhejiang | jiangsu
    sections: text("sections").notNull().default("{}"), // JSON {sectionKey: narrative}
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("report_drafts_year_format_uq").on(t.year, t.format)],
);

// ===================================================================================================
// Talk and be told (issue 15): comments with @mentions on items, and one inbox per person.

/**
 * A comment on an item (`entity` + `entityId`, e.g. task 12), optionally a reply to another comment of the
 * same item. The author may edit it for a short while and delete it (soft: the body is emptied, the row
 * stays so replies keep their place). `mentions` is the JSON array of the user ids mentioned.
 */
export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey(),
    entity: text("entity").notNull(), // task (COMMENT_ENTITIES)
    entityId: integer("entity_id").notNull(),
    parentId: integer("parent_id"),
    authorId: integer("author_id").notNull().references(() => users.id),
    body: text("body").notNull(),
    mentions: text("mentions").notNull().default("[]"), // JSON number[]
    createdAt: text("created_at").notNull().default(now),
    editedAt: text("edited_at"),
    deletedAt: text("deleted_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("comments_item_idx").on(t.entity, t.entityId, t.id)],
);

/**
 * 通知中心: one row per notification addressed to one person (written in the same transaction as the change
 * it tells of, by `notify` in app/models/inbox.server.ts). `kind` names what happened (INBOX_KINDS), `params`
 * (JSON) the values its sentence is built from in the reader's language, `href` where it leads.
 */
export const inboxItems = sqliteTable(
  "inbox_items",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id),
    kind: text("kind").notNull(),
    actorId: integer("actor_id").references(() => users.id),
    entity: text("entity").notNull(),
    entityId: integer("entity_id").notNull(),
    href: text("href").notNull(),
    params: text("params").notNull().default("{}"), // JSON Record<string, string | number>
    createdAt: text("created_at").notNull().default(now),
    readAt: text("read_at"),
  },
  (t) => [index("inbox_user_idx").on(t.userId, t.id), index("inbox_unread_idx").on(t.userId, t.readAt)],
);

// ===================================================================================================
// Channels beyond the app (issue 15): the outbox of deliveries, group robots, per-person preferences.

/** Group robots of 企业微信 / 钉钉 / 飞书, per member unit or (unitId null) for the whole consortium. */
export const robots = sqliteTable(
  "robots",
  {
    id: integer("id").primaryKey(),
    platform: text("platform").notNull(), // wecom | dingtalk | feishu
    unitId: integer("unit_id").references(() => memberUnits.id),
    name: text("name").notNull(),
    webhookUrl: text("webhook_url").notNull(),
    /** The platform's signing secret (钉钉 "SEC…", 飞书 签名校验); "" when the robot is not signed. */
    secret: text("secret").notNull().default(""),
    /** Set by the admin on purpose: the webhook may sit on a private or loopback address (an intranet relay). */
    allowPrivate: integer("allow_private", { mode: "boolean" }).notNull().default(false),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("robots_unit_idx").on(t.unitId)],
);

/**
 * The transactional outbox: one row per message to deliver (an e-mail to a person, a post to a robot),
 * written in the transaction of the notification it carries; the worker sends it afterwards.
 * status: pending -> sending -> sent, or back to pending with a later send_after, or failed after the
 * last attempt; held (waiting for the person's daily digest) -> digested.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey(),
    channel: text("channel").notNull(), // email | robot
    userId: integer("user_id").references(() => users.id),
    robotId: integer("robot_id").references(() => robots.id),
    kind: text("kind").notNull(), // NOTIFICATION_KINDS or "digest"
    /** Names the event, so that one event reaches a robot once however many people it concerns. */
    eventKey: text("event_key").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    href: text("href").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    sendAfter: text("send_after").notNull(),
    lastError: text("last_error").notNull().default(""),
    digestId: integer("digest_id"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [
    index("deliveries_send_idx").on(t.status, t.sendAfter),
    index("deliveries_user_idx").on(t.userId, t.status),
    // NULLs are distinct in a unique index, hence one partial index per recipient column.
    uniqueIndex("deliveries_user_event_uq").on(t.userId, t.eventKey).where(sql`user_id IS NOT NULL`),
    uniqueIndex("deliveries_robot_event_uq").on(t.robotId, t.eventKey).where(sql`robot_id IS NOT NULL`),
  ],
);

/** How a person wants each kind of notification by e-mail: immediately (no row), daily digest, or off. */
export const notificationPrefs = sqliteTable(
  "notification_prefs",
  {
    userId: integer("user_id").notNull().references(() => users.id),
    kind: text("kind").notNull(),
    mode: text("mode").notNull(), // immediate | digest | off
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * 失信信息记录 (002 七(三)): a dishonesty finding against a member unit (or a person of it), or the
 * unit's de-listing (摘牌) decision. Append-only (triggers refuse UPDATE and DELETE): a correction or a
 * withdrawal is a new row pointing at the row it amends through `corrects_id` (at most one per row).
 * kind: finding | delisting | correction | withdrawal. `unit_id` is always the unit concerned (for a
 * person: his unit when recorded), so the unit's lead reads his own unit's records.
 */
export const creditRecords = sqliteTable(
  "credit_records",
  {
    id: integer("id").primaryKey(),
    kind: text("kind").notNull(),
    unitId: integer("unit_id").notNull().references(() => memberUnits.id),
    userId: integer("user_id").references(() => users.id),
    /** What was found (a correction: the corrected text). */
    what: text("what").notNull(),
    /** When it happened (a de-listing: the day the unit leaves). */
    occurredOn: text("occurred_on").notNull(),
    /** The decision taken (失信处理决定, 摘牌决定) and by whom. */
    decision: text("decision").notNull(),
    correctsId: integer("corrects_id").references((): AnySQLiteColumn => creditRecords.id),
    /** Why a correction or withdrawal was made. */
    reason: text("reason"),
    recordedBy: integer("recorded_by").notNull().references(() => users.id),
    recordedAt: text("recorded_at").notNull().default(now),
  },
  (t) => [index("credit_records_unit_idx").on(t.unitId), uniqueIndex("credit_records_corrects_uq").on(t.correctsId)],
);
