/**
 * What differs between the emulator and a real Apache for reasons that are
 * not behaviour: paths of the test's root, the OS name in the version,
 * times, pids and ports. Both sides go through the same normalisation.
 */
export interface Normalizer {
  text(s: string): string;
  logLine(line: string): string;
}

export function makeNormalizer(realRoot: string): Normalizer {
  const text = (s: string) =>
    s
      .split(`${realRoot}/cgi-bin`).join("/var/www/cgi-bin")
      .split(`${realRoot}/html`).join("/var/www/html")
      .replace(/Apache\/2\.4\.\d+ \((Debian|Fedora Linux)\)/g, "Apache/2.4 (OS)")
      .replace(/Port \d+/g, "Port N");
  const logLine = (line: string) =>
    text(line)
      .replace(/^\[[^\]]+\] /, "")
      .replace(/\[pid \d+(:tid \d+)?\] /, "")
      .replace(/\[client [\d.]+:\d+\] /, "");
  return { text, logLine };
}

/** Response headers worth comparing: everything but Date, with framing reduced to whether a length was sent. */
export function comparableHeaders(headers: [string, string][], n: Normalizer): string[] {
  return headers
    .filter(([k]) => !/^(date|keep-alive|connection)$/i.test(k))
    .map(([k, v]) => {
      if (/^transfer-encoding$/i.test(k) || /^content-length$/i.test(k)) return "framing";
      if (/^(etag|last-modified)$/i.test(k)) return `${k.toLowerCase()}: *`;
      return `${k.toLowerCase()}: ${n.text(v)}`;
    });
}
