#!/usr/bin/env node
// `npm test`: every test, in order of cost. Installs what the tests need
// (Debian's chromium and the real servers used as oracles) when missing.
import { spawnSync } from "node:child_process";

const steps = [
  ["install test peers", "node", ["scripts/ensure-peers.mjs"]],
  ["typecheck", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["unit, integration and interop tests", "npx", ["vitest", "run"]],
  ["browser tests", "npm", ["run", "test:e2e"]],
];

for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}
