import { defineConfig } from "@playwright/test";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function browserEnv(): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  delete env.LD_PRELOAD;
  delete env.FAKETIME;
  return env;
}
const port = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(root, "test-results/e2e-artifacts"),
  fullyParallel: false,
  workers: 1,
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
      testMatch: /(responsive|touch|a11y)\.spec\.ts$/,
      use: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
    },
    { name: "tablet", testMatch: /(responsive|touch)\.spec\.ts$/, use: { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 } },
  ],
  // A fresh database per run; the server is the production one, started exactly as users start it.
  webServer: {
    command: `rm -rf test-results/e2e-data-${port} && DATABASE_PATH=test-results/e2e-data-${port}/e2e.db SESSION_SECRET=e2e APP_NOW=2026-11-23T10:00:00+08:00 PORT=${port} HOST=127.0.0.1 LOG_LEVEL=warn NODE_ENV=production node build/server/index.js`,
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
  },
});
