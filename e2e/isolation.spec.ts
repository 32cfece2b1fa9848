import { expect, test, type Page } from "@playwright/test";
import { linkFragment, openApp, preview, urlField, workspaceNames } from "./share-helpers.ts";

/**
 * A CGI script whose HTML tries everything against the app, and reports each
 * attempt into its own DOM (<li id=…>): "ok …" when it got through,
 * "blocked …" when it did not.
 */
const HOSTILE_PAGE = String.raw`#!/usr/bin/python3
print("Content-Type: text/html")
print()
print("""<!doctype html><html><head><title>hostile</title></head><body><h1>hostile page</h1><ul id="r"></ul>
<script>
var out = function (k, v) { var li = document.createElement('li'); li.id = k; li.textContent = v; document.getElementById('r').appendChild(li); };
var t = function (k, f) { try { out(k, 'ok ' + String(f()).slice(0, 120)); } catch (e) { out(k, 'blocked ' + e.name); } };
t('localStorage', function () { localStorage.setItem('cgi-lab:ui', 'pwned'); return localStorage.getItem('cgi-lab:ui'); });
t('sessionStorage', function () { return sessionStorage.length; });
t('cookie', function () { document.cookie = 'pwned=1'; return document.cookie; });
t('parentDom', function () { return parent.document.title; });
t('topDom', function () { top.document.body.innerHTML = 'pwned'; return 'changed'; });
t('postMessage', function () {
  parent.postMessage({ kind: 'call', id: 1, name: 'reset', args: {} }, '*');
  parent.postMessage({ vscodeScheduleAsyncWork: 1 }, '*');
  parent.postMessage({ kind: 'event', event: { type: 'fs-changed', paths: ['/'] } }, '*');
  return 'sent';
});
try {
  var req = indexedDB.open('cgi-lab-storage');
  req.onsuccess = function () { out('indexedDB', 'ok opened ' + Array.from(req.result.objectStoreNames).join(',')); };
  req.onerror = function () { out('indexedDB', 'blocked ' + (req.error && req.error.name)); };
} catch (e) { out('indexedDB', 'blocked ' + e.name); }
var f = function (k, url) {
  fetch(url).then(function (r) { return r.text().then(function (x) { out(k, 'ok ' + r.status + ' ' + (x.indexOf('Hello from a CGI script') >= 0 ? 'engine' : x.indexOf('id="root"') >= 0 ? 'app-shell' : 'other')); }); })
    .catch(function (e) { out(k, 'blocked ' + e.name); });
};
f('fetchApp', '/');
f('fetchVhost', '/~vhost/cgi-bin/hello.py');
t('windowOpen', function () { var w = window.open('/', '_blank'); if (!w) return 'null'; try { return 'opened ' + w.document.title; } catch (e) { return 'opened, unreadable ' + e.name; } });
setTimeout(function () { t('topLocation', function () { top.location.href = '/?pwned=1'; return 'assigned'; }); out('done', 'done'); }, 800);
</script></body></html>""")
`;

const HOSTILE_PY = `#!/usr/bin/python3
import js
print("Content-Type: text/plain")
print()
def attempt(name, f):
    try:
        r = f()
        print(name, "REACHED", type(r).__name__)
    except Exception as e:
        print(name, "blocked", type(e).__name__)
attempt("indexedDB", lambda: js.indexedDB.open("cgi-lab-storage"))
attempt("fetch", lambda: js.fetch("/"))
attempt("caches", lambda: js.caches.keys())
attempt("XMLHttpRequest", lambda: js.XMLHttpRequest.new())
attempt("WebSocket", lambda: js.WebSocket.new("ws://127.0.0.1:9/"))
attempt("BroadcastChannel", lambda: js.BroadcastChannel.new("cgi-lab"))
attempt("importScripts", lambda: js.importScripts("/x.js"))
attempt("Worker", lambda: js.Worker.new("/x.js"))
attempt("opfs", lambda: js.navigator.storage.getDirectory())
attempt("locks", lambda: js.navigator.locks.query())
from pyodide.code import run_js
print("run_js typeof indexedDB:", run_js("typeof indexedDB"), "fetch:", run_js("typeof fetch"))
print("proto getter:", run_js("(function(){for(var o=self;o;o=Object.getPrototypeOf(o)){var d=Object.getOwnPropertyDescriptor(o,'indexedDB');if(d&&d.get)return 'found';}return 'none'})()"))
import sqlite3
db = sqlite3.connect("/tmp/t.db")
db.execute("create table t (x)")
db.execute("insert into t values (41 + 1)")
print("sqlite", db.execute("select x from t").fetchone()[0])
import json, urllib.parse
print("json", json.dumps({"ok": True}), urllib.parse.quote("a b"))
`;

async function appFingerprint(page: Page) {
  return page.evaluate(async () => ({
    title: document.title,
    header: document.querySelector(".header-bar")?.textContent ?? "",
    ui: localStorage.getItem("cgi-lab:ui"),
    cookie: document.cookie,
    url: location.href,
  }));
}

test("a hostile preview cannot reach the app, its storage or the engine", async ({ page, context }) => {
  await openApp(page);
  await urlField(page).fill("/cgi-bin/env.py?mine=1");
  await page.waitForTimeout(1000);
  const popups: string[] = [];
  context.on("page", (p) => popups.push(p.url()));

  // The hostile page arrives in someone's link (which also forces isolation on).
  await page.goto(`/${linkFragment({ "/var/www/cgi-bin/hostile.py": { text: HOSTILE_PAGE, mode: 0o755 } }, "/cgi-bin/hostile.py")}`);
  await expect(page.getByRole("region", { name: "Opened from a link" })).toBeVisible();
  await page.waitForTimeout(1000); // the app's own UI-state save after the import
  const before = await appFingerprint(page);
  expect(before.ui).not.toBe("pwned");
  const engineRequests: string[] = [];
  page.on("request", (r) => engineRequests.push(r.url()));
  page.on("request", (r) => r.url().includes("/~vhost/cgi-bin/hello.py") && console.log("preview fetch headers:", JSON.stringify(r.headers())));

  await page.getByRole("button", { name: "Run" }).click();
  const frame = preview(page);
  await expect(frame.locator("#done")).toHaveText("done", { timeout: 30_000 });
  await expect(frame.locator("#fetchApp")).toBeAttached();
  await expect(frame.locator("#fetchVhost")).toBeAttached();
  await expect(frame.locator("#indexedDB")).toBeAttached();
  const report = Object.fromEntries(await frame.locator("#r li").evaluateAll((lis) => lis.map((li) => [li.id, li.textContent ?? ""])));
  console.log("hostile page report:", JSON.stringify(report, null, 1));

  // Opaque origin: no storage, no cookies, no parent/top DOM.
  expect(report.localStorage).toMatch(/^blocked SecurityError/);
  expect(report.sessionStorage).toMatch(/^blocked SecurityError/);
  expect(report.cookie).toMatch(/^blocked SecurityError/);
  expect(report.indexedDB).toMatch(/^blocked/);
  expect(report.parentDom).toMatch(/^blocked SecurityError/);
  expect(report.topDom).toMatch(/^blocked SecurityError/);
  // Fetches from the opaque origin are not seen by the service worker: they
  // never reach the engine (no "engine" answer) and are cross-origin to the app.
  expect(report.fetchVhost).not.toMatch(/engine/);
  expect(report.fetchApp).toMatch(/^blocked|^ok \d+ (app-shell|other)/);
  expect(report.postMessage).toBe("ok sent");

  // The app: same URL (no top navigation), same DOM, same storage.
  await page.waitForTimeout(1500);
  const after = await appFingerprint(page);
  expect(after.url).toBe(before.url);
  expect(after.title).toBe(before.title);
  expect(after.header).toBe(before.header);
  expect(after.ui).toBe(before.ui);
  expect(after.cookie).toBe(before.cookie);
  expect(await page.evaluate(() => (window as unknown as { __cgiLabBlockedMessages?: number }).__cgiLabBlockedMessages)).toBeGreaterThanOrEqual(3);
  // The messages did nothing: the hostile script is still there (no "reset"), the engine answered only the Run.
  await expect(page.getByRole("navigation", { name: "Files" }).getByRole("button", { name: /hostile\.py/ })).toBeVisible();
  // The preview's fetch('/~vhost/cgi-bin/hello.py') left the browser (to the static server, with
  // Origin: null, and failed CORS), but the service worker never handed it to the engine:
  // the access_log of the emulated server has the Run and nothing else.
  expect(engineRequests.filter((u) => u.includes("/~vhost/cgi-bin/hello.py")).length).toBeLessThanOrEqual(1);
  const box = page.getByRole("textbox", { name: "Shell command" });
  await box.fill("cat /var/log/httpd/access_log");
  await box.press("Enter");
  const terminal = page.getByRole("region", { name: "Terminal" });
  await expect(terminal).toContainText("GET /cgi-bin/hostile.py");
  await expect(terminal).not.toContainText("hello.py");
  // A popup, if the browser opened one, is sandboxed too and did not get the app's storage.
  for (const p of context.pages().filter((p) => p !== page)) {
    const canRead = await p.evaluate(() => {
      try {
        return localStorage.getItem("cgi-lab:ui");
      } catch (e) {
        return `blocked ${(e as Error).name}`;
      }
    });
    expect(canRead === null || /^blocked/.test(String(canRead))).toBe(true);
    await p.close();
  }
  console.log("popups:", popups);

  // The person's own workspace is intact.
  await page.getByRole("button", { name: /^Workspace:/ }).click();
  await page.getByRole("menuitemradio", { name: /My workspace/ }).click();
  await expect(urlField(page)).toHaveValue("/cgi-bin/env.py?mine=1");
  expect(await workspaceNames(page)).toHaveLength(2);
});

test("a hostile Python script cannot use js.indexedDB, js.fetch and friends; normal scripts and sqlite work", async ({ page }) => {
  await openApp(page);
  await page.goto(`/${linkFragment({ "/var/www/cgi-bin/sneaky.py": { text: HOSTILE_PY, mode: 0o755 } }, "/cgi-bin/sneaky.py")}`);
  await expect(page.getByRole("region", { name: "Opened from a link" })).toBeVisible();
  await page.getByRole("button", { name: "Run" }).click();
  const response = page.getByRole("region", { name: "Response" });
  await expect(response).toContainText("HTTP/1.1 200 OK", { timeout: 60_000 });
  await expect(response).toContainText("sqlite 42");
  const body = await response.innerText();
  console.log(body);
  for (const name of ["indexedDB", "fetch", "caches", "XMLHttpRequest", "WebSocket", "BroadcastChannel", "importScripts", "Worker", "opfs", "locks"]) {
    expect(body).toContain(`${name} blocked`);
  }
  expect(body).not.toContain("REACHED");
  expect(body).toContain("run_js typeof indexedDB: undefined fetch: undefined");
  expect(body).toContain("proto getter: none");
  expect(body).toContain('json {"ok": true} a%20b');
  // The default script still runs.
  await urlField(page).fill("/cgi-bin/hello.py");
  await page.getByRole("button", { name: "Run" }).click();
  await expect(response).toContainText("Hello from a CGI script");
});
