/**
 * The pure evaluator and the loader, without Python: hand-made exchanges
 * and machine snapshots.
 */
import { describe, expect, it } from "vitest";
import type { Exchange } from "../server/exchange.ts";
import type { Check, RequestTask } from "./check-types.ts";
import { decodeRecords, evaluateCheck, evaluateLiveExchange, evaluateRequestTask, type MachineSnapshot, requestMatches } from "./evaluate-check.ts";
import { parseFrontMatter, parseLessons } from "./lesson-loader.ts";

const enc = new TextEncoder();

function exchange(o: { target?: string; method?: string; status?: number; body?: string; errorLog?: string[]; env?: [string, string][]; pid?: number; records?: number[][]; durationMs?: number; handler?: string }): Exchange {
  return {
    id: 1,
    request: { method: o.method ?? "GET", target: o.target ?? "/cgi-bin/x.py", version: "HTTP/1.1", headers: [["Host", "localhost"]], body: new Uint8Array(), remoteAddr: "127.0.0.1", remotePort: 1, localAddr: "127.0.0.1", localPort: 80 },
    response: { status: o.status ?? 200, reason: "OK", headers: [["Content-Type", "text/plain"]], body: enc.encode(o.body ?? "") },
    handler: o.handler ?? "cgi-script",
    ...(o.env ? { cgi: { script: "/x", argv: [], cwd: "/", env: o.env, stdin: new Uint8Array(), chunks: [], bodyOffset: 0, end: { kind: "exit", code: 0 }, warmStart: false, durationMs: 5 } } : {}),
    ...(o.records || o.pid !== undefined
      ? { fastcgi: [{ module: "fastcgi" as const, application: "/x.fcgi", pid: o.pid ?? 7, startedProcess: false, role: "RESPONDER" as const, env: [], records: (o.records ?? []).map((b) => ({ direction: (b[1] === 1 || b[1] === 4 || b[1] === 5 ? "to-app" : "from-app") as "to-app" | "from-app", bytes: new Uint8Array(b), t: 0 })) }] }
      : {}),
    redirects: [], timeline: [], errorLog: o.errorLog ?? [], accessLog: [], auditLog: [], durationMs: o.durationMs ?? 10,
  };
}

const machine = (o: Partial<MachineSnapshot> & { files?: Record<string, { mode: number; owner?: string; label?: string; text?: string }> } = {}): MachineSnapshot => ({
  selinuxEnforcing: o.selinuxEnforcing ?? true,
  httpdRunning: o.httpdRunning ?? true,
  loadedModules: o.loadedModules ?? ["cgi_module"],
  configText: o.configText ?? "LoadModule cgi_module modules/mod_cgi.so\n",
  stat: (p) => {
    const f = o.files?.[p];
    return f ? { type: "file", mode: f.mode, owner: f.owner ?? "root", group: f.owner ?? "root", label: f.label ?? "system_u:object_r:httpd_sys_script_exec_t:s0" } : undefined;
  },
  readText: (p) => o.files?.[p]?.text,
});

describe("evaluateRequestTask", () => {
  const task: RequestTask = { id: "t", title: "works", request: { target: "/cgi-bin/x.py" }, expect: { status: 200, bodyContains: "This is a test", errorLogNotContains: "malformed header" } };

  it("passes a matching exchange and explains a failing one with the error_log's last line", () => {
    expect(evaluateRequestTask(task, [exchange({ body: "This is a test\n" })]).pass).toBe(true);
    const r = evaluateRequestTask(task, [exchange({ status: 500, body: "<h1>Internal Server Error</h1>", errorLog: ["[Wed Nov 25 04:13:36.002000 2026] [cgi:error] [pid 1196:tid 1196] [client 127.0.0.1:50001] malformed header from script 'test.py': Bad header: This is a test"] })]);
    expect(r.pass).toBe(false);
    expect(r.message).toContain("Expected status 200, got 500");
    expect(r.message).toContain(`The error_log says: "malformed header from script 'test.py': Bad header: This is a test"`);
    expect(r.message).toContain("should not get \"malformed header\"");
  });

  it("says the server is down instead of listing every mismatch", () => {
    const r = evaluateRequestTask(task, [exchange({ status: 0 })]);
    expect(r.message).toBe("httpd did not answer: it is not running. Check the configuration (apachectl configtest) and start it (apachectl restart).");
  });

  it("checks the environment with exact values, patterns and absence", () => {
    const t: RequestTask = { id: "e", title: "env", request: { target: "/x" }, expect: { env: { QUERY_STRING: "a=1", SCRIPT_FILENAME: { matches: "^/var/www/" }, CONTENT_LENGTH: { absent: true } } } };
    expect(evaluateRequestTask(t, [exchange({ env: [["QUERY_STRING", "a=1"], ["SCRIPT_FILENAME", "/var/www/cgi-bin/x.py"]] })]).pass).toBe(true);
    const bad = evaluateRequestTask(t, [exchange({ env: [["QUERY_STRING", "a=2"], ["SCRIPT_FILENAME", "/tmp/x"], ["CONTENT_LENGTH", "3"]] })]);
    expect(bad.message).toContain(`QUERY_STRING should be "a=1", but it is "a=2"`);
    expect(bad.message).toContain("CONTENT_LENGTH should not be set");
    expect(bad.message).toContain("SCRIPT_FILENAME should match");
  });

  it("checks a repeated request: counters, processes, grouped failures, timing", () => {
    const t: RequestTask = { id: "c", title: "counts", request: { target: "/c.fcgi" }, repeat: 3, expect: { status: 200 }, series: { counterIncreases: "hits=(\\d+)", processCount: { max: 1 } } };
    const ok = evaluateRequestTask(t, [1, 2, 3].map((n) => exchange({ body: `hits=${n}`, pid: 9, durationMs: n })));
    expect(ok.pass).toBe(true);
    expect(ok.timing).toMatchObject({ requests: 3, medianMs: 2, processes: 1, perSecond: 500 });
    const again = evaluateRequestTask(t, [1, 1, 1].map(() => exchange({ body: "hits=1", pid: 9 })));
    expect(again.message).toContain("it went 1, 1, 1");
    const down = evaluateRequestTask(t, [1, 2, 3].map(() => exchange({ status: 500 })));
    expect(down.message).toMatch(/^All 3 requests: Expected status 200, got 500/);
    const cgi: RequestTask = { ...t, series: { processCount: { equalsRequests: true } } };
    expect(evaluateRequestTask(cgi, [1, 2].map(() => exchange({ env: [] }))).pass).toBe(true);
    expect(evaluateRequestTask(cgi, [1, 2].map(() => exchange({ pid: 9 }))).message).toContain("Each of the 2 requests should run in a new process, but 1 processes served them.");
  });

  it("finds FastCGI records in order, by type, role and protocolStatus", () => {
    const begin = [1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    const paramsEnd = [1, 4, 0, 1, 0, 0, 0, 0];
    const stdout = [1, 6, 0, 1, 0, 2, 6, 0, 104, 105, 0, 0, 0, 0, 0, 0];
    const end = [1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const ex = exchange({ records: [begin, paramsEnd, stdout, end] });
    expect(decodeRecords(ex).map((r) => r.type)).toEqual(["BEGIN_REQUEST", "PARAMS", "STDOUT", "END_REQUEST"]);
    const t: RequestTask = {
      id: "r", title: "records", request: { target: "/x" },
      expect: { fastcgiRecords: [{ type: "BEGIN_REQUEST", role: "RESPONDER" }, { type: "PARAMS", empty: true }, { type: "STDOUT", direction: "from-app" }, { type: "END_REQUEST", protocolStatus: 0 }] },
    };
    expect(evaluateRequestTask(t, [ex]).pass).toBe(true);
    const wrongOrder: RequestTask = { ...t, expect: { fastcgiRecords: [{ type: "STDOUT" }, { type: "BEGIN_REQUEST" }] } };
    expect(evaluateRequestTask(wrongOrder, [ex]).message).toContain("Expected a BEGIN_REQUEST record after the ones before it; the records were: BEGIN_REQUEST(RESPONDER), PARAMS(empty), STDOUT, END_REQUEST(protocolStatus 0).");
    const authz: RequestTask = { ...t, expect: { fastcgiRecords: [{ type: "BEGIN_REQUEST", role: "AUTHORIZER" }] } };
    expect(evaluateRequestTask(authz, [ex]).pass).toBe(false);
  });
});

describe("evaluateCheck", () => {
  const check: Check = {
    tasks: [
      { id: "enforcing", title: "SELinux on", machine: [{ selinux: "Enforcing" }] },
      { id: "label", title: "label", machine: [{ fileLabel: { path: "/s.py", type: "httpd_sys_script_exec_t" } }, { fileMode: { path: "/s.py", executableByApache: true } }] },
      { id: "mod", title: "module", machine: [{ moduleLoaded: "fastcgi_module" }, { configMatches: "^LoadModule fastcgi_module" }] },
      { id: "slow", title: "cgi", request: { target: "/a" }, repeat: 2, expect: { status: 200 } },
      { id: "fast", title: "fcgi", request: { target: "/b" }, repeat: 2, expect: { status: 200 } },
      { id: "cmp", title: "compare", compare: { faster: "fast", slower: "slow", factorAtLeast: 2 } },
    ],
  };

  it("evaluates machine, request and compare tasks together", () => {
    const exchanges = new Map([
      ["slow", [exchange({ durationMs: 100 }), exchange({ durationMs: 100 })]],
      ["fast", [exchange({ durationMs: 10 }), exchange({ durationMs: 10 })]],
    ]);
    const good = machine({ loadedModules: ["fastcgi_module"], configText: "LoadModule fastcgi_module modules/mod_fastcgi.so", files: { "/s.py": { mode: 0o755 } } });
    const r = evaluateCheck(check, { exchanges, machine: good });
    expect(r.tasks.map((t) => [t.id, t.pass])).toEqual([["enforcing", true], ["label", true], ["mod", true], ["slow", true], ["fast", true], ["cmp", true]]);
    expect(r.pass).toBe(true);
    expect(r.tasks[5]!.detail).toContain("10.0× faster");

    const bad = evaluateCheck(check, {
      exchanges: new Map([["slow", [exchange({ durationMs: 10 }), exchange({ durationMs: 10 })]], ["fast", exchanges.get("fast")!]]),
      machine: machine({ selinuxEnforcing: false, files: { "/s.py": { mode: 0o644, label: "unconfined_u:object_r:admin_home_t:s0" } } }),
    });
    expect(bad.pass).toBe(false);
    const msg = new Map(bad.tasks.map((t) => [t.id, t.message]));
    expect(msg.get("enforcing")).toContain("SELinux should be Enforcing, but it is Permissive");
    expect(msg.get("label")).toContain("it has admin_home_t");
    expect(msg.get("label")).toContain("The apache user can't execute /s.py (mode 644, owner root)");
    expect(msg.get("mod")).toContain("httpd is running without fastcgi_module");
    expect(msg.get("cmp")).toContain("at least 2× faster, but it was 1.0×");
  });

  it("reports untried request tasks", () => {
    const r = evaluateCheck(check, { exchanges: new Map(), machine: machine() });
    expect(r.tasks.find((t) => t.id === "slow")!.message).toBe("Not tried yet: send GET /a.");
  });
});

describe("live evaluation", () => {
  const check: Check = {
    tasks: [
      { id: "get", title: "get", request: { target: "/cgi-bin/search.py?q=python" }, expect: { status: 200, bodyContains: "Learning Python" } },
      { id: "post", title: "post", request: { method: "POST", target: "/cgi-bin/search.py", form: [["q", "python"]] }, expect: { status: 200 } },
      { id: "many", title: "many", request: { target: "/cgi-bin/search.py?q=python" }, repeat: 3, expect: { status: 200 } },
    ],
  };

  it("matches the learner's requests to tasks by method, path and query", () => {
    expect(requestMatches({ target: "/x?a=1" }, exchange({ target: "/x?b=2&a=1" }))).toBe(true);
    expect(requestMatches({ target: "/x?a=1" }, exchange({ target: "/x?a=2" }))).toBe(false);
    expect(requestMatches({ target: "/x" }, exchange({ target: "/x", method: "POST" }))).toBe(false);
    const live = evaluateLiveExchange(check, exchange({ target: "/cgi-bin/search.py?q=python", body: "<td>Learning Python</td>" }));
    expect(live.map((r) => [r.id, r.pass])).toEqual([["get", true]]);
    expect(evaluateLiveExchange(check, exchange({ target: "/cgi-bin/other.py" }))).toEqual([]);
  });
});

describe("the lesson loader", () => {
  it("reads front matter", () => {
    expect(parseFrontMatter("---\ntitle: \"A: b\"\nsummary: s\n---\n# Hi\n")).toEqual({ data: { title: "A: b", summary: "s" }, body: "# Hi\n" });
    expect(parseFrontMatter("# no front matter")).toEqual({ data: {}, body: "# no front matter" });
  });

  it("builds lessons from folder files, merging meta.json into start and solution", () => {
    const lessons = parseLessons({
      "/lessons/02-two/lesson.md": "---\ntitle: Two\n---\ntext",
      "/lessons/02-two/check.json": JSON.stringify({ tasks: [{ id: "a", title: "A", machine: [{ selinux: "Enforcing" }] }] }),
      "/lessons/01-one/lesson.md": "---\ntitle: One\nsummary: first\n---\nbody",
      "/lessons/01-one/check.json": JSON.stringify({ tasks: [{ id: "a", title: "A", request: { target: "/" }, expect: { status: 200 } }] }),
      "/lessons/01-one/start/var/www/cgi-bin/t.py": "print()",
      "/lessons/01-one/solution/var/www/cgi-bin/t.py": "print('x')",
      "/lessons/01-one/meta.json": JSON.stringify({
        start: { files: [{ path: "/var/www/cgi-bin/t.py", mode: "644", label: "admin_home_t" }, { path: "/var/www/data", kind: "dir", owner: "apache" }], selinux: "Enforcing" },
        solution: { commands: ["chmod a+x /var/www/cgi-bin/t.py"] },
      }),
      "/lessons/README.md": "not a lesson",
    });
    expect(lessons.map((l) => l.id)).toEqual(["01-one", "02-two"]);
    const [one] = lessons;
    expect(one).toMatchObject({ slug: "one", number: 1, title: "One", summary: "first", markdown: "body", start: { selinux: "Enforcing" }, solution: { commands: ["chmod a+x /var/www/cgi-bin/t.py"] } });
    expect(one!.startFiles).toEqual([
      { path: "/var/www/data", kind: "dir", owner: "apache" },
      { path: "/var/www/cgi-bin/t.py", content: "print()", mode: 0o644, label: "admin_home_t" },
    ]);
    expect(one!.solutionFiles).toEqual([{ path: "/var/www/cgi-bin/t.py", content: "print('x')" }]);
  });

  it("rejects a lesson without a title or with duplicate task ids", () => {
    expect(() => parseLessons({ "/lessons/01-x/lesson.md": "no front matter", "/lessons/01-x/check.json": '{"tasks":[{"id":"a","title":"A","machine":[]}]}' })).toThrow(/needs a title/);
    expect(() => parseLessons({ "/lessons/01-x/lesson.md": "---\ntitle: X\n---\n", "/lessons/01-x/check.json": '{"tasks":[{"id":"a","title":"A","machine":[]},{"id":"a","title":"B","machine":[]}]}' })).toThrow(/duplicate task id a/);
  });
});
