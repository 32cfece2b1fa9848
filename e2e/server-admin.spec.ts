import { expect, test, type Page } from "@playwright/test";
import { DEFAULT_HTTPD_CONF } from "../src/server/default-workspace/httpd-conf.ts";

/** The article's administration steps, done as a person would: in the editor and the terminal. */

async function openFresh(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Editor" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
}

async function shell(page: Page, line: string): Promise<void> {
  const input = page.getByRole("textbox", { name: "Shell command" });
  await input.fill(line);
  await input.press("Enter");
  await expect(page.getByRole("region", { name: "Terminal" })).toContainText(line);
}

async function run(page: Page, target: string): Promise<void> {
  await page.getByRole("textbox", { name: "URL on the virtual server" }).fill(target);
  await page.getByRole("button", { name: "Run" }).click();
}

test("commenting out LoadModule cgi_module and restarting serves the script's source, as Apache does", async ({ page }) => {
  await openFresh(page);
  const editor = page.getByRole("region", { name: "Editor" });
  await editor.getByRole("button", { name: "httpd.conf", exact: true }).click();
  await expect(editor.locator(".view-line").first()).toBeVisible({ timeout: 30_000 });
  // Monaco renders only the visible lines: go to the LoadModule line with the keyboard, as a person would.
  const index = DEFAULT_HTTPD_CONF.split("\n").findIndex((l) => l.startsWith("LoadModule cgi_module"));
  await editor.locator(".view-line").first().click();
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Home");
  await page.keyboard.type("#");
  // The edit reaches the server's file (saves are debounced).
  const terminal = page.getByRole("region", { name: "Terminal" });
  await expect(async () => {
    await shell(page, "grep -c '^#LoadModule cgi_module' /etc/httpd/conf/httpd.conf");
    // grep -c prints the count on a line of its own.
    expect(await terminal.innerText()).toMatch(/(^|\n)\s*1\s*(\n|$)/);
  }).toPass({ timeout: 20_000 });

  await shell(page, "apachectl restart");
  await run(page, "/cgi-bin/hello.py");
  const response = page.getByRole("region", { name: "Response" });
  await expect(response).toContainText("HTTP/1.1 200 OK");
  await expect(response).toContainText("text/x-python");
  await expect(response).toContainText("#!/usr/bin/python3");
  // Nothing ran: no environment was built.
  await expect(page.getByRole("region", { name: "Protocol" })).toContainText("default-handler");
});

test("chmod a-x gives the 500 and Apache's log line", async ({ page }) => {
  await openFresh(page);
  await shell(page, "chmod a-x /var/www/cgi-bin/hello.py");
  await shell(page, "ls -l /var/www/cgi-bin/hello.py");
  await expect(page.getByRole("region", { name: "Terminal" })).toContainText("-rw-r--r--.");
  await run(page, "/cgi-bin/hello.py");
  await expect(page.getByRole("region", { name: "Response" })).toContainText("HTTP/1.1 500 Internal Server Error");
  const logs = page.getByRole("region", { name: "Logs" });
  await expect(logs).toContainText("(13)Permission denied: exec of '/var/www/cgi-bin/hello.py' failed");
  await expect(logs).toContainText("End of script output before headers: hello.py");
});
