// A production server a spec starts, stops and restarts itself (Playwright's webServer cannot be
// restarted): own port, own database in a temporary directory, a fixed session secret so sessions
// signed before a restart stay valid. It runs the build (build/server/index.js, as `npm start` and the
// suite's webServer run it; the suite builds first): compiling server/*.ts with tsx at every start cost
// twice the CPU of a start, and the specs start and restart it eight times.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** `env`: more environment (e.g. `SEED_DEMO: "0"` for an empty install); what the server prints is kept for `printed`. */
export function ownServer(port: number, name: string, env: Record<string, string> = {}) {
  const origin = `http://127.0.0.1:${port}`;
  let dataDir = "";
  let child: ChildProcess | null = null;
  let stdout = "";

  function start() {
    if (!dataDir) dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-${name}-`));
    child = spawn(process.execPath, ["build/server/index.js"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_PATH: path.join(dataDir, "db.sqlite"),
        SESSION_SECRET: `${name}-e2e`,
        NODE_ENV: "production",
        APP_NOW: "2026-11-23T10:00:00+08:00",
        LOG_LEVEL: "warn",
        ...env,
      },
      detached: true, // its own process group, so the whole tree can be signalled
      stdio: ["ignore", "pipe", "ignore"],
    });
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  }

  /** The first match of `re` in what the server printed (the setup link of an empty install), once it appears. */
  async function printed(re: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(stdout);
      if (m) return m;
      if (Date.now() > until) throw new Error(`server did not print ${re}: ${stdout}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function healthy(timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (child?.exitCode != null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${origin}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server on ${origin} not healthy after ${timeoutMs} ms`);
  }

  /** Signals the server's process group and waits until the server process has exited. */
  async function stop(signal: NodeJS.Signals = "SIGTERM") {
    const c = child;
    child = null;
    if (!c?.pid || c.exitCode != null || c.signalCode != null) return;
    const exited = new Promise((resolve) => c.once("exit", resolve));
    try {
      process.kill(-c.pid, signal);
    } catch {
      return; // already gone
    }
    await exited;
  }

  async function dispose() {
    await stop("SIGKILL");
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  /** Where its database lives (set by the first start): a spec may write to it while the server is stopped. */
  const dataDirOf = () => dataDir;

  return { origin, start, healthy, stop, dispose, dataDir: dataDirOf, printed };
}
