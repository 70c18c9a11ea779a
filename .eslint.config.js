// Lint for the whole repository, run by `npm test` (tests/run-all.sh) and counted like the typecheck:
// ESLint's and typescript-eslint's recommended rules, React's rules of hooks, and the clock rule (only
// the app clock, app/models/clock.ts, reads the machine clock; the exceptions are the allowlist that
// tests/unit/clock-discipline.test.ts also checks).
import fs from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

const clockAllowlist = Object.keys(JSON.parse(fs.readFileSync(new URL("./tests/helpers/machine-clock-allowlist.json", import.meta.url), "utf8")));

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", "db/migrations/", "test-results/", "data/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: ["error", "smart"],
      // Chinese text uses the full-width space (U+3000) on purpose.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipComments: true }],
      "no-var": "error",
      "prefer-const": "error",
    },
  },
  {
    // The few plain JavaScript files (this config, the test totals) run on Node.
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly" } },
  },
  {
    // Tests and benchmarks read untyped JSON replies and database rows.
    files: ["tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "server/**/*.ts", "db/**/*.ts"],
    ignores: clockAllowlist,
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Read the app clock (db.$clock, app/models/clock.ts), not the machine clock." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Read the app clock (db.$clock, app/models/clock.ts), not the machine clock." },
        // The browser build (esbuild) cannot tree-shake `import { z }`: every page would carry all of zod's locales.
        {
          selector: "ImportDeclaration[source.value='zod'][importKind='value'] > :matches(ImportSpecifier[imported.name='z'], ImportDefaultSpecifier)",
          message: 'Write `import * as z from "zod"`: esbuild ships all of zod for `import { z }`.',
        },
      ],
    },
  },
);
