// Adds up the runners' JSON reports: "N passed, N failed". Exit 1 if any failed or a report is missing.
import fs from "node:fs";

const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : null);
let passed = 0;
let failed = 0;
let missing = false;

// The typecheck and the lint each count as one test.
for (const file of ["test-results/typecheck.json", "test-results/lint.json"]) {
  const check = read(file);
  if (check) { passed += check.passed; failed += check.failed; } else missing = true;
}

// The vitest suite runs once: under faketime, and print.test.ts on the machine's date (see run-all.sh).
for (const file of ["test-results/vitest.json", "test-results/vitest-print.json"]) {
  const vitest = read(file);
  if (!vitest) {
    missing = true;
    continue;
  }
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that failed to load, or whose hooks failed, has no failed test but must still fail the run.
  failed += (vitest.testResults ?? []).filter((f) => f.status === "failed" && f.assertionResults.every((a) => a.status !== "failed")).length;
}

const pw = read("test-results/playwright.json");
if (pw) {
  passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  failed += (pw.stats.unexpected ?? 0);
  failed += (pw.errors ?? []).length;
} else missing = true;

// A runner that exited non-zero with no failure in its report (run-all.sh writes <runner>-exit.json).
for (const file of ["vitest", "vitest-print", "playwright"].map((r) => `test-results/${r}-exit.json`)) {
  const exit = read(file);
  if (exit && failed === 0) failed += exit.failed;
}

if (missing) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
