/**
 * Makes the Python memory snapshot ahead of time, so a first visit boots
 * interpreters from it instead of spending ~2.5 s booting Python from
 * scratch and importing the preload list in the browser.
 *
 *   tsx scripts/make-snapshot.ts            the Node runner's disk cache only (dev server)
 *   tsx scripts/make-snapshot.ts DIR        also DIR/<key>.gz (vite build: dist/pyodide/snapshots/)
 *
 * The snapshot is made by the same runner code the browser uses, in Node:
 * its bytes are a just-started interpreter's heap plus the preloaded
 * modules, whatever host made it. Its key (Pyodide's version, the preload
 * list, the Python files baked in) is the one the browser computes, so a
 * page only ever takes a snapshot made from the same sources; Pyodide checks
 * its build id on load, and a snapshot that does not boot is dropped and the
 * browser makes its own (runner.ts).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { createNodeRunner } from "../src/runtime/python/node.ts";

/** File name of a snapshot in the site: the browser asks for `${indexURL}snapshots/${snapshotFileName(key)}`. */
export function snapshotFileName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]/g, "_")}.gz`;
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : null;
  const t = performance.now();
  // spares: 0 → ready() resolves once the snapshot exists (made, or read from the disk cache).
  // A snapshot made now is kept from the runner's store call (which it does not
  // wait for), and written to the disk cache before this process exits.
  const { createNodeWorkerHost } = await import("../src/runtime/python/node-worker-host.ts");
  const cache = createNodeWorkerHost({});
  let made: Uint8Array | null = null;
  let stored: Promise<void> = Promise.resolve();
  const runner = createNodeRunner({
    spares: 0,
    putSnapshot: (key, b) => {
      if (b.length) made = b;
      stored = cache.putSnapshot?.(key, b) ?? Promise.resolve();
      return stored;
    },
  });
  await runner.ready();
  const s = runner.stats().snapshot;
  await runner.dispose();
  await stored;
  if (!s.key) throw new Error("the runner reported no snapshot key");
  const ms = performance.now() - t;
  console.log(`snapshot ${s.key}: ${(s.bytes / 1e6).toFixed(1)} MB, ${s.source} in ${ms.toFixed(0)} ms`);
  if (!outDir) return;
  const bytes = made ?? (await readCached(s.key));
  const gz = gzipSync(bytes, { level: 6 });
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) if (name.endsWith(".gz")) rmSync(join(outDir, name));
  writeFileSync(join(outDir, snapshotFileName(s.key)), gz);
  console.log(`wrote ${join(outDir, snapshotFileName(s.key))} (${(gz.length / 1e6).toFixed(1)} MB gzip)`);
}

/** The bytes the runner just made or found, from the Node host's disk cache. */
async function readCached(key: string): Promise<Uint8Array> {
  const { createNodeWorkerHost } = await import("../src/runtime/python/node-worker-host.ts");
  const host = createNodeWorkerHost({});
  const b = await host.getSnapshot?.(key);
  if (!b || (b instanceof Uint8Array ? b.length : b.size) === 0) throw new Error(`the snapshot ${key} is not in the Node runner's disk cache`);
  return b instanceof Uint8Array ? b : new Uint8Array(await b.arrayBuffer());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(`make-snapshot: ${e instanceof Error ? e.message : e}`);
      process.exit(1);
    },
  );
}
