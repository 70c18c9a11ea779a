// What the browser evaluates before /board answers input: the entry, the root layout and the board route
// with every module they import at load (a superset: the Remix compiler also drops what only loaders use,
// and .server modules never reach the browser). zod builds its schemas as a module loads, tens of ms on a
// phone, so the first load carries none: schemas load with the card dialog (a dynamic import) or stay on
// the server. A new static import of a schema module from the board or the shell turns this red.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { resolveImport, runtimeImports } from "../helpers/imports";

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");
const rel = (file: string) => path.relative(ROOT, file);

/** Every app module reachable from `entries` by static runtime imports, each with the chain that reaches it. */
function firstLoad(entries: string[]): Map<string, { via: string[]; packages: string[] }> {
  const seen = new Map<string, { via: string[]; packages: string[] }>();
  const queue = entries.map((e) => ({ file: path.join(ROOT, e), via: [] as string[] }));
  while (queue.length) {
    const { file, via } = queue.shift()!;
    if (seen.has(file) || /\.server\.tsx?$/.test(file)) continue;
    const specs = runtimeImports(file);
    seen.set(file, { via, packages: specs.filter((s) => !s.startsWith(".")) });
    for (const s of specs) {
      const next = resolveImport(file, s, APP);
      if (next) queue.push({ file: next, via: [...via, rel(file)] });
    }
  }
  return seen;
}

describe("the board's first load", () => {
  const load = firstLoad(["app/entry.client.tsx", "app/root.tsx", "app/routes/board.tsx"]);

  it("reaches the board itself (the walk follows the imports)", () => {
    const files = [...load.keys()].map(rel);
    for (const f of ["app/components/board/Board.tsx", "app/components/board/TaskCard.tsx", "app/realtime/protocol.ts", "app/models/task-rules.ts", "app/lib/viewer.tsx"]) expect(files).toContain(f);
  });

  it("evaluates no zod", () => {
    const withZod = [...load].filter(([, m]) => m.packages.some((p) => p === "zod" || p.startsWith("zod/"))).map(([f, m]) => [...m.via, rel(f)].join(" -> "));
    expect(withZod).toEqual([]);
  });

  it("leaves the card dialog and the request schemas to when they are needed", () => {
    const files = [...load.keys()].map(rel);
    expect(files).not.toContain("app/components/board/TaskDrawer.tsx");
    expect(files).not.toContain("app/realtime/protocol-requests.ts");
    expect(files).not.toContain("app/models/tasks.ts");
  });
});
