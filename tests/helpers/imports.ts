// A source file's runtime imports, read with the TypeScript parser: the model-structure test walks the
// models' graph with them, the first-load test the graph a page's first load evaluates in the browser.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * The modules a file imports at runtime. Left out: `import type`, imports whose every name is `type`
 * (the compiler erases both) and dynamic `import()` (loaded lazily, so it cannot close a cycle at load).
 */
export function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const node of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause && !clause.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      spec = node.moduleSpecifier;
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      spec = node.moduleSpecifier;
    }
    if (spec && ts.isStringLiteral(spec)) out.push(spec.text);
  }
  return out;
}

/** Resolves a relative specifier to a file inside `within`, or null (packages, files elsewhere). */
export function resolveImport(from: string, spec: string, within: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (candidate.startsWith(within) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}
