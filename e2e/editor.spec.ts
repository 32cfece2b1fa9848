import { expect, test, type Page } from "@playwright/test";

/**
 * The editing features kept in Monaco's trimmed chunk (src/ui/editor/monaco-setup.ts,
 * scripts/vite-plugin-monaco-trim.ts) work, and none of the left-out parts is reached:
 * their stand-ins throw, which would show as a page error.
 */

/** The shown text in line order (Monaco positions lines absolutely and renders spaces as NBSP). */
async function shownText(page: Page): Promise<string> {
  return page
    .getByRole("region", { name: "Editor" })
    .locator(".view-line")
    .evaluateAll((lines) =>
      lines
        .map((l) => ({ top: parseFloat((l as HTMLElement).style.top), text: (l.textContent ?? "").replace(/\u00a0/g, " ") }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join("\n"),
    );
}

test("find/replace, comments, line moves, multi-cursor, clipboard and colours work; nothing left out is reached", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  const editor = page.getByRole("region", { name: "Editor" });
  const lines = editor.locator(".monaco-editor .view-lines");
  await expect(editor).toContainText("Content-Type: text/html", { timeout: 30_000 });
  // Python is coloured from the first paint (its grammar is in the chunk).
  await expect(editor.locator(".view-lines span[class*=mtk]:not(.mtk1)").first()).toBeVisible();

  await lines.click();
  await page.keyboard.press("Control+Home");
  const start = await shownText(page);
  const firstLine = start.split("\n")[0];

  await page.keyboard.press("Control+/"); // toggle line comment
  await expect.poll(async () => (await shownText(page)).split("\n")[0]).not.toBe(firstLine);
  await page.keyboard.press("Control+z");
  await expect.poll(() => shownText(page)).toBe(start);

  await page.keyboard.press("Alt+ArrowDown"); // move line
  await expect.poll(async () => (await shownText(page)).split("\n")[1]).toBe(firstLine);
  await page.keyboard.press("Control+z");
  await expect.poll(() => shownText(page)).toBe(start);

  // Multi-cursor: Ctrl+D selects the word, then its next occurrence.
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nfoo = 1\nfoo = 2");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Home");
  await page.keyboard.press("Control+d");
  await page.keyboard.press("Control+d");
  await page.keyboard.type("bar");
  await expect.poll(async () => (await shownText(page)).match(/bar = \d/g)?.length).toBe(2);

  // Find and replace.
  await page.keyboard.press("Control+f");
  await expect(editor.locator(".find-widget.visible")).toBeVisible();
  await page.keyboard.type("bar");
  await expect(editor.locator(".find-widget .matchesCount")).toContainText("of 2");
  await page.keyboard.press("Control+h");
  await page.keyboard.type("baz");
  await page.keyboard.press("Control+Alt+Enter"); // replace all
  await expect.poll(async () => (await shownText(page)).match(/baz = \d/g)?.length).toBe(2);
  await page.keyboard.press("Escape");
  await expect(editor.locator(".find-widget.visible")).toHaveCount(0);

  // Clipboard through the browser's own events (Monaco's clipboard actions are left out).
  await lines.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Shift+Home");
  await page.keyboard.press("Control+c");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+v");
  await expect.poll(async () => (await shownText(page)).match(/baz = 2/g)?.length).toBe(2);

  // Right click: the browser's menu (Monaco's context menu is left out), no error.
  await lines.click({ button: "right" });
  await page.keyboard.press("Escape");

  // httpd.conf is coloured by the Apache grammar.
  await page.getByRole("treeitem").getByText("httpd.conf", { exact: true }).first().click();
  await expect(editor.getByRole("button", { name: "httpd.conf", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(editor).toContainText("LoadModule");
  await expect(editor.locator(".view-lines span[class*=mtk]:not(.mtk1)").first()).toBeVisible();

  expect(errors).toEqual([]);
});
