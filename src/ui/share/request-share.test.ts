import { describe, expect, it } from "vitest";
import { draftFor } from "../model/request-model.ts";
import { draftToShareRequest, shareRequestToDraft } from "./request-share.ts";

describe("request ↔ share request", () => {
  it("round-trips a GET with custom headers", () => {
    const d = { ...draftFor("/cgi-bin/env.py?x=1"), headers: [["X-Test", "yes"]] as [string, string][] };
    const back = shareRequestToDraft(draftToShareRequest(d));
    expect(back).toEqual(d);
  });

  it("round-trips a POSTed form and a raw body", () => {
    const form = { ...draftFor("/cgi-bin/form.py"), method: "POST", bodyMode: "form" as const, form: [["name", "Ada & Co"]] as [string, string][] };
    const r = draftToShareRequest(form);
    expect(new TextDecoder().decode(r.body)).toBe("name=Ada+%26+Co");
    expect(r.headers).toEqual([["Content-Type", "application/x-www-form-urlencoded"]]);
    expect(shareRequestToDraft(r)).toEqual(form);
    const raw = { ...draftFor("/cgi-bin/api.py"), method: "PUT", bodyMode: "raw" as const, raw: '{"a":1}', rawType: "application/json" };
    expect(shareRequestToDraft(draftToShareRequest(raw))).toEqual(raw);
  });
});
