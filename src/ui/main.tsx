/**
 * The page's entry, kept tiny on purpose (a few KB): it starts the engine
 * worker (and so Python's download and boot) and the editor's big chunk at
 * once, in parallel with the React app and the lessons, instead of after
 * the app has been downloaded, parsed and rendered.
 */
import "./share/message-guard.ts"; // first: before any other listener (Monaco's) is on the window
import { engine } from "../worker/client.ts";
import { loadCodeEditor } from "./editor-chunk.ts";
import { loadLessonCatalog } from "./lesson/lesson-catalog.ts";
import { VHOST_PREFIX } from "./model/vhost-url.ts";
import "./styles.css";

const root = document.getElementById("root")!;

/** A plain line instead of the app (no React needed for it). */
function note(text: string): void {
  const p = document.createElement("p");
  p.style.font = "14px system-ui";
  p.style.margin = "1rem";
  p.textContent = text;
  root.replaceChildren(p);
}

if (location.pathname.startsWith(VHOST_PREFIX)) {
  // A preview URL reached the static server because the service worker was
  // not in control yet (first load, or a hard reload of the frame).
  note("The preview is starting… run the request again.");
} else if (window.top !== window) {
  // The app never runs inside a frame: this is the preview, sent to one of
  // the app's own URLs by a script (e.g. location = "/").
  note("This page left the emulated server (it asked for one of CGI Lab's own URLs).");
} else {
  engine();
  // The app first (it paints), the lessons, then Monaco (big): all download at once.
  const app = import("./mount-app.tsx");
  loadLessonCatalog().catch(() => {}); // the lesson pane says so if it fails
  // The editor pane's lazy import gets this same module; a failure shows there, not here.
  loadCodeEditor().catch(() => {});
  app.then(
    (m) => m.mountApp(root),
    (e: unknown) => note(`CGI Lab could not load: ${e instanceof Error ? e.message : String(e)}. Reload the page to try again.`),
  );
}
