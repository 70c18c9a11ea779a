// Builds the whole server for a config: database (migrated, seeded), Express, HTTP, Socket.IO, Remix.
// server/index.ts listens and handles signals; tests call this directly with their own database.
import express from "express";
import compression from "compression";
import helmet from "helmet";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { Server as IOServer } from "socket.io";
import { openDatabase, type DB } from "../db/client";
import { PROJECT_ROOT } from "../db/root";
import { applyMigrations, migrationsCurrent } from "../db/migrate";
import { demoPresent, seedDemo } from "../db/seed";
import { seedPermissions } from "../app/models/permissions.server";
import { applyConsortiumTimeZone } from "../app/models/consortium.server";
import { newSetupToken, setupPending } from "../app/models/setup.server";
import { clockFromEnv, type Clock } from "../app/models/clock";
import type { AppContext } from "../app/models/context.server";
import { deliverInbox } from "../app/models/outbox.server";
import { createPublisher } from "./realtime/publisher";
import { attachRealtime, type AppIo } from "./realtime/socket-server";
import type { ServerConfig } from "./config";
import { logger } from "./logger";
import { precompressed } from "./precompressed";
import { checkOrigin, internalOriginOf } from "./origin";
import { assertDatabaseIntact, quickCheckFile, type IntegrityStatus } from "./integrity";
import { sessionIdFromCookies } from "../app/models/session-cookie.server";
import { actorForSession } from "../app/models/auth.server";
import { translate, type Locale } from "../app/i18n/catalog";
import { createWorkerPool, type WorkerPool } from "./jobs/pool";
import { createExportJobs, type ExportJobs } from "../app/exports/jobs.server";
import { createPrinter } from "../app/exports/printer.server";
import { appLoadContext } from "../app/lib/load-context";

const root = PROJECT_ROOT;

export type AppServer = {
  httpServer: http.Server;
  io: AppIo;
  db: DB;
  ctx: AppContext;
  logins: Awaited<ReturnType<typeof seedDemo>>["logins"];
  /** The first-run link's path (/setup?token=…) while the install has no consortium or no admin; else null. */
  setupPath: string | null;
  /** Worker threads for heavy work (exports), and the export jobs that use them. */
  workers: WorkerPool;
  exportJobs: ExportJobs;
  /** The last integrity check of the database file, as /healthz reports it. */
  integrity: IntegrityStatus;
  /** Runs PRAGMA quick_check off the main thread and updates `integrity` (scheduled in server/schedules.ts). */
  checkIntegrity(): Promise<IntegrityStatus>;
  close(): Promise<void>;
};

/**
 * `clock`: the app's one clock; by default pinned by APP_NOW (tests) or else the machine's. `intact`: the
 * integrity check of the file, when the caller started it already (server/index.ts, while the server loads).
 */
export async function createAppServer(config: ServerConfig, opts: { clock?: Clock; intact?: Promise<unknown> } = {}): Promise<AppServer> {
  // The clock first (its time zone's first use loads ICU data): while the integrity check may still run.
  const clock = opts.clock ?? clockFromEnv();
  // A damaged file is refused before anything opens it for writing (DatabaseCorruptError says how to restore).
  await (opts.intact ?? assertDatabaseIntact(config.databasePath, config.backupDir));
  const db = openDatabase(config.databasePath, clock, { groupCommit: true });
  const integrity: IntegrityStatus = { state: "ok", checkedAt: db.$clock.nowIso(), problems: [] };
  fs.mkdirSync(config.uploadsDir, { recursive: true }); // evidence files (app/models/evidence.server.ts)
  applyMigrations(db);
  applyConsortiumTimeZone(db);
  seedPermissions(db);
  const { logins } = config.seedDemo ? await seedDemo(db) : { logins: [] };

  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy) app.set("trust proxy", 1);
  const httpServer = http.createServer(app);
  const io: AppIo = new IOServer(httpServer, {
    transports: ["websocket", "polling"],
    // The browser's client comes with the pages' bundle; socket.io's own copy is read from beside its
    // package, which the bundled server (build/server) is not.
    serveClient: false,
    maxHttpBufferSize: 64 * 1024, // a board message is small; refuse floods early
    pingInterval: 10000,
    pingTimeout: 8000,
    // A handshake (WebSocket or polling) from another origin is refused before any cookie is read.
    allowRequest: (req, callback) => {
      const ok = checkOrigin(req.headers, config.publicOrigin) !== "refused";
      if (!ok) logger.warn({ origin: req.headers.origin, host: req.headers.host }, "cross-origin socket handshake refused");
      callback(null, ok);
    },
  });
  const ctx: AppContext = {
    db,
    realtime: createPublisher(io),
    config: {
      sessionSecret: config.sessionSecret,
      secureCookies: config.secureCookies,
      dataDir: config.dataDir,
      uploadsDir: config.uploadsDir,
      pdftoppm: config.pdftoppm,
      demo: config.seedDemo && demoPresent(db),
      setupToken: setupPending(db) ? newSetupToken() : undefined,
      publicOrigin: config.publicOrigin,
      mailEnabled: config.smtp != null,
    },
  };
  ctx.deliver = (told) => deliverInbox(ctx, told);
  attachRealtime(io, ctx);
  const workers = createWorkerPool({ databasePath: config.databasePath, threads: config.exportThreads });
  ctx.writes = workers.writes;
  const exportJobs = createExportJobs({
    dir: path.join(config.dataDir, "exports"),
    clock: db.$clock,
    running: config.exportThreads,
    onError: (err, file) => logger.error({ err, file }, "export failed"),
  });
  const printer = createPrinter();
  // Printing opens the server's own origin, known once it listens (never the Host of a request).
  httpServer.on("listening", () => {
    const address = httpServer.address();
    if (address && typeof address === "object") ctx.config.internalOrigin = internalOriginOf(address);
  });

  app.use((req, res, next) => {
    const id = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || randomUUID();
    res.locals.requestId = id;
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("x-request-id", id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.path.startsWith("/build/")) return;
      logger.info(
        { reqId: id, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        "request",
      );
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"], // dnd-kit and bars position with style attributes
          "connect-src": ["'self'", "ws:", "wss:"],
          "img-src": ["'self'", "data:", "blob:"],
          "frame-ancestors": ["'none'"],
          "upgrade-insecure-requests": config.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: config.secureCookies,
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(compression());

  // A browser posting from another origin (a form on another site, a sibling subdomain) is refused
  // here with a 403 in the user's language, before Remix (which would throw and answer 500).
  app.use(async (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const verdict = checkOrigin(req.headers, config.publicOrigin);
    // Accepted as PUBLIC_URL while the proxy sends another Host: Remix's own Host check would throw.
    if (verdict === "public-url") delete req.headers.origin;
    if (verdict !== "refused") return next();
    logger.warn({ reqId: res.locals.requestId, method: req.method, url: req.originalUrl, origin: req.headers.origin }, "cross-origin write refused");
    let locale: Locale = "zh-CN";
    try {
      locale = actorForSession(db, await sessionIdFromCookies(ctx.config, req.headers.cookie))?.locale ?? locale;
    } catch {
      /* an unreadable cookie: the message stays in Chinese */
    }
    res.status(403).type("text/plain; charset=utf-8").send(translate(locale, "errors.crossOrigin"));
  });

  // A form's answer (and its redirect) goes out once its write is on disk (group commit, db/client.ts): what
  // the user is told was saved survives a power cut.
  app.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD" && db.$durable) holdUntilDurable(res, db.$durable);
    next();
  });

  app.get("/healthz", (_req, res) => {
    const file = { integrity: integrity.state, integrityCheckedAt: integrity.checkedAt, ...(integrity.problems.length ? { problems: integrity.problems } : {}) };
    try {
      db.$client.prepare("SELECT 1").get();
      const current = migrationsCurrent(db);
      const ok = current && integrity.state !== "corrupt";
      res.status(ok ? 200 : 503).json({ ok, db: "ok", migrations: current ? "current" : "pending", ...file });
    } catch (err) {
      res.status(503).json({ ok: false, db: String(err), ...file });
    }
  });

  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use("/build", precompressed(path.join(root, "public/build")), express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  // Until the first run is done, every page leads to the setup page (setup.server.ts). Checked per request
  // only while pending: the admin:create script may finish it from another process.
  let setupDone = !ctx.config.setupToken;
  const SETUP_OPEN = new Set(["/setup", "/setup.data", "/__manifest"]);
  app.use((req, res, next) => {
    if (setupDone || SETUP_OPEN.has(req.path)) return next();
    if (!setupPending(db)) {
      setupDone = true;
      ctx.config.setupToken = undefined;
      return next();
    }
    res.redirect(302, "/setup");
  });

  // The pages (the Remix build, its adapter and the packages they import: seconds on a busy machine) load
  // while the server already listens: /healthz and the boards' sockets, which every open page reconnects
  // after a restart, need none of it; a page request waits for it.
  const pages = Promise.all([
    import(pathToFileURL(path.join(root, "build/index.js")).href) as Promise<ServerBuild>,
    import("@remix-run/express"),
  ]).then(([build, { createRequestHandler }]) =>
    createRequestHandler({
      build,
      mode: config.production ? "production" : "development",
      getLoadContext: (req, res) => appLoadContext(ctx, { workers, exportJobs, printer }, { cspNonce: res.locals.cspNonce, requestId: res.locals.requestId, ip: req.ip ?? "" }),
    }),
  );
  pages.catch((err: unknown) => logger.error({ err }, "the pages (build/index.js) failed to load"));
  app.all("*", (req, res, next) => void pages.then((handle) => handle(req, res, next), next));

  return {
    httpServer,
    io,
    db,
    ctx,
    logins,
    setupPath: ctx.config.setupToken ? `/setup?token=${ctx.config.setupToken}` : null,
    workers,
    exportJobs,
    integrity,
    async checkIntegrity() {
      const problems = await quickCheckFile(config.databasePath);
      Object.assign(integrity, { state: problems.length ? "corrupt" : "ok", checkedAt: db.$clock.nowIso(), problems });
      if (problems.length) logger.error({ problems, database: config.databasePath, backups: config.backupDir }, "database integrity check failed: restore from a backup (README, Restore)");
      return integrity;
    },
    async close() {
      // Stop accepting, tell sockets goodbye, let in-flight requests finish, then close the database.
      // io.close() also closes the HTTP server, whose callback waits for every connection to end; an
      // idle keep-alive connection would hold it for seconds, so idle ones are dropped as they become
      // idle (a request in flight is never cut: only idle connections are closed).
      io.disconnectSockets(true);
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeIdleConnections();
      const sweep = setInterval(() => httpServer.closeIdleConnections(), 25);
      await closed;
      clearInterval(sweep);
      exportJobs.close();
      await workers.close();
      await printer.close();
      // Commits still waiting for the disk publish when it answers: wait for that before closing.
      await db.$durable?.().catch(() => undefined);
      db.$client.close();
    },
  };
}

/** Defers the response's writes (in order) until `durable()`, asked at its first write: after the action's commit. */
function holdUntilDurable(res: express.Response, durable: () => Promise<void>) {
  let chain: Promise<unknown> | null = null;
  const later = (fn: () => unknown) => {
    chain = (chain ?? durable().catch(() => undefined)).then(fn);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
  res.write = ((...args: unknown[]) => (later(() => write(...args)), true)) as typeof res.write;
  res.end = ((...args: unknown[]) => (later(() => end(...args)), res)) as typeof res.end;
}
