import { describe, expect, it } from "vitest";
import { appendToLog, EMPTY_LOG, logFromText } from "./log-view.ts";

describe("log view", () => {
  it("appends lines that start where the view ends", () => {
    const v = logFromText("a\nb\n", 10);
    expect(v).toEqual({ lines: ["a", "b"], size: 4 });
    expect(appendToLog(v, { lines: ["c"], from: 4, to: 6 }, 10)).toEqual({ lines: ["a", "b", "c"], size: 6 });
  });

  it("does not add lines its own read of the file already had (the start-up race)", () => {
    // httpd's first lines were written, the pane read the file, then the engine's event came.
    const v = logFromText("start 1\nstart 2\n", 10);
    expect(appendToLog(v, { lines: ["start 2"], from: 8, to: 16 }, 10)).toBe(v);
  });

  it("asks for a reload when the file was replaced or a part is missing", () => {
    const v = logFromText("old line\n", 10);
    expect(appendToLog(v, { lines: ["fresh"], from: 0, to: 6 }, 10)).toBe("reload");
    expect(appendToLog(v, { lines: ["later"], from: 20, to: 26 }, 10)).toBe("reload");
    expect(appendToLog(EMPTY_LOG, { lines: ["first"], from: 0, to: 6 }, 10)).toEqual({ lines: ["first"], size: 6 });
  });

  it("keeps the last `max` lines", () => {
    expect(appendToLog(logFromText("1\n2\n", 3), { lines: ["3", "4"], from: 4, to: 8 }, 3).valueOf()).toEqual({ lines: ["2", "3", "4"], size: 8 });
    expect(logFromText("1\n2\n3\n", 2).lines).toEqual(["2", "3"]);
  });
});
