// The server compiled at build time (part of `npm run build`, after `remix build`): server/index.ts and
// the worker threads' entries (the pool's, the printer's) bundled by esbuild into build/server/ as plain ES modules, with the JavaScript
// packages they import (issue #17): node resolving and reading hundreds of small files of node_modules
// (date-fns, drizzle-orm, zod, express, socket.io …) was most of the time from `npm start` to listening.
// Left in node_modules (EXTERNAL): native addons and packages that load files beside themselves at run
// time, the Remix packages (shared with the Remix build, loaded after listen), and the worker-only
// document writers (loaded with the first export, not at start).
import path from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";

const EXTERNAL = [
  "better-sqlite3", // native (.node through `bindings`)
  "@node-rs/argon2", // native, per-platform optional packages
  "piscina", // starts its threads from its own worker file
  "pino", // a transport (none today) starts a thread from a file beside the package
  "@remix-run/express", // the adapter, imported with the Remix build (build/index.js) after listen
  "@remix-run/node", // the Remix build's own runtime: a worker rendering a print view (print-render.server.ts) must share it
  "playwright-core", // Chromium driver: reads its own files
  "docx",
  "exceljs",
  "pinyin-pro", // large dictionaries, used by few tasks
  "bufferutil", // ws's optional native helpers, absent here: required inside try/catch
  "utf-8-validate",
];

/**
 * zod re-exports its ~40 message locales as a namespace (`z.locales`), which no tree-shaking drops: 600 KB
 * to load at every start and in every fresh worker thread. We use its English messages only (our own are
 * keyed, validation.ts), so the bundle gets a locales module holding just those.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.resolve(args.resolveDir, "../locales/en.js"), namespace: "zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: path.dirname(args.path) }));
  },
};

const started = performance.now();
await build({
  entryPoints: { index: "server/index.ts", worker: "server/jobs/worker.ts", "print-worker": "server/jobs/print-worker.ts" },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // What loads later (the mailer with the first e-mail) goes to a chunk of its own instead of being
  // compiled with the start; the worker shares chunks with the server.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Half the bytes to read, decode and compile at every start; stack traces stay readable through the
  // source map (`npm start` runs node with --enable-source-maps).
  minify: true,
  external: EXTERNAL,
  plugins: [zodEnglishOnly],
  // CommonJS packages bundled into an ES module still `require` node's built-ins.
  banner: { js: `import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);` },
  sourcemap: "linked",
  // Stack traces need the mappings, not the sources: `node --enable-source-maps` reads and parses the whole
  // map while loading the bundle, so a map without sourcesContent is a third of the size and of that time.
  sourcesContent: false,
  logLevel: "warning",
});
console.log(`server bundled into build/server/ in ${Math.round(performance.now() - started)} ms`);
