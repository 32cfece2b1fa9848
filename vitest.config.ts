import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "lessons/**/*.test.ts", "tests/**/*.test.ts"],
    // Pyodide boots take seconds; the interop suites start real servers.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
