// The model layer's shape, checked from the source: no runtime import cycles between models, one write
// kernel (only it appends audit rows and board events), one query style (raw SQL only through
// sql.server.ts), and no SQL in routes. A new cycle or a new stray `$client.prepare` turns this red the day
// it is written.
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { resolveImport as resolve, runtimeImports } from "../helpers/imports";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MODELS = path.join(ROOT, "app/models");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file);

/** Every import cycle of the graph, each once, as the list of its files (Tarjan's strongly connected components). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe("model layer structure", () => {
  it("finds a cycle when there is one (the checker itself)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cyclesOf(graph)).toEqual([["a", "b", "c"]]);
    expect(cyclesOf(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });

  it("reads runtime imports and leaves out type-only ones", () => {
    const file = path.join(MODELS, "write.server.ts");
    const imports = runtimeImports(file);
    expect(imports).toContain("./audit.server");
    expect(imports).not.toContain("./context.server"); // import type { Actor, ... }
  });

  it("app/models has no runtime import cycle", () => {
    const files = sources(MODELS);
    const graph = new Map(files.map((f) => [rel(f), runtimeImports(f).map((s) => resolve(f, s, MODELS)).filter((x): x is string => x != null).map(rel)]));
    expect(cyclesOf(graph)).toEqual([]);
  });

  it("only the write kernel appends audit rows and board events", () => {
    const kernel = new Set(["app/models/write.server.ts", "app/models/audit.server.ts", "app/models/board-events.server.ts"]);
    const offenders = sources(path.join(ROOT, "app"))
      .filter((f) => !kernel.has(rel(f)))
      .filter((f) => /\b(appendAudit|appendEvents)\b/.test(fs.readFileSync(f, "utf8")))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it("raw SQL runs only through the query helpers of sql.server.ts", () => {
    const offenders = sources(path.join(ROOT, "app"))
      .filter((f) => rel(f) !== "app/models/sql.server.ts")
      .flatMap((f) =>
        fs
          .readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ line, at: `${rel(f)}:${i + 1}` }))
          .filter(({ line }) => /\$client\b|\.prepare\(|\bdb\.(select|insert|update|delete)\(/.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it("routes run no SQL of their own", () => {
    const offenders = sources(path.join(ROOT, "app/routes"))
      .filter((f) => /\b(SELECT|INSERT|UPDATE|DELETE)\s/.test(fs.readFileSync(f, "utf8")) || /from "\.\.\/models\/sql\.server"/.test(fs.readFileSync(f, "utf8")))
      .map(rel);
    expect(offenders).toEqual([]);
  });
});
