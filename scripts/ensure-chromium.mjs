#!/usr/bin/env node
/**
 * The e2e tests use Debian's Chromium (a Playwright browser download cannot
 * work here). Installs it with apt-get when /usr/bin/chromium is missing.
 */
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (existsSync(CHROMIUM)) {
  process.exit(0);
}
console.log(`${CHROMIUM} not found: installing Debian's chromium package…`);
const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
const run = (args) => execFileSync(asRoot ? args[0] : "sudo", asRoot ? args.slice(1) : args, { stdio: "inherit" });
try {
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "chromium"]);
} catch (e) {
  console.error(`Could not install chromium: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`chromium installed, but ${CHROMIUM} is still missing`);
  process.exit(1);
}
