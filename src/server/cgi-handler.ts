import { buildCgiEnvironment, cgiArgv } from "../protocol/cgi-environment.ts";
import { parseScriptOutput } from "../protocol/script-response.ts";
import { isNphScript } from "../protocol/nph.ts";
import { cgiStderrEntry, splitStderrLines } from "../protocol/error-log.ts";
import { bytesToLatin1 } from "../protocol/fs-encoding.ts";
import { translateName } from "./translate.ts";
import { collectStream, type ProcessEnd, type StreamChunk } from "../runtime/process.ts";
import { errorResponse } from "./error-response.ts";
import { mimeTypeFor, withDefaultCharset } from "./mime.ts";
import { processFiles } from "./process-files.ts";
import type { HandlerResponse, RequestContext } from "./request-context.ts";
import type { Resolved } from "./request-pipeline.ts";
import { selinuxAllows, unixAllows } from "./selinux.ts";
import { serverNameAndPort, serverSignature } from "./server-identity.ts";
import { planExec } from "./shebang.ts";
import { basename, dirname } from "./vfs.ts";
import { applyFileChanges } from "./process-files.ts";
import type { CgiCapture } from "./exchange.ts";

/** PATH in httpd's environment on Fedora (from the systemd unit). */
export const SERVER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

/** mod_cgi's handler: checks, then a new process per request. */
export async function runCgi(ctx: RequestContext, r: Resolved): Promise<HandlerResponse> {
  const { fs, config } = ctx.server;
  const file = r.walk.type === "none" ? r.translation.filename : r.walk.filename + (r.walk.type === "dir" && !r.walk.filename.endsWith("/") ? "/" : "");
  const fail = (code: string, msg: string, status: number) => {
    ctx.log("cgi", "error", `${code}: stderr from ${file}: ${msg}`);
    return errorResponse(ctx, status);
  };
  if (!r.translation.scriptAliased && !r.dir.options.has("ExecCGI")) return fail("AH02809", "Options ExecCGI is off in this directory", 403);
  if (r.walk.type === "none") return fail("AH02811", "script not found or unable to stat", 404);
  if (r.walk.type === "dir") return fail("AH02812", "attempt to invoke directory as script", 403);
  if (r.walk.pathInfo && r.dir.acceptPathInfo === "off") return fail("AH02813", "AcceptPathInfo off disallows user's path", 404);

  const script = r.walk.filename;
  const base = basename(script);
  const st = fs.stat(script)!;
  const env = cgiEnvironment(ctx, r, script);
  const argv = [script, ...cgiArgv(script, ctx.query).slice(1)];
  const capture: CgiCapture = { script, argv, cwd: dirname(script), env, stdin: ctx.req.body, chunks: [], bodyOffset: null, end: null, warmStart: false, durationMs: 0 };
  ctx.cgi = capture;

  const execError = (error: string) => {
    capture.notStarted = `exec failed: ${error}`;
    ctx.mark(`exec of ${base} failed: ${error}`);
    ctx.log("cgi", "error", `AH01215: stderr from ${script}: ${error}: exec of '${script}' failed`);
    ctx.log("cgi", "error", `End of script output before headers: ${base}`);
    return errorResponse(ctx, 500);
  };
  // execve(2): the x bit for the apache user, then SELinux's execute permission, then the #! line.
  if (!unixAllows(st, config.user, config.group, "x")) return execError("(13)Permission denied");
  if (!selinuxAllows(ctx, st, "execute")) return execError("(13)Permission denied");
  const plan = planExec(fs, script, fs.readFile(script), SERVER_PATH, config.user, config.group);
  if (!plan.ok) return execError(plan.error);

  let chunks: StreamChunk[];
  let end: ProcessEnd;
  const timeoutSec = config.cgiScriptTimeoutSec ?? config.timeoutSec;
  if ("fails" in plan) {
    chunks = [{ stream: "stderr", bytes: new TextEncoder().encode(plan.fails.stderr), t: 0 }];
    end = { kind: "exit", code: plan.fails.exitCode };
    ctx.mark(`${plan.interpreter} exited ${plan.fails.exitCode}`);
  } else if (!plan.python) {
    chunks = [{ stream: "stderr", bytes: new TextEncoder().encode(`cgi-lab: ${plan.interpreter} cannot run here: CGI Lab runs Python scripts only\n`), t: 0 }];
    end = { kind: "exit", code: 126 };
  } else {
    const pid = ctx.server.nextPid();
    ctx.mark(`fork+exec ${plan.interpreter} ${script} (pid ${pid})`);
    const files = processFiles(fs, config.user, config.group);
    const proc = ctx.server.runner.spawn({
      argv,
      env,
      cwd: dirname(script),
      stdin: ctx.req.body,
      files: files.files,
      directories: files.directories,
      directoryModes: files.directoryModes,
      writableRoots: files.writableRoots,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutSec > 0) timer = setTimeout(() => proc.kill(`Timeout ${timeoutSec}s`), timeoutSec * 1000);
    const result = await proc.result;
    if (timer) clearTimeout(timer);
    chunks = result.chunks;
    end = result.end;
    capture.warmStart = result.warmStart;
    capture.durationMs = result.durationMs;
    applyFileChanges(fs, result.fileChanges, config.user, config.group);
    ctx.mark(describeEnd(end));
  }
  capture.chunks = chunks;
  capture.end = end;
  return finishCgi(ctx, r, capture, timeoutSec);
}

function describeEnd(end: ProcessEnd): string {
  switch (end.kind) {
    case "exit": return `process exited with status ${end.code}`;
    case "killed": return `process killed: ${end.reason}`;
    case "crashed": return `interpreter crashed: ${end.message}`;
    case "output-limit": return `output passed ${end.limitBytes} bytes; process stopped`;
  }
}

/** Turns what the script wrote into Apache's response and log lines. */
function finishCgi(ctx: RequestContext, r: Resolved, capture: CgiCapture, timeoutSec: number): HandlerResponse {
  const { config, fs } = ctx.server;
  const base = basename(capture.script);
  const stdout = collectStream(capture.chunks, "stdout");
  const stderr = collectStream(capture.chunks, "stderr");
  for (const line of splitStderrLines(bytesToLatin1(stderr), true).lines) {
    const e = cgiStderrEntry(capture.script, line);
    ctx.log(e.module, e.level, e.message);
  }
  const end = capture.end!;
  if (end.kind === "crashed") ctx.log("cgi", "error", `AH01215: stderr from ${capture.script}: cgi-lab: the Python runtime failed: ${end.message}`);
  if (end.kind === "output-limit") ctx.log("cgi", "error", `AH01215: stderr from ${capture.script}: cgi-lab: output cut at ${end.limitBytes} bytes (CGI Lab's output limit)`);

  if (isNphScript(capture.script)) {
    return { status: 200, headers: [], body: stdout, raw: stdout };
  }
  const timedOut = end.kind === "killed" && end.reason.startsWith("Timeout");
  const parsed = parseScriptOutput(stdout, { scriptFilename: capture.script, stdout: timedOut ? "timeout" : "eof", nowMs: ctx.server.clock() });
  if (parsed.kind === "incomplete") {
    // Killed or cut before headers ended, but not by the Timeout.
    ctx.log("cgi", "error", `Premature end of script headers: ${base}`);
    return errorResponse(ctx, 500);
  }
  for (const e of parsed.logs) ctx.log(e.module, e.level, e.message);
  switch (parsed.kind) {
    case "error":
      return errorResponse(ctx, parsed.status, { recursiveError: parsed.recursiveError });
    case "internal-redirect":
      capture.bodyOffset = parsed.bodyOffset;
      return { status: 200, headers: parsed.carryHeaders, body: new Uint8Array(), internalRedirect: { uri: parsed.location, fast: false } };
    case "redirect":
      return errorResponse(ctx, 302, { location: parsed.location, headers: parsed.headers });
    case "response": {
      capture.bodyOffset = parsed.bodyOffset;
      const headers = parsed.headers.filter(([n]) => n.toLowerCase() !== "content-type");
      // undefined: the file's own MIME type (text/x-python for .py); "": no Content-Type at all.
      const type = parsed.contentType === undefined ? mimeTypeFor(fs, config, r.dir, capture.script) : parsed.contentType || undefined;
      const ct = parsed.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? type;
      return { status: parsed.status, reason: parsed.reason, headers, body: stdout.subarray(parsed.bodyOffset), contentType: withDefaultCharset(config, ct), streamed: true };
    }
  }
}

/** The meta-variables mod_cgi builds for this request. */
export function cgiEnvironment(ctx: RequestContext, r: Resolved, script: string): [string, string][] {
  const { config } = ctx.server;
  const { name, port } = serverNameAndPort(ctx);
  const pathInfo = r.walk.pathInfo || undefined;
  return buildCgiEnvironment({
    request: ctx.req,
    serverName: name,
    serverPort: port,
    serverSoftware: ctx.server.serverSoftware,
    serverAdmin: config.serverAdmin,
    serverSignature: serverSignature(ctx),
    documentRoot: config.documentRoot,
    requestScheme: "http",
    contextPrefix: r.translation.contextPrefix,
    contextDocumentRoot: r.translation.contextDocumentRoot,
    scriptFilename: script,
    scriptName: ctx.path.slice(0, ctx.path.length - (pathInfo?.length ?? 0)),
    pathInfo,
    // PATH_TRANSLATED is what a sub-request for the re-escaped PATH_INFO maps to, aliases included.
    pathTranslated: pathInfo ? translateName(config, pathInfo).filename : undefined,
    pathEnv: SERVER_PATH,
    queryString: ctx.hasQuery ? ctx.query : undefined,
    cgiPassAuth: r.dir.cgiPassAuth,
    redirect: ctx.redirect,
    extraVars: [...r.dir.setEnv, ...(ctx.extraVars ?? [])],
  });
}
