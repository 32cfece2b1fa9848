import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../../protocol/http-message.ts";
import { FakeHttpd, terminal, text } from "./test-support.ts";

const page = (req: HttpRequest) =>
  req.target === "/index.html"
    ? { status: 200, reason: "OK", headers: [["Date", "Tue, 25 Nov 2025 10:00:00 GMT"], ["Content-Length", "6"], ["Content-Type", "text/html"]] as [string, string][], body: text("hello\n") }
    : req.target === "/old"
      ? { status: 302, reason: "Found", headers: [["Location", "/index.html"]] as [string, string][], body: text("moved\n") }
      : { status: 404, reason: "Not Found", headers: [["Content-Type", "text/html"]] as [string, string][], body: text("<h1>Not Found</h1>\n") };

describe("curl", () => {
  it("sends what curl 8.9.1 sends, from 127.0.0.1", async () => {
    const httpd = new FakeHttpd(page);
    const t = terminal({ httpd });
    await t.run("curl http://localhost/index.html?a=1");
    const req = httpd.requests[0]!;
    expect(req).toMatchObject({ method: "GET", target: "/index.html?a=1", version: "HTTP/1.1", remoteAddr: "127.0.0.1", localPort: 80 });
    expect(req.headers).toEqual([["Host", "localhost"], ["User-Agent", "curl/8.9.1"], ["Accept", "*/*"]]);
  });

  it("prints the body, or with -i the status line, headers and a blank line first", async () => {
    const t = terminal({ httpd: new FakeHttpd(page) });
    expect(await t.out("curl localhost/index.html")).toBe("hello\n");
    expect(await t.out("curl -i localhost/index.html")).toBe(
      "HTTP/1.1 200 OK\nDate: Tue, 25 Nov 2025 10:00:00 GMT\nContent-Length: 6\nContent-Type: text/html\n\nhello\n",
    );
    const r = await t.run("curl -s http://localhost/nope");
    expect(r).toMatchObject({ output: "<h1>Not Found</h1>\n", exitCode: 0 });
  });

  it("-X, -H and -d shape the request", async () => {
    const httpd = new FakeHttpd(page);
    const t = terminal({ httpd });
    await t.run(`curl -s -X PUT -H 'X-Lesson: 4' -H 'Accept: text/plain' -d 'name=Ada' -d b=2 localhost/cgi-bin/form.py`);
    const req = httpd.requests[0]!;
    expect(req.method).toBe("PUT");
    expect(new TextDecoder().decode(req.body)).toBe("name=Ada&b=2");
    expect(req.headers).toEqual([
      ["Host", "localhost"], ["User-Agent", "curl/8.9.1"], ["Accept", "text/plain"], ["X-Lesson", "4"],
      ["Content-Length", "12"], ["Content-Type", "application/x-www-form-urlencoded"],
    ]);
    await t.run("curl -d x=1 localhost/");
    expect(httpd.requests[1]!.method).toBe("POST");
  });

  it("-I sends HEAD and prints the head only; -L follows a redirect; -f fails on 4xx", async () => {
    const httpd = new FakeHttpd(page);
    const t = terminal({ httpd });
    expect(await t.out("curl -I localhost/index.html")).toMatch(/^HTTP\/1\.1 200 OK\n[\s\S]*\n\n$/);
    expect(httpd.requests[0]!.method).toBe("HEAD");
    expect(await t.out("curl -L localhost/old")).toBe("hello\n");
    expect(await t.run("curl -f localhost/nope")).toMatchObject({ output: "curl: (22) The requested URL returned error: 404\n", exitCode: 22 });
  });

  it("-v shows the request and response heads", async () => {
    const t = terminal({ httpd: new FakeHttpd(page) });
    const out = await t.out("curl -v localhost/index.html");
    expect(out).toContain("> GET /index.html HTTP/1.1\n> Host: localhost\n> User-Agent: curl/8.9.1\n> Accept: */*\n> \n");
    expect(out).toContain("< HTTP/1.1 200 OK\n");
  });

  it("-o saves the body to a file", async () => {
    const t = terminal({ httpd: new FakeHttpd(page) });
    await t.run("curl -s -o /tmp/page.html localhost/index.html");
    expect(t.fs.readText("/tmp/page.html")).toBe("hello\n");
  });

  it("cannot connect when the server is stopped, or to another port, or resolve other hosts", async () => {
    const httpd = new FakeHttpd(page);
    const t = terminal({ httpd });
    await t.run("apachectl stop");
    expect(await t.run("curl -i localhost/")).toMatchObject({ output: "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n", exitCode: 7 });
    const none = terminal();
    expect(await none.out("curl localhost/")).toBe("curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n");
    const up = terminal({ httpd: new FakeHttpd(page) });
    expect(await up.out("curl localhost:8080/")).toBe("curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n");
    expect(await up.run("curl http://www.fastcgi.com/")).toMatchObject({ output: "curl: (6) Could not resolve host: www.fastcgi.com\n", exitCode: 6 });
    expect(await up.run("curl -s www.fastcgi.com")).toMatchObject({ output: "", exitCode: 6 });
  });

  it("answers a missing URL and an unknown option as curl does", async () => {
    const t = terminal({ httpd: new FakeHttpd(page) });
    expect(await t.run("curl")).toMatchObject({ output: "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2 });
    expect(await t.out("curl --frob localhost/")).toBe("curl: option --frob: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
  });

  it("returns the responses so panes can show them", async () => {
    const t = terminal({ httpd: new FakeHttpd(page) });
    const r = await t.run("curl -s localhost/index.html");
    expect(r.responses?.map((x) => x.status)).toEqual([200]);
  });
});
