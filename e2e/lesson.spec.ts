import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";

/** Python is downloaded and booted in the page; the status says when. */
async function pythonReady(page: Page): Promise<void> {
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
}

const lessonRegion = (page: Page) => page.getByRole("region", { name: "Lesson", exact: true });
const task = (page: Page, id: string) => lessonRegion(page).locator(`li.task[data-task="${id}"]`);

/** Types text into the Monaco editor with the keyboard, line by line (Escape closes any suggestion before Enter). */
async function typeInEditor(page: Page, lines: string[]): Promise<void> {
  const editor = page.getByRole("region", { name: "Editor" }).locator(".monaco-editor .view-lines");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  for (const [i, line] of lines.entries()) {
    await page.keyboard.type(line, { delay: 5 });
    await page.keyboard.press("Escape");
    if (i < lines.length - 1) await page.keyboard.press("Enter");
  }
}

/** test-results/screenshots/, whichever Playwright config runs this file. */
const SHOTS = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));

async function shot(page: Page, _dir: string, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SHOTS, name), fullPage });
}

test("a new visitor picks lesson 4, types the fix, sees the tasks tick, and finds the progress after a reload", async ({ page }, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Editor" })).toBeVisible();
  await pythonReady(page);

  // The playground first: leave a mark in hello.py, to find it again after the lesson.
  const editorRegion = page.getByRole("region", { name: "Editor" });
  await expect(editorRegion).toContainText("Content-Type: text/html", { timeout: 30_000 });
  await editorRegion.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.type("# my playground mark");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Run", exact: true }).click(); // flushes the edit
  await expect(page.getByRole("region", { name: "Response" })).toContainText("HTTP/1.1");

  // The table of contents in the header.
  await page.getByRole("button", { name: /Lessons: table of contents/ }).click();
  const toc = page.getByRole("navigation", { name: "Table of contents" }).first();
  await expect(toc.getByRole("link")).toHaveCount(20); // Playground + 19 lessons
  await toc.getByRole("link", { name: /4 · The article's first script/ }).click();

  await expect(page).toHaveURL(/\?lesson=04-first-script/);
  await expect(page.getByRole("button", { name: /Lesson 4 · The article's first script: table of contents/ })).toBeVisible();
  await expect(lessonRegion(page).getByRole("heading", { name: "The article's first script", level: 1 })).toBeVisible();
  await expect(lessonRegion(page)).toContainText("this machine runs Python 3.14");
  // The lesson's file is open and the request bar points at it.
  await expect(editorRegion.getByRole("button", { name: "test.py", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(editorRegion).toContainText('print "This is a test"');
  await expect(page.getByRole("textbox", { name: "URL on the virtual server" })).toHaveValue("/cgi-bin/test.py");
  for (const id of ["python3", "headers", "works"]) await expect(task(page, id)).toHaveAttribute("data-state", "todo");
  await shot(page, info.project.outputDir, "lesson-04-start-1440x900.png");

  // Run: the article's script fails.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const response = page.getByRole("region", { name: "Response" });
  await expect(response).toContainText("500 Internal Server Error");
  await expect(task(page, "works")).toHaveAttribute("data-state", "fail");
  await expect(task(page, "python3")).toHaveAttribute("data-state", "fail");
  await expect(task(page, "python3")).toContainText("print is a function in Python 3"); // the hint
  await expect(lessonRegion(page)).toContainText("0 of 3 done");
  await shot(page, info.project.outputDir, "lesson-04-failing-1440x900.png");

  // Type the fix with the keyboard.
  await typeInEditor(page, [
    "#!/usr/bin/env python",
    "# -*- coding: UTF-8 -*-",
    "# enable debugging",
    "import cgitb; cgitb.enable()",
    'print("Content-Type: text/plain;charset=utf-8")',
    "print()",
    'print("This is a test")',
  ]);
  await expect(editorRegion).toContainText('print("This is a test")');

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(response).toContainText("200 OK");
  await expect(response).toContainText("This is a test");
  for (const id of ["python3", "headers", "works"]) await expect(task(page, id)).toHaveAttribute("data-state", "pass");
  await expect(lessonRegion(page)).toContainText("3 of 3 done");
  await expect(lessonRegion(page).getByRole("status").filter({ hasText: "Lesson complete" })).toBeVisible();
  await shot(page, info.project.outputDir, "lesson-04-complete-1440x900.png");

  // A reload keeps the lesson, its ticks and the work.
  await page.waitForTimeout(800); // the workspace save is debounced
  await page.reload();
  await expect(page).toHaveURL(/\?lesson=04-first-script/);
  for (const id of ["python3", "headers", "works"]) await expect(task(page, id)).toHaveAttribute("data-state", "pass");
  await expect(lessonRegion(page)).toContainText("3 of 3 done");
  await expect(editorRegion).toContainText('print("This is a test")', { timeout: 30_000 });
  await page.getByRole("button", { name: /Lesson 4 · .*table of contents/ }).click();
  const toc2 = page.getByRole("navigation", { name: "Table of contents" }).first();
  await expect(toc2.getByRole("link", { name: /4 · The article's first script/ }).getByRole("img")).toHaveAccessibleName("completed");
  await shot(page, info.project.outputDir, "lesson-toc-1440x900.png");

  // The playground is as it was left.
  await toc2.getByRole("link", { name: "Playground" }).click();
  await expect(page).not.toHaveURL(/lesson=/);
  await expect(lessonRegion(page)).toContainText("Lessons");
  await expect(editorRegion.getByRole("button", { name: "hello.py", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(editorRegion).toContainText("# my playground mark", { timeout: 30_000 });
});

test("lesson 5: chmod a+x typed in the terminal completes it", async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/?lesson=05-chmod");
  await expect(lessonRegion(page).getByRole("heading", { name: /chmod a\+x/, level: 1 })).toBeVisible();
  await pythonReady(page);
  // The machine task is evaluated in the worker as soon as the machine is up.
  await expect(task(page, "mode")).toHaveAttribute("data-state", "fail");
  await shot(page, info.project.outputDir, "lesson-05-390x844.png");

  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("500 Internal Server Error");
  await expect(task(page, "runs")).toHaveAttribute("data-state", "fail");
  await expect(task(page, "runs")).toContainText("Permission denied");

  const shell = page.getByRole("textbox", { name: "Shell command" });
  await shell.click();
  await page.keyboard.type("chmod a+x test.py");
  await page.keyboard.press("Enter");
  await expect(task(page, "mode")).toHaveAttribute("data-state", "pass");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("200 OK");
  await expect(task(page, "runs")).toHaveAttribute("data-state", "pass");
  await expect(lessonRegion(page)).toContainText("2 of 2 done");
  await lessonRegion(page).scrollIntoViewIfNeeded();
  await shot(page, info.project.outputDir, "lesson-05-complete-390x844.png");
  await shot(page, info.project.outputDir, "lesson-05-complete-390x844-full.png", true);
});

test("Show solution asks before overwriting the learner's edit; Reset goes back to the start", async ({ page }, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
  await page.goto("/?lesson=04-first-script");
  await pythonReady(page);
  const editorRegion = page.getByRole("region", { name: "Editor" });
  await expect(editorRegion).toContainText('print "This is a test"', { timeout: 30_000 });
  await editorRegion.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("  # my edit");

  await lessonRegion(page).getByRole("button", { name: "Show solution" }).click();
  await expect(editorRegion).toContainText("the blank line that ends the headers");
  expect(dialogs.join("\n")).toContain("/var/www/cgi-bin/test.py");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("200 OK");
  for (const id of ["python3", "headers", "works"]) await expect(task(page, id)).toHaveAttribute("data-state", "pass");

  await lessonRegion(page).getByRole("button", { name: "Reset lesson" }).click();
  expect(dialogs.at(-1)).toContain("Start lesson 4 again");
  await expect(editorRegion).toContainText('print "This is a test"');
  for (const id of ["python3", "headers", "works"]) await expect(task(page, id)).toHaveAttribute("data-state", "todo");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("500 Internal Server Error");
  await expect(task(page, "works")).toHaveAttribute("data-state", "fail");
});

test("lesson 6 from start to end: 403, restorecon, SELinux stays Enforcing", async ({ page }, info) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/?lesson=06-selinux");
  await pythonReady(page);
  await expect(task(page, "enforcing")).toHaveAttribute("data-state", "pass");
  await expect(task(page, "label")).toHaveAttribute("data-state", "fail");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByRole("region", { name: "Response" })).toContainText("403 Forbidden");
  await expect(task(page, "runs")).toHaveAttribute("data-state", "fail");
  const shell = page.getByRole("textbox", { name: "Shell command" });
  // The shortcut the article took: the machine task says no.
  await shell.fill("setenforce 0");
  await shell.press("Enter");
  await expect(task(page, "enforcing")).toHaveAttribute("data-state", "fail");
  await shell.fill("setenforce 1");
  await shell.press("Enter");
  await expect(task(page, "enforcing")).toHaveAttribute("data-state", "pass");
  await shell.fill("restorecon -v /var/www/cgi-bin/test.py");
  await shell.press("Enter");
  await expect(task(page, "label")).toHaveAttribute("data-state", "pass");
  await lessonRegion(page).getByRole("button", { name: "Check my work" }).click();
  for (const id of ["enforcing", "label", "runs"]) await expect(task(page, id)).toHaveAttribute("data-state", "pass");
  await expect(lessonRegion(page).getByRole("status").filter({ hasText: "Lesson complete" })).toBeVisible();
  await shot(page, info.project.outputDir, "lesson-06-complete-1440x900.png");
});

test("lesson 13 starts with httpd stopped (its configuration is broken on purpose)", async ({ page }) => {
  await page.goto("/?lesson=13-addhandler-fastcgi-script");
  await pythonReady(page);
  await expect(task(page, "running")).toHaveAttribute("data-state", "fail");
  await expect(page.getByRole("region", { name: "Editor" }).getByRole("button", { name: "hello.fcgi", exact: true })).toHaveAttribute("aria-pressed", "true");
  const shell = page.getByRole("textbox", { name: "Shell command" });
  await shell.fill("apachectl status");
  await shell.press("Enter");
  await expect(page.getByRole("region", { name: "Terminal" })).toContainText("httpd is not running");
});

test("a link shared from a lesson opens that lesson, with the lesson's own file in the editor", async ({ page, browser }) => {
  await page.goto("/?lesson=04-first-script");
  await pythonReady(page);
  await expect(page.getByRole("group", { name: "Open files" })).toContainText("test.py");
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const url = await page.getByRole("dialog", { name: "Share this workspace" }).getByRole("textbox", { name: "Share link" }).inputValue();
  expect(url).toMatch(/lesson=04-first-script#s=v1\./);

  const other = await browser.newContext();
  try {
    const p2 = await other.newPage();
    await p2.goto(url);
    await pythonReady(p2);
    await expect(lessonRegion(p2)).toContainText("The article's first script");
    // Not the playground's hello.py: the file the lesson is about.
    const tabs = p2.getByRole("group", { name: "Open files" });
    await expect(tabs.getByRole("button", { name: "test.py", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(tabs).not.toContainText("hello.py");
    await expect(p2.getByRole("region", { name: "Editor" })).toContainText("This is a test", { timeout: 30_000 });
  } finally {
    await other.close();
  }
});
