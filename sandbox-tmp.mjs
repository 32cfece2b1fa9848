import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
page.on("console", (m) => { if (!/vite|DevTools|engine module/.test(m.text())) console.log("[console]", m.text().slice(0, 200)); });
await page.goto("http://127.0.0.1:5173/");
await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
await page.waitForTimeout(1500);
for (const sandbox of [null, "allow-scripts allow-forms", "allow-scripts allow-forms allow-same-origin", ""]) {
  const text = await page.evaluate(async (sb) => {
    const f = document.createElement("iframe");
    if (sb !== null) f.setAttribute("sandbox", sb);
    f.src = "/~vhost-external?url=https%3A%2F%2Fexample.com%2F";
    document.body.append(f);
    await new Promise((r) => f.addEventListener("load", r, { once: true }));
    await new Promise((r) => setTimeout(r, 300));
    let t;
    try { t = f.contentDocument ? f.contentDocument.body.innerText.slice(0, 80) : "(opaque: cannot read)"; } catch (e) { t = "(threw) " + e.message; }
    f.remove();
    return t;
  }, sandbox);
  console.log(JSON.stringify(sandbox), "→", text);
}
// In the opaque sandbox: use a frame screenshot to see the text
await page.evaluate(() => {
  const f = document.createElement("iframe");
  f.id = "sbx"; f.setAttribute("sandbox", "allow-scripts allow-forms");
  f.style.cssText = "position:fixed;top:0;left:0;width:600px;height:300px;z-index:99;background:white";
  f.src = "/~vhost-external?url=https%3A%2F%2Fexample.com%2F";
  document.body.append(f);
});
await page.waitForTimeout(1500);
const fr = page.frames().find((f) => f.url().includes("vhost-external"));
console.log("sandboxed frame url:", fr?.url(), "text:", fr ? (await fr.evaluate(() => document.body.innerText)).slice(0, 100) : null);
// subresource + nav from inside the sandboxed frame
const r = fr ? await fr.evaluate(async () => { try { const res = await fetch("/~vhost-external?url=x"); return res.status + " " + (await res.text()).slice(0, 60); } catch (e) { return "fetch failed: " + e.message; } }) : null;
console.log("fetch from sandboxed frame:", r);
await browser.close();
