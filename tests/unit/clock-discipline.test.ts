// No code reads the machine clock for domain time: everything asks the app clock (app/models/clock.ts),
// so the suite passes on any date and "today" is the consortium's. This scan turns a new
// `new Date()` / `Date.now()` red the day it is written; the allowlist names each exception and why. ESLint
// says the same while editing (eslint.config.js); this scan also catches what a lint run was skipped for.
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = ["app", "server", "db"];
const MACHINE_CLOCK = /new Date\(\s*\)|Date\.now\(\)/;

// Each exception and why; ESLint's clock rule (eslint.config.js) reads the same list.
const ALLOWED: Record<string, string> = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../helpers/machine-clock-allowlist.json"), "utf8"));

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
