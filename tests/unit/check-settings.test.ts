// The 整改 clock of checks is a consortium setting like every other rule number: profile default,
// overridden on the admin page, read by the checks model.
import { describe, expect, it } from "vitest";
import { actor, contextFor, seededDb } from "../helpers/db";
import { checkRules } from "../../app/models/check-reads.server";
import { getSettings, updateSettings } from "../../app/models/consortium.server";

describe("rectification clock settings", () => {
  it("start at the profile's 7 / 14 / 30 days and follow the admin's change", async () => {
    const db = await seededDb();
    expect(checkRules(db)).toEqual({ reminderDays: 7, escalateOverdueDays: 14, rectifyDays: 30 });
    updateSettings(contextFor(db), actor(db, "admin"), { ...getSettings(db), checkReminderDays: 3, checkEscalateDays: 10, checkRectifyDays: 45 });
    expect(checkRules(db)).toEqual({ reminderDays: 3, escalateOverdueDays: 10, rectifyDays: 45 });
  });

  it("cannot be changed by the secretariat (settings are the admin's)", async () => {
    const db = await seededDb();
    expect(() => updateSettings(contextFor(db), actor(db, "mishu"), { ...getSettings(db), checkRectifyDays: 5 })).toThrow(/forbidden/);
    expect(checkRules(db).rectifyDays).toBe(30);
  });
});
