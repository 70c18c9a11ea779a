// Bad-input sweep with fast-check over every exported zod schema of app/models, then over the model
// functions with hostile input that the schemas let through. Properties:
// - safeParse never throws, and a failure is always a ZodError; nothing pollutes Object.prototype;
// - parsed data carries no key the schema does not declare;
// - a model function given parsed hostile input either succeeds (and stores exactly what was given)
//   or refuses with a DomainError, and a refusal writes nothing.
// (Socket-level fuzzing lives in tests/integration/socket-fuzz.test.ts.)
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { rowTables } from "../helpers/db-fingerprint";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { taskArchiveSchema, taskCreateSchema, taskMoveSchema, taskUpdateSchema } from "../../app/models/tasks";
import { unitSchema, unitUpdateSchema } from "../../app/models/units";
import { userCreateSchema, userUpdateSchema } from "../../app/models/users";
import { profileSchema } from "../../app/models/consortium";
import { settingsSchema } from "../../app/models/settings";
import { loginSchema, passwordChangeSchema } from "../../app/models/auth";
import { DomainError } from "../../app/models/errors";
import { STRATEGIC_FIELDS } from "../../app/models/domain";
import { archiveTask, createTask, getTask, moveTask, updateTask } from "../../app/models/tasks.server";
import { createUnit, getUnit, updateUnit } from "../../app/models/units.server";
import { createUser, getUser, updateUser } from "../../app/models/users.server";
import { getConsortium, getSettings, updateConsortium, updateSettings } from "../../app/models/consortium.server";
import { changePassword, login } from "../../app/models/auth.server";
import { verifyAuditChain } from "../../app/models/audit.server";
import type { DB } from "../../db/client";
import type { Actor, AppContext } from "../../app/models/context.server";
import { actor, contextFor, seededDb } from "../helpers/db";

const RUNS = 150;
const stats = { cases: 0, parsed: 0, modelCalls: 0, byModel: {} as Record<string, string>, crashes: [] as string[], unintendedWrites: [] as string[] };
const tally: Record<string, { tried: number; called: number; ok: number; refused: number }> = {};

// ------------------------------------------------------------------------------------------ hostile values

const POLLUTION_KEYS = ["__proto__", "constructor", "prototype"];
const nasty = [
  "'; DROP TABLE tasks; --",
  "\" OR 1=1 --",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "\u0000",
  "\u202e\u202d",
  "\ufeff\u200b",
  "../../../etc/passwd",
  "${process.exit()}",
  "{{constructor.constructor('return process')()}}",
  "%00%0d%0a",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9007199254740993",
  "2026-02-30",
  "0000-00-00",
  "9999-12-31",
  " ",
  "",
  ...POLLUTION_KEYS,
];
const hostileString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom(...nasty),
  fc.integer({ min: 1, max: 200_000 }).map((n) => "长".repeat(n)),
  fc.integer({ min: 0, max: 20 }).map((n) => "𠀀".repeat(n)),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, NaN, Infinity, -Infinity, 1e308, -0),
);
const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.date({ noInvalidDate: false }));
const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...POLLUTION_KEYS));
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, fc.array(tie("value"), { maxLength: 5 }), fc.dictionary(key, tie("value"), { maxKeys: 6 })),
}));
/** Objects nested thousands deep, under keys the schemas read. */
const deep = fc.tuple(fc.integer({ min: 100, max: 5000 }), fc.constantFrom("patch", "roles", "title", "x")).map(([depth, k]) => {
  let o: unknown = "bottom";
  for (let i = 0; i < depth; i++) o = { [k]: o };
  return o;
});
/** Own `__proto__` / `constructor` keys, as JSON.parse produces them from a request body. */
const pollution = fc.constantFrom(
  '{"__proto__": {"polluted": "yes", "isAdmin": true}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"patch": {"__proto__": {"polluted": "yes"}}, "id": 1, "version": 1}',
  '{"roles": {"__proto__": ["admin"]}, "username": "abc"}',
).map((json) => JSON.parse(json) as unknown);

const anything = fc.oneof(hostileValue, deep, pollution);

// Valid examples of each schema, so the sweep also reaches the deeper checks by spoiling one field.
const SCHEMAS: Record<string, { schema: z.ZodType; valid: Record<string, unknown> }> = {
  taskCreateSchema: { schema: taskCreateSchema, valid: { projectId: 1, title: "任务", ownerUnitId: 1, startOn: "2026-12-01", dueOn: "2027-01-31" } },
  taskUpdateSchema: { schema: taskUpdateSchema, valid: { id: 1, version: 1, patch: { title: "任务", progress: 10 } } },
  taskMoveSchema: { schema: taskMoveSchema, valid: { id: 1, version: 1, toStatus: "in_progress", afterId: null } },
  taskArchiveSchema: { schema: taskArchiveSchema, valid: { id: 1, version: 1 } },
  unitSchema: { schema: unitSchema, valid: { name: "单位", shortName: "单位", kind: "enterprise", joinedOn: "2026-01-01" } },
  unitUpdateSchema: { schema: unitUpdateSchema, valid: { id: 1, version: 1, name: "单位", shortName: "单位", kind: "enterprise", joinedOn: "2026-01-01" } },
  userCreateSchema: { schema: userCreateSchema, valid: { username: "someone", displayName: "某人", password: "password-1", roles: ["researcher"] } },
  userUpdateSchema: { schema: userUpdateSchema, valid: { id: 1, version: 1, displayName: "某人", roles: ["researcher"], active: true } },
  profileSchema: {
    schema: profileSchema,
    valid: { version: 1, name: "联合体", field: "智能控制与先进技术", district: "杭州", province: "zhejiang", foundedOn: "2025-01-01", goalStartYear: 2025, goalYears: 3, applicationType: "新建" },
  },
  settingsSchema: {
    schema: settingsSchema,
    valid: { minUnits: 5, minSmes: 5, requireAcademic: false, leadProjectCap: 5, leadOutsideCap: 2, ragYellowLag: 10, ragRedLag: 30, ragYellowDays: 7, ragRedDays: 15, filingDay: 25, closeoutRoundMonths: 1, reportDueMonth: 1 },
  },
  loginSchema: { schema: loginSchema, valid: { username: "admin", password: "demo1234" } },
  passwordChangeSchema: { schema: passwordChangeSchema, valid: { currentPassword: "demo1234", newPassword: "password-2", confirmPassword: "password-2" } },
};

/** A valid example with one field spoiled, one extra hostile key, or the whole thing replaced. */
const mutated = (valid: Record<string, unknown>) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...Object.keys(valid)), anything).map(([k, v]) => ({ ...valid, [k]: v })),
    fc.tuple(key, anything).map(([k, v]) => Object.assign(JSON.parse(JSON.stringify(valid)), JSON.parse(`{${JSON.stringify(k)}: 0}`), { [k]: v })),
    anything,
  );

function assertNoPollution() {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
}

/** Keys of parsed output must be declared by the schema (recursively for plain objects). */
function declaredKeysOnly(schema: z.ZodType, data: unknown): boolean {
  let s: z.ZodType = schema;
  while (!(s instanceof z.ZodObject) && (s as { def?: { type?: string } }).def?.type === "pipe") s = (s as unknown as { def: { in: z.ZodType } }).def.in;
  if (!(s instanceof z.ZodObject) || data === null || typeof data !== "object") return true;
  if (Object.getPrototypeOf(data) !== Object.prototype) return false;
  const shape = s.shape as Record<string, z.ZodType>;
  return Object.keys(data).every((k) => Object.hasOwn(shape, k) && declaredKeysOnly(unwrap(shape[k]!), (data as Record<string, unknown>)[k]));
}
const unwrap = (s: z.ZodType): z.ZodType => {
  let cur = s as unknown as { def: { type: string; innerType?: z.ZodType } };
  while (["optional", "nullable", "default"].includes(cur.def.type) && cur.def.innerType) cur = cur.def.innerType as never;
  return cur as unknown as z.ZodType;
};

describe("every exported schema takes hostile input calmly", () => {
  for (const [name, { schema, valid }] of Object.entries(SCHEMAS)) {
    it(name, () => {
      expect(schema.safeParse(valid).success, `${name}: the valid example parses`).toBe(true);
      fc.assert(
        fc.property(mutated(valid), (input) => {
          stats.cases++;
          let result: ReturnType<typeof schema.safeParse>;
          try {
            result = schema.safeParse(input);
          } catch (err) {
            stats.crashes.push(`${name}: safeParse threw ${String(err).slice(0, 120)}`);
            throw err;
          }
          if (result.success) {
            stats.parsed++;
            expect(declaredKeysOnly(schema, result.data), `${name}: undeclared keys survived parsing`).toBe(true);
          } else {
            expect(result.error).toBeInstanceOf(z.ZodError);
            expect(result.error.issues.length).toBeGreaterThan(0);
            for (const issue of result.error.issues) expect(issue.message, "messages are catalogue keys").toMatch(/^[a-zA-Z]+\.[\w.]+(\|.*)?$/);
          }
          assertNoPollution();
        }),
        { numRuns: RUNS },
      );
    });
  }
});

// ------------------------------------------------------------------------------------------ model functions

let db: DB;
let ctx: AppContext;
let victim: Actor;
let mishu: Actor;
let admin: Actor;

function digest(c: Pick<DB["$client"], "prepare"> = db.$client): string {
  const tables = rowTables(c, ["sessions", "login_throttle"]);
  const h = createHash("sha256");
  // A refused sign-in or password change is audited on purpose (login.failed, password.failed).
  const rows = (t: string) => (t === "audit_log" ? "SELECT * FROM audit_log WHERE action NOT IN ('login.failed', 'password.failed') ORDER BY rowid" : `SELECT * FROM "${t}" ORDER BY rowid`);
  for (const t of tables) h.update(t).update(JSON.stringify(c.prepare(rows(t)).raw().all()));
  return h.digest("hex");
}

/**
 * Whether the database differs from the image `before` (db.$client.serialize()) in any row digest()
 * compares. A byte-equal image means nothing was written at all, which settles most refusals in a memcpy;
 * otherwise (a refused sign-in's throttle and audit rows, say) digest() compares the two row by row.
 * The image instead of digest() before every call: hashing every row of the demo twice per model call
 * was most of this file's time, the slowest in the suite.
 */
function changedSince(before: Buffer): boolean {
  if (db.$client.serialize().equals(before)) return false;
  const then = new Database(before, { readonly: true });
  try {
    return digest(then) !== digest();
  } finally {
    then.close();
  }
}

/**
 * Parses `input`; when the schema accepts it, calls the model. Success must satisfy `stored`; a refusal
 * must be a DomainError and write nothing. Anything else is a crash.
 */
async function throughModel<S extends z.ZodType>(label: string, schema: S, input: unknown, call: (v: z.output<S>) => unknown, stored?: (v: z.output<S>, result: any) => void) {
  stats.cases++;
  const n = (tally[label] ??= { tried: 0, called: 0, ok: 0, refused: 0 });
  n.tried++;
  const parsed = schema.safeParse(input);
  if (!parsed.success) return;
  stats.modelCalls++;
  n.called++;
  const before = db.$client.serialize();
  try {
    const result = await call(parsed.data);
    stored?.(parsed.data, result);
    n.ok++;
  } catch (err) {
    n.refused++;
    if (!(err instanceof DomainError)) {
      stats.crashes.push(`${label}: ${String(err).slice(0, 160)} for ${JSON.stringify(parsed.data).slice(0, 200)}`);
      return;
    }
    if (changedSince(before)) stats.unintendedWrites.push(`${label}: refused (${err.code}) but wrote`);
  }
  assertNoPollution();
}

// Mostly values a schema accepts but that are hostile in content (markup, SQL, control and bidi
// characters, astral plane, pollution words), some that it refuses: the model must cope with the first.
/** Mostly a value the schema accepts (but hostile in content), sometimes one it must refuse. */
const mostly = <T, U>(ok: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) => fc.oneof({ weight: 9, arbitrary: ok }, { weight: 1, arbitrary: bad });
// Accepted yet hostile: markup, SQL, control and bidi characters, astral plane, pollution words.
const text = mostly(
  fc.oneof(fc.constantFrom(...nasty.filter((s) => s.trim() !== "" && s.length <= 20), "正常标题", "  前后空格  "), fc.string({ unit: "grapheme", minLength: 1, maxLength: 18 })),
  hostileString,
);
const someId = mostly(fc.integer({ min: 1, max: 60 }), fc.oneof(fc.constantFrom(999_999, Number.MAX_SAFE_INTEGER), hostileNumber));
const date = mostly(fc.constantFrom("2026-12-01", "2027-01-31", "2000-02-29", "9999-12-31", "0001-01-01"), fc.oneof(fc.constant("2026-02-29"), hostileString));
/** Project and owner unit: mostly pairs where the unit takes part in the project. */
const projectAndUnit = mostly(fc.constantFrom([1, 1], [1, 3], [1, 4], [2, 5], [2, 7], [3, 9], [4, 12], [5, 15]), fc.tuple(someId, someId));
const maybe = <T,>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
/** Keeps about half the keys of a patch, so some patches parse even when one field is refused. */
const sometimes = (patch: Record<string, unknown>) => Object.fromEntries(Object.entries(patch).filter((_, i) => (i + Object.keys(patch).length) % 2 === 0));

beforeAll(async () => {
  db = await seededDb();
  ctx = contextFor(db);
  mishu = actor(db, "mishu");
  admin = actor(db, "admin");
  // Taken now: the user fuzz below may deactivate liu_yang, which ends his sessions.
  victim = actor(db, "liu_yang");
});

afterAll(() => {
  const check = db.$client.pragma("integrity_check", { simple: true });
  const fk = db.$client.pragma("foreign_key_check") as unknown[];
  console.log(
    `schema fuzz: ${stats.cases} cases (${stats.parsed} hostile inputs parsed, ${stats.modelCalls} model calls); ` +
      `crashes ${stats.crashes.length}, unintended writes ${stats.unintendedWrites.length}; integrity ${check}, foreign-key violations ${fk.length}\n` +
      Object.entries(tally).map(([k, v]) => `  ${k}: ${v.tried} tried, ${v.called} parsed -> ${v.ok} stored, ${v.refused} refused`).join("\n"),
  );
});

describe("model functions given hostile input that parses", () => {
  const current = (id: number) => {
    try {
      return getTask(db, id);
    } catch {
      return null;
    }
  };

  it("tasks: create, update, move, archive", async () => {
    await fc.assert(
      fc.asyncProperty(
        projectAndUnit,
        fc.record({ title: text, description: maybe(text), ownerUserId: maybe(fc.option(someId)), startOn: date, dueOn: date, isKey: maybe(fc.boolean()) }),
        async ([projectId, ownerUnitId], input) =>
          throughModel("createTask", taskCreateSchema, { ...input, projectId, ownerUnitId }, (v) => createTask(ctx, mishu, v), (v, row) => {
            expect(getTask(db, row.id)).toMatchObject({ title: v.title, description: v.description, ownerUnitId: v.ownerUnitId, dueOn: v.dueOn });
          }),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        someId,
        fc.record({ title: text, description: text, progress: mostly(fc.integer({ min: 0, max: 100 }), hostileNumber), startOn: date, dueOn: date, ownerUnitId: someId, ownerUserId: fc.option(someId), isKey: fc.boolean() }, { requiredKeys: [] }),
        async (id, patch) =>
          throughModel("updateTask", taskUpdateSchema, { id, version: current(id)?.version ?? 1, patch: sometimes(patch) }, (v) => updateTask(ctx, mishu, v), (v) => {
            const row = getTask(db, v.id) as Record<string, unknown>;
            for (const [k, value] of Object.entries(v.patch)) if (value !== undefined && k !== "ownerUserId") expect(row[k], k).toEqual(value);
          }),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(someId, mostly(fc.constantFrom("not_started", "in_progress", "pending_closeout", "closed", "suspended"), hostileString), maybe(fc.option(someId)), maybe(fc.option(someId)), async (id, toStatus, afterId, beforeId) =>
        throughModel("moveTask", taskMoveSchema, { id, version: current(id)?.version ?? 1, toStatus, afterId, beforeId }, (v) => moveTask(ctx, mishu, v), (v) => {
          expect(getTask(db, v.id).status).toBe(v.toStatus);
        }),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(someId, fc.oneof(fc.constant(undefined), hostileNumber), async (id, version) =>
        throughModel("archiveTask", taskArchiveSchema, { id, version: version ?? current(id)?.version ?? 1 }, (v) => archiveTask(ctx, mishu, v), (v) => {
          expect(getTask(db, v.id).archivedAt).not.toBeNull();
        }),
      ),
      { numRuns: 60 },
    );
  }, 90_000); // 240 writes through the kernel: 22 s alone, past 30 s beside the other fork on a loaded CI

  it("units: create and update", async () => {
    const kinds = mostly(fc.constantFrom("lead_enterprise", "platform", "enterprise", "university", "institute", "service", "association"), hostileString);
    const unitFields = {
      name: text,
      shortName: text,
      kind: kinds,
      subKind: maybe(mostly(fc.constantFrom("provincial_lab", "testing", "finance"), hostileString)),
      isSme: maybe(fc.boolean()),
      district: maybe(text),
      creditCode: maybe(mostly(fc.constantFrom("91330100MA2AXXXX1X", "913301000000000000", ""), hostileString)),
      contact: maybe(text),
      externalProjects: maybe(mostly(fc.integer({ min: 0, max: 99 }), hostileNumber)),
      joinedOn: date,
      leftOn: maybe(date),
    };
    await fc.assert(
      fc.asyncProperty(fc.record(unitFields), async (input) =>
        throughModel("createUnit", unitSchema, input, (v) => createUnit(ctx, admin, v), (v, row) => {
          expect(getUnit(db, row.id)).toMatchObject({ name: v.name, shortName: v.shortName, contact: v.contact, joinedOn: v.joinedOn });
        }),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.record(unitFields), async (id, input) => {
        let version = 0;
        try {
          version = getUnit(db, id).version;
        } catch {
          /* unknown id: the model must say notFound */
        }
        await throughModel("updateUnit", unitUpdateSchema, { ...input, id, version }, (v) => updateUnit(ctx, admin, v), (v) => {
          expect(getUnit(db, v.id)).toMatchObject({ name: v.name, contact: v.contact });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("users: create (hashing is slow: fewer runs) and update", async () => {
    const roles = fc.array(mostly(fc.constantFrom("researcher", "unit_lead", "admin", "observer"), hostileString), { maxLength: 4 });
    const common = { displayName: text, unitId: maybe(someId), outsideBodyId: maybe(someId), title: maybe(text), email: maybe(mostly(fc.oneof(fc.emailAddress(), fc.constant("")), hostileString)), phone: maybe(text), roles };
    await fc.assert(
      fc.asyncProperty(fc.record({ ...common, username: mostly(fc.stringMatching(/^[a-z0-9_.-]{3,32}$/), hostileString), password: mostly(fc.string({ minLength: 8, maxLength: 40 }), hostileString) }), async (input) =>
        throughModel("createUser", userCreateSchema, input, (v) => createUser(ctx, admin, v), (v, row) => {
          expect(getUser(db, row.id)).toMatchObject({ username: v.username, displayName: v.displayName });
        }),
      ),
      { numRuns: 25 },
    );
    const adminId = admin.id;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 45 }).filter((id) => id !== adminId), fc.record({ ...common, active: maybe(fc.boolean()) }), async (id, input) => {
        let version = 0;
        try {
          version = getUser(db, id).version;
        } catch {
          /* unknown id */
        }
        await throughModel("updateUser", userUpdateSchema, { ...input, id, version }, (v) => updateUser(ctx, admin, v), (v) => {
          expect(getUser(db, v.id)).toMatchObject({ displayName: v.displayName, active: v.active });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("consortium profile and settings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: text, shortName: maybe(text), field: mostly(fc.constantFrom(...STRATEGIC_FIELDS), hostileString), district: text, province: mostly(fc.constantFrom("zhejiang", "jiangsu"), hostileString), foundedOn: date, goalStartYear: mostly(fc.integer({ min: 1995, max: 2105 }), hostileNumber), goalYears: mostly(fc.integer({ min: 1, max: 11 }), hostileNumber), applicationType: text, overallGoal: maybe(text) }),
        async (input) =>
          throughModel("updateConsortium", profileSchema, { ...input, version: getConsortium(db).version }, (v) => updateConsortium(ctx, admin, v), (v) => {
            expect(getConsortium(db)).toMatchObject({ name: v.name, district: v.district, province: v.province });
          }),
      ),
      { numRuns: RUNS },
    );
    const numbers = Object.fromEntries(Object.keys(SCHEMAS.settingsSchema!.valid).filter((k) => k !== "requireAcademic").map((k) => [k, fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: hostileNumber })]));
    await fc.assert(
      fc.asyncProperty(fc.record({ ...numbers, requireAcademic: fc.oneof(fc.boolean(), leaf) }), async (input) =>
        throughModel("updateSettings", settingsSchema, input, (v) => updateSettings(ctx, admin, v), (v) => {
          const stored = getSettings(db) as Record<string, unknown>;
          const differs = Object.entries(v).filter(([k, x]) => JSON.stringify(stored[k]) !== JSON.stringify(x));
          expect(differs.map(([k, x]) => `${k}: gave ${String(x)} (${Object.is(x, -0) ? "-0" : typeof x}), stored ${String(stored[k])}`)).toEqual([]);
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it("sign-in and password change (argon2: fewer runs)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ username: fc.oneof(fc.constantFrom("admin", "ADMIN", "mishu"), hostileString), password: hostileString }), async (input) =>
        throughModel("login", loginSchema, input, (v) => login(db, { ...v, ip: "fuzz" }).then(() => expect.unreachable("a hostile password signed in"))),
      ),
      { numRuns: 25 },
    );
    db.$client.prepare("DELETE FROM login_throttle").run();
    await fc.assert(
      fc.asyncProperty(fc.record({ currentPassword: hostileString, newPassword: hostileString, confirmPassword: hostileString }), async (input) =>
        throughModel("changePassword", passwordChangeSchema, { ...input, confirmPassword: input.newPassword }, (v) => changePassword(ctx, victim, { ...v, ip: "fuzz" })),
      ),
      { numRuns: 15 },
    );
  });

  it("crashed nowhere, wrote nothing when refused, and left the database whole", () => {
    expect(stats.crashes).toEqual([]);
    expect(stats.unintendedWrites).toEqual([]);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
    expect(verifyAuditChain(db).ok).toBe(true);
    expect(stats.modelCalls).toBeGreaterThan(100);
  });
});
