/**
 * `cgi-lab` command-line entry (npm run cgi-lab -- <command> ...).
 * Only Node glue lives here; commands take injected I/O.
 */
import { readFile } from "node:fs/promises";
import { runDecode } from "./decode-command.ts";
import { FASTCGI_USAGE, runFastcgi } from "./fastcgi-command.ts";
import { createNodeEngine } from "./node-engine.ts";
import { runRequest } from "./request-command.ts";
import { parseServeArgs, serve } from "./serve-command.ts";
import { createNodeRunner } from "../runtime/python/node.ts";

const USAGE = `usage: cgi-lab <command> [args]

commands:
  request [--root DIR] [-X METHOD] [-H 'Name: value']... [-d DATA | --data-binary @FILE] [--json] TARGET
                             one request through the emulated httpd, printed like curl -i
  serve --root DIR [--host 127.0.0.1] [--port 8080]
                             the emulated httpd as a real HTTP/1.1 server
  ${FASTCGI_USAGE}
                             run a FastCGI application (e.g. flup's WSGIServer) as a real
                             FastCGI server on TCP (default 127.0.0.1:9000), for nginx/Apache
  decode [FILE|-] [--json]   decode FastCGI records (raw bytes or hex)
`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const io = {
    readStdin,
    readFile: async (path: string) => new Uint8Array(await readFile(path)),
    write: (text: string) => void process.stdout.write(text),
  };
  switch (command) {
    case "decode":
      return runDecode(args, io);
    case "request":
      return runRequest(
        args,
        { write: (b) => void process.stdout.write(b), error: (t) => void process.stderr.write(t) },
        async (root) => createNodeEngine({ root, runner: createNodeRunner() }),
      );
    case "serve": {
      const opts = parseServeArgs(args);
      if ("error" in opts) {
        process.stderr.write(`cgi-lab serve: ${opts.error}\n${USAGE}`);
        return 2;
      }
      const runner = createNodeRunner();
      const engine = createNodeEngine({ root: opts.root, runner, connections: runner });
      await serve(engine, opts, (l) => void process.stderr.write(l + "\n"));
      await new Promise(() => undefined); // serve until killed
      return 0;
    }
    case "fastcgi":
      return runFastcgi(args, {
        runner: () => createNodeRunner({ spares: 0, onLog: (e) => void (e.level !== "log" && process.stderr.write(e.text.endsWith("\n") ? e.text : e.text + "\n")) }),
        log: (line) => void process.stderr.write(line + "\n"),
        error: (text) => void process.stderr.write(text),
        output: (stream, bytes) => void (stream === "stdout" ? process.stdout : process.stderr).write(bytes),
        onStopSignal: (handler) => {
          const on = (s: NodeJS.Signals) => handler(s);
          process.on("SIGINT", on).on("SIGTERM", on);
          return () => void process.off("SIGINT", on).off("SIGTERM", on);
        },
      });
    case undefined:
    case "-h":
    case "--help":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`cgi-lab: unknown command ${command}\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cgi-lab: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
