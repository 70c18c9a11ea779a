// The server compiled at build time (part of `npm run build`, after `remix build`): server/index.ts and
// the worker threads' entry bundled by esbuild into build/server/ as plain ES modules. `npm start` runs
// node on the output: no TypeScript compilation when the server starts.
//
// The server leaves its packages to node_modules. The worker bundles its pure-JS packages (zod, date-fns,
// drizzle-orm …) into worker.js: a thread starts with the work (server/jobs/pool.ts), and resolving and
// loading hundreds of package files (date-fns alone is ~250 modules) cost a fresh thread over a second of
// CPU before its first task; bundled and tree-shaken they cost a fraction. Native addons, the large
// libraries only some tasks load (exceljs, docx …) and Remix stay external.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";

/**
 * zod re-exports its ~40 message locales as a namespace (`z.locales`), which no tree-shaking drops: 600 KB
 * of a thread's start-up. We use its English messages only (our own are keyed, validation.ts), so the
 * worker gets a locales module holding just those.
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
const common = { outdir: "build/server", bundle: true, platform: "node", format: "esm", target: "node20", sourcemap: "linked", logLevel: "warning" };
await Promise.all([
  build({ ...common, entryPoints: { index: "server/index.ts" }, packages: "external" }),
  build({
    ...common,
    entryPoints: { worker: "server/jobs/worker.ts" },
    plugins: [zodEnglishOnly],
    external: ["better-sqlite3", "@node-rs/argon2", "exceljs", "docx", "playwright-core", "pinyin-pro", "@remix-run/*", "nodemailer", "pino"],
    // Bundled CommonJS packages may still require node's own modules.
    banner: { js: 'import { createRequire as __workerRequire } from "node:module"; const require = __workerRequire(import.meta.url);' },
  }),
]);
console.log(`server bundled into build/server/ in ${Math.round(performance.now() - started)} ms`);
