import { createNodeRunner } from "./node.ts";
const enc = new TextEncoder();
const runner = createNodeRunner({ spares: 0 });
const spec = { argv: ["/t.py"], env: [] as [string, string][], cwd: "/", stdin: new Uint8Array(), files: [{ path: "/t.py", data: enc.encode("pass"), mode: 0o755 }], directories: [], writableRoots: ["/tmp"] };
for (let i = 0; i < 8; i++) { const t = performance.now(); await runner.spawn(spec).result; console.log("cold spawn", (performance.now() - t).toFixed(1)); }
console.log(runner.stats().bootMs.map((x) => x.toFixed(0)).join(" "));
await runner.dispose();
