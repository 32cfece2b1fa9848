import { createNodeRunner } from "./node.ts";
import { collectStream } from "../process.ts";
const enc = new TextEncoder();
const runner = createNodeRunner({ spares: 2 });
const spec = { argv: ["/t.py"], env: [] as [string, string][], cwd: "/", stdin: new Uint8Array(), files: [{ path: "/t.py", data: enc.encode("print('done')"), mode: 0o755 }], directories: [], writableRoots: ["/tmp"] };
const r = await runner.spawn(spec).result;
console.log(new TextDecoder().decode(collectStream(r.chunks, "stdout")).trim(), r.warmStart);
setTimeout(() => console.log("timer fired (ok)"), 100);
