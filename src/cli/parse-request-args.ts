import type { HeaderField } from "../protocol/http-message.ts";

export interface RequestArgs {
  root?: string;
  method?: string;
  headers: HeaderField[];
  data?: { kind: "text"; value: string } | { kind: "file"; path: string };
  json: boolean;
  target: string;
}

/** Parses `request` options the way curl reads the same flags. */
export function parseRequestArgs(args: string[]): RequestArgs | { error: string } {
  const out: RequestArgs = { headers: [], json: false, target: "" };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`option ${a} needs a value`);
      return v;
    };
    try {
      if (a === "--root") out.root = next();
      else if (a === "-X" || a === "--request") out.method = next();
      else if (a === "-H" || a === "--header") {
        const h = next();
        const colon = h.indexOf(":");
        if (colon <= 0) return { error: `bad header '${h}': expected 'Name: value'` };
        out.headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
      } else if (a === "-d" || a === "--data") out.data = { kind: "text", value: next() };
      else if (a === "--data-binary") {
        const v = next();
        out.data = v.startsWith("@") ? { kind: "file", path: v.slice(1) } : { kind: "text", value: v };
      } else if (a === "--json") out.json = true;
      else if (a.startsWith("-")) return { error: `unknown option ${a}` };
      else if (out.target) return { error: `unexpected argument ${a}` };
      else out.target = a;
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  if (!out.target) return { error: "a TARGET (URL or path) is needed" };
  return out;
}

/** Splits a URL or path into the Host header value and the request-target. */
export function targetParts(target: string, defaultHost: string): { host: string; path: string } {
  const m = /^https?:\/\/([^/?#]+)([^#]*)/i.exec(target);
  if (m) return { host: m[1]!, path: m[2] || "/" };
  return { host: defaultHost, path: target.startsWith("/") ? target : `/${target}` };
}
