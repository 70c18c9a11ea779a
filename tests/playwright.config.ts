import { defineConfig } from "@playwright/test";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function browserEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  delete env.LD_PRELOAD;
  delete env.FAKETIME;
  return env;
}
// Two workers (CI has two cores), each with a server and database of its own: a spec never sees another
// spec's writes land while it runs, so the specs keep the isolation they had one at a time. Worker n
// talks to the server on E2E_PORT + 100·n (the config is read again in each worker, which knows its
// index). `--workers 1` (or E2E_WORKERS=1) starts one server, for a single spec during development.
const workersArg = /^(?:--workers|-j)(?:=(\d+))?$/;
const cliWorkers = process.argv.flatMap((a, i) => { const m = workersArg.exec(a); return m ? [m[1] ?? process.argv[i + 1]] : []; })[0];
const workers = Number(cliWorkers ?? process.env.E2E_WORKERS ?? 2);
const basePort = Number(process.env.E2E_PORT ?? 3210);
const serverPort = (index: number) => basePort + 100 * index;
const port = serverPort(Number(process.env.TEST_PARALLEL_INDEX ?? 0));

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(root, "test-results/e2e-artifacts"),
  fullyParallel: false,
  workers,
  retries: 0,
  // Many specs drive two or three browsers and the server's print Chromium on the same two cores: a test's
  // budget is 60 s (a hang still ends it); each single expectation keeps its own 10 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: { width: 1440, height: 900 },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
      // The users' browsers run on real time even when the suite runs under faketime (the server's
      // clock is pinned by APP_NOW; only the test machine's clock is moved).
      env: browserEnv(),
    },
  },
  // Desktop runs every spec; the phone and tablet run only the specs written for them (responsive layout,
  // touch, accessibility), which keeps CI time down.
  projects: [
    { name: "desktop", testIgnore: /(responsive|touch)\.spec\.ts$/ },
    {
      name: "phone",
      // a11y.spec.ts also checks on the phone what responsive.spec.ts checks on the tablet (no sideways scroll)
      testMatch: /(touch|a11y)\.spec\.ts$/,
      use: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    },
    { name: "tablet", testMatch: /(responsive|touch)\.spec\.ts$/, use: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 } },
  ],
  // A fresh database per run and server; the servers are the production one, started exactly as users start it.
  webServer: Array.from({ length: workers }, (_, index) => serverPort(index)).map((p) => ({
    command: `rm -rf test-results/e2e-data-${p} && DATABASE_PATH=test-results/e2e-data-${p}/e2e.db SESSION_SECRET=e2e APP_NOW=2026-11-23T10:00:00+08:00 PORT=${p} HOST=127.0.0.1 LOG_LEVEL=warn NODE_ENV=production node build/server/index.js`,
    cwd: root,
    url: `http://127.0.0.1:${p}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
  })),
});
