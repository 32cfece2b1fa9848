import { useEffect, useRef } from "react";
import { toPreviewPath } from "./model/vhost-url.ts";

/**
 * The iframe's sandbox. Without allow-same-origin the preview's HTML and
 * scripts get an opaque origin: they cannot read the app's storage,
 * IndexedDB or DOM. (See ARCHITECTURE.md for how MSW still serves it.)
 */
export const PREVIEW_SANDBOX = "allow-scripts allow-forms allow-popups allow-modals";

interface Props {
  /** The virtual target shown, e.g. /cgi-bin/hello.py; null before the first request. */
  target: string | null;
  /** Bumped to navigate the frame again, even to the same URL. */
  nonce: number;
  ready: boolean;
}

export function PreviewPane({ target, nonce, ready }: Props) {
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    if (frame.current && target !== null && ready) frame.current.src = toPreviewPath(target);
  }, [target, nonce, ready]);
  return (
    <section className="pane preview-pane" role="region" aria-label="Preview">
      <div className="pane-title">
        <h2>Preview</h2>
        <span className="address" title="The virtual server's URL">
          http://localhost{target ?? "/"}
        </span>
        {!ready && <span className="muted small">starting the preview's service worker…</span>}
      </div>
      <div className="pane-body preview-body">
        {target === null && <p className="muted pad">Run a request: its response is rendered here, and links and forms in it work.</p>}
        <iframe ref={frame} title="Preview of the response" sandbox={PREVIEW_SANDBOX} hidden={target === null} />
      </div>
    </section>
  );
}
