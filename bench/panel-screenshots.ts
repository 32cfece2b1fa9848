/**
 * Screenshots of the CGI vs FastCGI panel after a small run, at desktop and
 * phone widths: npx tsx bench/panel-screenshots.ts [--skip-build] → bench/screenshots/*.png
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { launch } from "./browser.ts";
import { startStaticServer } from "./static-server.ts";

const REPO = resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  if (!process.argv.includes("--skip-build")) spawnSync(join(REPO, "node_modules/.bin/vite"), ["build", "--manifest", "--logLevel", "error"], { cwd: REPO, stdio: "inherit" });
  const out = join(REPO, "bench/screenshots");
  mkdirSync(out, { recursive: true });
  const server = await startStaticServer(join(REPO, "dist"));
  const browser = await launch();
  try {
    for (const [name, viewport, scheme] of [
      ["desktop", { width: 1440, height: 900 }, "light"],
      ["desktop-dark", { width: 1440, height: 900 }, "dark"],
      ["phone", { width: 390, height: 844 }, "light"],
    ] as const) {
      const ctx = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: name === "phone" ? 2 : 1, serviceWorkers: "allow" });
      const page = await ctx.newPage();
      await page.goto(server.url);
      await page.waitForSelector(".python-status.stage-ready", { timeout: 120_000 });
      await page.getByRole("button", { name: "CGI vs FastCGI" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Requests per mode").fill("20");
      await dialog.getByRole("button", { name: "Run both" }).click();
      await dialog.getByRole("group", { name: "FastCGI (mod_fastcgi) figures" }).getByText(/one process stayed|restarted/).waitFor({ timeout: 120_000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `panel-${name}.png`) });
      await dialog.screenshot({ path: join(out, `panel-${name}-full.png`) }).catch(() => {});
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`screenshots in ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
