/** The request bar's draft, its presets, and how a draft becomes an HttpRequest. */
import type { HeaderField, HttpRequest } from "../../protocol/http-message.ts";
import { fromPreviewPath } from "./vhost-url.ts";

export type BodyMode = "none" | "form" | "raw";

export interface RequestDraft {
  method: string;
  /** The request-target on the virtual server: path and query. */
  target: string;
  headers: HeaderField[];
  bodyMode: BodyMode;
  form: HeaderField[];
  raw: string;
  rawType: string;
}

export const METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"] as const;

export const VIRTUAL_HOST = "localhost";
export const CLIENT_ADDR = "192.168.1.10";
export const USER_AGENT = "Mozilla/5.0 (CGI Lab request bar)";

export function draftFor(target: string): RequestDraft {
  return { method: "GET", target, headers: [], bodyMode: "none", form: [], raw: "", rawType: "text/plain" };
}

export interface Preset {
  id: string;
  label: string;
  draft: RequestDraft;
}

/** Presets for a script URL such as /cgi-bin/test.py. */
export function presetsFor(scriptUrl: string): Preset[] {
  const base = draftFor(scriptUrl);
  return [
    { id: "get", label: "GET script", draft: base },
    { id: "query", label: "GET with query", draft: { ...base, target: `${scriptUrl}?name=Ada&lang=en` } },
    {
      id: "post",
      label: "POST form",
      draft: { ...base, method: "POST", bodyMode: "form", form: [["name", "Ada Lovelace"], ["comment", "Hello & welcome"]] },
    },
    { id: "pathinfo", label: "Path info", draft: { ...base, target: `${scriptUrl}/extra/path?x=1` } },
  ];
}

/** application/x-www-form-urlencoded, as a browser's form submission encodes it. */
export function encodeForm(fields: readonly HeaderField[]): string {
  return fields
    .filter(([n]) => n !== "")
    .map(([n, v]) => `${formEscape(n)}=${formEscape(v)}`)
    .join("&");
}

function formEscape(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, "+").replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function parseForm(body: string): HeaderField[] {
  if (!body) return [];
  return body.split("&").map((p) => {
    const i = p.indexOf("=");
    const d = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return i < 0 ? [d(p), ""] : [d(p.slice(0, i)), d(p.slice(i + 1))];
  });
}

let nextPort = 51000;
function clientPort(): number {
  nextPort = nextPort >= 60999 ? 51000 : nextPort + 1;
  return nextPort;
}

function withBase(h: HeaderField[]): HeaderField[] {
  const has = (n: string) => h.some(([k]) => k.toLowerCase() === n.toLowerCase());
  const out: HeaderField[] = [];
  if (!has("Host")) out.push(["Host", VIRTUAL_HOST]);
  if (!has("User-Agent")) out.push(["User-Agent", USER_AGENT]);
  if (!has("Accept")) out.push(["Accept", "*/*"]);
  return [...out, ...h];
}

export function buildRequest(d: RequestDraft): HttpRequest {
  const headers = withBase(d.headers.filter(([n]) => n.trim() !== ""));
  let body = new Uint8Array();
  if (d.bodyMode !== "none") {
    const text = d.bodyMode === "form" ? encodeForm(d.form) : d.raw;
    body = new TextEncoder().encode(text);
    const type = d.bodyMode === "form" ? "application/x-www-form-urlencoded" : d.rawType;
    if (!headers.some(([n]) => n.toLowerCase() === "content-type")) headers.push(["Content-Type", type]);
    headers.push(["Content-Length", String(body.length)]);
  }
  const target = d.target.startsWith("/") ? d.target : `/${d.target}`;
  return { method: d.method, target, version: "HTTP/1.1", headers, body, remoteAddr: CLIENT_ADDR, remotePort: clientPort(), localAddr: "192.168.1.2", localPort: 80 };
}

/** Browser-internal headers a script would not learn much from. */
const DROPPED = /^(sec-ch-|sec-purpose|purpose$|service-worker|x-msw-)/i;

function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

/** The origin URL of the site becomes the virtual server's in Referer and Origin. */
function virtualize(value: string, siteOrigin: string): string {
  if (value === siteOrigin) return `http://${VIRTUAL_HOST}`;
  if (!value.startsWith(siteOrigin + "/")) return value;
  const pq = value.slice(siteOrigin.length);
  return `http://${VIRTUAL_HOST}${fromPreviewPath(pq) ?? pq}`;
}

/** A request the preview made (through the service worker) as the virtual server receives it. */
export async function fromFetchRequest(req: Request, target: string, siteOrigin: string): Promise<HttpRequest> {
  const headers: HeaderField[] = [["Host", VIRTUAL_HOST]];
  req.headers.forEach((value, name) => {
    if (name === "host" || DROPPED.test(name)) return;
    const v = name === "referer" || name === "origin" ? virtualize(value, siteOrigin) : value;
    headers.push([titleCase(name), v]);
  });
  if (req.referrer && !headers.some(([n]) => n === "Referer")) headers.push(["Referer", virtualize(req.referrer, siteOrigin)]);
  const body = req.method === "GET" || req.method === "HEAD" ? new Uint8Array() : new Uint8Array(await req.arrayBuffer());
  if (body.length && !headers.some(([n]) => n === "Content-Length")) headers.push(["Content-Length", String(body.length)]);
  return { method: req.method, target, version: "HTTP/1.1", headers, body, remoteAddr: CLIENT_ADDR, remotePort: clientPort(), localAddr: "192.168.1.2", localPort: 80 };
}

/** The draft the request bar shows for a request that came from the preview. */
export function draftFromRequest(r: HttpRequest): RequestDraft {
  const type = r.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? "";
  const text = new TextDecoder().decode(r.body);
  const d = draftFor(r.target);
  d.method = r.method;
  if (r.body.length && type.startsWith("application/x-www-form-urlencoded")) return { ...d, bodyMode: "form", form: parseForm(text) };
  if (r.body.length) return { ...d, bodyMode: "raw", raw: text, rawType: type || "text/plain" };
  return d;
}
