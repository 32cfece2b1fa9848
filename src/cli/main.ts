/**
 * `cgi-lab` command-line entry (npm run cgi-lab -- <command> ...).
 * Only Node glue lives here; commands take injected I/O.
 */
import { readFile } from "node:fs/promises";
import { runDecode } from "./decode-command.ts";

const USAGE = "usage: cgi-lab <command> [args]\n\ncommands:\n  decode [FILE|-] [--json]   decode FastCGI records (raw or hex)\n";

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
