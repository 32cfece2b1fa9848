/**
 * Window messages from anywhere but this window are dropped before any
 * listener of the app sees them.
 *
 * The app itself has no window "message" handler; the one listener on the
 * window is Monaco's setImmediate polyfill (`{ vscodeScheduleAsyncWork: n }`,
 * which it posts to itself). A preview page (opaque origin) can still call
 * parent.postMessage(...). This capturing listener, installed before Monaco
 * loads, stops every message whose source is not this window, so nothing
 * from the preview (or any other frame or window) reaches app code. The
 * engine worker and the service worker talk over their own channels (Worker
 * and navigator.serviceWorker), which this does not touch.
 */
let installed = false;
/** Messages stopped (for tests and the curious: window.__cgiLabBlockedMessages). */
let blocked = 0;

export function installMessageGuard(): void {
  if (installed || typeof window === "undefined") return;
  installed = true;
  window.addEventListener(
    "message",
    (e: MessageEvent) => {
      if (e.source === window) return;
      blocked++;
      (window as unknown as { __cgiLabBlockedMessages?: number }).__cgiLabBlockedMessages = blocked;
      e.stopImmediatePropagation();
    },
    true,
  );
}

installMessageGuard();
