import { describe, expect, it } from "vitest";
import { loadLessonsFromDisk } from "../../lessons/lessons-node.ts";
import { allPass, fileForTarget, HTTPD_CONF, lessonFirstDraft, lessonMainFile, lessonOpenFiles, mergeResults, needsCheckRun, taskState } from "./lesson-model.ts";
import { escapeHtml, renderLessonMarkdown } from "./markdown.ts";

const lessons = loadLessonsFromDisk();
const byId = (id: string) => lessons.find((l) => l.id.startsWith(id))!;

describe("what a lesson opens", () => {
  it("maps URLs to files", () => {
    expect(fileForTarget("/cgi-bin/test.py?x=1")).toBe("/var/www/cgi-bin/test.py");
    expect(fileForTarget("/books.html")).toBe("/var/www/html/books.html");
  });

  it("opens the script of the first request, and httpd.conf when the lesson is about the configuration", () => {
    expect(lessonMainFile(byId("04"))).toBe("/var/www/cgi-bin/test.py");
    expect(lessonMainFile(byId("05"))).toBe("/var/www/cgi-bin/test.py");
    expect(lessonMainFile(byId("07"))).toBe("/var/www/cgi-bin/average.py");
    expect(lessonMainFile(byId("13"))).toBe("/var/www/cgi-bin/hello.fcgi");
    expect(lessonOpenFiles(byId("13"))).toContain(HTTPD_CONF);
    expect(lessonMainFile(byId("03"))).toBe(HTTPD_CONF);
    expect(lessonMainFile(byId("16"))).toBe("/srv/appserver/app.fcgi");
    for (const l of lessons) {
      const files = lessonOpenFiles(l);
      expect(files[0]).toBe(lessonMainFile(l));
      expect(new Set(files).size).toBe(files.length);
      expect(files.some((f) => f.endsWith(".tar.gz") || f.endsWith(".so"))).toBe(false);
    }
  });

  it("starts the request bar with the first request task", () => {
    expect(lessonFirstDraft(byId("04"))).toMatchObject({ method: "GET", target: "/cgi-bin/test.py", bodyMode: "none" });
    const post = lessonFirstDraft(byId("09"));
    expect(post.method).toBe("POST");
    expect(post.bodyMode).toBe("form");
    expect(post.form.length).toBeGreaterThan(0);
  });

  it("knows which tasks need Check my work", () => {
    const t10 = byId("10").check.tasks;
    expect(t10.filter(needsCheckRun).map((t) => t.id)).toEqual(["processes", "counts"]);
    expect(byId("04").check.tasks.some(needsCheckRun)).toBe(false);
    expect(byId("19").check.tasks.filter(needsCheckRun).map((t) => t.id)).toEqual(["cgi", "fastcgi", "verdict"]);
  });

  it("merges results task by task", () => {
    const l = byId("05");
    let r = mergeResults({}, [{ id: "mode", title: "", pass: true }]);
    expect(taskState(r.mode)).toBe("pass");
    expect(taskState(r.runs)).toBe("todo");
    expect(allPass(l, r)).toBe(false);
    r = mergeResults(r, [{ id: "runs", title: "", pass: false, message: "500" }]);
    expect(taskState(r.runs)).toBe("fail");
    r = mergeResults(r, [{ id: "runs", title: "", pass: true }]);
    expect(allPass(l, r)).toBe(true);
  });
});

describe("lesson text", () => {
  it("renders Markdown and shows raw HTML as text", () => {
    const html = renderLessonMarkdown("# Title\n\nSome `code` and <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain("<code>code</code>");
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("drops javascript: links", () => {
    expect(renderLessonMarkdown("[x](javascript:alert(1))")).not.toContain("javascript:");
    expect(renderLessonMarkdown("[x](https://httpd.apache.org/)")).toContain('href="https://httpd.apache.org/"');
    expect(escapeHtml(`<a href="x">'`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;");
  });

  it("renders every lesson without raw HTML", () => {
    for (const l of lessons) {
      const html = renderLessonMarkdown(l.markdown);
      expect(html).not.toMatch(/<script|<form|<img|<iframe/);
    }
  });
});
