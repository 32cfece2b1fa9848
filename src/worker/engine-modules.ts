/**
 * The engine's modules, found at build time. While parts of the engine are
 * still being written, a missing module leaves its feature off (the header
 * says "engine not available") instead of breaking the build; nothing is
 * faked in their place.
 */
import type { HttpRequest } from "../protocol/http-message.ts";
import type { ProcessRunner } from "../runtime/process.ts";
import type { Exchange } from "../server/exchange.ts";
import { Vfs } from "../server/vfs.ts";

export interface HttpdLike {
  handle(req: HttpRequest): Promise<Exchange>;
  apachectl(command: "configtest" | "restart" | "graceful" | "start" | "stop"): Promise<{ ok: boolean; output: string }>;
  selinuxEnforcing: boolean;
}

export interface ShellContext {
  fs: Vfs;
  httpd: HttpdLike | null;
  cwd: string;
}

export interface EngineModules {
  Httpd: (new (opts: { fs: Vfs; runner: ProcessRunner }) => HttpdLike) | null;
  createDefaultFs: () => Vfs;
  createRunner: ((indexURL: string) => Promise<ProcessRunner>) | null;
  runShell: ((line: string, ctx: ShellContext) => Promise<{ output: string; exitCode: number; cwd?: string }>) | null;
  /** Modules not present in this build. */
  missing: string[];
}

type Loader = () => Promise<Record<string, unknown>>;
const httpdMods = import.meta.glob("../server/httpd.ts") as Record<string, Loader>;
const workspaceMods = import.meta.glob("../server/default-workspace/index.ts") as Record<string, Loader>;
const shellMods = import.meta.glob("../server/shell/index.ts") as Record<string, Loader>;
const runtimeMods = import.meta.glob("../runtime/python/browser.ts") as Record<string, Loader>;

async function first(mods: Record<string, Loader>): Promise<Record<string, unknown> | null> {
  const loader = Object.values(mods)[0];
  return loader ? loader() : null;
}

export async function loadEngineModules(): Promise<EngineModules> {
  const [httpd, workspace, shell, runtime] = await Promise.all([first(httpdMods), first(workspaceMods), first(shellMods), first(runtimeMods)]);
  const missing: string[] = [];
  if (!httpd) missing.push("server/httpd");
  if (!workspace) missing.push("server/default-workspace");
  if (!runtime) missing.push("runtime/python/browser");
  const createDefaultFs = (workspace?.createDefaultFs as EngineModules["createDefaultFs"] | undefined) ?? (() => new Vfs());
  const createRunner = runtime ? (runtime.createBrowserRunner as EngineModules["createRunner"]) ?? null : null;
  return {
    Httpd: (httpd?.Httpd as EngineModules["Httpd"]) ?? null,
    createDefaultFs,
    createRunner,
    runShell: (shell?.runShell as EngineModules["runShell"]) ?? null,
    missing,
  };
}
