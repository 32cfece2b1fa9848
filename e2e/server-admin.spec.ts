import { expect, test, type Page } from "@playwright/test";

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
  const line = editor.locator(".view-line", { hasText: "LoadModule cgi_module modules/mod_cgi.so" });
  await expect(line).toBeVisible({ timeout: 30_000 });
  await line.click();
  await page.keyboard.press("Home");
  await page.keyboard.type("#");
  await expect(editor.locator(".view-line", { hasText: "#LoadModule cgi_module" })).toBeVisible();

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
