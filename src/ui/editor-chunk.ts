/**
 * Monaco's chunk (~850 KB gzip), the biggest thing the page loads. main.tsx
 * starts it at once; the editor pane renders it; the app starts the
 * preview's service worker only after it, so the two don't compete for the
 * CPU while the editor is on its way.
 */
export const loadCodeEditor = () => import("./editor/code-editor.tsx");
