/**
 * bash builtins and tiny utilities: echo, printf, pwd, cd, history, clear,
 * true, false, whoami, id, hostname, date, exit.
 */
import type { Command } from "./types.ts";

/** Backslash escapes of echo -e and printf's format. */
function unescape(s: string): { text: string; stop: boolean } {
  let text = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== "\\" || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const d = s[++i]!;
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", e: "\x1b", "\\": "\\" };
    if (d in simple) text += simple[d];
    else if (d === "c") return { text, stop: true };
    else if (d === "0") {
      const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
      text += String.fromCharCode(parseInt(m || "0", 8));
      i += m.length;
    } else text += `\\${d}`;
  }
  return { text, stop: false };
}

export const echo: Command = (args, io) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  // bash's echo takes -n, -e, -E (bundled) and treats anything else as text.
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    for (const c of args[i]!.slice(1)) {
      if (c === "n") newline = false;
      else escapes = c === "e";
    }
  }
  let text = args.slice(i).join(" ");
  if (escapes) {
    const u = unescape(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  io.out(text + (newline ? "\n" : ""));
  return 0;
};

export const printf: Command = (args, io) => {
  const [format, ...values] = args;
  if (format === undefined) {
    io.err("printf: usage: printf [-v var] format [arguments]\n");
    return 2;
  }
  let k = 0;
  // The format is reused while arguments remain, as printf(1) does.
  do {
    const text = format.replace(/%([-0 ]?\d*)([sdi%])/g, (_m, width: string, conv: string) => {
      if (conv === "%") return "%";
      const v = values[k++] ?? "";
      const s = conv === "s" ? v : String(parseInt(v, 10) || 0);
      const w = parseInt(width.replace(/[-0 ]/, ""), 10) || 0;
      return width.startsWith("-") ? s.padEnd(w) : s.padStart(w, width.startsWith("0") ? "0" : " ");
    });
    io.out(unescape(text).text);
  } while (k > 0 && k < values.length);
  return 0;
};

export const pwd: Command = (_args, io) => {
  io.out(io.cwd + "\n");
  return 0;
};

export const cd: Command = (args, io) => {
  if (args.length > 1) {
    io.err("bash: cd: too many arguments\n");
    return 1;
  }
  let target = args[0] ?? "/root";
  if (target === "-") {
    if (!io.state.oldPwd) {
      io.err("bash: cd: OLDPWD not set\n");
      return 1;
    }
    target = io.state.oldPwd;
    io.out(target + "\n");
  }
  const path = io.resolve(target);
  const st = io.fs.stat(path);
  if (!st) {
    io.err(`bash: cd: ${args[0]}: No such file or directory\n`);
    return 1;
  }
  if (st.type !== "dir") {
    io.err(`bash: cd: ${args[0]}: Not a directory\n`);
    return 1;
  }
  io.setCwd(path);
  return 0;
};

export const history: Command = (args, io) => {
  if (args[0] === "-c") {
    io.state.history.length = 0;
    return 0;
  }
  const n = args[0] !== undefined && /^\d+$/.test(args[0]) ? Number(args[0]) : io.state.history.length;
  const start = Math.max(0, io.state.history.length - n);
  io.state.history.slice(start).forEach((line, i) => io.out(`${String(start + i + 1).padStart(5)}  ${line}\n`));
  return 0;
};

export const clear: Command = (_args, io) => {
  io.requestClear();
  return 0;
};

export const trueCmd: Command = () => 0;
export const falseCmd: Command = () => 1;

export const whoami: Command = (_args, io) => {
  io.out("root\n");
  return 0;
};

/** root logged in on Fedora runs unconfined, which is why its files get unconfined_u. */
export const id: Command = (args, io) => {
  if (args.includes("-Z")) io.out("unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n");
  else if (args.includes("-u")) io.out("0\n");
  else if (args.includes("-un")) io.out("root\n");
  else io.out("uid=0(root) gid=0(root) groups=0(root) context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n");
  return 0;
};

export const hostname: Command = (_args, io) => {
  io.out("localhost\n");
  return 0;
};

/** en_US.UTF-8's date format on Fedora: 12-hour clock. */
export const date: Command = (_args, io) => {
  const d = new Date(io.clock());
  const utc = d.toUTCString(); // "Tue, 25 Nov 2025 10:00:00 GMT"
  const h = d.getUTCHours();
  const time = `${String(h % 12 || 12).padStart(2, "0")}:${d.toISOString().slice(14, 19)} ${h < 12 ? "AM" : "PM"}`;
  io.out(`${utc.slice(0, 3)} ${utc.slice(8, 11)} ${String(d.getUTCDate()).padStart(2)} ${time} UTC ${d.getUTCFullYear()}\n`);
  return 0;
};

export const exit: Command = (_args, io) => {
  io.err("exit: this terminal stays open; there is nothing to log out of.\n");
  return 0;
};
