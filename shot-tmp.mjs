import { chromium } from "@playwright/test";
const url = process.argv[2] ?? "http://127.0.0.1:5173/";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [name, w, h] of [["desktop", 1440, 900], ["phone", 390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  page.on("console", (m) => console.log(`[${name} ${m.type()}]`, m.text().slice(0, 300)));
  page.on("pageerror", (e) => console.log(`[${name} pageerror]`, e.message));
  await page.goto(url);
  await page.waitForTimeout(Number(process.argv[3] ?? 5000));
  if (process.argv[4] === "run") { await page.getByRole("button", { name: "Run" }).click(); await page.waitForTimeout(4000); }
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: name === "phone" });
  await page.close();
}
await browser.close();
