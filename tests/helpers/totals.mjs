// Adds up the runners' JSON reports: "N passed, N failed". Exit 1 if any failed or a report is missing.
import fs from "node:fs";

const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : null);
let passed = 0;
let failed = 0;
let missing = false;

const typecheck = read("test-results/typecheck.json");
if (typecheck) { passed += typecheck.passed; failed += typecheck.failed; } else missing = true;

const vitest = read("test-results/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that failed to load has no tests but must still fail the run.
  failed += (vitest.testResults ?? []).filter((f) => f.status === "failed" && f.assertionResults.length === 0).length;
} else missing = true;

const pw = read("test-results/playwright.json");
if (pw) {
  passed += (pw.stats.expected ?? 0) + (pw.stats.flaky ?? 0);
  failed += (pw.stats.unexpected ?? 0);
  failed += (pw.errors ?? []).length;
} else missing = true;

if (missing) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
