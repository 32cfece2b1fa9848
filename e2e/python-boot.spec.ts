import { expect, test } from "@playwright/test";
import { openApp } from "./share-helpers.ts";

/**
 * A first visit boots its interpreters from the memory snapshot the site
 * ships (made at build time by scripts/make-snapshot.ts) instead of booting
 * Python from scratch in the page; the next visit takes it from Cache
 * Storage and downloads it no more.
 */
test("the first visit boots from the site's snapshot, the next from Cache Storage (snapshot and wasm)", async ({ page, context }) => {
  const snapshotLoads: number[] = [];
  const wasmLoads: string[] = [];
  context.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/pyodide/snapshots/")) snapshotLoads.push(r.status());
  });
  context.on("request", (r) => {
    if (new URL(r.url()).pathname === "/pyodide/pyodide.asm.wasm") wasmLoads.push(r.url());
  });
  await openApp(page);
  expect(snapshotLoads).toEqual([200]);

  const response = page.getByRole("region", { name: "Response" });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(response).toContainText("HTTP/1.1 200 OK");
  await expect(response).toContainText("Hello from a CGI script");

  // Stored in Cache Storage (in the background) for the next visit.
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("cgi-lab-snapshots")).keys()).length), { timeout: 30_000 })
    .toBe(1);
  // The wasm, uncompressed, a moment after the boot (wasm-store.ts).
  await expect
    .poll(() => page.evaluate(async () => (await (await caches.open("cgi-lab-snapshots:wasm")).keys()).map((r) => new URL(r.url).pathname)), { timeout: 30_000 })
    .toEqual([expect.stringMatching(/^\/__cgi-lab-wasm\//)]);
  const wasmBefore = wasmLoads.length;
  expect(wasmBefore).toBeGreaterThan(0);
  await openApp(page);
  expect(snapshotLoads).toEqual([200]);
  // Compiled from Cache Storage: Pyodide's wasm is not asked of the server (nor of the HTTP cache) again.
  expect(wasmLoads.length).toBe(wasmBefore);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(response).toContainText("Hello from a CGI script");
});

test("when Python's files cannot be had, the page says so; the server still serves files, and a script's 500 says why", async ({ page, context }) => {
  await context.route("**/pyodide/**", (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "gone" }));
  await page.goto("/");
  const status = page.getByRole("status").filter({ hasText: "Python" });
  await expect(status).toContainText("failed", { timeout: 60_000 });
  await expect(status).toHaveAttribute("title", /404/);
  // The files are still there to edit.
  await expect(page.getByRole("region", { name: "Editor" })).toContainText("Content-Type", { timeout: 30_000 });
  const response = page.getByRole("region", { name: "Response" });
  const url = page.getByRole("textbox", { name: "URL on the virtual server" });
  // httpd does not need Python for a static file...
  await url.fill("/index.html");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(response).toContainText("HTTP/1.1 200 OK");
  // ...a CGI script does: 500, and the error_log says why.
  await url.fill("/cgi-bin/hello.py");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(response).toContainText("HTTP/1.1 500 Internal Server Error");
  await expect(page.getByRole("region", { name: "Logs" })).toContainText("Python could not start");
});

/**
 * A first visit gives the editor the machine first: Python's downloads wait
 * until the editor shows its text (python-start.ts), and then the status
 * shows the bytes as they come.
 */
test("first visit: Python starts once the editor is up, shows its download in bytes, and static files are served before it", async ({ page, context }) => {
  const pyodideRequests: string[] = [];
  context.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/pyodide/")) pyodideRequests.push(r.url());
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __statusTexts: string[] };
    w.__statusTexts = [];
    new MutationObserver(() => {
      const s = document.querySelector(".python-status")?.textContent ?? "";
      if (s && w.__statusTexts.at(-1) !== s) w.__statusTexts.push(s);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // Monaco's chunk is held back for a second: meanwhile Python must not start.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await context.route(/\/assets\/code-editor-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/");
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("waiting for the editor");
  // httpd is up without Python: a static file is served meanwhile.
  await page.getByRole("textbox", { name: "URL on the virtual server" }).fill("/index.html");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("HTTP/1.1 200 OK");
  // (Within the 2.5 s Python waits at most for an editor that does not come.)
  expect(pyodideRequests).toEqual([]);
  release();
  await expect(page.locator(".monaco-editor .view-lines")).toContainText("Content-Type", { timeout: 30_000 });
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
  expect(pyodideRequests.length).toBeGreaterThan(0);
  const texts = await page.evaluate(() => (window as unknown as { __statusTexts: string[] }).__statusTexts);
  // Bytes with a unit, e.g. "downloading Python 3.2 MB" or "… 3.2 MB / 14.5 MB".
  expect(texts.some((t) => /downloading Python [\d.]+ (KB|MB)/.test(t))).toBe(true);
});
