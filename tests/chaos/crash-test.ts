// On demand: `npm run chaos:crash` (node --import tsx tests/chaos/crash-test.ts). Needs `npx remix build`.
// kill -9 the real server mid-load several times and prove that every acknowledged edit survived and
// nothing was half-applied. CRASH_CYCLES (default 5) and CRASH_MIN_ACKS (default 200) tune the run.
import { runCrashTest } from "./crash-lib";

const cycles = Number(process.env.CRASH_CYCLES ?? 5);
const minAcks = Number(process.env.CRASH_MIN_ACKS ?? 200);
const started = Date.now();
const r = await runCrashTest({ cycles, minAcks, killAfterMs: [500, 2500], log: (l) => console.log(l) });
console.log(
  [
    "",
    `crash test: ${r.cycles} kill -9 cycles in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  acknowledged edits:        ${r.acknowledged}`,
    `  found after restart:       ${r.foundAfterRestart}`,
    `  half-applied:              ${r.halfApplied}`,
    `  in flight at the kill:     ${r.inDoubt} (committed wholly: ${r.inDoubtApplied}, absent wholly: ${r.inDoubt - r.inDoubtApplied})`,
    `  audit chain:               ${r.auditIntact ? "intact" : "BROKEN"} (${r.auditRows} rows), integrity_check ${r.integrity}`,
    `  graceful SIGTERM exit code: ${r.gracefulExit}`,
    ...r.problems.slice(0, 20).map((p) => `  problem: ${p}`),
  ].join("\n"),
);
const ok = r.foundAfterRestart === r.acknowledged && r.halfApplied === 0 && r.auditIntact && r.integrity === "ok" && r.gracefulExit === 0;
process.exit(ok ? 0 : 1);
