import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { engineWorker, linkFragment, openApp, preview, urlField, workspaceNames } from "./share-helpers.ts";

const editor = (page: Page) => page.getByRole("region", { name: "Editor" });
const tree = (page: Page) => page.getByRole("navigation", { name: "Files" });

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await expect(editor(page)).toContainText("Content-Type", { timeout: 30_000 });
  await editor(page).locator(".view-lines").first().click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text, { delay: 10 });
}

async function shell(page: Page, line: string): Promise<void> {
  const box = page.getByRole("textbox", { name: "Shell command" });
  await box.fill(line);
  await box.press("Enter");
}

test("share → open in a fresh browser: same files, modes and request; nothing runs before Run", async ({ page, browser }, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await typeAtEnd(page, "\n# shared-marker-42");
  await shell(page, "chmod 700 /var/www/cgi-bin/form.py");
  await urlField(page).fill("/cgi-bin/env.py?shared=1");
  await page.waitForTimeout(800);

  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share this workspace" });
  await expect(dialog).toBeVisible();
  const field = dialog.getByRole("textbox", { name: "Share link" });
  const url = await field.inputValue();
  expect(url).toMatch(/#s=v1\./);
  // Copied, or selected with "press Ctrl+C": either way the whole link is selected.
  await expect(dialog.getByRole("status")).toHaveText(/Copied to the clipboard\.|press (Ctrl\+C|⌘C) to copy it/);
  expect(await field.evaluate((el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!)).toBe(url.length);
  await page.screenshot({ path: join(info.project.outputDir, "screenshots", "share-dialog-1440x900.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(info.project.outputDir, "screenshots", "share-dialog-390x844.png") });
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.setViewportSize({ width: 1440, height: 900 });

  // Someone else: their own work first, then the link.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.setViewportSize({ width: 1440, height: 900 });
  await openApp(p2);
  await urlField(p2).fill("/cgi-bin/mine.py?own=1");
  // Saved before leaving: the request reaches the worker after 300 ms and IndexedDB 500 ms later
  // (SAVE_DELAY_MS); waiting only those 800 ms left no room for the write on a busy machine.
  await p2.waitForTimeout(1500);
  const engineCalls: string[] = [];
  await p2.goto("about:blank");
  p2.on("request", (r) => {
    if (r.url().includes("/~vhost/")) engineCalls.push(r.url());
  });
  await p2.goto(url);

  const banner = p2.getByRole("region", { name: "Opened from a link" });
  await expect(banner).toContainText("This workspace came from a share link");
  await expect(banner).toContainText("/var/www/cgi-bin/hello.py");
  await expect(banner).toContainText("/var/www/cgi-bin/form.py: mode 700");
  await expect(urlField(p2)).toHaveValue("/cgi-bin/env.py?shared=1");
  expect(p2.url()).not.toContain("#");
  await expect(tree(p2).getByRole("button", { name: /form\.py/ })).toContainText("-rwx------");
  await editor(p2).getByRole("button", { name: "hello.py", exact: true }).click();
  await expect(editor(p2)).toContainText("shared-marker-42", { timeout: 30_000 });
  await expect(p2.getByRole("checkbox", { name: "isolated" })).toBeDisabled();
  await expect(p2.getByRole("checkbox", { name: "isolated" })).toBeChecked();
  await p2.screenshot({ path: join(info.project.outputDir, "screenshots", "link-banner-1440x900.png") });
  await p2.setViewportSize({ width: 390, height: 844 });
  await p2.screenshot({ path: join(info.project.outputDir, "screenshots", "link-banner-390x844.png") });
  await p2.setViewportSize({ width: 1440, height: 900 });

  // Nothing ran: no exchange, no preview, no access_log line, no preview request.
  await p2.waitForTimeout(2000);
  await expect(p2.getByRole("region", { name: "Response" })).not.toContainText("HTTP/1.1");
  await expect(p2.locator('iframe[title="Preview of the response"]')).toBeHidden();
  await p2.getByRole("combobox", { name: "Log file" }).selectOption({ label: "access_log" }).catch(() => undefined);
  await expect(p2.getByRole("region", { name: "Logs" })).not.toContainText("GET /cgi-bin/env.py?shared=1");
  expect(engineCalls).toEqual([]);

  await p2.getByRole("button", { name: "Run" }).click();
  await expect(p2.getByRole("region", { name: "Response" })).toContainText("HTTP/1.1 200 OK");
  await expect(p2.getByRole("region", { name: "Environment" })).toContainText("shared=1");

  // Beside, not instead: the person's own workspace is still there.
  const names = await workspaceNames(p2);
  expect(names.length).toBe(2);
  expect(names.some((n) => n.startsWith("From a link"))).toBe(true);
  await p2.getByRole("button", { name: /^Workspace:/ }).click();
  await p2.getByRole("menuitemradio", { name: /My workspace/ }).click();
  await expect(urlField(p2)).toHaveValue("/cgi-bin/mine.py?own=1");
  await expect(tree(p2).getByRole("button", { name: /form\.py/ })).toContainText("-rwxr-xr-x");
  await expect(p2.getByRole("checkbox", { name: "isolated" })).toBeEnabled();

  // Delete the link's workspace, after a confirm.
  p2.once("dialog", (d) => void d.accept());
  await p2.getByRole("button", { name: /^Workspace:/ }).click();
  await p2.getByRole("button", { name: /^Delete From a link/ }).click();
  await expect(p2.getByRole("menu", { name: "Workspaces" }).locator(".ws-item")).toHaveCount(1);
  await other.close();
});

test("the clipboard gets the link when the browser allows it", async ({ browser }) => {
  const ctx = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await ctx.newPage();
  await openApp(page);
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share this workspace" });
  await expect(dialog.getByRole("status")).toHaveText("Copied to the clipboard.");
  const url = await dialog.getByRole("textbox", { name: "Share link" }).inputValue();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await ctx.close();
});

test("bad links give their message, and the person's own work is intact", async ({ page }) => {
  await openApp(page);
  await urlField(page).fill("/cgi-bin/env.py?mine=1");
  await page.waitForTimeout(800);
  const good = linkFragment({ "/var/www/cgi-bin/x.py": { text: "#!/usr/bin/python3\nprint('Content-Type: text/plain\\n\\nx')\n" + "# padding\n".repeat(40), mode: 0o755 } }, "/cgi-bin/x.py");
  const body = good.slice("#s=v1.".length);
  const mid = Math.floor(body.length / 2);
  const flip = body[mid] === "A" ? "B" : "A";
  const cases: [string, string, RegExp][] = [
    ["truncated", good.slice(0, good.length - 25), /cut off|truncated|ends/i],
    ["tampered", `#s=v1.${body.slice(0, mid)}${flip}${body.slice(mid + 1)}`, /changed|damaged|check|corrupt/i],
    ["wrong version", `#s=v9.${body}`, /version/i],
    ["oversized", `#s=v1.${"A".repeat(40_000)}`, /too long|too large|KiB|characters/i],
  ];
  for (const [what, frag, message] of cases) {
    await page.goto("about:blank");
    await page.goto(`/${frag}`);
    const alert = page.getByRole("alert").filter({ hasText: "This link could not be opened" });
    await expect(alert, what).toBeVisible();
    await expect(alert, what).toContainText(message);
    await expect(alert).toContainText("Your own work was not changed");
    expect(page.url(), what).not.toContain("#");
    await expect(urlField(page), what).toHaveValue("/cgi-bin/env.py?mine=1");
    await alert.getByRole("button", { name: "Dismiss" }).click();
    await expect(alert).toBeHidden();
  }
  expect(await workspaceNames(page)).toEqual(["My workspace"]);
  // Still usable.
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("region", { name: "Environment" })).toContainText("mine=1");
});

test("a reload in the middle of typing loses nothing", async ({ page }) => {
  await openApp(page);
  await typeAtEnd(page, "\n# typed-just-before-reload");
  // Well inside the editor's 300 ms and the worker's 500 ms debounce.
  await page.reload();
  await expect(editor(page)).toContainText("typed-just-before-reload", { timeout: 30_000 });
  await page.reload();
  await expect(editor(page)).toContainText("typed-just-before-reload", { timeout: 30_000 });
});

test("if the engine worker dies, the page restarts it from saved work", async ({ page }) => {
  await openApp(page);
  await shell(page, "chmod 600 /var/www/cgi-bin/form.py");
  await typeAtEnd(page, "\n# before-the-crash");
  await page.waitForTimeout(100);
  const w = engineWorker(page);
  expect(w, "the engine worker").toBeTruthy();
  await w!.evaluate(() => (self as unknown as { close(): void }).close()).catch(() => undefined);
  await expect(page.getByRole("status").filter({ hasText: "The engine stopped unexpectedly" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
  await expect(tree(page).getByRole("button", { name: /form\.py/ })).toContainText("-rw-------");
  await expect(editor(page)).toContainText("before-the-crash");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("HTTP/1.1 200 OK");
  // And the restored text was saved again.
  await page.waitForTimeout(2500);
  await page.reload();
  await expect(editor(page)).toContainText("before-the-crash", { timeout: 30_000 });
});

test("Download gives cgi-lab-workspace.zip; Reset asks first", async ({ page }) => {
  await openApp(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download" }).click()]);
  expect(download.suggestedFilename()).toBe("cgi-lab-workspace.zip");
  await shell(page, "chmod 600 /var/www/cgi-bin/form.py");
  await expect(tree(page).getByRole("button", { name: /form\.py/ })).toContainText("-rw-------");
  page.once("dialog", (d) => void d.dismiss());
  await page.getByRole("button", { name: "Reset" }).click();
  await page.waitForTimeout(500);
  await expect(tree(page).getByRole("button", { name: /form\.py/ })).toContainText("-rw-------");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Reset" }).click();
  await expect(tree(page).getByRole("button", { name: /form\.py/ })).toContainText("-rwxr-xr-x");
  void preview;
});
