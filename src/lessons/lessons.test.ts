/**
 * Every lesson through the real engine and the real Pyodide runner: its
 * starting machine fails its check, its solution passes it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createNodeRunner } from "../runtime/python/node.ts";
import { isRequestTask } from "./check-types.ts";
import { loadLessonsFromDisk } from "./lessons-node.ts";
import { applySetup, checkLessonStage, prepareLessonMachine, runCheck } from "./run-check.ts";

const lessons = loadLessonsFromDisk();
const only = process.env.LESSON;
const runner = createNodeRunner();
const opts = { runner, connections: runner };

afterAll(() => runner.dispose());

const report = (r: { tasks: { id: string; pass: boolean; message?: string }[] }) =>
  r.tasks.map((t) => `${t.pass ? "ok  " : "FAIL"} ${t.id}${t.message ? `: ${t.message}` : ""}`).join("\n");

describe("the lessons", () => {
  it("are all there, numbered in order, each with tasks", () => {
    expect(lessons.length).toBeGreaterThanOrEqual(19);
    expect(lessons.map((l) => l.number)).toEqual(lessons.map((_, i) => i + 1));
    for (const l of lessons) {
      expect(l.title.length, l.id).toBeGreaterThan(3);
      expect(l.markdown, l.id).toMatch(/## What to try/);
      expect(l.check.tasks.length, l.id).toBeGreaterThan(0);
    }
  });

  for (const lesson of lessons.filter((l) => !only || l.id.startsWith(only))) {
    describe(lesson.id, () => {
      it("the starting machine fails the check", async () => {
        const r = await checkLessonStage(lesson, "start", opts);
        expect(r.pass, report(r)).toBe(false);
        // At least one request was really served (or refused) by the engine.
        if (lesson.check.tasks.some(isRequestTask)) expect(r.exchanges.size).toBeGreaterThan(0);
      });

      it("the solution passes the check", async () => {
        const r = await checkLessonStage(lesson, "solution", opts);
        expect(r.pass, report(r) + "\n" + r.transcript.join("\n")).toBe(true);
      });
    });
  }
});

describe.runIf(!only || only.startsWith("06"))("SELinux: turning it off is not the fix", () => {
  it("setenforce 0 makes the script run, but the check still fails", async () => {
    const lesson = lessons.find((l) => l.slug === "selinux")!;
    const m = await prepareLessonMachine(lesson, "start", opts);
    try {
      await applySetup(m, { commands: ["setenforce 0"] });
      const r = await runCheck(lesson.check, m);
      expect(r.pass).toBe(false);
      const byId = new Map(r.tasks.map((t) => [t.id, t]));
      expect(byId.get("enforcing")!.pass).toBe(false);
      // The request itself got through in permissive mode, with the denial only logged.
      const ex = [...r.exchanges.values()].flat().find((e) => e.request.target === "/cgi-bin/test.py")!;
      expect(ex.response.status).toBe(200);
      expect(ex.auditLog.join("\n")).toContain("permissive=1");
    } finally {
      await m.dispose();
    }
  });
});
