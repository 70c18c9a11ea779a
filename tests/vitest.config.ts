import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    env: { LOG_LEVEL: "silent" },
    setupFiles: ["tests/helpers/setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    // Integration files each start a real server on its own database; two at a time suits 2 cores.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: "forks",
  },
});
