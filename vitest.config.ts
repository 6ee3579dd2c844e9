import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/**/*.test.ts",
      "contracts/**/*.test.ts",
      "drivers/**/*.test.ts",
      "grammar/**/*.test.ts",
      "compiler/**/*.test.ts",
      "runtime/**/*.test.ts",
      "cli/**/*.test.ts",
      "report/**/*.test.ts",
    ],
    // Two cores here: keep the pool small so end-to-end runs do not starve each other.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    pool: "forks",
    // One temporary folder for the run's scratch files, removed at its end (test/helpers/temp-root.ts).
    globalSetup: ["test/helpers/temp-root.ts"],
    testTimeout: 60_000,
    // beforeAll hooks train models; on a loaded 2-core machine that can take longer than the 10 s default.
    hookTimeout: 60_000,
  },
});
