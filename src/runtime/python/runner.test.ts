/**
 * The Python runtime through its public interface, in Node, with real Pyodide.
 * One runner is shared by the file (booting interpreters is the slow part).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectStream, type AppConnection, type FileChange, type ProcessResult, type ProcessSpec } from "../process.ts";
import type { InterpreterHost } from "./host.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { createNodeRunner, type PythonRunner } from "./node.ts";
import { createNodeWorkerHost } from "./node-worker-host.ts";
import { createPythonRunner } from "./runner.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

const CGI_BIN = "/var/www/cgi-bin";
const SCRIPT = `${CGI_BIN}/test.py`;

function spec(source: string, extra: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    argv: [SCRIPT],
    env: [["GATEWAY_INTERFACE", "CGI/1.1"]],
    cwd: CGI_BIN,
    stdin: new Uint8Array(),
    files: [{ path: SCRIPT, data: enc.encode(source), mode: 0o755 }, ...(extra.files ?? [])],
    directories: ["/var", "/var/www", CGI_BIN, "/var/www/data", ...(extra.directories ?? [])],
    writableRoots: ["/var/www/data", "/tmp"],
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "files" && k !== "directories")),
  };
}

const out = (r: ProcessResult) => dec.decode(collectStream(r.chunks, "stdout"));
const err = (r: ProcessResult) => dec.decode(collectStream(r.chunks, "stderr"));

let runner: PythonRunner;

beforeAll(async () => {
  runner = createNodeRunner({ spares: 2 });
  await runner.ready();
});

afterAll(async () => {
  await runner?.dispose();
});

async function run(source: string, extra: Partial<ProcessSpec> = {}): Promise<ProcessResult> {
  return runner.spawn(spec(source, extra)).result;
}

describe("CGI: a fresh interpreter per process", () => {
  test("module-level state reads 1 on every run", async () => {
    const counter = { path: `${CGI_BIN}/counter.py`, data: enc.encode("hits = 0\n"), mode: 0o644 };
    const source = [
      "import counter, os, sys, json",
      "counter.hits += 1",
      "G = globals().get('G', 0) + 1",
      "json.FRESH = getattr(json, 'FRESH', 0) + 1",
      "os.environ['LEAK'] = 'yes'",
      "sys.leak = getattr(sys, 'leak', 0) + 1",
      "print(counter.hits, G, json.FRESH, sys.leak, 'LEAK' in os.environ and os.environ['LEAK'] != 'yes')",
    ].join("\n");
    for (let i = 0; i < 3; i++) {
      const r = await run(source, { files: [counter] });
      expect(err(r)).toBe("");
      expect(r.end).toEqual({ kind: "exit", code: 0 });
      expect(out(r)).toBe("1 1 1 1 False\n");
    }
  });

  test("the random generator is not shared through the snapshot", async () => {
    const source = "import random, tempfile\nprint(random.getrandbits(64), next(tempfile._get_candidate_names()))";
    const a = out(await run(source));
    const b = out(await run(source));
    expect(a).not.toBe(b);
  });

  test("a spare ready ahead of need gives a warm start", async () => {
    await runner.ready();
    const r = await run("pass");
    expect(r.warmStart).toBe(true);
    const s = runner.stats();
    expect(s.warmStarts).toBeGreaterThan(0);
    expect(s.boots).toBeGreaterThan(0);
    expect(s.snapshot.bytes).toBeGreaterThan(0);
  });
});

describe("byte-exact streams", () => {
  test("all 256 byte values written to sys.stdout.buffer come back identical", async () => {
    const r = await run("import sys\nsys.stdout.buffer.write(bytes(range(256)))\nsys.stdout.buffer.write(b'\\r\\n\\x00\\xff\\xfe')");
    expect(r.end).toEqual({ kind: "exit", code: 0 });
    const expected = new Uint8Array([...Array.from({ length: 256 }, (_, i) => i), 13, 10, 0, 255, 254]);
    expect(collectStream(r.chunks, "stdout")).toEqual(expected);
  });

  test("interleaved stdout and stderr writes keep their order", async () => {
    const r = await run(
      [
        "import sys",
        "for i in range(5):",
        "    print('out', i)",
        "    print('err', i, file=sys.stderr)",
        "    sys.stdout.buffer.write(b'raw%d\\n' % i)",
      ].join("\n"),
    );
    // Consecutive writes to the same stream merged: the order across streams is what matters.
    const merged: [string, string][] = [];
    for (const c of r.chunks) {
      const last = merged[merged.length - 1];
      if (last && last[0] === c.stream) last[1] += dec.decode(c.bytes);
      else merged.push([c.stream, dec.decode(c.bytes)]);
    }
    const expected: [string, string][] = [];
    for (let i = 0; i < 5; i++) {
      expected.push(["stdout", i === 0 ? "out 0\n" : `raw${i - 1}\nout ${i}\n`], ["stderr", `err ${i}\n`]);
    }
    expected.push(["stdout", "raw4\n"]);
    expect(merged).toEqual(expected);
    for (let i = 1; i < r.chunks.length; i++) expect(r.chunks[i].t).toBeGreaterThanOrEqual(r.chunks[i - 1].t);
  });

  test("1 MB of binary stdin reaches the script byte for byte, then EOF", async () => {
    const body = new Uint8Array(1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 2654435761) >>> 24;
    const r = await run("import sys, hashlib\ndata = sys.stdin.buffer.read()\nprint(len(data), hashlib.sha256(data).hexdigest(), sys.stdin.buffer.read() == b'')", {
      stdin: body,
    });
    expect(err(r)).toBe("");
    expect(out(r)).toBe(`${body.length} ${createHash("sha256").update(body).digest("hex")} True\n`);
  });

  test("text stdin reads the body as the request sent it", async () => {
    const r = await run("import sys\nprint(repr(sys.stdin.read()))", { stdin: enc.encode("a=1&b=%C3%A9\r\n") });
    expect(out(r)).toBe("'a=1&b=%C3%A9\\r\\n'\n");
  });
});

describe("process environment", () => {
  test("os.environ holds exactly the given variables, in order", async () => {
    const env: [string, string][] = [
      ["SERVER_SOFTWARE", "Apache/2.4.62 (Unix)"],
      ["QUERY_STRING", "a=1&b=2"],
      ["HTTP_X_EMPTY", ""],
      ["PATH", "/usr/local/bin:/usr/bin:/bin"],
      ["REQUEST_METHOD", "GET"],
    ];
    const r = await run("import os, json\nprint(json.dumps(list(os.environ.items())))\nprint(os.getenv('HOME'), os.getenv('PYTHONINSPECT'))", { env });
    const [line1, line2] = out(r).split("\n");
    // Plus LC_CTYPE=C.UTF-8: CPython's PEP 538 coercion in the C locale, as a real python3 under Apache shows.
    expect(JSON.parse(line1)).toEqual([...env, ["LC_CTYPE", "C.UTF-8"]]);
    expect(line2).toBe("None None");
  });

  test("a LANG from the server means no locale coercion", async () => {
    const env: [string, string][] = [["LANG", "en_US.UTF-8"], ["REQUEST_METHOD", "GET"]];
    const r = await run("import os, json\nprint(json.dumps(list(os.environ.items())))", { env });
    expect(JSON.parse(out(r).split("\n")[0]!)).toEqual(env);
  });

  test("an unreadable script reports Linux's errno, as python3 does", async () => {
    const r = await run("print('never')", { files: [{ path: SCRIPT, data: enc.encode("print('never')"), mode: 0o000 }] });
    expect(err(r)).toContain("[Errno 13] Permission denied");
  });

  test("argv and the working directory are as given", async () => {
    const r = await run("import os, sys\nprint(sys.argv)\nprint(os.getcwd())\nprint(sys.path[0])\nprint(__name__, __file__)", {
      argv: [SCRIPT, "first", "sec ond"],
      cwd: "/var/www",
    });
    expect(out(r)).toBe(`['${SCRIPT}', 'first', 'sec ond']\n/var/www\n${CGI_BIN}\n__main__ ${SCRIPT}\n`);
  });
});

describe("exit status and failures", () => {
  test("sys.exit, os._exit, an uncaught exception and a syntax error", async () => {
    const a = await run("import sys\nprint('x')\nsys.exit(3)");
    expect(a.end).toEqual({ kind: "exit", code: 3 });
    const b = await run("import sys\nsys.exit('bad thing')");
    expect(b.end).toEqual({ kind: "exit", code: 1 });
    expect(err(b)).toBe("bad thing\n");
    const c = await run("import os\nos._exit(7)");
    expect(c.end).toEqual({ kind: "exit", code: 7 });
    const d = await run("def f():\n    raise ValueError('boom')\nf()\n");
    expect(d.end).toEqual({ kind: "exit", code: 1 });
    expect(err(d)).toMatch(/^Traceback \(most recent call last\):\n  File "\/var\/www\/cgi-bin\/test.py", line 3, in <module>/);
    expect(err(d)).toMatch(/ValueError: boom\n$/);
    expect(err(d)).not.toMatch(/cgi-lab-runner/);
    const e = await run("print('unclosed'\n");
    expect(e.end).toEqual({ kind: "exit", code: 1 });
    expect(err(e)).toMatch(/SyntaxError/);
  });

  test("a missing script fails like python3 does", async () => {
    const r = await runner.spawn({ ...spec("pass"), argv: [`${CGI_BIN}/nope.py`] }).result;
    expect(r.end).toEqual({ kind: "exit", code: 2 });
    expect(err(r)).toBe(`python3: can't open file '${CGI_BIN}/nope.py': [Errno 2] No such file or directory\n`);
  });

  test("atexit handlers run and files left open are flushed at exit", async () => {
    const r = await run(
      [
        "import atexit",
        "atexit.register(lambda: print('bye'))",
        "log = open('/var/www/data/log.txt', 'a')",
        "log.write('line\\n')",
        "print('hi')",
      ].join("\n"),
    );
    expect(out(r)).toBe("hi\nbye\n");
    expect(r.fileChanges).toEqual([{ kind: "write", path: "/var/www/data/log.txt", data: enc.encode("line\n"), mode: 0o666 }]);
  });

  test("while True: pass is killed, and the next process works", async () => {
    const p = runner.spawn(spec("import sys\nprint('spinning', flush=True)\nwhile True: pass"));
    let seen = "";
    await new Promise<void>((resolve) =>
      p.onChunk((c) => {
        seen += dec.decode(c.bytes);
        if (seen.endsWith("\n")) resolve();
      }),
    );
    expect(seen).toBe("spinning\n");
    p.kill("Timeout 1s");
    const r = await p.result;
    expect(r.end).toEqual({ kind: "killed", reason: "Timeout 1s" });
    expect(out(r)).toBe("spinning\n");
    const next = await run("print('next')");
    expect(out(next)).toBe("next\n");
  });

  test("allocating without bound ends cleanly, and the next process works", async () => {
    const r = await run("chunks = []\nwhile True:\n    chunks.append(bytearray(8 * 1024 * 1024))");
    if (r.end.kind === "exit") {
      expect(r.end.code).toBe(1);
      expect(err(r)).toMatch(/MemoryError/);
    } else {
      expect(r.end.kind).toBe("crashed");
    }
    expect(out(await run("print(sum(range(10)))"))).toBe("45\n");
  });

  test("a crash inside the interpreter is reported as crashed, and the next process works", async () => {
    const r = await run("import ctypes\nctypes.memmove(0xFFFFFFF0, 0, 100)");
    expect(r.end.kind).toBe("crashed");
    if (r.end.kind === "crashed") expect(r.end.message).toMatch(/memory access out of bounds/);
    expect(out(await run("print('ok')"))).toBe("ok\n");
  });
});

describe("sandbox", () => {
  test("no network: connect and listen fail as on a host without one", async () => {
    const r = await run(
      [
        "import socket",
        "for what in ('connect', 'listen'):",
        "    s = socket.socket()",
        "    try:",
        "        s.connect(('example.com', 80)) if what == 'connect' else (s.bind(('0.0.0.0', 8765)), s.listen())",
        "        print(what, 'worked')",
        "    except OSError as e:",
        "        print(what, e.strerror)",
      ].join("\n"),
    );
    expect(out(r)).toBe("connect Network unreachable\nlisten Not supported\n");
  });
});

describe("filesystem", () => {
  test("files written, created, deleted under a writable root come back as FileChanges; others do not", async () => {
    const r = await run(
      [
        "import os",
        "open('/var/www/data/new.txt', 'wb').write(b'\\x00new')",
        "open('/var/www/data/same.txt', 'w').write('same')",
        "open('/var/www/data/changed.txt', 'w').write('after')",
        "os.remove('/var/www/data/gone.txt')",
        "os.makedirs('/var/www/data/sub/deeper')",
        "open('/var/www/data/sub/deeper/f.txt', 'w').write('f')",
        "os.chmod('/var/www/data/mode.txt', 0o600)",
        `open('${CGI_BIN}/outside.txt', 'w').write('not written back')`,
        "print(sorted(os.listdir('/var/www/data')))",
      ].join("\n"),
      {
        files: [
          { path: "/var/www/data/same.txt", data: enc.encode("same"), mode: 0o644 },
          { path: "/var/www/data/changed.txt", data: enc.encode("before"), mode: 0o644 },
          { path: "/var/www/data/gone.txt", data: enc.encode("bye"), mode: 0o644 },
          { path: "/var/www/data/mode.txt", data: enc.encode("m"), mode: 0o644 },
        ],
      },
    );
    expect(err(r)).toBe("");
    const byPath = (c: FileChange) => `${c.kind} ${c.path}`;
    expect(r.fileChanges.map(byPath)).toEqual([
      "delete /var/www/data/gone.txt",
      "mkdir /var/www/data/sub",
      "mkdir /var/www/data/sub/deeper",
      "write /var/www/data/changed.txt",
      "write /var/www/data/mode.txt",
      "write /var/www/data/new.txt",
      "write /var/www/data/sub/deeper/f.txt",
    ]);
    const get = (p: string) => r.fileChanges.find((c) => c.path === p) as Extract<FileChange, { kind: "write" }>;
    expect(get("/var/www/data/new.txt").data).toEqual(new Uint8Array([0, 110, 101, 119]));
    expect(dec.decode(get("/var/www/data/changed.txt").data)).toBe("after");
    expect(get("/var/www/data/mode.txt").mode).toBe(0o600);
  });

  test("a file with mode 0o000 cannot be read", async () => {
    const r = await run(
      [
        "try:",
        "    open('/var/www/data/secret.txt').read()",
        "    print('read it')",
        "except PermissionError as e:",
        "    print('denied', e.strerror)",
        "print(open('/var/www/data/public.txt').read())",
      ].join("\n"),
      {
        files: [
          { path: "/var/www/data/secret.txt", data: enc.encode("s3cret"), mode: 0o000 },
          { path: "/var/www/data/public.txt", data: enc.encode("hello"), mode: 0o444 },
        ],
      },
    );
    expect(out(r)).toBe("denied Permission denied\nhello\n");
    expect(r.fileChanges).toEqual([]);
  });

  test("sqlite3 writes a database that comes back as a FileChange", async () => {
    const r = await run(
      [
        "import sqlite3",
        "db = sqlite3.connect('/var/www/data/guestbook.db')",
        "db.execute('create table entries (name text, message text)')",
        "db.execute('insert into entries values (?, ?)', ('ada', 'hello'))",
        "db.commit()",
        "print(db.execute('select count(*) from entries').fetchone()[0])",
        "db.close()",
      ].join("\n"),
    );
    expect(err(r)).toBe("");
    expect(out(r)).toBe("1\n");
    expect(r.fileChanges.map((c) => `${c.kind} ${c.path}`)).toEqual(["write /var/www/data/guestbook.db"]);
    const db = (r.fileChanges[0] as Extract<FileChange, { kind: "write" }>).data;
    expect(dec.decode(db.slice(0, 15))).toBe("SQLite format 3");
    // Read it back in the next process, as the workspace would give it.
    const again = await run("import sqlite3\nprint(sqlite3.connect('/var/www/data/guestbook.db').execute('select name, message from entries').fetchall())", {
      files: [{ path: "/var/www/data/guestbook.db", data: db, mode: 0o644 }],
    });
    expect(out(again)).toBe("[('ada', 'hello')]\n");
    expect(again.fileChanges).toEqual([]);
  });
});

describe("snapshot store", () => {
  test("a stored snapshot that does not boot is dropped and made again", async () => {
    const puts: number[] = [];
    let stored: Uint8Array | null = new Uint8Array(4096).fill(7); // e.g. made by another Pyodide build
    const broken = createNodeRunner({
      spares: 1,
      getSnapshot: async () => stored,
      putSnapshot: async (_key, bytes) => {
        puts.push(bytes.length);
        stored = bytes.length ? bytes : null;
      },
    });
    try {
      await broken.ready();
      expect(broken.stats().snapshot.source).toBe("made");
      expect(puts[0]).toBe(0); // the bad one dropped
      expect(puts.at(-1)).toBeGreaterThan(1_000_000); // the new one stored
      expect(out(await broken.spawn(spec("print('fine')")).result)).toBe("fine\n");
    } finally {
      await broken.dispose();
    }
  });
});

/** The Node host, with every message to and from its interpreter workers shown to the test first. */
function watchedHost(toWorker: (m: ToWorker) => void, fromWorker?: (m: FromWorker) => void): InterpreterHost {
  const base = createNodeWorkerHost({});
  return {
    ...base,
    startWorker() {
      const w = base.startWorker();
      const post = w.post.bind(w);
      w.post = (m, transfer) => {
        toWorker(m);
        post(m, transfer);
      };
      if (fromWorker) w.onMessage(fromWorker);
      return w;
    },
  };
}

describe("spares", () => {
  test("until one interpreter has booted they boot one at a time, and ready() needs just one", async () => {
    let booting = 0;
    let mostBootingBeforeFirst = 0;
    let booted = 0;
    const host = watchedHost(
      (m) => {
        if (m.type === "boot" && m.role.kind === "spare") {
          booting++;
          if (booted === 0) mostBootingBeforeFirst = Math.max(mostBootingBeforeFirst, booting);
        }
      },
      (m) => {
        if (m.type === "booted") {
          booting--;
          booted++;
        }
      },
    );
    const r = createPythonRunner({ host, spares: 2 });
    try {
      await r.ready();
      expect(r.stats().sparesReady).toBeGreaterThanOrEqual(1);
      expect(mostBootingBeforeFirst).toBe(1);
      for (let i = 0; i < 200 && r.stats().sparesReady < 2; i++) await new Promise((res) => setTimeout(res, 50));
      expect(r.stats().sparesReady).toBe(2);
      expect(booted).toBe(2);
    } finally {
      await r.dispose();
    }
  });
});

describe("output limit", () => {
  test("output past the cap is cut and the process stopped", async () => {
    const small = createNodeRunner({ spares: 0, outputLimitBytes: 100_000 });
    try {
      const r = await small.spawn(spec("import sys\nwhile True:\n    sys.stdout.write('x' * 999)\n    sys.stderr.write('e')")).result;
      expect(r.end).toEqual({ kind: "output-limit", limitBytes: 100_000 });
      const total = r.chunks.reduce((n, c) => n + c.bytes.length, 0);
      expect(total).toBe(100_000);
    } finally {
      await small.dispose();
    }
  });
});

describe("FastCGI: a long-lived process", () => {
  const server = [
    "import _cgi_lab_runtime as rt, sys",
    "count = 0",
    "class Server:",
    "    def on_connect(self, cid):",
    "        print('connect', cid, file=sys.stderr)",
    "    def on_data(self, cid, data):",
    "        global count",
    "        count += 1",
    "        if data == b'exit':",
    "            sys.exit(4)",
    "        if data == b'raise':",
    "            raise RuntimeError('handler failed')",
    "        if data == b'write':",
    "            open('/var/www/data/state.txt', 'w').write(str(count))",
    "        rt.send(cid, b'count=%d got=%s' % (count, data))",
    "        if data == b'bye':",
    "            rt.close(cid)",
    "    def on_close(self, cid):",
    "        print('closed by server', cid, file=sys.stderr)",
    "print('model', rt.process_model())",
    "rt.register_server(Server())",
    "raise rt.ServeForever()",
  ].join("\n");

  function exchange(conn: AppConnection, bytes: string): Promise<string> {
    return new Promise((resolve) => {
      let got = "";
      conn.onData((b) => {
        got += dec.decode(b);
        if (got.includes("got=")) resolve(got);
      });
      conn.write(enc.encode(bytes));
    });
  }

  test("state survives between connections until the process ends", async () => {
    const proc = runner.start(spec(server));
    const lines: string[] = [];
    proc.onChunk((c) => lines.push(dec.decode(c.bytes)));
    expect(await proc.ready).toBeNull();
    const a = proc.connect();
    expect(await exchange(a, "one")).toBe("count=1 got=one");
    const b = proc.connect();
    expect(await exchange(b, "two")).toBe("count=2 got=two");
    const closed = new Promise<void>((resolve) => b.onClose(resolve));
    expect(await exchange(b, "bye")).toBe("count=3 got=bye");
    await closed;
    a.close();
    expect(await exchange(proc.connect(), "write")).toBe("count=4 got=write");
    const changes = await proc.syncFiles();
    expect(changes.map((c) => `${c.kind} ${c.path}`)).toEqual(["write /var/www/data/state.txt"]);
    expect(await proc.syncFiles()).toEqual([]);
    proc.connect().write(enc.encode("exit"));
    const r = await proc.exited;
    expect(r.end).toEqual({ kind: "exit", code: 4 });
    const text = lines.join("");
    expect(text).toContain("model fastcgi\n");
    expect(out(r)).toBe("model fastcgi\n");
    expect(err(r)).toContain("connect 1\n");
    expect(text).toContain("closed by server 1");
  });

  test("a connection's open, data and close of one turn reach the worker as one message, in order", async () => {
    const posted: string[][] = [];
    const host = watchedHost((m) => {
      if (m.type === "batch") posted.push(m.messages.map((x) => x.type));
      else if (m.type.startsWith("conn-")) posted.push([m.type]);
    });
    const r = createPythonRunner({ host, spares: 1 });
    try {
      const proc = r.start(spec(server));
      expect(await proc.ready).toBeNull();
      const conn = proc.connect();
      const got = new Promise<string>((resolve) => conn.onData((b) => resolve(dec.decode(b))));
      conn.write(enc.encode("one"));
      conn.close();
      expect(await got).toBe("count=1 got=one");
      expect(posted).toEqual([["conn-open", "conn-data", "conn-close"]]);
      proc.kill("done");
    } finally {
      await r.dispose();
    }
  });

  test("an exception escaping a callback ends the process with a traceback", async () => {
    const proc = runner.start(spec(server));
    expect(await proc.ready).toBeNull();
    const conn = proc.connect();
    const closed = new Promise<void>((resolve) => conn.onClose(resolve));
    conn.write(enc.encode("raise"));
    const r = await proc.exited;
    await closed;
    expect(r.end).toEqual({ kind: "exit", code: 1 });
    expect(err(r)).toMatch(/Traceback[\s\S]*in on_data[\s\S]*RuntimeError: handler failed\n$/);
  });

  test("a script that never serves just exits, and ready says so", async () => {
    const proc = runner.start(spec("print('no server here')"));
    const ready = await proc.ready;
    expect(ready?.end).toEqual({ kind: "exit", code: 0 });
    expect(out(ready!)).toBe("no server here\n");
    const conn = proc.connect();
    await new Promise<void>((resolve) => conn.onClose(resolve));
  });

  test("kill stops a serving process", async () => {
    const proc = runner.start(spec(server));
    expect(await proc.ready).toBeNull();
    proc.kill("apachectl stop");
    expect((await proc.exited).end).toEqual({ kind: "killed", reason: "apachectl stop" });
    expect(proc.pid).toBeGreaterThan(0);
  });

  test("in a CGI process the runtime says cgi and has no connections", async () => {
    const r = await run("import _cgi_lab_runtime as rt\nprint(rt.process_model())\ntry:\n    rt.send(1, b'x')\nexcept RuntimeError as e:\n    print('no')");
    expect(out(r)).toBe("cgi\nno\n");
  });
});

describe("with the compat modules in site-packages", () => {

  test("cgi.FieldStorage reads a POST body from stdin", async () => {
    const body = enc.encode("name=Ada+Lovelace&lang=py");
    const r = await run("import cgi\nform = cgi.FieldStorage()\nprint(form.getfirst('name'), form.getfirst('lang'))", {
      env: [
        ["REQUEST_METHOD", "POST"],
        ["CONTENT_TYPE", "application/x-www-form-urlencoded"],
        ["CONTENT_LENGTH", String(body.length)],
        ["QUERY_STRING", ""],
      ],
      stdin: body,
    });
    expect(err(r)).toBe("");
    expect(out(r)).toBe("Ada Lovelace py\n");
  });

  test("flup's WSGIServer serves FastCGI records, keeping state between requests", async () => {
    const app = [
      "from flup.server.fcgi import WSGIServer",
      "hits = 0",
      "def app(environ, start_response):",
      "    global hits",
      "    hits += 1",
      "    data = environ['wsgi.input'].read().decode()",
      "    start_response('200 OK', [('Content-Type', 'text/plain')])",
      "    return [('hits=%d %s %s' % (hits, environ['REQUEST_METHOD'], data)).encode()]",
      "WSGIServer(app).run()",
    ].join("\n");
    const proc = runner.start(spec(app));
    expect(await proc.ready).toBeNull();
    for (const n of [1, 2]) {
      const conn = proc.connect();
      const got: Uint8Array[] = [];
      conn.onData((b) => got.push(b));
      const closed = new Promise<void>((resolve) => conn.onClose(resolve));
      conn.write(fcgiRequest(1, [["REQUEST_METHOD", "POST"], ["SCRIPT_NAME", "/app"], ["CONTENT_LENGTH", "4"]], enc.encode("ping")));
      await closed;
      const records = parseRecords(concat(got));
      expect(records.at(-1)?.type).toBe(3); // END_REQUEST
      const stdout = dec.decode(concat(records.filter((r) => r.type === 6).map((r) => r.content)));
      expect(stdout).toMatch(/^Status: 200 OK\r\nContent-Type: text\/plain\r\n/);
      expect(stdout.endsWith(`hits=${n} POST ping`)).toBe(true);
    }
    proc.kill("done");
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const outBytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    outBytes.set(p, at);
    at += p.length;
  }
  return outBytes;
}

function record(type: number, requestId: number, content: Uint8Array): Uint8Array {
  const padding = (8 - (content.length % 8)) % 8;
  const r = new Uint8Array(8 + content.length + padding);
  r.set([1, type, requestId >> 8, requestId & 255, content.length >> 8, content.length & 255, padding, 0]);
  r.set(content, 8);
  return r;
}

function fcgiRequest(requestId: number, params: [string, string][], stdin: Uint8Array): Uint8Array {
  const len = (n: number) => (n < 128 ? [n] : [((n >> 24) & 0x7f) | 0x80, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
  const pairs = concat(params.map(([k, v]) => concat([new Uint8Array([...len(k.length), ...len(v.length)]), enc.encode(k), enc.encode(v)])));
  return concat([
    record(1, requestId, new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0])), // BEGIN_REQUEST, RESPONDER, no KEEP_CONN
    record(4, requestId, pairs),
    record(4, requestId, new Uint8Array()),
    record(5, requestId, stdin),
    record(5, requestId, new Uint8Array()),
  ]);
}

function parseRecords(bytes: Uint8Array): { type: number; content: Uint8Array }[] {
  const records: { type: number; content: Uint8Array }[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const length = (bytes[at + 4] << 8) | bytes[at + 5];
    records.push({ type: bytes[at + 1], content: bytes.slice(at + 8, at + 8 + length) });
    at += 8 + length + bytes[at + 6];
  }
  return records;
}
