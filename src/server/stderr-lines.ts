/** Splits script stderr into log lines as mod_cgi does: one entry per line, a final partial line too. */
export function stderrLines(bytes: Uint8Array): string[] {
  if (!bytes.length) return [];
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.replace(/\r$/, ""));
}
