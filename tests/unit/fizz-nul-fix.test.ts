// The streamed HTML of a Chinese page must not carry the renderer's NUL padding (see fizz-nul-fix.server.ts).
import { Writable } from "node:stream";
import { Suspense, createElement as h } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fizzNulFilter, withoutFizzPadding } from "../../app/lib/fizz-nul-fix.server";

/** A page of many short Chinese cells, the shape that makes characters straddle the 2 KB buffer. */
const page = () =>
  h("html", null, h("body", null, h(Suspense, { fallback: "…" },
    ...Array.from({ length: 400 }, (_, i) => h("p", { key: i }, `任务${i}：谐波减速器寿命试验第${i % 7}阶段`)))));

function render(filter: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    const sink = new Writable({ write(c: Buffer, _e, done) { parts.push(Buffer.from(c)); done(); } });
    sink.on("finish", () => resolve(Buffer.concat(parts)));
    const { pipe } = renderToPipeableStream(page(), {
      onAllReady() {
        if (!filter) return pipe(sink);
        const f = fizzNulFilter();
        f.pipe(sink);
        pipe(f);
      },
      onError: reject,
    });
  });
}

describe("streamed HTML", () => {
  it("the renderer alone pads with NULs (the bug this guards against)", async () => {
    expect((await render(false)).includes(0)).toBe(true);
  });
  it("through the filter it is clean UTF-8 with every cell", async () => {
    const html = (await render(true)).toString("utf8");
    expect(html).not.toContain("\0");
    expect(html).not.toContain("\uFFFD");
    expect(html).toContain("任务399：谐波减速器寿命试验第0阶段");
  });
  it("only the trailing padding of a full buffer is dropped", () => {
    const full = new Uint8Array(2048).fill(65);
    full.set([0, 0], 2046);
    expect(withoutFizzPadding(full).byteLength).toBe(2046);
    const short = Uint8Array.from([65, 0]);
    expect(withoutFizzPadding(short)).toBe(short);
  });
});
