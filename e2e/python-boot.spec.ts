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
