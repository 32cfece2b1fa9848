import AxeBuilder from "@axe-core/playwright";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";

/** Every request the browser makes (pages, workers, the service worker), for the origin check. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on("request", (r) => urls.push(r.url()));
  return urls;
}

function assertLocalOnly(urls: string[]): void {
  const outside = urls.filter((u) => {
    if (/^(data|blob|about|chrome-extension):/.test(u)) return false;
    return new URL(u).hostname !== "127.0.0.1";
  });
  expect(outside, "requests that left 127.0.0.1").toEqual([]);
}

async function openFresh(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Editor" })).toBeVisible();
  // Python is downloaded and booted in the page; the status says when.
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
}

const preview = (page: Page) => page.frameLocator('iframe[title="Preview of the response"]');

test("a new visitor runs the default script and sees every byte", async ({ page }) => {
  const urls = recordRequests(page);
  await openFresh(page);

  const editor = page.getByRole("region", { name: "Editor" });
  await expect(editor.getByRole("button", { name: "hello.py", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(editor).toContainText("Content-Type: text/html", { timeout: 30_000 });

  await page.getByRole("button", { name: "Run" }).click();

  const env = page.getByRole("region", { name: "Environment" });
  await expect(env).toContainText("REQUEST_METHOD");
  await expect(env).toContainText("SCRIPT_NAME");
  await expect(env).toContainText("/cgi-bin/hello.py");

  const protocol = page.getByRole("region", { name: "Protocol" });
  await expect(protocol).toContainText("stdout");
  await expect(protocol).toContainText("Content-Type: text/html");
  await expect(protocol).toContainText("end of headers");

  const response = page.getByRole("region", { name: "Response" });
  await expect(response).toContainText("HTTP/1.1 200 OK");
  await expect(response).toContainText("Hello from a CGI script");

  await expect(preview(page).locator("h1")).toHaveText("Hello from a CGI script");
  // Where the emulator differs is said on the page, the wait for Python included.
  await page.getByText("Emulator, not a real server").click();
  await expect(page.locator(".emulator-notes")).toContainText("counts toward Timeout");
  await expect(page.locator(".emulator-notes")).toContainText("No real fork/exec");
  // httpd's start is in the error_log once, however its lines and the pane's first read of the file crossed.
  const logs = page.getByRole("region", { name: "Logs" });
  await expect(logs).toContainText("AH00094: Command line");
  expect(await logs.locator(".log-line", { hasText: "AH00163" }).count()).toBe(1);
  expect(await logs.locator(".log-line", { hasText: "AH00094" }).count()).toBe(1);
  assertLocalOnly(urls);
});

test("links and forms inside the preview go through the emulator and fill the panes", async ({ page }) => {
  const urls = recordRequests(page);
  await openFresh(page);

  await page.getByRole("button", { name: "Run" }).click();
  await expect(preview(page).locator("h1")).toHaveText("Hello from a CGI script");

  // An absolute link (/cgi-bin/env.py?from=hello) inside the preview.
  await preview(page).getByRole("link", { name: "See my environment" }).click();
  const env = page.getByRole("region", { name: "Environment" });
  await expect(env).toContainText("from=hello");
  await expect(page.getByRole("textbox", { name: "URL on the virtual server" })).toHaveValue("/cgi-bin/env.py?from=hello");
  await expect(env.locator("tr.changed").first()).toBeVisible();

  // The static home page, then its POST form.
  await page.getByRole("textbox", { name: "URL on the virtual server" }).fill("/");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(preview(page).locator("h1")).toContainText("It works");
  await preview(page).getByRole("button", { name: "Send with POST" }).click();
  await expect(env).toContainText("POST");
  await expect(env).toContainText("application/x-www-form-urlencoded");
  const protocol = page.getByRole("region", { name: "Protocol" });
  await expect(protocol).toContainText("stdin");
  await expect(protocol).toContainText("name=Ada");
  assertLocalOnly(urls);
});

test("the work survives a reload", async ({ page }) => {
  await openFresh(page);
  await page.getByRole("textbox", { name: "URL on the virtual server" }).fill("/cgi-bin/env.py?kept=1");
  await page.getByRole("textbox", { name: "Shell command" }).fill("chmod 644 /var/www/cgi-bin/form.py");
  await page.getByRole("textbox", { name: "Shell command" }).press("Enter");
  await page.waitForTimeout(1000);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "URL on the virtual server" })).toHaveValue("/cgi-bin/env.py?kept=1");
  const tree = page.getByRole("navigation", { name: "Files" });
  await expect(tree.getByRole("button", { name: /form\.py/ })).toContainText("-rw-r--r--");
});

test("screenshots at desktop and phone widths, and no serious accessibility violations", async ({ page }, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFresh(page);
  await page.getByRole("button", { name: "Run" }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("200 OK");
  await expect(preview(page).locator("h1")).toHaveText("Hello from a CGI script");
  await page.screenshot({ path: join(info.project.outputDir, "screenshots", "playground-1440x900.png") });

  for (const name of ["Editor", "Request", "Environment", "Protocol", "Response", "Preview", "Logs", "Lesson"]) {
    await expect(page.getByRole("region", { name, exact: true })).toBeAttached();
  }

  const axe = await new AxeBuilder({ page }).exclude(".monaco-editor").exclude('iframe[title="Preview of the response"]').analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  await expect(page.getByRole("button", { name: "Run" })).toBeVisible();
  await page.getByRole("tab", { name: "Environment" }).click();
  await expect(page.getByRole("region", { name: "Environment" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Protocol" })).toBeHidden();
  await page.screenshot({ path: join(info.project.outputDir, "screenshots", "playground-390x844.png"), fullPage: true });
  // Full-page captures leave the preview (an out-of-process frame) blank: take it in view as well.
  await page.getByRole("region", { name: "Preview" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(info.project.outputDir, "screenshots", "playground-390x844-preview.png") });
  const phoneAxe = await new AxeBuilder({ page }).exclude(".monaco-editor").exclude('iframe[title="Preview of the response"]').analyze();
  expect(phoneAxe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});
