/**
 * Monaco's chunk (~565 KB gzip), the biggest thing the page loads. main.tsx
 * starts it at once; the editor pane renders it; the app starts the
 * preview's service worker only after it, so the two don't compete for the
 * CPU while the editor is on its way.
 */

/** The chunk itself: what the editor pane renders. */
export const importCodeEditor = () => import("./editor/code-editor.tsx");

/** Resolves after the next painted frame (or 200 ms, in a tab that does not paint). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve, 0);
    requestAnimationFrame(done);
    setTimeout(resolve, 200);
  });
}

/**
 * The chunk, then one painted frame. The editor pane creates the editor in
 * the task that finished the chunk, so what waits on this (the preview's
 * start, in app.tsx) comes after the editor's first paint, not before it.
 */
export const loadCodeEditor = () => importCodeEditor().then(async (m) => (await afterPaint(), m));
