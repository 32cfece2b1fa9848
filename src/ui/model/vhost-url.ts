/**
 * The preview's URL scheme (see ARCHITECTURE.md, "Preview URLs").
 *
 * The virtual server's `/x` lives at the site's `/~vhost/x`. The preview
 * iframe is only ever pointed under that prefix, and the service worker
 * (MSW) answers everything under it from the emulator, so a virtual path can
 * never collide with the app's own files (/, /assets/…, /pyodide/…).
 *
 * Absolute links inside the preview (`<a href="/cgi-bin/env.py">`, a form
 * with `action="/cgi-bin/form.py"`, `Location: /x`) resolve to the site's
 * `/cgi-bin/…`, outside the prefix. The service worker recognises them by
 * their referrer (a page under /~vhost/) and answers with a 307 back under
 * the prefix; 307 keeps the method and body, so POSTed forms still work.
 * Location headers that the emulator sends are rewritten the same way.
 *
 * Limits: a page that suppresses its referrer (Referrer-Policy: no-referrer)
 * loses that rescue, so its absolute links reach the site itself; preview
 * responses are therefore sent with `Referrer-Policy:
 * no-referrer-when-downgrade` unless the script set its own. Links to other origins are not followed (the preview's
 * CSP blocks subresources from other origins; a clicked off-site link
 * navigates the frame away, as in a browser).
 *
 * Isolation (measured in headless Chromium 156 with MSW 3.0.5): an iframe
 * with the `sandbox` attribute and without allow-same-origin is NOT served
 * by the service worker: its navigations reach the static server (which
 * answers the app's index.html). So the iframe has no sandbox attribute and
 * every preview response carries `Content-Security-Policy: sandbox
 * allow-scripts allow-forms allow-popups allow-modals` instead. The document
 * then has an opaque origin (localStorage, IndexedDB and parent.document
 * throw SecurityError), while navigations it starts (links, GET and POST
 * forms, redirects) still go through the service worker, because the frame
 * itself is not sandboxed. Limit: subresource requests of the opaque
 * document (img, CSS, script src, fetch) are not seen by the service worker
 * and go to the static server, so preview pages can't load images or
 * stylesheets from the virtual server; inline styles and data: URLs work.
 */
export const VHOST_PREFIX = "/~vhost";
/** Where the preview lands when the emulator redirects to another site. */
export const EXTERNAL_PATH = "/~vhost-external";
/** Host names that mean "the virtual server itself" in absolute URLs. */
const SELF_HOSTS = new Set(["localhost", "localhost:80", "127.0.0.1", "127.0.0.1:80"]);

/** `/cgi-bin/x.py?a=1` → `/~vhost/cgi-bin/x.py?a=1`. */
export function toPreviewPath(target: string): string {
  const t = target.startsWith("/") ? target : `/${target}`;
  return VHOST_PREFIX + t;
}

/** `/~vhost/cgi-bin/x.py?a=1` → `/cgi-bin/x.py?a=1`; `/~vhost` → `/`; anything else → null. */
export function fromPreviewPath(pathAndQuery: string): string | null {
  if (pathAndQuery === VHOST_PREFIX) return "/";
  if (pathAndQuery.startsWith(VHOST_PREFIX + "?")) return "/" + pathAndQuery.slice(VHOST_PREFIX.length);
  if (!pathAndQuery.startsWith(VHOST_PREFIX + "/")) return null;
  return pathAndQuery.slice(VHOST_PREFIX.length);
}

export type RouteDecision =
  | { kind: "vhost"; target: string }
  | { kind: "escaped"; redirectTo: string }
  | { kind: "external-notice" }
  | { kind: "app" };

/** The app's own files: never the virtual server's, whoever asks. */
const APP_PATHS = /^\/(index\.html)?$|^\/(assets|pyodide)\/|^\/(mockServiceWorker|cgi-lab-sw)\.js$|^\/favicon/;

/**
 * Decides who answers a request the service worker saw. `navigation` is true
 * for requests that want a document (Accept: text/html): the app itself only
 * ever navigates to "/", so any other document request that is not one of
 * the app's files came from the preview, even without a referrer (a
 * sandboxed, opaque-origin preview document sends none).
 */
export function routeRequest(url: URL, referrer: string, siteOrigin: string, navigation = false): RouteDecision {
  if (url.origin !== siteOrigin) return { kind: "app" };
  const pq = url.pathname + url.search;
  if (url.pathname === EXTERNAL_PATH) return { kind: "external-notice" };
  const target = fromPreviewPath(pq);
  if (target !== null) return { kind: "vhost", target };
  let ref: URL | null = null;
  try {
    ref = referrer ? new URL(referrer) : null;
  } catch {
    ref = null;
  }
  if (ref && ref.origin === siteOrigin && fromPreviewPath(ref.pathname) !== null) {
    return { kind: "escaped", redirectTo: toPreviewPath(pq) };
  }
  if (navigation && !ref && !APP_PATHS.test(url.pathname)) return { kind: "escaped", redirectTo: toPreviewPath(pq) };
  return { kind: "app" };
}

/** Rewrites a Location header from the emulator so the preview stays under the prefix. */
export function rewriteLocation(location: string, siteOrigin: string): string {
  if (location.startsWith("//")) return `${EXTERNAL_PATH}?url=${encodeURIComponent("http:" + location)}`;
  if (location.startsWith("/")) return toPreviewPath(location);
  let u: URL;
  try {
    u = new URL(location);
  } catch {
    return location; // relative: resolves against the preview's own URL, already under the prefix
  }
  if (u.protocol === "http:" && SELF_HOSTS.has(u.host)) return toPreviewPath(u.pathname + u.search + u.hash);
  if (u.origin === siteOrigin) return location;
  return `${EXTERNAL_PATH}?url=${encodeURIComponent(location)}`;
}

/**
 * A tiny script put at the top of every HTML page the preview receives (not
 * into the bytes the panes show). Just before a link is followed or a form
 * is submitted it moves an absolute URL of the virtual server
 * (`/cgi-bin/x.py`, `http://localhost/x`) under the prefix, because a
 * sandboxed preview document sends no referrer for the service worker to
 * recognise it by. URLs built by scripts (`location = "/"`) are not seen.
 */
export const PREVIEW_SHIM = `<script>(function(){var P=${JSON.stringify(VHOST_PREFIX)};function f(u){if(!u)return null;var m=/^https?:\\/\\/(localhost|127\\.0\\.0\\.1)(:80)?(\\/.*)?$/.exec(u);if(m)return P+(m[3]||"/");if(u.charAt(0)==="/"&&u.charAt(1)!=="/"&&u!==P&&u.indexOf(P+"/")!==0&&u.indexOf(P+"?")!==0)return P+u;return null}document.addEventListener("click",function(e){var a=e.target&&e.target.closest&&e.target.closest("a[href],area[href]");if(!a)return;var x=f(a.getAttribute("href"));if(x)a.setAttribute("href",x)},true);document.addEventListener("submit",function(e){var t=e.target,s=e.submitter,x=f(t.getAttribute("action"));if(x)t.setAttribute("action",x);if(s&&s.hasAttribute("formaction")){x=f(s.getAttribute("formaction"));if(x)s.setAttribute("formaction",x)}},true)})();</script>`;

/** The page with PREVIEW_SHIM inserted after its doctype (so the page keeps its rendering mode). */
export function withPreviewShim(html: string): string {
  const m = /^\s*<!doctype[^>]*>/i.exec(html);
  return m ? m[0] + PREVIEW_SHIM + html.slice(m[0].length) : PREVIEW_SHIM + html;
}
