/**
 * The site in headless Chromium (Debian's): page-load figures, the CGI and
 * FastCGI loops through the engine worker, and memory after many CGI
 * requests. Loops go through the "CGI vs FastCGI" panel's calls
 * (globalThis.cgiLabBench, set while the panel is open).
 */
import { readdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { BenchRunArgs, BenchRunResult } from "../src/worker/api.ts";
import type { StaticServer } from "./static-server.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/**
 * Marks (performance.now() in the page, i.e. ms since navigation start) set as soon as each thing is on screen.
 * A string, not a function: tsx would add helpers (__name) the page does not have.
 */
const MARKS_SCRIPT = `(() => {
  const marks = {};
  globalThis.__benchMarks = marks;
  const check = () => {
    if (!marks.editor) {
      const lines = document.querySelector(".monaco-editor .view-lines");
      const input = document.querySelector(".monaco-editor textarea, .monaco-editor .native-edit-context");
      if (lines && input && (lines.textContent || "").trim().length > 0) marks.editor = performance.now();
    }
    if (!marks.response) {
      const r = document.querySelector('[role="region"][aria-label="Response"]');
      if (r && /HTTP\\/1\\.1 200/.test(r.textContent || "")) marks.response = performance.now();
    }
    if (!marks.python && document.querySelector(".python-status.stage-ready")) marks.python = performance.now();
    if (!(marks.editor && marks.response && marks.python)) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function marks(page: Page): Promise<Record<string, number>> {
  return page.evaluate("({ ...globalThis.__benchMarks })") as Promise<Record<string, number>>;
}

async function waitMarks(page: Page, names: string[], timeoutMs = 120_000): Promise<Record<string, number>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = await marks(page).catch(() => ({}) as Record<string, number>);
    if (names.every((n) => m[n])) return m;
    if (Date.now() > end) throw new Error(`timed out waiting for ${names.filter((n) => !m[n]).join(", ")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext({ serviceWorkers: "allow", viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript(MARKS_SCRIPT);
  return ctx;
}

export interface VisitFigures {
  editorReadyMs: number;
  firstResponseColdMs: number;
  pythonReadyColdMs: number;
  firstVisitTransferBytes: number;
  firstResponseRepeatMs: number;
  editorReadyRepeatMs: number;
  typingWorks: boolean;
}

/**
 * One cold visit in a fresh context (empty HTTP cache, nothing in Cache Storage), then a
 * repeat visit in the same context, both to `path` (e.g. "?lesson=01-static-and-dynamic";
 * "" is the playground). On each, "Run" is clicked as soon as it can be and the figure
 * is when the Response pane shows a 200: on the playground that is the default script's
 * (hello.py) CGI response; in lesson 1 it is /clock.html, a static file, which the
 * emulated server also serves only once it is up with Python.
 */
export async function visitPair(browser: Browser, server: StaticServer, checkTyping: boolean, path = ""): Promise<VisitFigures> {
  const ctx = await newContext(browser);
  const url = server.url + path;
  try {
    const page = await ctx.newPage();
    server.resetBytes();
    await page.goto(url, { waitUntil: "commit" });
    await page.getByRole("button", { name: "Run", exact: true }).click({ timeout: 60_000 });
    const m1 = await waitMarks(page, ["python"]);
    const transfer = server.bytes();
    const m1b = await waitMarks(page, ["editor", "response"]);
    let typingWorks = false;
    if (checkTyping) {
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+End");
      await page.keyboard.type("#typed-by-bench");
      // Monaco paints on the next frames: poll briefly.
      for (let i = 0; i < 40 && !typingWorks; i++) {
        typingWorks = ((await page.locator(".monaco-editor .view-lines").first().textContent()) ?? "").includes("#typed-by-bench");
        if (!typingWorks) await page.waitForTimeout(50);
      }
      await page.keyboard.press("Control+z");
    }
    // Let the first visit store what it stores (workspace; snapshot and wasm in Cache Storage) before leaving.
    await page.waitForTimeout(1500);
    await page
      .waitForFunction(
        `(async () => { for (const n of ["cgi-lab-snapshots", "cgi-lab-snapshots:wasm"]) if (!(await (await caches.open(n)).keys()).length) return false; return true; })()`,
        undefined,
        { timeout: 10_000, polling: 200 },
      )
      .catch(() => {}); // a visit that could not store them: the repeat visit shows what that costs
    await page.waitForTimeout(200);
    await page.goto(url, { waitUntil: "commit" });
    await page.getByRole("button", { name: "Run", exact: true }).click({ timeout: 60_000 });
    const m2 = await waitMarks(page, ["editor", "response"]);
    return {
      editorReadyMs: m1b.editor!,
      firstResponseColdMs: m1b.response!,
      pythonReadyColdMs: m1.python!,
      firstVisitTransferBytes: transfer,
      firstResponseRepeatMs: m2.response!,
      editorReadyRepeatMs: m2.editor!,
      typingWorks,
    };
  } finally {
    await ctx.close();
  }
}

/** Proportional set size of the browser's processes (children of this Node process), MiB. */
export function browserMemoryMb(): { pssMb: number; rssMb: number; processes: number } {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      names.set(Number(d), stat.slice(stat.indexOf("(") + 1, close));
      parent.set(Number(d), Number(stat.slice(close + 2).split(" ")[1]));
    } catch {
      /* gone */
    }
  }
  const mine = (pid: number) => {
    for (let p = pid, i = 0; p > 1 && i < 50; p = parent.get(p) ?? 0, i++) if (p === process.pid) return true;
    return false;
  };
  let pss = 0;
  let rss = 0;
  let n = 0;
  for (const [pid, name] of names) {
    if (pid === process.pid || !mine(pid) || !/chrom/i.test(name)) continue;
    try {
      const roll = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      pss += Number(/^Pss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+)/m.exec(roll)?.[1] ?? 0);
      n++;
    } catch {
      /* gone */
    }
  }
  return { pssMb: pss / 1024, rssMb: rss / 1024, processes: n };
}

export interface LoopSession {
  run(args: BenchRunArgs): Promise<BenchRunResult>;
  memory(): Promise<{ pssMb: number; rssMb: number; processes: number }>;
  close(): Promise<void>;
}

/** A page with Python ready and the benchmark panel open (its calls reachable). */
export async function openLoopSession(browser: Browser, server: StaticServer, controlled = true): Promise<LoopSession> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(server.url);
  await waitMarks(page, ["python", "editor"]);
  if (controlled) {
    // As on any visit after the first: the page, and so its workers, are
    // controlled by the service worker from the start.
    await page.waitForFunction("navigator.serviceWorker.controller !== null", undefined, { timeout: 30_000 });
    await page.reload();
    await waitMarks(page, ["python", "editor"]);
  }
  await page.getByRole("button", { name: "CGI vs FastCGI" }).click();
  await page.waitForFunction("!!globalThis.cgiLabBench", undefined, { timeout: 30_000 });
  return {
    run: (args) => page.evaluate(`globalThis.cgiLabBench.run(${JSON.stringify(args)})`) as Promise<BenchRunResult>,
    memory: async () => {
      await page.waitForTimeout(3000); // let terminated interpreter workers go
      return browserMemoryMb();
    },
    close: async () => {
      await page.evaluate("globalThis.cgiLabBench?.teardown()").catch(() => {});
      await ctx.close();
    },
  };
}
