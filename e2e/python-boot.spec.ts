import { expect, test } from "@playwright/test";
import { openApp } from "./share-helpers.ts";

/**
 * A first visit boots its interpreters from the memory snapshot the site
 * ships (made at build time by scripts/make-snapshot.ts) instead of booting
 * Python from scratch in the page; the next visit takes it from Cache
 * Storage and downloads it no more.
 */
test("the first visit boots from the site's snapshot, the next from Cache Storage", async ({ page, context }) => {
  const snapshotLoads: number[] = [];
  context.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/pyodide/snapshots/")) snapshotLoads.push(r.status());
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
  await openApp(page);
  expect(snapshotLoads).toEqual([200]);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(response).toContainText("Hello from a CGI script");
});

test("when Python's files cannot be had, the page says so instead of loading forever", async ({ page, context }) => {
  await context.route("**/pyodide/**", (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "gone" }));
  await page.goto("/");
  const status = page.getByRole("status").filter({ hasText: "Python" });
  await expect(status).toContainText("failed", { timeout: 60_000 });
  await expect(status).toHaveAttribute("title", /404/);
  // The files are still there to edit; a request says why it cannot run.
  await expect(page.getByRole("region", { name: "Editor" })).toContainText("Content-Type", { timeout: 30_000 });
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.locator(".error-banner")).toContainText("the server engine is not available (failed)");
});
