// The app's one clock: calendar dates in the consortium's time zone (Beijing midnight, month ends,
// leap days), a pinned clock that moves only when advanced, and timers driven by it.
import { describe, expect, it } from "vitest";
import { createClock, dateIn, instantAt, isTimeZone, nextDailyAt, timeIn } from "../../app/models/clock";

const BJ = "Asia/Shanghai";

describe("calendar dates in Beijing time", () => {
  it("the day turns at Beijing midnight, not at UTC midnight", () => {
    expect(dateIn(new Date("2026-12-04T15:59:59Z"), BJ)).toBe("2026-12-04");
    expect(dateIn(new Date("2026-12-04T16:00:00Z"), BJ)).toBe("2026-12-05");
    // 00:00-08:00 Beijing: a server in UTC would still say yesterday.
    expect(dateIn(new Date("2026-12-04T23:30:00Z"), "UTC")).toBe("2026-12-04");
    expect(dateIn(new Date("2026-12-04T23:30:00Z"), BJ)).toBe("2026-12-05");
  });

  it("month end late at night and New Year's Eve in UTC are already the next month and year in Beijing", () => {
    expect(dateIn(new Date("2026-11-30T16:30:00Z"), BJ)).toBe("2026-12-01");
    expect(dateIn(new Date("2026-12-31T17:30:00Z"), BJ)).toBe("2027-01-01");
    expect(dateIn(new Date("2027-12-31T23:50:00Z"), BJ)).toBe("2028-01-01");
    expect(dateIn(new Date("2027-12-31T15:50:00Z"), BJ)).toBe("2027-12-31");
  });

  it("leap day exists in 2028 and not in 2027", () => {
    expect(dateIn(new Date("2028-02-28T16:00:00Z"), BJ)).toBe("2028-02-29");
    expect(dateIn(new Date("2028-02-29T16:00:00Z"), BJ)).toBe("2028-03-01");
    expect(dateIn(new Date("2027-02-28T16:00:00Z"), BJ)).toBe("2027-03-01");
  });

  it("instantAt and timeIn are inverse for wall-clock times in a zone", () => {
    expect(instantAt("2027-01-01", "00:00", BJ).toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(instantAt("2028-02-29", "08:30", BJ).toISOString()).toBe("2028-02-29T00:30:00.000Z");
    expect(timeIn(instantAt("2026-07-01", "07:30", BJ), BJ)).toBe("07:30");
    // A zone with daylight saving keeps the wall-clock time across the change.
    expect(timeIn(instantAt("2026-03-30", "08:30", "Europe/Berlin"), "Europe/Berlin")).toBe("08:30");
    expect(timeIn(instantAt("2026-03-28", "08:30", "Europe/Berlin"), "Europe/Berlin")).toBe("08:30");
  });

  it("nextDailyAt is strictly after `from`, today if still ahead, else tomorrow", () => {
    const at = (iso: string) => new Date(iso).getTime();
    expect(new Date(nextDailyAt(at("2026-11-23T00:00:00Z"), "08:30", BJ)).toISOString()).toBe("2026-11-23T00:30:00.000Z");
    expect(new Date(nextDailyAt(at("2026-11-23T00:30:00Z"), "08:30", BJ)).toISOString()).toBe("2026-11-24T00:30:00.000Z");
    expect(new Date(nextDailyAt(at("2026-12-31T17:30:00Z"), "08:30", BJ)).toISOString()).toBe("2027-01-01T00:30:00.000Z");
  });

  it("knows real zones and refuses made-up ones", () => {
    expect(isTimeZone(BJ)).toBe(true);
    expect(isTimeZone("Asia/Urumqi")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(() => createClock({ timeZone: "Mars/Olympus" })).toThrow();
  });
});

describe("a pinned clock", () => {
  it("stays at its instant until advanced, and only moves forward", async () => {
    const clock = createClock({ pinnedAt: "2026-11-23T10:00:00+08:00" });
    expect(clock.pinned).toBe(true);
    expect(clock.nowIso()).toBe("2026-11-23T02:00:00.000Z");
    expect(clock.today()).toBe("2026-11-23");
    await clock.advance(14 * 3600_000);
    expect(clock.today()).toBe("2026-11-24");
    await expect(clock.advance(-1)).rejects.toThrow();
    expect(() => createClock({ pinnedAt: "not a date" })).toThrow();
  });

  it("a machine clock cannot be advanced", async () => {
    await expect(createClock().advance(1000)).rejects.toThrow();
  });

  it("answers `today` in the zone it is set to", () => {
    const clock = createClock({ pinnedAt: "2026-12-31T17:30:00Z" });
    expect(clock.today()).toBe("2027-01-01");
    clock.setTimeZone("UTC");
    expect(clock.today()).toBe("2026-12-31");
    expect(() => clock.setTimeZone("Nowhere/Land")).toThrow();
    expect(clock.timeZone).toBe("UTC");
  });

  it("runs daily timers at their Beijing wall-clock time as it is advanced, with the clock showing that time", async () => {
    const clock = createClock({ pinnedAt: "2026-11-23T10:00:00+08:00" });
    const seen: string[] = [];
    const cancel = clock.schedule({ dailyAt: "08:30" }, () => {
      seen.push(`${clock.today()} ${timeIn(clock.now(), BJ)}`);
    });
    await clock.advance(22 * 3600_000); // to 24th 08:00: not yet
    expect(seen).toEqual([]);
    await clock.advance(3 * 24 * 3600_000); // to 27th 08:00
    expect(seen).toEqual(["2026-11-24 08:30", "2026-11-25 08:30", "2026-11-26 08:30"]);
    cancel();
    await clock.advance(2 * 24 * 3600_000);
    expect(seen).toHaveLength(3);
  });

  it("runs interval timers once per period, in order with daily ones, and reports errors without stopping", async () => {
    const clock = createClock({ pinnedAt: "2026-11-23T00:00:00+08:00" });
    const order: string[] = [];
    const errors: unknown[] = [];
    clock.schedule({ everyMs: 6 * 3600_000 }, () => {
      order.push(`every ${timeIn(clock.now(), BJ)}`);
      if (order.length === 1) throw new Error("first run fails");
    }, (e) => errors.push(e));
    clock.schedule({ dailyAt: "07:30" }, () => {
      order.push(`daily ${timeIn(clock.now(), BJ)}`);
    });
    await clock.advance(24 * 3600_000);
    expect(order).toEqual(["every 06:00", "daily 07:30", "every 12:00", "every 18:00", "every 00:00"]);
    expect(errors).toHaveLength(1);
  });

  it("a daily timer follows a change of time zone", async () => {
    const clock = createClock({ pinnedAt: "2026-11-23T00:00:00Z" });
    const fired: string[] = [];
    clock.schedule({ dailyAt: "09:00" }, () => {
      fired.push(clock.nowIso());
    });
    clock.setTimeZone("UTC");
    await clock.advance(10 * 3600_000);
    expect(fired).toEqual(["2026-11-23T09:00:00.000Z"]);
  });
});
