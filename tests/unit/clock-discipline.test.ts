// No code reads the machine clock for domain time: everything asks the app clock (app/models/clock.ts),
// so the suite passes on any date and "today" is the consortium's. This scan turns a new
// `new Date()` / `Date.now()` red the day it is written; the allowlist names each exception and why.
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = ["app", "server", "db"];
const MACHINE_CLOCK = /new Date\(\s*\)|Date\.now\(\)/;

const ALLOWED: Record<string, string> = {
  "app/models/clock.ts": "the one place that reads the machine clock",
  "server/backup.ts": "backup file names are ordered by real time, whatever the app clock says",
  "app/components/ui/Toasts.tsx": "ids of toasts in the browser",
  "app/routes/dashboard.tsx": "throttles the browser's own refresh of the dashboard",
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "migrations" ? [] : sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("the app clock is the only clock", () => {
  it("no source outside the allowlist reads the machine clock", () => {
    const offenders: string[] = [];
    for (const file of DIRS.flatMap((d) => sources(path.join(ROOT, d)))) {
      const rel = path.relative(ROOT, file);
      if (rel in ALLOWED) continue;
      fs.readFileSync(file, "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (MACHINE_CLOCK.test(line) && !/^\s*(\/\/|\*)/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it("every allowlisted file still reads the machine clock (the list does not go stale)", () => {
    for (const rel of Object.keys(ALLOWED)) expect(MACHINE_CLOCK.test(fs.readFileSync(path.join(ROOT, rel), "utf8")), rel).toBe(true);
  });
});
