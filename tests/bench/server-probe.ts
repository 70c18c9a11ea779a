// What the benchmarks that start a server share (bench:scale, bench:import): wait for /healthz, sign in,
// and the stall prober, a separate process asking /healthz every 10 ms: the longest answer while a
// request runs is that request's stall of the server's event loop, as every other user and socket feels it.
import { fork } from "node:child_process";
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------------- the prober process
if (
  process.argv[2] === "probe" &&
  process.argv[1] === fileURLToPath(import.meta.url)
) {
  const url = process.argv[3]!;
  let max = 0;
  let windowStart: number | null = null;
  let inflight = 0; // when the probe now waiting was sent
  let running = true;
  // A probe's wait counts from when it was sent or the window opened, whichever is later; one still
  // waiting when the window closes counts up to then (so a stall is never billed to the next request).
  const waited = (now: number) => now - Math.max(inflight, windowStart ?? now);
  process.on("message", (m: string) => {
    if (m === "start") {
      max = 0;
      windowStart = performance.now();
    } else if (m === "stop") {
      max = Math.max(max, waited(performance.now()));
      windowStart = null;
      process.send!(max);
    } else if (m === "exit") running = false;
  });
  let first = true;
  while (running) {
    inflight = performance.now();
    try {
      await (await fetch(`${url}/healthz`)).arrayBuffer();
    } catch {
      /* a refused probe counts as its wait */
    }
    if (windowStart != null) max = Math.max(max, waited(performance.now()));
    if (first) process.send!("ready");
    first = false;
    await new Promise((r) => setTimeout(r, 10));
  }
  process.exit(0);
}

export function serverProbe(url: string, user: string) {
  async function waitHealthy(deadlineMs: number): Promise<void> {
    const t0 = performance.now();
    for (;;) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) return;
      } catch {
        /* not listening yet */
      }
      if (performance.now() - t0 > deadlineMs)
        throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async function login(): Promise<string> {
    const res = await fetch(`${url}/login`, {
      method: "POST",
      body: new URLSearchParams({
        username: user,
        password: "demo1234",
        next: "/",
      }),
      redirect: "manual",
    });
    return res.headers.get("set-cookie")!.split(";")[0]!;
  }

  async function stallProbe(): Promise<{
    measure<T>(fn: () => Promise<T>): Promise<{ value: T; stallMs: number }>;
    close(): void;
  }> {
    const child = fork(fileURLToPath(import.meta.url), ["probe", url], {
      execArgv: ["--import", "tsx"],
      stdio: "inherit",
    });
    await new Promise((resolve) => child.once("message", resolve)); // its first probe answered
    return {
      async measure(fn) {
        child.send("start");
        await new Promise((r) => setTimeout(r, 30));
        const value = await fn();
        const stallMs = await new Promise<number>((resolve) => {
          child.once("message", (m) => resolve(Number(m)));
          child.send("stop");
        });
        return { value, stallMs };
      },
      close: () => child.send("exit"),
    };
  }

  return { waitHealthy, login, stallProbe };
}

/** CPU time (user + system, every thread) a process has used so far, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * (1000 / 100);
}
