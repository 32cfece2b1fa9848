/**
 * `curl` against the emulated server: builds the HttpRequest curl 8.9.1
 * would send from 127.0.0.1 and prints the answer as curl does (-i, -I, -v,
 * -o, -L, -f). Only this machine is reachable; there is no network.
 */
import type { HeaderField, HttpRequest, HttpResponse } from "../../protocol/http-message.ts";
import { CURL_HELP, parseCurlArgs, type CurlOptions } from "./curl-args.ts";
import type { Command, CommandIo } from "./types.ts";
import { newFileLabel } from "./util.ts";

export const CURL_USER_AGENT = "curl/8.9.1";
const LOCAL_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "localhost.localdomain"]);
let ephemeralPort = 41870;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

interface Target {
  host: string;
  port: number;
  path: string;
}

/** RFC 3986 remove_dot_segments, which curl applies unless --path-as-is. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segs = path.split("/");
  segs.forEach((s, i) => {
    if (s === "..") {
      if (out.length > 1) out.pop();
      if (i === segs.length - 1) out.push("");
    } else if (s === ".") {
      if (i === segs.length - 1) out.push("");
    } else out.push(s);
  });
  return out.join("/") || "/";
}

function parseUrl(url: string, pathAsIs: boolean): Target | { error: string; code: number } {
  const m = /^(?:([a-zA-Z][\w+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^#]*)/.exec(url)!;
  const scheme = (m[1] ?? "http").toLowerCase();
  if (scheme !== "http" && scheme !== "https") return { error: `curl: (1) Protocol "${scheme}" not supported`, code: 1 };
  const host = m[2]!.toLowerCase();
  if (!host) return { error: "curl: (3) URL rejected: No host part in the URL", code: 3 };
  let path = m[4] || "/";
  if (path.startsWith("?")) path = "/" + path;
  if (/\s/.test(path)) return { error: "curl: (3) URL rejected: Malformed input to a URL function", code: 3 };
  if (!pathAsIs) {
    const q = path.indexOf("?");
    path = q < 0 ? removeDotSegments(path) : removeDotSegments(path.slice(0, q)) + path.slice(q);
  }
  return { host, port: m[3] ? Number(m[3]) : scheme === "https" ? 443 : 80, path };
}

function bodyOf(o: CurlOptions, io: CommandIo): string | { error: string; code: number } {
  const parts: string[] = [];
  for (const d of o.data) {
    if (d.kind === "urlencode") {
      const eq = d.value.indexOf("=");
      parts.push(eq < 0 ? encodeURIComponent(d.value) : d.value.slice(0, eq + 1) + encodeURIComponent(d.value.slice(eq + 1)));
      continue;
    }
    if (d.kind !== "raw" && d.value.startsWith("@")) {
      const file = d.value.slice(1);
      const st = io.fs.stat(io.resolve(file));
      if (!st || st.type !== "file") {
        io.err(`Warning: Couldn't read data from file "${file}", this makes an empty POST.\n`);
        parts.push("");
        continue;
      }
      const text = io.fs.readText(io.resolve(file));
      parts.push(d.kind === "binary" ? text : text.replace(/[\r\n]/g, ""));
    } else parts.push(d.value);
  }
  return parts.join("&");
}

function buildRequest(o: CurlOptions, t: Target, body: string | null): HttpRequest {
  const headers: HeaderField[] = [["Host", t.port === 80 ? t.host : `${t.host}:${t.port}`], ["User-Agent", o.userAgent ?? CURL_USER_AGENT], ["Accept", "*/*"]];
  if (o.referer) headers.push(["Referer", o.referer]);
  if (o.cookie) headers.push(["Cookie", o.cookie]);
  const bytes = body === null ? new Uint8Array() : encoder.encode(body);
  const extra: HeaderField[] = body === null ? [] : [["Content-Length", String(bytes.length)], ["Content-Type", "application/x-www-form-urlencoded"]];
  for (const h of o.headers) {
    // "Name: value" replaces curl's own header, "Name:" removes it, "Name;" sends it empty.
    const m = /^([^:;]+)([:;])\s*(.*)$/.exec(h);
    if (!m) continue;
    const name = m[1]!.trim();
    const same = ([n]: HeaderField) => n.toLowerCase() === name.toLowerCase();
    const own = headers.findIndex(same);
    const ownExtra = extra.findIndex(same);
    if (ownExtra >= 0) extra.splice(ownExtra, 1);
    if (m[2] === ":" && m[3] === "") {
      if (own >= 0) headers.splice(own, 1);
      continue;
    }
    const field: HeaderField = [name, m[2] === ";" ? "" : m[3]!];
    if (own >= 0) headers[own] = field;
    else headers.push(field);
  }
  return {
    method: o.method ?? (o.head ? "HEAD" : body !== null ? "POST" : "GET"),
    target: t.path,
    version: o.http10 ? "HTTP/1.0" : "HTTP/1.1",
    headers: [...headers, ...extra],
    body: bytes,
    remoteAddr: "127.0.0.1",
    remotePort: (ephemeralPort = ephemeralPort >= 60999 ? 32768 : ephemeralPort + 1),
    localAddr: "127.0.0.1",
    localPort: t.port,
  };
}

/** Status line and header fields; a nph-style raw response carries its own head in the body. */
function split(res: HttpResponse): { head: string[]; body: Uint8Array } {
  if (res.headers.length === 0) {
    const text = decoder.decode(res.body);
    const end = text.search(/\r?\n\r?\n/);
    if (text.startsWith("HTTP/") && end >= 0) {
      const sep = /\r?\n\r?\n/.exec(text.slice(end))![0];
      return { head: text.slice(0, end).split(/\r?\n/), body: encoder.encode(text.slice(end + sep.length)) };
    }
  }
  return { head: [`HTTP/1.1 ${res.status} ${res.reason}`, ...res.headers.map(([k, v]) => `${k}: ${v}`)], body: res.body };
}

export const curl: Command = async (args, io) => {
  const parsed = parseCurlArgs(args);
  if (!parsed.ok) return fail(io, parsed.message, 2);
  const o = parsed.opts;
  const quietErr = (message: string, code: number) => (o.silent && !o.showError ? code : fail(io, message, code));
  if (o.url === undefined) return fail(io, `curl: no URL specified\n${CURL_HELP}`, 2);
  let url = o.url;
  let body = o.data.length ? bodyOf(o, io) : null;
  if (typeof body === "object" && body !== null) return quietErr(body.error, body.code);
  if (o.get && body !== null) {
    url += (url.includes("?") ? "&" : "?") + body;
    body = null;
  }
  for (let hops = 0; ; hops++) {
    const t = parseUrl(url, o.pathAsIs);
    if ("error" in t) return quietErr(t.error, t.code);
    if (!LOCAL_NAMES.has(t.host)) return quietErr(`curl: (6) Could not resolve host: ${t.host}`, 6);
    const listening = io.httpd?.config?.listen.map((l) => l.port) ?? [80];
    const refused = `curl: (7) Failed to connect to ${t.host} port ${t.port} after 0 ms: Couldn't connect to server`;
    if (!io.httpd || io.httpd.running === false || !listening.includes(t.port)) return quietErr(refused, 7);
    const req = buildRequest(o, t, body);
    if (o.verbose) {
      io.err(`* Host ${t.host}:${t.port} was resolved.\n* IPv4: 127.0.0.1\n*   Trying 127.0.0.1:${t.port}...\n* Connected to ${t.host} (127.0.0.1) port ${t.port}\n`);
      io.err(`> ${req.method} ${req.target} ${req.version}\n${req.headers.map(([k, v]) => `> ${k}: ${v}\n`).join("")}> \n`);
      if (req.body.length) io.err(`} [${req.body.length} bytes data]\n`);
      io.err("* Request completely sent off\n");
    }
    const res = (await io.httpd.handle(req)).response;
    if (res.status === 0) return quietErr(refused, 7); // the server stopped: nothing listens
    io.responses.push(res);
    const { head, body: resBody } = split(res);
    if (o.verbose) io.err(head.map((l) => `< ${l}\n`).join("") + "< \n");
    const location = res.headers.find(([k]) => k.toLowerCase() === "location")?.[1];
    if (o.follow && location && res.status >= 300 && res.status < 400) {
      if (o.include || o.head) io.out(head.join("\n") + "\n\n");
      if (hops >= 49) return quietErr("curl: (47) Maximum (50) redirects followed", 47);
      url = /^https?:\/\//i.test(location) ? location : location.startsWith("/") ? `http://${t.host}${t.port === 80 ? "" : `:${t.port}`}${location}` : url.replace(/[^/]*$/, location);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && req.method === "POST")) body = null;
      continue;
    }
    if (o.fail && res.status >= 400) return quietErr(`curl: (22) The requested URL returned error: ${res.status}`, 22);
    if (o.include || o.head) io.out(head.join("\n") + "\n\n");
    if (o.head) return 0;
    if (o.output !== undefined && o.output !== "-") {
      const path = io.resolve(o.output);
      if (io.fs.stat(path)?.type === "dir" || io.fs.stat(path.replace(/\/[^/]*$/, "") || "/")?.type !== "dir") return quietErr(`curl: (23) Failure writing output to destination, passed ${resBody.length} returned 0`, 23);
      io.fs.writeFile(path, resBody, io.fs.exists(path) ? {} : { mode: 0o644, label: newFileLabel(io.fs, path) });
      if (!o.silent) io.err(progress(resBody.length));
    } else if (resBody.includes(0) && o.output !== "-") {
      io.err('Warning: Binary output can mess up your terminal. Use "--output -" to tell curl to output it to your terminal anyway, or consider "--output <FILE>" to save to a file.\n');
      return 23;
    } else io.out(decoder.decode(resBody));
    if (o.verbose) io.err(`* Connection #0 to host ${t.host} left intact\n`);
    return 0;
  }
};

/** The meter curl prints on stderr when the body goes to a file. */
function progress(n: number): string {
  const c = (s: string | number, w: number) => String(s).padStart(w);
  return (
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
    "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
    `100 ${c(n, 5)}  100 ${c(n, 5)}    0     0 ${c(n * 100, 6)}      0 --:--:-- --:--:-- --:--:-- ${c(n * 100, 6)}\n`
  );
}

function fail(io: CommandIo, message: string, code: number): number {
  io.err(message + "\n");
  return code;
}
