import { useEffect, useRef, useState } from "react";
import { engine } from "../worker/client.ts";
import { notifyMachineActivity } from "./lesson/activity.ts";

interface Entry {
  cwd: string;
  line: string;
  output: string;
  exitCode: number;
}

/** One input line and its scrollback, wired to the emulator's shell. */
export function TerminalPane() {
  const [entries, setEntries] = useState<Entry[]>([]);
  const [line, setLine] = useState("");
  const [cwd, setCwd] = useState("/var/www/cgi-bin");
  const [history, setHistory] = useState<string[]>([]);
  const [hi, setHi] = useState(-1);
  const [busy, setBusy] = useState(false);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Scroll the pane only, never the page (scrollIntoView would move the page on phones).
    const box = end.current?.parentElement;
    if (box) box.scrollTop = box.scrollHeight;
  }, [entries]);

  const run = async () => {
    const l = line.trim();
    setLine("");
    setHi(-1);
    if (!l) return;
    setHistory((h) => [l, ...h].slice(0, 100));
    setBusy(true);
    try {
      const r = await engine().call("shell", { line: l });
      notifyMachineActivity(); // the lesson re-checks the machine (setenforce, apachectl change no file)
      if (r.clear) setEntries([]);
      else setEntries((e) => [...e, { cwd, line: l, output: r.output, exitCode: r.exitCode }]);
      setCwd(r.cwd);
    } catch (err) {
      setEntries((e) => [...e, { cwd, line: l, output: `${err instanceof Error ? err.message : err}\n`, exitCode: 1 }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="pane terminal-pane" role="region" aria-label="Terminal">
      <h2 className="pane-title">Terminal</h2>
      <div className="pane-body term-scroll" tabIndex={0}>
        {entries.length === 0 && <p className="muted small">Try: ls -lZ, chmod 644 hello.py, apachectl configtest, tail error_log</p>}
        {entries.map((e, i) => (
          <div key={i} className="term-entry">
            <div className="term-cmd">
              <span className="prompt">[root@localhost {e.cwd.split("/").pop() || "/"}]#</span> {e.line}
            </div>
            {e.output && <pre className={e.exitCode ? "term-out err" : "term-out"}>{e.output}</pre>}
          </div>
        ))}
        <div ref={end} />
      </div>
      <form
        className="term-input"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <span className="prompt" aria-hidden="true">
          #
        </span>
        <input
          aria-label="Shell command"
          value={line}
          disabled={busy}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => setLine(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowUp" && history[hi + 1] !== undefined) {
              e.preventDefault();
              setHi(hi + 1);
              setLine(history[hi + 1]);
            } else if (e.key === "ArrowDown") {
              e.preventDefault();
              setHi(Math.max(-1, hi - 1));
              setLine(hi - 1 >= 0 ? history[hi - 1] : "");
            }
          }}
        />
      </form>
    </section>
  );
}
