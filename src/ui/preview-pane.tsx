import { useEffect, useRef, useState } from "react";
import { toPreviewPath } from "./model/vhost-url.ts";

interface Props {
  /** The virtual target shown, e.g. /cgi-bin/hello.py; null before the first request. */
  target: string | null;
  /** Bumped to navigate the frame again, even to the same URL. */
  nonce: number;
  /** What the frame shows now (it navigates by itself through links and forms). */
  address: string | null;
  ready: boolean;
  /** Isolation on, and the checkbox locked (a workspace from a share link). */
  forceIsolation?: boolean;
}

export function PreviewPane({ target, nonce, address, ready, forceIsolation = false }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [isolated, setIsolated] = useState(true);
  const toggleIsolation = (on: boolean) => {
    setIsolated(on);
    void import("./preview/msw-preview.ts").then((m) => m.setPreviewIsolation(on));
    if (frame.current && target !== null && ready) frame.current.src = frame.current.src;
  };
  const on = isolated || forceIsolation;
  useEffect(() => {
    void import("./preview/msw-preview.ts").then((m) => m.setPreviewIsolation(on));
  }, [on]);
  useEffect(() => {
    if (frame.current && target !== null && ready) frame.current.src = toPreviewPath(target);
  }, [target, nonce, ready]);
  return (
    <section className="pane preview-pane" role="region" aria-label="Preview">
      <div className="pane-title">
        <h2>Preview</h2>
        <span className="address" title="The virtual server's URL">
          http://localhost{address ?? target ?? "/"}
        </span>
        {!ready && <span className="muted small">starting the preview's service worker…</span>}
        <label
          className="check small isolation"
          title="Isolated: the page runs with an opaque origin and cannot touch CGI Lab's storage, but its images, CSS and fetches are not served by the emulator"
        >
          <input type="checkbox" checked={on} disabled={forceIsolation} onChange={(e) => toggleIsolation(e.target.checked)} /> isolated
        </label>
      </div>
      <div className="pane-body preview-body">
        {target === null && <p className="muted pad">Run a request: its response is rendered here, and links and forms in it work.</p>}
        {/* No sandbox attribute: Chromium would then bypass the service worker. The
            preview is isolated by the CSP "sandbox" header on every preview response
            instead (see preview/msw-preview.ts). */}
        <iframe ref={frame} title="Preview of the response" hidden={target === null} />
      </div>
    </section>
  );
}
