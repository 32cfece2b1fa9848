import { describe, expect, it } from "vitest";
import { explain, groupOf, headerNameOf, removedSince, sectionEnv } from "./env-model.ts";

describe("environment model", () => {
  it("groups variables", () => {
    expect(groupOf("QUERY_STRING")).toBe("request");
    expect(groupOf("SERVER_SOFTWARE")).toBe("server");
    expect(groupOf("DOCUMENT_ROOT")).toBe("server");
    expect(groupOf("HTTP_HOST")).toBe("http");
    expect(groupOf("PATH")).toBe("other");
  });

  it("explains known and header variables", () => {
    expect(explain("QUERY_STRING")).toMatch(/after '\?'/);
    expect(explain("HTTP_ACCEPT_LANGUAGE")).toBe("The request's Accept-Language header.");
    expect(explain("FOO")).toBeUndefined();
    expect(headerNameOf("HTTP_X_FORWARDED_FOR")).toBe("X-Forwarded-For");
  });

  it("marks what changed since the previous request", () => {
    const prev: [string, string][] = [["QUERY_STRING", ""], ["REQUEST_METHOD", "GET"], ["HTTP_X", "1"]];
    const now: [string, string][] = [["QUERY_STRING", "a=1"], ["REQUEST_METHOD", "GET"], ["CONTENT_LENGTH", "3"]];
    const rows = sectionEnv(now, prev).flatMap((s) => s.rows);
    expect(rows.find((r) => r.name === "QUERY_STRING")).toMatchObject({ change: "changed", before: "" });
    expect(rows.find((r) => r.name === "REQUEST_METHOD")?.change).toBe("same");
    expect(rows.find((r) => r.name === "CONTENT_LENGTH")?.change).toBe("new");
    expect(removedSince(now, prev)).toEqual(["HTTP_X"]);
    expect(sectionEnv(now).flatMap((s) => s.rows).every((r) => r.change === "same")).toBe(true);
  });
});
