/** React bindings to the engine worker's events. */
import { useEffect, useState } from "react";
import type { EngineEvent, FsEntry } from "../../worker/api.ts";
import { engine } from "../../worker/client.ts";
import { appendToLog, EMPTY_LOG, logFromText, type LogView } from "../model/log-view.ts";

export type Progress = Extract<EngineEvent, { type: "progress" }>;

export function useProgress(): Progress | null {
  const [p, setP] = useState<Progress | null>(() => engine().lastProgress);
  useEffect(() => {
    const off = engine().on((e) => e.type === "progress" && setP(e));
    // An event between the first render and this effect would be missed: catch up.
    setP(engine().lastProgress);
    return off;
  }, []);
  return p;
}

/** The whole tree, refreshed after every filesystem change. */
export function useFsTree(): FsEntry[] {
  const [entries, setEntries] = useState<FsEntry[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => engine().call("fs.tree", {}).then((t) => live && setEntries(t), () => {});
    load();
    const off = engine().on((e) => e.type === "fs-changed" && load());
    return () => {
      live = false;
      off();
    };
  }, []);
  return entries;
}

/** Calls `fn` with the changed paths after each filesystem change. */
export function useFsChanges(fn: (paths: string[]) => void): void {
  useEffect(() => engine().on((e) => e.type === "fs-changed" && fn(e.paths)), [fn]);
}

/** The lines of a log file, following appends (each once: see log-view.ts). */
export function useLog(path: string, max = 500): string[] {
  const [view, setView] = useState<LogView>(EMPTY_LOG);
  useEffect(() => {
    let live = true;
    // What the pane shows, kept here too: an event is applied to it without a side effect in a state updater.
    let current = EMPTY_LOG;
    const show = (v: LogView) => {
      current = v;
      setView(v);
    };
    show(EMPTY_LOG);
    const reload = () =>
      engine()
        .readText(path)
        .then((t) => live && show(logFromText(t, max)))
        .catch(() => live && show(EMPTY_LOG));
    reload();
    const off = engine().on((e) => {
      if (e.type === "log" && e.path === path) {
        const next = appendToLog(current, e, max);
        if (next === "reload") void reload();
        else if (next !== current) show(next);
      } else if (e.type === "fs-changed" && e.paths.includes("/")) reload();
    });
    return () => {
      live = false;
      off();
    };
  }, [path, max]);
  return view.lines;
}
