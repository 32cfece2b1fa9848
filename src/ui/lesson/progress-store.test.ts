import { describe, expect, it } from "vitest";
import { clearTasks, emptyProgress, lessonStatus, loadProgress, parseProgress, passedTasks, PROGRESS_KEY, recordResults, saveProgress } from "./progress-store.ts";

const TASKS = ["python3", "headers", "works"];

describe("lesson progress", () => {
  it("ticks passing tasks and unticks failing ones", () => {
    let p = recordResults(emptyProgress(), "04-first-script", TASKS, [{ id: "python3", pass: true }, { id: "headers", pass: false }]);
    expect([...passedTasks(p, "04-first-script")]).toEqual(["python3"]);
    expect(lessonStatus(p, "04-first-script")).toBe("started");
    p = recordResults(p, "04-first-script", TASKS, [{ id: "python3", pass: false }]);
    expect(passedTasks(p, "04-first-script").size).toBe(0);
    expect(lessonStatus(p, "04-first-script")).toBe("new");
  });

  it("completes a lesson when every task passes, and keeps it completed", () => {
    let p = recordResults(emptyProgress(), "05-chmod", ["mode", "runs"], [{ id: "mode", pass: true }], 1);
    expect(lessonStatus(p, "05-chmod")).toBe("started");
    p = recordResults(p, "05-chmod", ["mode", "runs"], [{ id: "runs", pass: true }], 2);
    expect(p.lessons["05-chmod"]).toEqual({ passed: ["mode", "runs"], completedAt: 2 });
    p = recordResults(p, "05-chmod", ["mode", "runs"], [{ id: "runs", pass: false }], 3);
    expect(lessonStatus(p, "05-chmod")).toBe("done");
    expect(p.lessons["05-chmod"]!.completedAt).toBe(2);
    p = clearTasks(p, "05-chmod");
    expect(p.lessons["05-chmod"]).toEqual({ passed: [], completedAt: 2 });
  });

  it("ignores tasks the lesson doesn't have and returns the same object when nothing changed", () => {
    const p = recordResults(emptyProgress(), "05-chmod", ["mode", "runs"], [{ id: "mode", pass: true }, { id: "bogus", pass: true }], 1);
    expect(p.lessons["05-chmod"]!.passed).toEqual(["mode"]);
    expect(recordResults(p, "05-chmod", ["mode", "runs"], [{ id: "mode", pass: true }])).toBe(p);
  });

  it("reads only its own schema and survives damage", () => {
    expect(parseProgress(null)).toEqual(emptyProgress());
    expect(parseProgress("{not json")).toEqual(emptyProgress());
    expect(parseProgress(JSON.stringify({ schema: 2, lessons: { a: { passed: ["x"] } } }))).toEqual(emptyProgress());
    expect(parseProgress(JSON.stringify({ schema: 1, lessons: [] }))).toEqual(emptyProgress());
    const p = parseProgress(JSON.stringify({ schema: 1, lessons: { a: { passed: ["x", 3] }, b: "junk", c: { passed: [], completedAt: 5 } } }));
    expect(p.lessons).toEqual({ a: { passed: ["x"] }, c: { passed: [], completedAt: 5 } });
  });

  it("round-trips through storage under its key, small", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const p = recordResults(emptyProgress(), "04-first-script", TASKS, TASKS.map((id) => ({ id, pass: true })), 7);
    saveProgress(p, storage);
    expect(store.get(PROGRESS_KEY)!.length).toBeLessThan(120);
    expect(loadProgress(storage)).toEqual(p);
    const broken = { getItem: () => { throw new Error("denied"); } };
    expect(loadProgress(broken)).toEqual(emptyProgress());
    expect(() => saveProgress(p, { setItem: () => { throw new Error("full"); } })).not.toThrow();
  });
});
