/**
 * curl's command line: the options the lessons use, parsed the way curl
 * does (bundled short flags, the last one may take a value; long options).
 */

export interface CurlOptions {
  url?: string;
  method?: string;
  headers: string[];
  /** -d reads @file without newlines, --data-binary keeps them, --data-raw takes @ literally. */
  data: { kind: "data" | "raw" | "binary" | "urlencode"; value: string }[];
  include: boolean;
  head: boolean;
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  follow: boolean;
  fail: boolean;
  get: boolean;
  http10: boolean;
  pathAsIs: boolean;
  userAgent?: string;
  referer?: string;
  cookie?: string;
  output?: string;
}

const SHORT_FLAGS: Record<string, keyof CurlOptions> = { i: "include", I: "head", s: "silent", S: "showError", v: "verbose", L: "follow", f: "fail", G: "get", "0": "http10" };
const SHORT_VALUES = new Set(["X", "H", "d", "A", "e", "b", "o"]);
const LONG: Record<string, string> = {
  include: "i", head: "I", silent: "s", "show-error": "S", verbose: "v", location: "L", fail: "f", get: "G", "http1.0": "0",
  request: "X", header: "H", data: "d", "data-ascii": "d", "user-agent": "A", referer: "e", cookie: "b", output: "o",
};
const LONG_ONLY_VALUES = new Set(["data-raw", "data-binary", "data-urlencode", "url"]);

export const CURL_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

export function parseCurlArgs(args: string[]): { ok: true; opts: CurlOptions } | { ok: false; message: string } {
  const o: CurlOptions = {
    headers: [], data: [], include: false, head: false, silent: false, showError: false, verbose: false, follow: false, fail: false, get: false, http10: false, pathAsIs: false,
  };
  const setValue = (letter: string, v: string) => {
    if (letter === "X") o.method = v;
    else if (letter === "H") o.headers.push(v);
    else if (letter === "d") o.data.push({ kind: "data", value: v });
    else if (letter === "A") o.userAgent = v;
    else if (letter === "e") o.referer = v;
    else if (letter === "b") o.cookie = v;
    else if (letter === "o") o.output = v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("--")) {
      const name = a.slice(2);
      if (name === "http1.1" || name === "compressed" || name === "no-progress-meter") {
        if (name === "no-progress-meter") o.silent = true;
        continue;
      }
      if (name === "path-as-is") {
        o.pathAsIs = true;
        continue;
      }
      const v = args[i + 1];
      if (LONG_ONLY_VALUES.has(name)) {
        if (v === undefined) return { ok: false, message: `curl: option ${a}: requires parameter\n${CURL_HELP}` };
        i++;
        if (name === "url") o.url = v;
        else o.data.push({ kind: name === "data-raw" ? "raw" : name === "data-binary" ? "binary" : "urlencode", value: v });
        continue;
      }
      const letter = LONG[name];
      if (letter === undefined) return { ok: false, message: `curl: option ${a}: is unknown\n${CURL_HELP}` };
      if (SHORT_VALUES.has(letter)) {
        if (v === undefined) return { ok: false, message: `curl: option ${a}: requires parameter\n${CURL_HELP}` };
        setValue(letter, v);
        i++;
      } else (o[SHORT_FLAGS[letter]!] as boolean) = true;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (SHORT_VALUES.has(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { ok: false, message: `curl: option -${c}: requires parameter\n${CURL_HELP}` };
          setValue(c, v);
          break;
        }
        const flag = SHORT_FLAGS[c];
        if (!flag) return { ok: false, message: `curl: option -${a.slice(j)}: is unknown\n${CURL_HELP}` };
        (o[flag] as boolean) = true;
      }
      continue;
    }
    o.url ??= a;
  }
  return { ok: true, opts: o };
}
