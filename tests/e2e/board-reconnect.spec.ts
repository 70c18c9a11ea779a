// The board survives a server restart: the badge turns to 重连中 while the server is down and back to
// 在线 once it is up again, and live changes flow again afterwards. Playwright's own webServer cannot be
// restarted, so this spec runs its own production server (own port, own database) and kills it itself.
import { expect, test, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { card, login, openBoard } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const PORT = Number(process.env.RECONNECT_PORT ?? 3299);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const BOARD = "/projects/1/board";

let dataDir: string;
let server: ChildProcess | null = null;

function start(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_PATH: path.join(dataDir, "db.sqlite"),
      SESSION_SECRET: "reconnect-e2e", // fixed, so the sessions signed before the restart stay valid
      NODE_ENV: "production",
      APP_NOW: "2026-11-23T10:00:00+08:00",
      LOG_LEVEL: "warn",
    },
    detached: true, // its own process group, so the whole tree can be signalled
    stdio: "ignore",
  });
  return child;
}

async function healthy(timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server?.exitCode != null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${ORIGIN}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${ORIGIN} not healthy after ${timeoutMs} ms`);
}

/** Signals the server's process group and waits until the server process has exited. */
async function stop(signal: NodeJS.Signals = "SIGTERM") {
  const child = server;
  server = null;
  if (!child?.pid || child.exitCode != null || child.signalCode != null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return; // already gone
  }
  await exited;
}

test.use({ baseURL: ORIGIN });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-reconnect-"));
  server = start();
  await healthy();
});

test.afterAll(async () => {
  await stop("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const badge = (page: Page) => page.getByTestId("conn");

test("the connection badge shows 重连中 while the server restarts, then 在线, and live changes resume", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page, "mishu");
  await openBoard(page, BOARD);
  await expect(badge(page)).toHaveText("在线");

  await stop();
  await expect(badge(page)).toHaveAttribute("data-state", "reconnecting");
  await expect(badge(page)).toHaveText("重连中…");

  server = start();
  await healthy();
  // The client backs off up to 5 s between attempts; the session survives the restart (same DB, same secret).
  await expect(badge(page)).toHaveAttribute("data-state", "online", { timeout: 20_000 });
  await expect(badge(page)).toHaveText("在线");

  // After recovery, a change made by someone else in another browser appears live.
  const context = await browser.newContext({ baseURL: ORIGIN });
  const other = await context.newPage();
  await login(other, "shouxi");
  await openBoard(other, BOARD);
  const title = "伺服驱动器高带宽电流环开发";
  const renamed = "伺服驱动器高带宽电流环开发（重连后修订）";
  await card(other, title).click();
  await other.getByLabel("任务名称").fill(renamed);
  await other.getByRole("button", { name: "保存" }).click();
  await expect(other.getByTestId("task-drawer")).toBeHidden();
  await expect(card(page, renamed)).toBeVisible();
  await context.close();
});
