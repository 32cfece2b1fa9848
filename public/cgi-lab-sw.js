/*
 * CGI Lab's service worker: MSW's worker (public/mockServiceWorker.js,
 * imported unmodified) answers for the preview's virtual server, and only
 * for it.
 *
 * Why the filter: MSW's worker handles every request of every client it
 * controls, and for each one it round-trips a REQUEST message to the page
 * and posts a clone of the response body back to it (a "RESPONSE" event the
 * page never reads). Every Python interpreter worker fetches its script and
 * Pyodide's 1.25 MB loader when it starts, i.e. on every CGI request: that
 * cost ~10 MB of renderer memory per request, never freed, and slowed each
 * boot. The site's own files (/assets/, /pyodide/, these two scripts)
 * therefore never reach MSW: with static routing (Chromium 123+) they do not
 * even start this worker; elsewhere the first fetch listener below stops
 * the event before MSW's listener sees it, and the browser fetches them
 * itself.
 */
const BASE = new URL(self.registration.scope).pathname;
const APP_PREFIXES = [BASE + "assets/", BASE + "pyodide/"];
// Not "/" itself: a preview page that links to "/" must be sent back under
// /~vhost/ (msw-preview.ts decides that), not shown the app inside the preview.
const APP_FILES = new Set([BASE + "cgi-lab-sw.js", BASE + "mockServiceWorker.js"]);

function isAppRequest(url) {
  if (url.origin !== self.location.origin) return true;
  return APP_FILES.has(url.pathname) || APP_PREFIXES.some((p) => url.pathname.startsWith(p));
}

self.addEventListener("install", (event) => {
  if (typeof event.addRoutes !== "function" || typeof URLPattern !== "function") return;
  const network = (pathname) => ({ condition: { urlPattern: new URLPattern({ pathname }) }, source: "network" });
  const routes = [...APP_PREFIXES.map((p) => network(p + "*")), ...[...APP_FILES].map(network)];
  event.waitUntil(event.addRoutes(routes).catch(() => {}));
});

// Registered before MSW's own listener, so it runs first.
self.addEventListener("fetch", (event) => {
  if (isAppRequest(new URL(event.request.url))) event.stopImmediatePropagation();
});

importScripts("./mockServiceWorker.js");
