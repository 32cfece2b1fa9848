import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { pyodidePlugin } from "./scripts/vite-plugin-pyodide.ts";
import { monacoTrimPlugin } from "./scripts/vite-plugin-monaco-trim.ts";

export default defineConfig({
  // monacoTrimPlugin: parts of Monaco the editor never reaches stay out of its chunk (issue #8).
  plugins: [react(), pyodidePlugin(), monacoTrimPlugin()],
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
