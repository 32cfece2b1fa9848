import { describe, expect, it } from "vitest";
import { fromPreviewPath, PREVIEW_SHIM, rewriteLocation, routeRequest, toPreviewPath, withPreviewShim } from "./vhost-url.ts";

const site = "http://127.0.0.1:4173";

describe("preview URL scheme", () => {
  it("maps virtual paths under the prefix and back", () => {
    expect(toPreviewPath("/cgi-bin/x.py?a=1")).toBe("/~vhost/cgi-bin/x.py?a=1");
    expect(fromPreviewPath("/~vhost/cgi-bin/x.py?a=1")).toBe("/cgi-bin/x.py?a=1");
    expect(fromPreviewPath("/~vhost")).toBe("/");
    expect(fromPreviewPath("/~vhost?x")).toBe("/?x");
    expect(fromPreviewPath("/~vhostile")).toBeNull();
    expect(fromPreviewPath("/assets/index.js")).toBeNull();
  });

  it("routes prefixed requests to the emulator and leaves the app's own alone", () => {
    expect(routeRequest(new URL(`${site}/~vhost/index.html`), `${site}/`, site)).toEqual({ kind: "vhost", target: "/index.html" });
    expect(routeRequest(new URL(`${site}/assets/app.js`), `${site}/`, site)).toEqual({ kind: "app" });
    expect(routeRequest(new URL("https://example.com/x"), `${site}/~vhost/`, site)).toEqual({ kind: "app" });
  });

  it("sends absolute links from inside the preview back under the prefix", () => {
    expect(routeRequest(new URL(`${site}/cgi-bin/env.py?a=1`), `${site}/~vhost/index.html`, site)).toEqual({
      kind: "escaped",
      redirectTo: "/~vhost/cgi-bin/env.py?a=1",
    });
  });

  it("rewrites Location headers", () => {
    expect(rewriteLocation("/thanks.html", site)).toBe("/~vhost/thanks.html");
    expect(rewriteLocation("http://localhost/x?y=1", site)).toBe("/~vhost/x?y=1");
    expect(rewriteLocation("done.html", site)).toBe("done.html");
    expect(rewriteLocation("https://example.com/", site)).toBe("/~vhost-external?url=https%3A%2F%2Fexample.com%2F");
  });

  it("catches document requests without a referrer that are not the app's", () => {
    expect(routeRequest(new URL(`${site}/cgi-bin/env.py`), "", site, true)).toEqual({ kind: "escaped", redirectTo: "/~vhost/cgi-bin/env.py" });
    expect(routeRequest(new URL(`${site}/`), "", site, true)).toEqual({ kind: "app" });
    expect(routeRequest(new URL(`${site}/assets/x.js`), "", site, true)).toEqual({ kind: "app" });
    expect(routeRequest(new URL(`${site}/cgi-bin/env.py`), "", site, false)).toEqual({ kind: "app" });
  });

  it("puts the shim after the doctype", () => {
    expect(withPreviewShim("<!DOCTYPE html><p>x")).toBe(`<!DOCTYPE html>${PREVIEW_SHIM}<p>x`);
    expect(withPreviewShim("<h1>x</h1>")).toBe(`${PREVIEW_SHIM}<h1>x</h1>`);
  });

  it("the shim moves absolute links under the prefix", () => {
    const f = new Function(`${/function f\(u\)\{.*?return null\}/.exec(PREVIEW_SHIM)![0]}; var P="/~vhost"; return f;`)() as (u: string) => string | null;
    expect(f("/cgi-bin/x.py?a=1")).toBe("/~vhost/cgi-bin/x.py?a=1");
    expect(f("http://localhost/x")).toBe("/~vhost/x");
    expect(f("/~vhost/x")).toBeNull();
    expect(f("rel.html")).toBeNull();
    expect(f("//cdn.example/x")).toBeNull();
  });
});
