// The browser's assets compressed once at build time (part of `npm run build`, after `remix build`): every
// script, style sheet and JSON file of public/build gets a Brotli (.br) and a gzip (.gz) copy beside it,
// which server/precompressed.ts sends as they are. Compressed per request instead, the /board's first load
// cost the server ~250 ms of CPU (react-dom's chunk alone ~90 ms) on the cores the browser also needs.
import fs from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import zlib from "node:zlib";

const DIR = path.resolve(process.argv[2] ?? "public/build");
const COMPRESSIBLE = /\.(js|css|json|svg|map)$/;
const MIN_BYTES = 1024; // below this the headers outweigh the saving
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

async function filesUnder(dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && COMPRESSIBLE.test(e.name)).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

const started = performance.now();
const files = await filesUnder(DIR);
let before = 0;
let after = 0;
await Promise.all(
  files.map(async (file) => {
    const body = await fs.readFile(file);
    if (body.length < MIN_BYTES) return;
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzip(body, { level: 9 }),
    ]);
    await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
    before += body.length;
    after += br.length;
  }),
);
console.log(`assets compressed: ${files.length} files, ${Math.round(before / 1024)} KB → ${Math.round(after / 1024)} KB (brotli) in ${Math.round(performance.now() - started)} ms`);
