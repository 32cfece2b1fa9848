/**
 * The engine's parts the worker wires together. The shell is looked up at
 * build time while it is being written: without it the terminal says so
 * (nothing is faked in its place).
 */
import type { ShellContext, ShellResult } from "../server/shell/types.ts";

export type RunShell = (line: string, ctx: ShellContext) => Promise<ShellResult>;

type Loader = () => Promise<Record<string, unknown>>;
const shellMods = import.meta.glob(["../server/shell/index.ts", "../server/shell/shell.ts"]) as Record<string, Loader>;

export async function loadShell(): Promise<RunShell | null> {
  for (const load of Object.values(shellMods)) {
    try {
      const m = await load();
      if (typeof m.runShell === "function") return m.runShell as RunShell;
    } catch (e) {
      console.error("CGI Lab: the shell failed to load", e);
    }
  }
  return null;
}
