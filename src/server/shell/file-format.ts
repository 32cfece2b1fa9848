/**
 * How GNU coreutils shows file metadata: the mode string of `ls -l`
 * (with Fedora's `.` for an SELinux label), its timestamps, and sizes.
 */

/** `drwxr-xr-x.`: type letter, rwx triplets with s/S/t/T, and `.` when a security context exists. */
export function modeString(type: "file" | "dir" | "link", mode: number, labelled = true): string {
  const t = type === "dir" ? "d" : type === "link" ? "l" : "-";
  const bit = (m: number, c: string) => (mode & m ? c : "-");
  const special = (x: number, s: number, lower: string, upper: string) => (mode & s ? (mode & x ? lower : upper) : bit(x, "x"));
  return (
    t +
    bit(0o400, "r") + bit(0o200, "w") + special(0o100, 0o4000, "s", "S") +
    bit(0o040, "r") + bit(0o020, "w") + special(0o010, 0o2000, "s", "S") +
    bit(0o004, "r") + bit(0o002, "w") + special(0o001, 0o1000, "t", "T") +
    (labelled ? "." : "")
  );
}

/** Permission bits without the type letter, as chmod -v shows them: `rwxr-xr-x`. */
export function permString(mode: number): string {
  return modeString("file", mode, false).slice(1);
}

/** Four-digit octal, as chmod -v shows it: `0755`. */
export function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS_MS = (365.2425 / 2) * 24 * 3600 * 1000;

/**
 * `ls -l` time: `Nov 25 10:00` for the last six months, `Nov 25  2008`
 * otherwise or in the future. The machine's clock is UTC.
 */
export function lsTime(ms: number, now: number): string {
  const d = new Date(ms);
  const head = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")}`;
  const recent = ms <= now + 60_000 && now - ms < SIX_MONTHS_MS;
  if (recent) return `${head} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return `${head}  ${d.getUTCFullYear()}`;
}

/** `ls -h` sizes: 4.0K, 13K, 1.2M (rounded up, as coreutils does). */
export function humanSize(n: number): string {
  const units = ["K", "M", "G", "T"];
  if (n < 1024) return String(n);
  let v = n;
  for (const u of units) {
    v /= 1024;
    if (v < 1024 || u === "T") {
      if (v < 10) return `${(Math.ceil(v * 10) / 10).toFixed(1)}${u}`;
      return `${Math.ceil(v)}${u}`;
    }
  }
  return String(n);
}

/** 1K blocks a file occupies on a 4K-block filesystem, for `total`. */
export function blocks(size: number, type: "file" | "dir" | "link"): number {
  if (type === "link") return 0;
  return Math.ceil(size / 4096) * 4;
}

/** GNU ls's -C layout for an 80-column terminal: columns filled top to bottom. */
export function columns(names: string[], width = 80): string {
  if (names.length === 0) return "";
  let best = 1;
  for (let cols = names.length; cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    if (Math.ceil(names.length / rows) !== cols) continue;
    let total = 0;
    for (let c = 0; c < cols; c++) {
      const col = names.slice(c * rows, (c + 1) * rows);
      total += Math.max(...col.map((n) => n.length)) + (c < cols - 1 ? 2 : 0);
    }
    if (total <= width) {
      best = cols;
      break;
    }
  }
  const rows = Math.ceil(names.length / best);
  const widths: number[] = [];
  for (let c = 0; c < best; c++) widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)));
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < best; c++) {
      const name = names[c * rows + r];
      if (name === undefined) continue;
      const last = c === best - 1 || names[(c + 1) * rows + r] === undefined;
      cells.push(last ? name : name.padEnd(widths[c]! + 2));
    }
    lines.push(cells.join(""));
  }
  return lines.join("\n") + "\n";
}

/** ls's sort in en_US.UTF-8: case and leading punctuation mostly ignored. */
export function localeCompare(a: string, b: string): number {
  const key = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const ka = key(a);
  const kb = key(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
