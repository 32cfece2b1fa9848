/**
 * The browser's loader (import.meta.glob, which Vitest runs through Vite)
 * gives the same lessons as the Node loader.
 */
import { describe, expect, it } from "vitest";
import { loadLessonsFromDisk } from "./lessons-node.ts";
import { LESSONS, lessonById } from "./lessons-vite.ts";

describe("lessons-vite", () => {
  it("bundles every lesson, identical to what Node reads from disk", () => {
    const disk = loadLessonsFromDisk();
    expect(LESSONS.length).toBe(disk.length);
    expect(LESSONS).toEqual(disk);
    expect(lessonById("selinux")?.id).toBe("06-selinux");
    expect(lessonById("06-selinux")?.start.selinux).toBe("Enforcing");
  });
});
