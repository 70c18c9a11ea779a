import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    env: { LOG_LEVEL: "silent" },
    setupFiles: ["tests/helpers/setup.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    // Integration files each start a real server on its own database; two at a time suits 2 cores.
    // isolate: false: a fork imports the app (Remix build, models, drizzle) once for all its files
    // instead of once per file (that import was over a third of the suite's CPU time). Safe because no test
    // mocks modules or changes process.env, and every test builds its own database, server and clock.
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    pool: "forks",
  },
});
