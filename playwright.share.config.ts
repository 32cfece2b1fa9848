// TEMPORARY (share/isolation engineer): own build dir and port, so parallel e2e runs don't collide. Remove after.
import base from "./playwright.config.ts";
import { defineConfig } from "@playwright/test";
const PORT = 4183;
export default defineConfig({
  ...base,
  outputDir: "test-results/share",
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    command: `npx vite build --outDir /tmp/share-dist --emptyOutDir && npx vite preview --outDir /tmp/share-dist --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
  },
});
