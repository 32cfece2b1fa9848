/**
 * The live preview's network: MSW 3's service worker answers every request
 * the preview iframe makes under /~vhost/ from the emulator (see
 * ../model/vhost-url.ts for the URL scheme). Loaded lazily: MSW is not part
 * of the first paint.
 */
import { http, HttpResponse, passthrough } from "msw";
import { setupWorker } from "msw/browser";
import type { HttpResponse as EmuResponse } from "../../protocol/http-message.ts";
import type { Exchange } from "../../server/exchange.ts";
import { engine } from "../../worker/client.ts";
import { publishExchange } from "../exchange-bus.ts";
import { fromFetchRequest } from "../model/request-model.ts";
import { rewriteLocation, routeRequest, withPreviewShim } from "../model/vhost-url.ts";

/** Responses the Run button already produced, shown in the preview without running the script again. */
const replays = new Map<string, EmuResponse>();

export function queueReplay(target: string, response: EmuResponse): void {
  replays.set(target, response);
}

/**
 * What every preview response carries, on top of the emulator's headers.
 * `sandbox` (without allow-same-origin) gives the preview document an opaque
 * origin: its scripts cannot reach the app's DOM, localStorage or IndexedDB.
 * It is sent as a header rather than as the iframe's sandbox attribute
 * because Chromium does not send a sandboxed frame's navigations through the
 * service worker (see ARCHITECTURE.md, "Preview isolation").
 */
const SANDBOX = "sandbox allow-scripts allow-forms allow-popups allow-modals; ";
const CSP = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'";
export const PREVIEW_CSP = SANDBOX + CSP;

/**
 * Isolation costs subresources: an opaque-origin document's images, CSS and
 * fetches bypass the service worker. The preview pane lets the learner turn
 * it off for pages that need them.
 */
let isolated = true;
export function setPreviewIsolation(on: boolean): void {
  isolated = on;
}

function toFetchResponse(r: EmuResponse, origin: string): Response {
  const headers = new Headers();
  let hasReferrerPolicy = false;
  for (const [name, value] of r.headers) {
    const n = name.toLowerCase();
    if (n === "content-length" || n === "transfer-encoding" || n === "connection") continue;
    if (n === "referrer-policy") hasReferrerPolicy = true;
    try {
      headers.append(name, n === "location" ? rewriteLocation(value, origin) : value);
    } catch {
      // A header the Fetch API refuses (e.g. a bad name a script printed): the panes still show it.
    }
  }
  // Keeps the full referrer the routing relies on for absolute links (see
  // vhost-url.ts): the sandboxed document's origin is opaque, so any policy
  // that trims cross-origin referrers would send none at all.
  if (!hasReferrerPolicy) headers.set("Referrer-Policy", "no-referrer-when-downgrade");
  headers.set("Content-Security-Policy", isolated ? PREVIEW_CSP : CSP);
  const nullBody = r.status === 204 || r.status === 304 || (r.status >= 100 && r.status < 200);
  const isHtml = (headers.get("Content-Type") ?? "").toLowerCase().startsWith("text/html");
  const body = nullBody ? null : isHtml ? withPreviewShim(new TextDecoder().decode(r.body)) : r.body.slice().buffer;
  const status = r.status >= 200 && r.status <= 599 ? r.status : 502;
  return new Response(body, { status, statusText: r.reason, headers });
}

function externalNotice(url: string): Response {
  const esc = url.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return HttpResponse.html(
    `<!doctype html><meta charset=utf-8><title>Leaving the lab</title><body style="font:15px system-ui;margin:2rem">` +
      `<h1 style="font-size:1.2rem">The response pointed to another site</h1><p><code>${esc}</code></p>` +
      `<p>CGI Lab's preview only talks to the emulated server, so it stops here.</p>`,
    { headers: { "Content-Security-Policy": PREVIEW_CSP } },
  );
}

let started: Promise<void> | null = null;

export function startPreviewNetwork(): Promise<void> {
  if (started) return started;
  const origin = location.origin;
  const worker = setupWorker(
    http.all("*", async ({ request }) => {
      const url = new URL(request.url);
      // MSW rebuilds the Request without its "navigate" mode; documents ask for text/html.
      const navigation = (request.headers.get("accept") ?? "").includes("text/html");
      const route = routeRequest(url, request.referrer, origin, navigation);
      if (route.kind === "app") return passthrough();
      if (route.kind === "escaped") return new Response(null, { status: 307, headers: { Location: route.redirectTo } });
      if (route.kind === "external-notice") return externalNotice(url.searchParams.get("url") ?? "");
      const replay = request.method === "GET" ? replays.get(route.target) : undefined;
      if (replay) {
        replays.delete(route.target);
        return toFetchResponse(replay, origin);
      }
      let exchange: Exchange;
      try {
        exchange = await engine().call("http", { request: await fromFetchRequest(request, route.target, origin) });
      } catch (e) {
        return HttpResponse.text(`CGI Lab: the emulated server could not answer: ${e instanceof Error ? e.message : e}`, { status: 503 });
      }
      publishExchange({ exchange, navigation });
      return toFetchResponse(exchange.response, origin);
    }),
  );
  started = worker
    .start({
      onUnhandledFrame: "bypass",
      quiet: true,
      serviceWorker: { url: `${import.meta.env.BASE_URL}cgi-lab-sw.js`, options: { scope: import.meta.env.BASE_URL } },
    })
    .then(() => undefined);
  return started;
}
