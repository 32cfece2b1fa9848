import { describe, expect, it } from "vitest";
import { lessonById } from "../lessons/lessons-vite.ts";
import { lessonStartFs, solutionOverwrites } from "./lesson-worker.ts";
import { baseFor } from "./workspace-session.ts";

describe("lesson machines in the worker", () => {
  it("builds a lesson's start: the default machine plus the lesson's files", () => {
    const fs = lessonStartFs(lessonById("05-chmod")!);
    expect(fs.readText("/var/www/cgi-bin/test.py")).toContain('print("This is a test")');
    expect(fs.stat("/var/www/cgi-bin/test.py")!.mode & 0o777).toBe(0o644);
    expect(fs.exists("/var/www/cgi-bin/hello.py")).toBe(true);
  });

  it("gives share links and Reset the lesson's start as their base", async () => {
    const base = await baseFor("04-first-script");
    expect(base.readText("/var/www/cgi-bin/test.py")).toContain('print "This is a test"');
    expect((await baseFor(null)).exists("/var/www/cgi-bin/test.py")).toBe(false);
  });

  it("says which of the learner's edits Show solution would overwrite", () => {
    const lesson = lessonById("04-first-script")!;
    const fs = lessonStartFs(lesson);
    expect(solutionOverwrites(lesson, fs)).toEqual([]); // untouched
    fs.writeFile("/var/www/cgi-bin/test.py", "print('mine')\n");
    expect(solutionOverwrites(lesson, fs)).toEqual(["/var/www/cgi-bin/test.py"]);
    fs.writeFile("/var/www/cgi-bin/test.py", lesson.solutionFiles.find((f) => f.path.endsWith("test.py"))!.content!);
    expect(solutionOverwrites(lesson, fs)).toEqual([]); // already the solution
    // Lesson 13's solution edits httpd.conf: a changed httpd.conf is reported too.
    const l13 = lessonById("13-addhandler-fastcgi-script")!;
    const fs13 = lessonStartFs(l13);
    expect(solutionOverwrites(l13, fs13)).toEqual([]);
    fs13.writeFile("/etc/httpd/conf/httpd.conf", fs13.readText("/etc/httpd/conf/httpd.conf") + "\n# mine\n");
    expect(solutionOverwrites(l13, fs13)).toEqual(["/etc/httpd/conf/httpd.conf"]);
  });
});
