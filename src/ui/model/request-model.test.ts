import { describe, expect, it } from "vitest";
import { buildRequest, draftFor, draftFromRequest, encodeForm, fromFetchRequest, parseForm, presetsFor } from "./request-model.ts";

describe("request model", () => {
  it("encodes forms as a browser does", () => {
    expect(encodeForm([["name", "Ada Lovelace"], ["c", "a&b=c!"]])).toBe("name=Ada+Lovelace&c=a%26b%3Dc%21");
    expect(parseForm("name=Ada+Lovelace&c=a%26b")).toEqual([["name", "Ada Lovelace"], ["c", "a&b"]]);
  });

  it("builds a GET with the virtual host and no body", () => {
    const r = buildRequest(draftFor("/cgi-bin/test.py?a=1"));
    expect(r.method).toBe("GET");
    expect(r.target).toBe("/cgi-bin/test.py?a=1");
    expect(r.headers[0]).toEqual(["Host", "localhost"]);
    expect(r.body.length).toBe(0);
    expect(r.headers.some(([n]) => n === "Content-Length")).toBe(false);
  });

  it("builds a POST form with Content-Type and Content-Length", () => {
    const post = presetsFor("/cgi-bin/test.py").find((p) => p.id === "post")!.draft;
    const r = buildRequest(post);
    const body = new TextDecoder().decode(r.body);
    expect(body).toBe("name=Ada+Lovelace&comment=Hello+%26+welcome");
    expect(r.headers).toContainEqual(["Content-Type", "application/x-www-form-urlencoded"]);
    expect(r.headers).toContainEqual(["Content-Length", String(body.length)]);
    expect(draftFromRequest(r)).toMatchObject({ method: "POST", bodyMode: "form", form: post.form });
  });

  it("turns a preview fetch into the virtual server's request", async () => {
    const req = new Request("http://127.0.0.1:4173/~vhost/cgi-bin/f.py", {
      method: "POST",
      body: "a=1",
      headers: { "content-type": "application/x-www-form-urlencoded", referer: "http://127.0.0.1:4173/~vhost/form.html" },
    });
    const r = await fromFetchRequest(req, "/cgi-bin/f.py", "http://127.0.0.1:4173");
    expect(r.headers[0]).toEqual(["Host", "localhost"]);
    expect(r.headers).toContainEqual(["Content-Type", "application/x-www-form-urlencoded"]);
    expect(new TextDecoder().decode(r.body)).toBe("a=1");
  });
});
