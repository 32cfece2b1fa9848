/** The share dialog: the link, selected and (if the browser let us) copied. Loaded lazily by share-ui.tsx. */
import { useEffect, useRef } from "react";
import { ShareDialogFrame } from "./share-dialog-frame.tsx";
import type { Workspaces } from "./use-workspaces.ts";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export default function ShareDialog({ ws }: { ws: Workspaces }) {
  const d = ws.dialog!;
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
    const esc = (e: KeyboardEvent) => e.key === "Escape" && ws.closeDialog();
    addEventListener("keydown", esc);
    return () => removeEventListener("keydown", esc);
  }, [d.url, ws]);
  return (
    <ShareDialogFrame
      ws={ws}
      onBackdrop={ws.closeDialog}
      actions={
        !d.error && (
          <button type="button" onClick={() => void ws.copyAgain()}>
            Copy
          </button>
        )
      }
    >
      {d.error ? (
        <p className="share-error" role="alert">
          {d.error}
        </p>
      ) : (
        <>
          <p>
            The link holds your changes to the files, the request in the request bar and the SELinux mode. It opens as a new workspace beside the other person's
            own, and nothing runs until they press Run.
          </p>
          <p className={`share-status${d.copied ? " ok" : ""}`} role="status">
            {d.copied ? "Copied to the clipboard." : `The link is selected: press ${isMac ? "⌘C" : "Ctrl+C"} to copy it.`}
          </p>
          <input
            ref={field}
            className="share-url"
            aria-label="Share link"
            readOnly
            value={d.url ?? ""}
            onFocus={(e) => e.currentTarget.select()}
            onClick={(e) => e.currentTarget.select()}
          />
          <p className="muted small">{d.chars.toLocaleString()} characters. The link is in the part after #, which browsers never send to a server.</p>
        </>
      )}
    </ShareDialogFrame>
  );
}
