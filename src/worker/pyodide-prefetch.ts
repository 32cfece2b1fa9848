/**
 * Downloads Pyodide's files once, counting bytes, so the header can say
 * "downloading Python 4.1 / 13.5 MB". The interpreter workers then fetch the
 * same URLs and get them from the HTTP cache.
 */
// pyodide.mjs itself is bundled into the interpreter worker by Vite.
export const PYODIDE_FILES = ["pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

/** Sizes as shipped with pyodide 314.0.7; used until Content-Length says otherwise. */
const EXPECTED_TOTAL = 13_500_000;


export async function prefetchPyodide(
  indexURL: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<void> {
  const loaded = new Map<string, number>();
  const totals = new Map<string, number>();
  const report = () => {
    let l = 0;
    for (const v of loaded.values()) l += v;
    let t = 0;
    for (const v of totals.values()) t += v;
    onProgress(l, totals.size === PYODIDE_FILES.length ? t : Math.max(t, EXPECTED_TOTAL));
  };
  await Promise.all(
    PYODIDE_FILES.map(async (name) => {
      const res = await fetch(new URL(name, indexURL));
      if (!res.ok || !res.body) throw new Error(`GET ${indexURL}${name}: ${res.status}`);
      totals.set(name, Number(res.headers.get("Content-Length") ?? 0));
      const reader = res.body.getReader();
      let n = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        n += value.length;
        loaded.set(name, n);
        report();
      }
      if (!totals.get(name)) totals.set(name, n);
      report();
    }),
  );
}
