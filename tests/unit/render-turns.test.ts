// <LaterTurn> and laterTurn (app/lib/render-turns.tsx): the server render of a long page yields to the event
// loop between its sections (issue #17), and the HTML is the same as a render in one go.
import { PassThrough } from "node:stream";
import { createElement as h, type ReactNode } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LaterTurn, RenderTurns, RenderTurnsContext, laterTurn } from "../../app/lib/render-turns";

/** Counts event-loop iterations (one tick per check phase) while `run` is pending. */
async function counting<T>(run: (iteration: () => number) => Promise<T>): Promise<T> {
  let n = 0;
  let on = true;
  const tick = () => {
    n += 1;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return await run(() => n);
  } finally {
    on = false;
  }
}

function page(seen: { name: string; at: number }[], iteration: () => number): ReactNode {
  const Part = ({ name }: { name: string }) => {
    seen.push({ name, at: iteration() });
    return h("p", null, name);
  };
  return h(
    "main",
    null,
    h(Part, { name: "head" }),
    h(LaterTurn, null, h(Part, { name: "one" })),
    h("table", null, h("tbody", null, h(LaterTurn, null, h("tr", null, h("td", null, h(Part, { name: "row" })))))),
    h(LaterTurn, null, h(Part, { name: "two" }), h(LaterTurn, null, h(Part, { name: "three" }))),
  );
}

const streamed = (tree: ReactNode) =>
  new Promise<string>((resolve, reject) => {
    const out = new PassThrough();
    let html = "";
    out.on("data", (c: Buffer) => (html += c.toString("utf8")));
    out.on("end", () => resolve(html));
    const { pipe } = renderToPipeableStream(h(RenderTurnsContext.Provider, { value: new RenderTurns() }, tree), { onAllReady: () => pipe(out), onError: reject });
  });

/** The page's visible markup: React's boundary comments and its swap scripts/templates left out. */
const visible = (html: string) => html.replace(/<!--.*?-->/g, "").replace(/<script>.*?<\/script>/g, "");

describe("render turns", () => {
  it("renders each section in a later event-loop iteration than the one before it", async () => {
    const seen: { name: string; at: number }[] = [];
    await counting((iteration) => streamed(page(seen, iteration)));
    const first = new Map<string, number>();
    for (const s of seen) if (!first.has(s.name)) first.set(s.name, s.at);
    const at = (name: string) => first.get(name)!;
    expect(at("one")).toBeGreaterThan(at("head"));
    expect(at("row")).toBeGreaterThan(at("one"));
    expect(at("two")).toBeGreaterThan(at("row"));
    expect(at("three")).toBeGreaterThan(at("two"));
  });

  it("gives the same markup as a render without turns (the browser's hydration)", async () => {
    const seen: { name: string; at: number }[] = [];
    const html = await streamed(page(seen, () => 0));
    expect(visible(html)).toBe(visible(renderToString(page([], () => 0))));
    expect(visible(html)).toContain("<tbody><tr><td><p>row</p></td></tr></tbody>");
  });

  it("runs a loader's later read after the current iteration, and its error reaches the caller", async () => {
    const handoff = {};
    const order: string[] = [];
    const read = laterTurn(handoff, () => (order.push("read"), 42));
    const failing = laterTurn(handoff, () => {
      throw new Error("refused");
    });
    order.push("now");
    await expect(read).resolves.toBe(42);
    await expect(failing).rejects.toThrow("refused");
    expect(order).toEqual(["now", "read"]);
  });
});
