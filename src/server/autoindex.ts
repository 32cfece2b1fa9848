import { basename, type Vfs } from "./vfs.ts";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function when(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function size(n: number): string {
  if (n < 1024) return `${n} `;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10240 ? 1 : 0)}K`;
  return `${(n / 1048576).toFixed(1)}M`;
}

/** mod_autoindex's "Index of" page in its FancyIndexing layout, simplified to a table. */
export function autoindexPage(fs: Vfs, dirPath: string, url: string, signature: string): string {
  const rows = fs
    .list(dirPath)
    .filter((n) => !n.startsWith("."))
    .map((name) => {
      const st = fs.stat(`${dirPath}/${name}`)!;
      const href = esc(encodeURIComponent(name)) + (st.type === "dir" ? "/" : "");
      return `<tr><td><a href="${href}">${esc(basename(name))}${st.type === "dir" ? "/" : ""}</a></td><td align="right">${when(st.mtimeMs)}  </td><td align="right">${st.type === "dir" ? "  - " : size(st.size)}</td></tr>`;
    });
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<html>
 <head>
  <title>Index of ${esc(url)}</title>
 </head>
 <body>
<h1>Index of ${esc(url)}</h1>
  <table>
   <tr><th>Name</th><th>Last modified</th><th>Size</th></tr>
   <tr><th colspan="3"><hr></th></tr>
${url !== "/" ? '<tr><td><a href="../">Parent Directory</a></td><td>&nbsp;</td><td align="right">  - </td></tr>\n' : ""}${rows.join("\n")}
   <tr><th colspan="3"><hr></th></tr>
</table>
${signature}</body></html>
`;
}
