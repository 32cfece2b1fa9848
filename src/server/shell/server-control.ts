/**
 * Controlling the web server: `apachectl`, the `httpd` binary's -t/-v/-M/-k,
 * and `systemctl` for httpd.service with systemd's wording. apachectl keeps
 * Apache's semantics (a restart with a broken config leaves the old server
 * running); systemctl restart stops the service first, so a broken config
 * takes the site down, as it does on Fedora.
 */
import { loadServerConfig } from "../config/server-config.ts";
import type { Command, CommandIo } from "./types.ts";

/** Same string as httpd.ts's SERVER_SOFTWARE (kept here so the shell loads without the server core). */
export const SERVER_VERSION = "Apache/2.4.71 (Fedora Linux)";

async function ctl(io: CommandIo, command: string): Promise<{ ok: boolean; output: string }> {
  if (command === "configtest" && !io.httpd) {
    // httpd -t needs only the configuration files, not a running engine.
    const r = loadServerConfig(io.fs);
    return r.ok ? { ok: true, output: [...r.warnings, "Syntax OK"].join("\n") } : { ok: false, output: r.output };
  }
  if (!io.httpd) return { ok: false, output: "apachectl: the web server engine isn't loaded yet; try again in a moment" };
  return io.httpd.apachectl(command);
}

function print(io: CommandIo, r: { ok: boolean; output: string }): number {
  const text = r.output.endsWith("\n") || !r.output ? r.output : r.output + "\n";
  if (r.ok) io.out(text);
  else io.err(text);
  return r.ok ? 0 : 1;
}

function modules(io: CommandIo): number {
  const r = loadServerConfig(io.fs);
  if (!r.ok) return print(io, { ok: false, output: r.output });
  const lines = ["Loaded Modules:", " core_module (static)", " so_module (static)", " http_module (static)", ...[...r.config.modules].map((m) => ` ${m} (shared)`)];
  io.out(lines.join("\n") + "\n");
  return 0;
}

function version(io: CommandIo): number {
  io.out(`Server version: ${SERVER_VERSION}\nServer built:   Jul 23 2025 00:00:00\n`);
  return 0;
}

const CTL_VERBS = new Set(["start", "stop", "restart", "graceful", "graceful-stop", "configtest", "status"]);

export const apachectl: Command = async (args, io) => {
  const [verb, arg] = args;
  if (verb === "-t" || verb === "configtest") return print(io, await ctl(io, "configtest"));
  if (verb === "-M") return modules(io);
  if (verb === "-v" || verb === "-V") return version(io);
  if (verb === "-k" && arg && CTL_VERBS.has(arg)) return print(io, await ctl(io, arg));
  if (verb && CTL_VERBS.has(verb)) return print(io, await ctl(io, verb));
  io.err("Usage: /usr/sbin/httpd [-D name] [-d directory] [-f file]\n                       [-C \"directive\"] [-c \"directive\"]\n                       [-k start|restart|graceful|graceful-stop|stop]\n                       [-v] [-V] [-h] [-l] [-L] [-t] [-T] [-S] [-X]\n");
  return 1;
};

/** The httpd binary itself answers the same flags. */
export const httpd: Command = (args, io) => {
  if (args.length === 0) return apachectl(["start"], io);
  return apachectl(args, io);
};

async function isRunning(io: CommandIo): Promise<{ running: boolean; pid: string }> {
  if (!io.httpd) return { running: false, pid: "" };
  const status = await io.httpd.apachectl("status");
  const pid = /pid (\d+)/.exec(status.output)?.[1] ?? "";
  return { running: io.httpd.running ?? /is running/.test(status.output), pid };
}

const UNIT_HEAD = "httpd.service - The Apache HTTP Server\n     Loaded: loaded (/usr/lib/systemd/system/httpd.service; enabled; preset: disabled)\n";

async function status(io: CommandIo): Promise<number> {
  const { running, pid } = await isRunning(io);
  if (running) {
    const ports = io.httpd?.config?.listen.map((l) => l.port).join(", ") || "80";
    io.out(
      `\u25cf ${UNIT_HEAD}     Active: active (running)\n       Docs: man:httpd.service(8)\n   Main PID: ${pid} (httpd)\n` +
        `     Status: "Started, listening on: port ${ports}"\n     CGroup: /system.slice/httpd.service\n             \u2514\u2500${pid} /usr/sbin/httpd -DFOREGROUND\n`,
    );
    return 0;
  }
  const failure = io.state.httpdFailure;
  if (failure === null) {
    io.out(`\u25cb ${UNIT_HEAD}     Active: inactive (dead)\n       Docs: man:httpd.service(8)\n`);
    return 3;
  }
  const journal = failure.split("\n").filter(Boolean).map((l) => `localhost httpd[2210]: ${l}`);
  io.out(
    `\u00d7 ${UNIT_HEAD}     Active: failed (Result: exit-code)\n       Docs: man:httpd.service(8)\n` +
      `    Process: 2210 ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND (code=exited, status=1/FAILURE)\n   Main PID: 2210 (code=exited, status=1/FAILURE)\n` +
      `     Status: "Reading configuration..."\n\n` +
      [...journal, "localhost systemd[1]: httpd.service: Main process exited, code=exited, status=1/FAILURE",
        "localhost systemd[1]: httpd.service: Failed with result 'exit-code'.",
        "localhost systemd[1]: Failed to start httpd.service - The Apache HTTP Server."].join("\n") + "\n",
  );
  return 3;
}

export const systemctl: Command = async (args, io) => {
  const [verb, unit] = args.filter((a) => !a.startsWith("-"));
  if (verb === undefined) {
    io.err("systemctl: listing units isn't available in this terminal; try systemctl status httpd\n");
    return 1;
  }
  const known = ["start", "stop", "restart", "reload", "try-restart", "status", "is-active", "enable", "disable", "is-enabled"];
  if (!known.includes(verb)) {
    io.err(`Unknown command verb '${verb}'.\n`);
    return 1;
  }
  if (unit === undefined) {
    io.err("Too few arguments.\n");
    return 1;
  }
  const name = unit.endsWith(".service") ? unit : `${unit}.service`;
  if (name !== "httpd.service" && name !== "apache2.service") {
    if (verb === "status") {
      io.err(`Unit ${name} could not be found.\n`);
      return 4;
    }
    io.err(`Failed to ${verb} ${name}: Unit ${name} not found.\n`);
    return 5;
  }
  const jobFailed = () => {
    io.err('Job for httpd.service failed because the control process exited with error code.\nSee "systemctl status httpd.service" and "journalctl -xeu httpd.service" for details.\n');
    return 1;
  };
  switch (verb) {
    case "status":
      return status(io);
    case "is-active": {
      const { running } = await isRunning(io);
      io.out(running ? "active\n" : io.state.httpdFailure !== null ? "failed\n" : "inactive\n");
      return running ? 0 : 3;
    }
    case "enable":
    case "disable":
    case "is-enabled":
      if (verb === "is-enabled") io.out("enabled\n");
      return 0;
    case "stop":
      io.state.httpdFailure = null;
      return print(io, await ctl(io, "stop"));
    default: {
      // start, restart, reload: systemd starts a fresh httpd, which reads the config first.
      const test = await ctl(io, "configtest");
      if (!test.ok) {
        if (verb !== "reload") {
          await ctl(io, "stop");
          io.state.httpdFailure = test.output;
        }
        return jobFailed();
      }
      const { running } = await isRunning(io);
      const r = await ctl(io, verb === "reload" ? "graceful" : verb === "start" && running ? "status" : running ? "restart" : "start");
      if (!r.ok) {
        io.state.httpdFailure = r.output;
        return jobFailed();
      }
      io.state.httpdFailure = null;
      return 0;
    }
  }
};
