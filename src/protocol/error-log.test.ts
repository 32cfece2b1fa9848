import { describe, expect, it } from "vitest";
import { cgiStderrEntry, escapeErrorLogItem, formatErrorLogLine, splitStderrLines } from "./error-log.ts";
import { probes, readReferenceJson } from "./fixtures/reference.ts";

interface PeerScriptCapture {
  error_log: string[];
}

describe("error_log entries", () => {
  it("formats a line exactly as the captured article.py one", () => {
    const captured = readReferenceJson<PeerScriptCapture>("peers/apache-cgi/scripts/c_article_noblank.json").error_log[0];
    const line = formatErrorLogLine({
      timeMs: Date.UTC(2026, 10, 25, 1, 44, 19) + 96.623,
      module: "cgi",
      level: "error",
      pid: 16296,
      client: "127.0.0.1:43210",
      message: "malformed header from script 'article.py': Bad header: This is a test",
    });
    expect(line).toBe(captured);
  });

  it("escapes what Apache escapes (probe: a script writing control bytes to stderr)", () => {
    const { lines } = splitStderrLines(probes.stderr.stderrBytes, true);
    const messages = lines.map((l) => escapeErrorLogItem(cgiStderrEntry(probes.stderr.script, l).message));
    expect(messages).toEqual(probes.stderr.log.map((l) => l.message));
    expect(escapeErrorLogItem('a"b\\c\x0b\xff')).toBe('a"b\\\\c\\v\\xff');
  });

  it("logs each stderr line of raise.py and stderr.py as captured", () => {
    const raise = readReferenceJson<PeerScriptCapture>("peers/apache-cgi/scripts/h_raise.json").error_log;
    const stderr =
      'Traceback (most recent call last):\n  File "/srv/peers/cgi-bin/raise.py", line 2, in <module>\n' +
      '    raise RuntimeError("deliberate failure before any output")\nRuntimeError: deliberate failure before any output\n';
    const got = splitStderrLines(stderr, true).lines.map((l) => cgiStderrEntry("/srv/peers/cgi-bin/raise.py", l).message);
    expect(got).toEqual(raise.slice(0, 4).map((l) => l.replace(/^(\[[^\]]*\] ){4}/, "")));
    const two = readReferenceJson<PeerScriptCapture>("peers/apache-cgi/scripts/i_stderr.json").error_log;
    const lines = splitStderrLines("stderr line one from stderr.py\nstderr line two (no newline at end)", true).lines;
    expect(lines.map((l) => cgiStderrEntry("/srv/peers/cgi-bin/stderr.py", l).message)).toEqual(two.map((l) => l.replace(/^(\[[^\]]*\] ){4}/, "")));
  });

  it("keeps an unterminated tail for later unless the stream ended, and cuts at 8191 bytes", () => {
    expect(splitStderrLines("a\r\nb", false)).toEqual({ lines: ["a"], rest: "b" });
    expect(splitStderrLines("", true)).toEqual({ lines: [], rest: "" });
    expect(splitStderrLines("x\n\ny\0z\n", true).lines).toEqual(["x", "", "y"]);
    const long = splitStderrLines(`${"a".repeat(8191)}\n`, true).lines;
    expect(long.map((l) => l.length)).toEqual([8191, 0]);
  });
});
