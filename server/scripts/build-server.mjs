// The server compiled at build time (part of `npm run build`, after `remix build`): server/index.ts and
// the worker threads' entry bundled by esbuild into build/server/ as plain ES modules, packages left to
// node_modules. `npm start` runs node on the output: no TypeScript compilation when the server starts.
import { performance } from "node:perf_hooks";
import { build } from "esbuild";

const started = performance.now();
await build({
  entryPoints: { index: "server/index.ts", worker: "server/jobs/worker.ts" },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
console.log(`server bundled into build/server/ in ${Math.round(performance.now() - started)} ms`);
