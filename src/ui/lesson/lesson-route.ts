/**
 * A URL per lesson: `?lesson=04-first-script`. The fragment belongs to share
 * links (`#s=v1.…`) and the bench (`#bench`), so the lesson lives in the
 * query and leaves the fragment alone. `#/lesson/<id>` is read too, for
 * hand-written links, and replaced by the query form when the page rewrites
 * the URL.
 */
export const LESSON_PARAM = "lesson";

/** The lesson a URL names, or null for the playground. */
export function lessonFromUrl(url: string | URL): string | null {
  const u = new URL(url, "http://x/");
  const q = u.searchParams.get(LESSON_PARAM);
  if (q && /^[a-z0-9-]+$/i.test(q)) return q;
  const m = /^#\/lesson\/([a-z0-9-]+)\/?$/i.exec(u.hash);
  return m ? m[1]! : null;
}

/** `href` with its lesson set to `id` (null: none), other parameters and the fragment kept. */
export function urlForLesson(href: string, id: string | null): string {
  const u = new URL(href);
  if (id) u.searchParams.set(LESSON_PARAM, id);
  else u.searchParams.delete(LESSON_PARAM);
  if (/^#\/lesson\//.test(u.hash)) u.hash = "";
  return u.pathname + u.search + u.hash;
}

/** The link a table of contents entry points at (relative to the page). */
export function lessonHref(id: string | null): string {
  return id ? `?${LESSON_PARAM}=${encodeURIComponent(id)}` : "?";
}
