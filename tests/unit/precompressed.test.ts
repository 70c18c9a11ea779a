// The build's compressed copies of the browser's assets (server/precompressed.ts): sent with the right type
// and encoding to a browser that takes them, the file itself otherwise, and a copy older than its file never.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressed } from "../../server/precompressed";

let dir: string;
let server: http.Server;
let base: string;
const SCRIPT = "export const x = 1;\n".repeat(200);

function get(p: string, encoding: string) {
  return new Promise<{ status: number; type?: string; encoding?: string; vary?: string; body: Buffer }>((resolve, reject) => {
    http
      .get(`${base}${p}`, { headers: { "accept-encoding": encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode!, type: res.headers["content-type"], encoding: res.headers["content-encoding"], vary: res.headers.vary, body: Buffer.concat(chunks) }),
        );
      })
      .on("error", reject);
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-precompressed-"));
  fs.mkdirSync(path.join(dir, "_shared"));
  for (const name of ["_shared/app.js", "stale.js"]) fs.writeFileSync(path.join(dir, name), SCRIPT);
  fs.writeFileSync(path.join(dir, "_shared/app.js.br"), zlib.brotliCompressSync(SCRIPT));
  fs.writeFileSync(path.join(dir, "_shared/app.js.gz"), zlib.gzipSync(SCRIPT));
  // A copy made before its file was rebuilt: never sent.
  fs.writeFileSync(path.join(dir, "stale.js.br"), zlib.brotliCompressSync("old"));
  const past = new Date(Date.parse("2020-01-01T00:00:00Z"));
  fs.utimesSync(path.join(dir, "stale.js.br"), past, past);
  const app = express();
  app.use("/build", precompressed(dir), express.static(dir));
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/build`;
});

afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("precompressed assets", () => {
  it("sends the Brotli copy to a browser that takes it, whatever order it lists encodings in", async () => {
    const res = await get("/_shared/app.js?v=1", "gzip, deflate, br, zstd");
    expect(res.status).toBe(200);
    expect(res.encoding).toBe("br");
    expect(res.type).toMatch(/^application\/javascript/);
    expect(res.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it("sends the gzip copy when Brotli is not taken, the file itself when neither is", async () => {
    const gz = await get("/_shared/app.js", "gzip, br;q=0");
    expect(gz.encoding).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const plain = await get("/_shared/app.js", "identity");
    expect(plain.encoding).toBeUndefined();
    expect(plain.type).toMatch(/^application\/javascript/);
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it("ignores a copy older than its file, and a file without copies is served as it is", async () => {
    const stale = await get("/stale.js", "br");
    expect(stale.encoding).toBeUndefined();
    expect(stale.body.toString()).toBe(SCRIPT);
    expect((await get("/missing.js", "br")).status).toBe(404);
  });
});
