import { describe, expect, it } from "vitest";
import { lessonFromUrl, lessonHref, urlForLesson } from "./lesson-route.ts";

describe("lesson URLs", () => {
  it("reads ?lesson= and #/lesson/", () => {
    expect(lessonFromUrl("http://127.0.0.1:4173/?lesson=04-first-script")).toBe("04-first-script");
    expect(lessonFromUrl("http://127.0.0.1:4173/#/lesson/05-chmod")).toBe("05-chmod");
    expect(lessonFromUrl("http://127.0.0.1:4173/")).toBeNull();
    expect(lessonFromUrl("http://127.0.0.1:4173/?lesson=")).toBeNull();
    expect(lessonFromUrl("http://127.0.0.1:4173/?lesson=%3Cx%3E")).toBeNull();
  });

  it("leaves share links and the bench alone", () => {
    expect(lessonFromUrl("http://h/#s=v1.abc")).toBeNull();
    expect(lessonFromUrl("http://h/?lesson=06-selinux#s=v1.abc")).toBe("06-selinux");
    expect(urlForLesson("http://h/#s=v1.abc", "04-first-script")).toBe("/?lesson=04-first-script#s=v1.abc");
    expect(urlForLesson("http://h/?lesson=04-first-script#bench", null)).toBe("/#bench");
  });

  it("writes the query form, keeping other parameters and the base path", () => {
    expect(urlForLesson("http://h/cgi-lab/?x=1", "05-chmod")).toBe("/cgi-lab/?x=1&lesson=05-chmod");
    expect(urlForLesson("http://h/cgi-lab/?lesson=05-chmod&x=1", "06-selinux")).toBe("/cgi-lab/?lesson=06-selinux&x=1");
    expect(urlForLesson("http://h/#/lesson/05-chmod", "05-chmod")).toBe("/?lesson=05-chmod");
    expect(lessonHref("04-first-script")).toBe("?lesson=04-first-script");
    expect(lessonHref(null)).toBe("?");
  });
});
