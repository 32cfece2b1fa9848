#!/usr/bin/env node
// Installs the Debian packages the interop and browser tests use, when missing:
// real servers are the oracles the emulator is compared with.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const needed = [
  ["/usr/sbin/apache2", "apache2"],
  ["/usr/sbin/nginx", "nginx"],
  ["/usr/sbin/fcgiwrap", "fcgiwrap"],
  ["/usr/bin/cgi-fcgi", "libfcgi-bin"],
  ["/usr/sbin/php-fpm8.2", "php-fpm"],
  ["/usr/bin/chromium", "chromium"],
];
const missing = needed.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
if (missing.length === 0) {
  console.log("test peers present: apache2, nginx, fcgiwrap, libfcgi-bin, php-fpm, chromium");
  process.exit(0);
}
console.log(`installing ${missing.join(" ")} from Debian`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
const run = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
if (!run(["update", "-qq"]) || !run(["install", "-y", "-qq", ...missing])) {
  console.error("could not install the test peers with apt-get; run as root on Debian, or install them by hand");
  process.exit(1);
}
// Debian starts the daemons it installs; the tests start their own on 127.0.0.1.
for (const svc of ["apache2", "nginx", "php8.2-fpm"]) spawnSync("service", [svc, "stop"], { stdio: "ignore" });
