// Composition root: config from env -> database (checked, migrated, seeded) -> Express -> HTTP ->
// Socket.IO -> listen -> schedules; the pages (Remix) load after listen (server/app.ts). SIGTERM/SIGINT
// close sockets, finish in-flight requests and close the database.
// Only the two light modules below load before the integrity check starts: the check (a worker thread
// reading every page of the file) then runs beside the loading of everything else.
import { loadConfig } from "./config";
import { assertDatabaseIntact, DatabaseCorruptError } from "./integrity";

/** A damaged file ends the start: what is wrong and the restore command, for the operator; no stack trace. */
function refuseDamaged(err: unknown): never {
  if (!(err instanceof DatabaseCorruptError)) throw err;
  console.error(`\n${err.message}\n`);
  process.exit(1);
}

const config = loadConfig();
// The file's integrity check (a worker thread reading every page: the longest step of a start on a large
// file) runs while the rest of the server loads and compiles on this thread; nothing opens the file for
// writing before it has passed (createAppServer awaits it), and a damaged file ends the start as soon as
// the check finds it.
const intact = assertDatabaseIntact(config.databasePath, config.backupDir);
intact.catch((err: unknown) => err instanceof DatabaseCorruptError && refuseDamaged(err));
const [{ createAppServer }, { startSchedules }, { logger }] = await Promise.all([import("./app"), import("./schedules"), import("./logger")]);
const server = await createAppServer(config, { intact }).catch(refuseDamaged);
let stopSchedules = () => {};

server.httpServer.listen(config.port, config.host, () => {
  logger.info({ port: config.port, database: config.databasePath }, "listening");
  // The jobs (and the start's catch-up run of today's reminders, a few hundred ms on a large database)
  // begin once the server answers: /healthz and the reconnecting boards do not wait for them.
  stopSchedules = startSchedules(server, config);
  if (server.setupPath) {
    const base = (process.env.PUBLIC_URL ?? `http://localhost:${config.port}`).replace(/\/$/, "");
    console.log(`\n创新联合体协同工作台尚未设置 (first run). 打开此链接完成首次设置 (open this link once to set up):\n  ${base}${server.setupPath}\n或在服务器上运行 (or run): npm run admin:create -- --help\n`);
  } else if (server.logins.length) {
    const lines = server.logins.map((l) => `  ${l.username.padEnd(14)} ${l.password.padEnd(10)} ${l.role} · ${l.displayName} · ${l.unit}`);
    console.log(`\n创新联合体协同工作台: http://localhost:${config.port}\n演示账号 (demo logins):\n${lines.join("\n")}\n`);
  }
});

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  logger.info({ signal }, "shutting down");
  stopSchedules();
  const force = setTimeout(() => process.exit(1), 10000);
  force.unref();
  await server.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
