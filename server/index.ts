// Composition root: config from env -> database (migrate, seed) -> Express -> HTTP -> Socket.IO ->
// Remix -> listen. SIGTERM/SIGINT close sockets, finish in-flight requests and close the database.
import { loadConfig } from "./config";
import { createAppServer } from "./app";
import { logger } from "./logger";
import { startSchedules } from "./schedules";
import { DatabaseCorruptError } from "./integrity";

const config = loadConfig();
const server = await createAppServer(config).catch((err: unknown) => {
  if (!(err instanceof DatabaseCorruptError)) throw err;
  // What is wrong and the restore command, for the operator; no stack trace.
  console.error(`\n${err.message}\n`);
  process.exit(1);
});
const stopSchedules = startSchedules(server, config);

server.httpServer.listen(config.port, config.host, () => {
  logger.info({ port: config.port, database: config.databasePath }, "listening");
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
