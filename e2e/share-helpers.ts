/** Shared by share.spec.ts and isolation.spec.ts: links built in Node, the app's usual waits. */
import { expect, type Page } from "@playwright/test";
import { createDefaultFs } from "../src/server/default-workspace/index.ts";
import { createShareLink } from "../src/share/index.ts";

export async function openApp(page: Page, path = "/"): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole("region", { name: "Editor" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Python" })).toContainText("ready", { timeout: 90_000 });
}

export const preview = (page: Page) => page.frameLocator('iframe[title="Preview of the response"]');
export const urlField = (page: Page) => page.getByRole("textbox", { name: "URL on the virtual server" });

/** A share link's fragment (#s=v1.…) for the default workspace plus `files`, as the Share button would make it. */
export function linkFragment(files: Record<string, { text: string; mode?: number }>, target: string, selinux: "enforcing" | "permissive" = "enforcing"): string {
  const fs = createDefaultFs();
  for (const [path, f] of Object.entries(files)) {
    fs.writeFile(path, f.text);
    if (f.mode !== undefined) fs.chmod(path, f.mode);
  }
  const r = createShareLink({ current: fs, base: createDefaultFs(), lessonId: null, selinux, request: { method: "GET", target, headers: [], body: new Uint8Array() } });
  if (!r.ok) throw new Error(r.error.message);
  return r.fragment.startsWith("#") ? r.fragment : `#${r.fragment}`;
}

/** The saved workspaces, as the switcher lists them. */
export async function workspaceNames(page: Page): Promise<string[]> {
  await page.getByRole("button", { name: /^Workspace:/ }).click();
  const menu = page.getByRole("menu", { name: "Workspaces" });
  await expect(menu.locator(".ws-item").first()).toBeVisible();
  const names = await menu.locator(".ws-name").allTextContents();
  await page.keyboard.press("Escape");
  return names;
}

/** The engine worker (the page's, not an interpreter's). */
export function engineWorker(page: Page) {
  return page.workers().find((w) => /engine-worker/.test(w.url()));
}
