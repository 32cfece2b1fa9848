import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(process.argv[2]);
await page.waitForTimeout(5000);
await page.screenshot({ path: "/tmp/shots/phone-top.png" });
await browser.close();
