/**
 * A lesson's text as HTML. The Markdown renderer (markdown.ts, with marked)
 * is loaded the first time a lesson is shown, not with the page.
 */
import { useEffect, useMemo, useState } from "react";

type MarkdownModule = typeof import("./markdown.ts");
let markdown: Promise<MarkdownModule> | null = null;
let loaded: MarkdownModule | null = null;

/** Starts loading the renderer (a lesson is about to be shown). */
export function loadLessonMarkdown(): Promise<MarkdownModule> {
  markdown ??= import("./markdown.ts").then(
    (m) => (loaded = m),
    (e: unknown) => {
      markdown = null; // try again next time
      throw e;
    },
  );
  return markdown;
}

/** The HTML of `src`; null while the renderer loads; the error's message if it cannot. */
export function useLessonHtml(src: string): { html: string | null; error: string | null } {
  const [mod, setMod] = useState<MarkdownModule | null>(loaded);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (mod) return;
    let live = true;
    loadLessonMarkdown().then(
      (m) => live && setMod(m),
      (e: unknown) => live && setError(`The lesson text could not be shown: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      live = false;
    };
  }, [mod]);
  const html = useMemo(() => (mod ? mod.renderLessonMarkdown(src) : null), [mod, src]);
  return { html, error };
}
