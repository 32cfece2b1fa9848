import { expect, test } from "@playwright/test";
import { openApp } from "./share-helpers.ts";

/**
 * The service worker answers for the preview's virtual server only. The
 * site's own files — above all what every new Python interpreter loads, on
 * every CGI request — must not pass through MSW: it fetched them itself and
 * posted a never-read clone of each body to the page, about 10 MB of
 * renderer memory per CGI request that was never given back.
 */
test("interpreters load the site's files without going through the service worker", async ({ page, context }) => {
  const throughWorker: string[] = [];
  context.on("request", (r) => {
    if (r.serviceWorker()) throughWorker.push(new URL(r.url()).pathname);
  });
  await openApp(page);
  const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? "");
  expect(new URL(script).pathname).toBe("/cgi-lab-sw.js");

  // Two CGI requests: each one starts a fresh interpreter worker, which loads its script and Pyodide's loader.
  const response = page.getByRole("region", { name: "Response" });
  for (let i = 0; i < 2; i++) {
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect(response).toContainText("HTTP/1.1 200 OK");
    await expect(response).toContainText("Hello from a CGI script");
  }
  // The preview still goes through MSW (answered by the emulator, not fetched from the host).
  const frame = page.frameLocator('iframe[title="Preview of the response"]');
  await expect(frame.locator("h1")).toHaveText("Hello from a CGI script");

  const appFiles = throughWorker.filter((p) => p.startsWith("/assets/") || p.startsWith("/pyodide/"));
  expect(appFiles).toEqual([]);
});
