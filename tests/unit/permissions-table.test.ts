// The seeded permission table (DEFAULT_PERMISSIONS) read through the same can() the server and UI use.
import { describe, expect, it } from "vitest";
import { can, CONSORTIUM_ROLES, DEFAULT_PERMISSIONS, ROLES, type Grantee, type Role } from "../../app/models/permissions";

const as = (role: Role, over: Partial<Grantee> = {}): Grantee => ({
  id: 1,
  unitId: 10,
  projectIds: [],
  permissions: DEFAULT_PERMISSIONS[role],
  ...over,
});
const UNIT_A = 10;
const UNIT_B = 11;

describe("the default permission table", () => {
  it("a researcher of unit A may edit unit A's tasks but not unit B's", () => {
    const r = as("researcher", { unitId: UNIT_A });
    expect(can(r, "update", "task", { unitId: UNIT_A })).toBe(true);
    expect(can(r, "move", "task", { unitId: UNIT_A })).toBe(true);
    expect(can(r, "update", "task", { unitId: UNIT_B })).toBe(false);
    expect(can(r, "move", "task", { unitId: UNIT_B })).toBe(false);
    expect(can(r, "archive", "task", { unitId: UNIT_A })).toBe(false);
    // Without a unit, "own-unit" matches nothing (not even a target without a unit).
    expect(can(as("researcher", { unitId: null }), "update", "task", { unitId: null })).toBe(false);
  });

  it("an observer cannot write anything: every grant is a read or the resolution of an escalation", () => {
    const grants = DEFAULT_PERMISSIONS.observer;
    expect(grants.length).toBeGreaterThan(0);
    for (const g of grants) expect(["read", "resolve"]).toContain(g.split(":")[0]);
    const o = as("observer");
    for (const [action, entity] of [
      ["update", "task"],
      ["create", "task"],
      ["create", "unit"],
      ["update", "user"],
      ["update", "settings"],
      ["update", "consortium"],
    ]) {
      expect(can(o, action!, entity!, { unitId: 10, projectId: 1 })).toBe(false);
    }
    expect(can(o, "read", "board")).toBe(true);
    expect(can(o, "read", "admin")).toBe(false);
  });

  it("the admin manages units, users, settings and the profile", () => {
    const a = as("admin", { unitId: null });
    for (const [action, entity] of [
      ["create", "unit"],
      ["update", "unit"],
      ["create", "user"],
      ["update", "user"],
      ["update", "settings"],
      ["update", "consortium"],
      ["read", "admin"],
    ]) {
      expect(can(a, action!, entity!)).toBe(true);
    }
  });

  it("the secretariat runs the consortium but only the admin changes the rule settings", () => {
    const s = as("secretariat");
    expect(can(s, "create", "unit")).toBe(true);
    expect(can(s, "update", "user")).toBe(true);
    expect(can(s, "read", "admin")).toBe(true);
    expect(can(s, "update", "settings")).toBe(false);
    expect(ROLES.filter((r) => can(as(r), "update", "settings"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => can(as(r), "read", "admin")).sort()).toEqual(["admin", "secretariat"]);
  });

  it("an expert signs checks only for the projects he supervises", () => {
    const e = as("expert", { unitId: null, projectIds: [4] });
    expect(can(e, "sign", "check", { projectId: 4 })).toBe(true);
    expect(can(e, "sign", "check", { projectId: 5 })).toBe(false);
    expect(can(e, "sign", "check")).toBe(false);
    expect(can(e, "read", "board", { projectId: 4 })).toBe(true);
    expect(can(e, "read", "board", { projectId: 5 })).toBe(false);
    // Other roles do not sign checks at all.
    expect(ROLES.filter((r) => can(as(r, { projectIds: [4] }), "sign", "check", { projectId: 4 }))).toEqual(["expert"]);
  });

  it("the consortium-wide roles (granted by the admin only) are those acting beyond reading on everything", () => {
    expect([...CONSORTIUM_ROLES]).toEqual(["chief_scientist", "secretariat", "council", "observer", "admin"]);
  });
});
