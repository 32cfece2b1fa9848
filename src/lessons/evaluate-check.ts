/**
 * The pure half of the checks: given Exchanges (and a snapshot of the
 * machine), which tasks pass, and what to tell the learner about the
 * ones that don't. No engine, no filesystem, no clock: the UI can call it
 * on every exchange it receives from the worker.
 */
import type { Exchange } from "../server/exchange.ts";
import {
  type Check,
  type CheckRequest,
  type CheckResult,
  type CompareTask,
  type ExchangeExpect,
  isCompareTask,
  isMachineTask,
  isRequestTask,
  type MachineCondition,
  type MachineTask,
  type Match,
  type RecordExpect,
  type RecordTypeName,
  type RequestTask,
  type SeriesTiming,
  type TaskResult,
} from "./check-types.ts";

/** What machine conditions look at. The runner builds it from a Vfs and an Httpd; the UI from its worker. */
export interface MachineSnapshot {
  selinuxEnforcing: boolean;
  httpdRunning: boolean;
  /** Modules of the configuration httpd is running ("cgi_module", "fastcgi_module", …). */
  loadedModules: readonly string[];
  /** httpd.conf and conf.d/*.conf as on disk, concatenated. */
  configText: string;
  stat(path: string): { type: "file" | "dir"; mode: number; owner: string; group: string; label: string } | undefined;
  readText(path: string): string | undefined;
}

const RECORD_TYPES: RecordTypeName[] = [
  "BEGIN_REQUEST", "ABORT_REQUEST", "END_REQUEST", "PARAMS", "STDIN", "STDOUT", "STDERR", "DATA",
  "GET_VALUES", "GET_VALUES_RESULT", "UNKNOWN_TYPE",
];
const ROLES = ["", "RESPONDER", "AUTHORIZER", "FILTER"] as const;

const decoder = new TextDecoder();
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const quote = (s: string, max = 80) => JSON.stringify(s.length > max ? s.slice(0, max) + "…" : s);

export function bodyText(ex: Exchange): string {
  return decoder.decode(ex.response.body);
}

function header(ex: Exchange, name: string): string | undefined {
  const n = name.toLowerCase();
  return ex.response.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

/** The environment the program saw: CGI's, else the first FastCGI application's PARAMS. */
export function programEnv(ex: Exchange): [string, string][] | undefined {
  return ex.cgi?.env ?? ex.fastcgi?.[0]?.env;
}

/** Checks a value against a Match; returns a complaint or null. */
function matchValue(what: string, value: string | undefined, m: Match): string | null {
  if (typeof m === "string") return value === m ? null : `${what} should be ${quote(m)}, but it is ${value === undefined ? "not set" : quote(value)}.`;
  if ("absent" in m) return value === undefined ? null : `${what} should not be set, but it is ${quote(value)}.`;
  if ("contains" in m) return value !== undefined && value.includes(m.contains) ? null : `${what} should contain ${quote(m.contains)}, but it is ${value === undefined ? "not set" : quote(value)}.`;
  const re = new RegExp(m.matches, m.flags);
  return value !== undefined && re.test(value) ? null : `${what} should match /${m.matches}/, but it is ${value === undefined ? "not set" : quote(value)}.`;
}

/** A short reason for a failed request, from what the server logged. */
function logHint(ex: Exchange): string {
  const last = [...ex.errorLog].reverse().find((l) => l.trim() !== "");
  if (!last) return "";
  const text = last.replace(/^\[[^\]]*\] \[[^\]]*\] \[pid [^\]]*\] (\[client [^\]]*\] )?/, "");
  return ` The error_log says: ${quote(text, 160)}`;
}

interface DecodedRecord {
  type: RecordTypeName | `type ${number}`;
  direction: "to-app" | "from-app";
  contentLength: number;
  role?: string;
  appStatus?: number;
  protocolStatus?: number;
}

/** Reads the header (and the BEGIN/END bodies) of each captured record. */
export function decodeRecords(ex: Exchange): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  for (const cap of ex.fastcgi ?? []) {
    for (const r of cap.records) {
      const b = r.bytes;
      if (b.length < 8) continue;
      const t = b[1]!;
      const rec: DecodedRecord = { type: RECORD_TYPES[t - 1] ?? `type ${t}`, direction: r.direction, contentLength: (b[4]! << 8) | b[5]! };
      if (rec.type === "BEGIN_REQUEST" && b.length >= 10) rec.role = ROLES[(b[8]! << 8) | b[9]!] ?? `role ${(b[8]! << 8) | b[9]!}`;
      if (rec.type === "END_REQUEST" && b.length >= 13) {
        rec.appStatus = ((b[8]! << 24) | (b[9]! << 16) | (b[10]! << 8) | b[11]!) >>> 0;
        rec.protocolStatus = b[12]!;
      }
      out.push(rec);
    }
  }
  return out;
}

function recordMatches(r: DecodedRecord, e: RecordExpect): boolean {
  if (r.type !== e.type) return false;
  if (e.direction && r.direction !== e.direction) return false;
  if (e.role && r.role !== e.role) return false;
  if (e.protocolStatus !== undefined && r.protocolStatus !== e.protocolStatus) return false;
  if (e.appStatus !== undefined && r.appStatus !== e.appStatus) return false;
  if (e.empty !== undefined && (r.contentLength === 0) !== e.empty) return false;
  return true;
}

function describeRecord(e: RecordExpect): string {
  const parts: string[] = [e.type];
  if (e.role) parts.push(`role ${e.role}`);
  if (e.protocolStatus !== undefined) parts.push(`protocolStatus ${e.protocolStatus}`);
  if (e.empty !== undefined) parts.push(e.empty ? "(empty: end of stream)" : "(with content)");
  if (e.direction) parts.push(e.direction === "to-app" ? "from httpd to the application" : "from the application to httpd");
  return parts.join(" ");
}

/** Every way the exchange misses `expect`; empty when it passes. */
export function exchangeFailures(expect: ExchangeExpect, ex: Exchange): string[] {
  const fails: string[] = [];
  const body = bodyText(ex);
  const got = `${ex.response.status} ${ex.response.reason}`.trim();
  if (ex.response.status === 0) return ["httpd did not answer: it is not running. Check the configuration (apachectl configtest) and start it (apachectl restart)."];
  if (expect.status !== undefined) {
    const want = list(expect.status);
    if (!want.includes(ex.response.status)) fails.push(`Expected status ${want.join(" or ")}, got ${got}.${ex.response.status >= 400 ? logHint(ex) : ""}`);
  }
  if (expect.handler !== undefined && ex.handler !== expect.handler) {
    fails.push(`The response should come from the ${expect.handler} handler, but it came from ${ex.handler}.`);
  }
  for (const s of list(expect.bodyContains)) if (!body.includes(s)) fails.push(`The page should contain ${quote(s)}.`);
  for (const s of list(expect.bodyNotContains)) if (body.includes(s)) fails.push(`The page should not contain ${quote(s)}, but it does.`);
  for (const p of list(expect.bodyMatches)) if (!new RegExp(p).test(body)) fails.push(`The page should match /${p}/.`);
  for (const p of list(expect.bodyNotMatches)) if (new RegExp(p).test(body)) fails.push(`The page should not match /${p}/, but it does.`);
  for (const [name, m] of Object.entries(expect.header ?? {})) {
    const f = matchValue(`The ${name} header`, header(ex, name), m);
    if (f) fails.push(f);
  }
  if (expect.env) {
    const env = programEnv(ex);
    if (!env) fails.push("No program ran for this request, so there is no environment to look at.");
    else {
      for (const [name, m] of Object.entries(expect.env)) {
        const f = matchValue(`The program's ${name}`, env.find(([k]) => k === name)?.[1], m);
        if (f) fails.push(f);
      }
    }
  }
  if (expect.stdin !== undefined) {
    const f = matchValue("What the program got on stdin", ex.cgi ? decoder.decode(ex.cgi.stdin) : undefined, expect.stdin);
    if (f) fails.push(f);
  }
  const errorLog = ex.errorLog.join("\n");
  for (const s of list(expect.errorLogContains)) if (!errorLog.includes(s)) fails.push(`The error_log should get a line containing ${quote(s)}.`);
  for (const s of list(expect.errorLogNotContains)) {
    if (errorLog.includes(s)) fails.push(`The error_log should not get ${quote(s)}, but it did: ${quote(ex.errorLog.find((l) => l.includes(s)) ?? s, 200)}`);
  }
  for (const p of list(expect.errorLogMatches)) if (!new RegExp(p, "m").test(errorLog)) fails.push(`The error_log should get a line matching /${p}/.`);
  const audit = ex.auditLog.join("\n");
  for (const s of list(expect.auditLogContains)) if (!audit.includes(s)) fails.push(`audit.log should get a line containing ${quote(s)}.`);
  for (const s of list(expect.auditLogNotContains)) {
    if (audit.includes(s)) fails.push(`audit.log should not get ${quote(s)}, but it did: ${quote(ex.auditLog.find((l) => l.includes(s)) ?? s, 200)}`);
  }
  if (expect.cgiStarted !== undefined) {
    const started = !!ex.cgi && !ex.cgi.notStarted;
    if (started !== expect.cgiStarted) {
      fails.push(expect.cgiStarted
        ? `httpd should start a CGI process for this request, but ${ex.cgi?.notStarted ? `it could not (${ex.cgi.notStarted})` : "it didn't"}.`
        : "httpd should not start a CGI process for this request, but it did.");
    }
  }
  if (expect.usesFastcgi !== undefined) {
    const uses = !!ex.fastcgi?.length;
    if (uses !== expect.usesFastcgi) fails.push(expect.usesFastcgi ? `The request should go to a FastCGI application, but the ${ex.handler} handler answered it.` : "The request should not involve FastCGI.");
  }
  if (expect.fastcgi) {
    const f = expect.fastcgi;
    const caps = ex.fastcgi ?? [];
    const cap = f.module ? caps.find((c) => c.module === f.module) : caps[0];
    if (!cap) fails.push(`The request should go to a FastCGI application${f.module ? ` through mod_${f.module}` : ""}, but ${caps.length ? `it went through mod_${caps[0]!.module}` : `the ${ex.handler} handler answered it`}.`);
    else {
      if (f.role && cap.role !== f.role) fails.push(`The FastCGI role should be ${f.role}, but it was ${cap.role}.`);
      if (f.startedProcess !== undefined && cap.startedProcess !== f.startedProcess) {
        fails.push(f.startedProcess ? "This request should start the application." : "The application should already be running: this request had to start it.");
      }
      if (f.application !== undefined) {
        const m = matchValue("The FastCGI application", cap.application, f.application);
        if (m) fails.push(m);
      }
    }
  }
  if (expect.fastcgiRecords) {
    const recs = decodeRecords(ex);
    if (recs.length === 0) fails.push("No FastCGI records crossed for this request." + (ex.response.status >= 400 ? logHint(ex) : ""));
    else {
      let i = 0;
      for (const e of expect.fastcgiRecords) {
        while (i < recs.length && !recordMatches(recs[i]!, e)) i++;
        if (i === recs.length) {
          fails.push(`Expected a ${describeRecord(e)} record${expect.fastcgiRecords.indexOf(e) > 0 ? " after the ones before it" : ""}; the records were: ${summarizeRecords(recs)}.`);
          break;
        }
        i++;
      }
    }
  }
  return fails;
}

function summarizeRecords(recs: DecodedRecord[]): string {
  const out: string[] = [];
  for (const r of recs) {
    const name = r.type + (r.contentLength === 0 && r.type !== "BEGIN_REQUEST" && r.type !== "END_REQUEST" ? "(empty)" : "") + (r.role ? `(${r.role})` : "") + (r.protocolStatus !== undefined ? `(protocolStatus ${r.protocolStatus})` : "");
    const prev = out[out.length - 1];
    const m = prev ? /^(.*?)(?: ×(\d+))?$/.exec(prev) : null;
    if (m && m[1] === name) out[out.length - 1] = `${name} ×${Number(m[2] ?? 1) + 1}`;
    else out.push(name);
  }
  return out.join(", ");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Processes that served the exchanges: every started CGI script is one; FastCGI counts distinct pids. */
export function processCount(exs: Exchange[]): number {
  let cgi = 0;
  const pids = new Set<number>();
  for (const ex of exs) {
    if (ex.cgi && !ex.cgi.notStarted) cgi++;
    for (const c of ex.fastcgi ?? []) if (c.pid !== null) pids.add(c.pid);
  }
  return cgi + pids.size;
}

export function seriesTiming(exs: Exchange[]): SeriesTiming {
  const med = median(exs.map((e) => e.durationMs));
  const withProcess = exs.filter((e) => e.cgi && !e.cgi.notStarted);
  return {
    requests: exs.length,
    medianMs: round(med),
    ...(withProcess.length === exs.length && exs.length ? { medianProcessMs: round(median(withProcess.map((e) => e.cgi!.durationMs))) } : {}),
    perSecond: med > 0 ? Math.round(1000 / med) : 0,
    processes: processCount(exs),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

function numbers(exs: Exchange[], pattern: string): (number | null)[] {
  const re = new RegExp(pattern);
  return exs.map((e) => {
    const m = re.exec(bodyText(e));
    return m?.[1] !== undefined ? Number(m[1]) : null;
  });
}

/** Evaluates a request task against the exchanges its request produced (one per repeat). */
export function evaluateRequestTask(task: RequestTask, exs: Exchange[]): TaskResult {
  const base = { id: task.id, title: task.title };
  if (exs.length === 0) return { ...base, pass: false, message: `Not tried yet: send ${task.request.method ?? "GET"} ${task.request.target}.` };
  const fails: string[] = [];
  // Failures per request, identical ones grouped: "Requests 1–5 of 5: …".
  const groups: { text: string; which: number[] }[] = [];
  exs.forEach((ex, i) => {
    const f = exchangeFailures(task.expect, ex);
    if (!f.length) return;
    const text = f.join(" ");
    const g = groups.find((x) => x.text === text);
    if (g) g.which.push(i + 1);
    else groups.push({ text, which: [i + 1] });
  });
  for (const g of groups) {
    if (exs.length === 1) fails.push(g.text);
    else if (g.which.length === exs.length) fails.push(`All ${exs.length} requests: ${g.text}`);
    else fails.push(`Request${g.which.length > 1 ? "s" : ""} ${g.which.join(", ")} of ${exs.length}: ${g.text}`);
  }
  const s = task.series;
  if (s && fails.length === 0) {
    if (s.counterIncreases) {
      const ns = numbers(exs, s.counterIncreases);
      const ok = ns.every((n, i) => n !== null && (i === 0 || n === ns[i - 1]! + 1));
      if (!ok) fails.push(`The count should go up by one each time; it went ${ns.map((n) => (n === null ? "?" : String(n))).join(", ")}.`);
    }
    if (s.counterConstant) {
      const ns = numbers(exs, s.counterConstant);
      if (!ns.every((n) => n !== null && n === ns[0])) fails.push(`The value should be the same every time; it went ${ns.map((n) => (n === null ? "?" : String(n))).join(", ")}.`);
    }
    if (s.processCount) {
      const n = processCount(exs);
      const p = s.processCount;
      if (p.equalsRequests && n !== exs.length) fails.push(`Each of the ${exs.length} requests should run in a new process, but ${n} processes served them.`);
      if (p.min !== undefined && n < p.min) fails.push(`At least ${p.min} processes should serve these requests; ${n} did.`);
      if (p.max !== undefined && n > p.max) fails.push(`At most ${p.max} process${p.max === 1 ? "" : "es"} should serve these ${exs.length} requests; ${n} did.`);
    }
  }
  const timing = exs.length > 1 ? seriesTiming(exs) : undefined;
  const detail = timing
    ? `${timing.requests} requests, ${timing.processes} process${timing.processes === 1 ? "" : "es"}; median ${timing.medianMs} ms per request` +
      (timing.medianProcessMs !== undefined ? ` (the Python process: ${timing.medianProcessMs} ms)` : "") +
      `, about ${timing.perSecond} requests/s one after another.`
    : undefined;
  return fails.length
    ? { ...base, pass: false, message: fails.join(" "), ...(detail ? { detail } : {}), ...(timing ? { timing } : {}) }
    : { ...base, pass: true, ...(detail ? { detail } : {}), ...(timing ? { timing } : {}) };
}

function conditionFailure(c: MachineCondition, m: MachineSnapshot): string | null {
  if ("selinux" in c) {
    const mode = m.selinuxEnforcing ? "Enforcing" : "Permissive";
    return mode === c.selinux ? null : `SELinux should be ${c.selinux}, but it is ${mode}.${c.selinux === "Enforcing" ? " Turn it back on with setenforce 1." : ""}`;
  }
  if ("fileExists" in c) return m.stat(c.fileExists) ? null : `${c.fileExists} should exist.`;
  if ("fileMissing" in c) return m.stat(c.fileMissing) ? `${c.fileMissing} should not exist.` : null;
  if ("fileLabel" in c) {
    const st = m.stat(c.fileLabel.path);
    if (!st) return `${c.fileLabel.path} should exist.`;
    const type = st.label.split(":")[2] ?? st.label;
    return type === c.fileLabel.type ? null : `${c.fileLabel.path} should have the SELinux type ${c.fileLabel.type}, but it has ${type} (ls -Z shows ${st.label}).`;
  }
  if ("fileMode" in c) {
    const { path, mode, executableByApache } = c.fileMode;
    const st = m.stat(path);
    if (!st) return `${path} should exist.`;
    const octal = (st.mode & 0o7777).toString(8);
    if (mode !== undefined && octal !== mode.replace(/^0+(?=\d{3})/, "")) return `${path} should have mode ${mode}, but it has ${octal}.`;
    if (executableByApache !== undefined) {
      const bits = st.owner === "apache" ? (st.mode >> 6) & 7 : st.group === "apache" ? (st.mode >> 3) & 7 : st.mode & 7;
      const x = (bits & 1) === 1;
      if (x !== executableByApache) return executableByApache ? `The apache user can't execute ${path} (mode ${octal}, owner ${st.owner}).` : `The apache user can execute ${path} (mode ${octal}).`;
    }
    return null;
  }
  if ("fileContains" in c) {
    const t = m.readText(c.fileContains.path);
    return t !== undefined && t.includes(c.fileContains.text) ? null : `${c.fileContains.path} should contain ${quote(c.fileContains.text)}.`;
  }
  if ("fileNotContains" in c) {
    const t = m.readText(c.fileNotContains.path);
    return t !== undefined && t.includes(c.fileNotContains.text) ? `${c.fileNotContains.path} should not contain ${quote(c.fileNotContains.text)}.` : null;
  }
  if ("fileMatches" in c) {
    const t = m.readText(c.fileMatches.path);
    return t !== undefined && new RegExp(c.fileMatches.pattern, c.fileMatches.flags ?? "m").test(t) ? null : `${c.fileMatches.path} should match /${c.fileMatches.pattern}/.`;
  }
  if ("configMatches" in c) return new RegExp(c.configMatches, "m").test(m.configText) ? null : `httpd.conf should have a line matching /${c.configMatches}/.`;
  if ("configNotMatches" in c) {
    const line = m.configText.split("\n").find((l) => new RegExp(c.configNotMatches).test(l));
    return line === undefined ? null : `httpd.conf should not have ${quote(line.trim())}.`;
  }
  if ("moduleLoaded" in c) {
    if (!m.httpdRunning) return `httpd is not running, so ${c.moduleLoaded} isn't loaded. Fix the configuration and run apachectl restart.`;
    return m.loadedModules.includes(c.moduleLoaded) ? null : `httpd is running without ${c.moduleLoaded}. Load it in httpd.conf and restart httpd (apachectl restart).`;
  }
  if ("httpdRunning" in c) return m.httpdRunning === c.httpdRunning ? null : c.httpdRunning ? "httpd should be running (apachectl start)." : "httpd should be stopped.";
  return "Unknown condition.";
}

export function evaluateMachineTask(task: MachineTask, m: MachineSnapshot): TaskResult {
  const fails = [...new Set(task.machine.map((c) => conditionFailure(c, m)).filter((f): f is string => f !== null))];
  return fails.length ? { id: task.id, title: task.title, pass: false, message: fails.join(" ") } : { id: task.id, title: task.title, pass: true };
}

export function evaluateCompareTask(task: CompareTask, results: Map<string, TaskResult>): TaskResult {
  const base = { id: task.id, title: task.title };
  const fast = results.get(task.compare.faster);
  const slow = results.get(task.compare.slower);
  if (!fast?.timing || !slow?.timing) return { ...base, pass: false, message: "Both measurements must run first." };
  if (!fast.pass || !slow.pass) return { ...base, pass: false, message: "Both measurements must succeed first." };
  const factor = fast.timing.medianMs > 0 ? slow.timing.medianMs / fast.timing.medianMs : Infinity;
  const detail = `Here: ${slow.timing.perSecond} vs ${fast.timing.perSecond} requests/s (median ${slow.timing.medianMs} ms vs ${fast.timing.medianMs} ms), ${factor === Infinity ? "∞" : factor.toFixed(1)}× faster.`;
  return factor >= task.compare.factorAtLeast
    ? { ...base, pass: true, detail }
    : { ...base, pass: false, detail, message: `It should be at least ${task.compare.factorAtLeast}× faster, but it was ${factor.toFixed(1)}×.` };
}

/** Evaluates a whole check: exchanges per request-task id, and the machine as it is now. */
export function evaluateCheck(check: Check, input: { exchanges: ReadonlyMap<string, Exchange[]>; machine: MachineSnapshot }): CheckResult {
  const results = new Map<string, TaskResult>();
  for (const t of check.tasks) {
    if (isRequestTask(t)) results.set(t.id, evaluateRequestTask(t, input.exchanges.get(t.id) ?? []));
    else if (isMachineTask(t)) results.set(t.id, evaluateMachineTask(t, input.machine));
  }
  for (const t of check.tasks) if (isCompareTask(t)) results.set(t.id, evaluateCompareTask(t, results));
  const tasks = check.tasks.map((t) => results.get(t.id)!);
  return { pass: tasks.every((r) => r.pass), tasks };
}

/* ------------------------------------------------------------------ */
/* Live evaluation in the UI                                           */
/* ------------------------------------------------------------------ */

function splitTarget(t: string): { path: string; query: string } {
  const i = t.indexOf("?");
  return i < 0 ? { path: t, query: "" } : { path: t.slice(0, i), query: t.slice(i + 1) };
}

/** Whether an exchange the learner made is the request a task describes (method, path and query; headers and body too when the task sets them). */
export function requestMatches(req: CheckRequest, ex: Exchange): boolean {
  const method = (req.method ?? (req.form ? "POST" : "GET")).toUpperCase();
  if (ex.request.method.toUpperCase() !== method) return false;
  const a = splitTarget(req.target);
  const b = splitTarget(ex.request.target);
  if (a.path !== b.path) return false;
  const qa = new URLSearchParams(a.query);
  const qb = new URLSearchParams(b.query);
  for (const [k, v] of qa) if (!qb.getAll(k).includes(v)) return false;
  for (const [name, value] of req.headers ?? []) {
    if (!ex.request.headers.some(([k, v]) => k.toLowerCase() === name.toLowerCase() && v === value)) return false;
  }
  const body = decoder.decode(ex.request.body);
  if (req.body !== undefined && body !== req.body) return false;
  if (req.form) {
    const got = new URLSearchParams(body);
    for (const [k, v] of req.form) if (!got.getAll(k).includes(v)) return false;
  }
  return true;
}

/**
 * For the UI: the single-request tasks this exchange answers, evaluated.
 * Call it for each exchange the learner makes (curl, the address bar, a
 * form) and tick a task when it passes. Repeated and comparing tasks need
 * runCheck (a "Check my work" button); machine tasks need evaluateMachineTask.
 */
export function evaluateLiveExchange(check: Check, ex: Exchange): TaskResult[] {
  const out: TaskResult[] = [];
  for (const t of check.tasks) {
    if (!isRequestTask(t) || (t.repeat ?? 1) > 1 || t.series) continue;
    if (requestMatches(t.request, ex)) out.push(evaluateRequestTask(t, [ex]));
  }
  return out;
}
