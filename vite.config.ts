import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { pyodidePlugin } from "./scripts/vite-plugin-pyodide.ts";

export default defineConfig({
  plugins: [react(), pyodidePlugin()],
  // Pyodide locates its own files at run time; pre-bundling breaks that.
  optimizeDeps: { exclude: ["pyodide"] },
  worker: { format: "es" },
  build: {
    target: "es2022",
    // Monaco is one big lazy chunk by design; don't warn about it.
    chunkSizeWarningLimit: 5000,
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
