/**
 * Lesson text to HTML with marked. The texts are our own, but raw HTML in
 * them is shown as text, never rendered (a lesson quoting `<script>` must
 * not run it), and links go only to http(s), mailto, in-page or relative
 * addresses.
 */
import { Marked, type Tokens } from "marked";

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const SAFE_URL = /^(https?:|mailto:|#|\/|\.{0,2}\/|\?)|^[^:]*$/i;

const marked = new Marked({
  gfm: true,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
  },
  walkTokens(token) {
    if ((token.type === "link" || token.type === "image") && !SAFE_URL.test((token as Tokens.Link).href.trim())) (token as Tokens.Link).href = "#";
  },
});

export function renderLessonMarkdown(src: string): string {
  return marked.parse(src, { async: false });
}
