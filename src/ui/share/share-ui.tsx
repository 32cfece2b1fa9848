/**
 * Share, Download and the workspace switcher (header), the share dialog,
 * the "from a link" banner and the alerts. State: use-workspaces.ts.
 */
import { useEffect, useRef, useState } from "react";
import type { WorkspaceSummary } from "../../storage/index.ts";
import "./share.css";
import type { Workspaces } from "./use-workspaces.ts";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function originLabel(w: WorkspaceSummary): string {
  switch (w.origin?.kind) {
    case "share-link":
      return "from a link";
    case "lesson":
      return `lesson ${w.origin.lessonId}`;
    case "migrated":
      return "carried over";
    default:
      return w.lessonId ? `lesson ${w.lessonId}` : "";
  }
}

function WorkspaceSwitcher({ ws }: { ws: Workspaces }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    void ws.refreshList();
    const away = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    addEventListener("mousedown", away);
    addEventListener("keydown", esc);
    return () => {
      removeEventListener("mousedown", away);
      removeEventListener("keydown", esc);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const current = ws.view?.id;
  return (
    <div className="ws-switcher" ref={box}>
      <button
        type="button"
        className="ghost"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={`Workspace: ${ws.view?.name ?? "…"}`}
        onClick={() => setOpen((o) => !o)}
        title="Your saved workspaces: switch, delete"
      >
        <span className="ws-label">{ws.view?.name ?? "Workspace"}</span> ▾
      </button>
      {open && (
        <div className="ws-menu" role="menu" aria-label="Workspaces">
          {ws.list.length === 0 && <p className="muted small">Loading…</p>}
          {ws.list.map((w) => (
            <div className={`ws-item${w.id === current ? " current" : ""}`} key={w.id} role="none">
              <button
                type="button"
                role="menuitemradio"
                aria-checked={w.id === current}
                className="ws-open"
                disabled={w.status !== "ok" || ws.busy}
                onClick={() => {
                  setOpen(false);
                  if (w.id !== current) void ws.switchTo(w.id);
                }}
              >
                <span className="ws-name">{w.name}</span>
                <span className="ws-meta">
                  {[originLabel(w), w.status !== "ok" ? w.status : "", w.updatedAt ? new Date(w.updatedAt).toLocaleString() : ""].filter(Boolean).join(" · ")}
                </span>
              </button>
              {w.id !== current && (
                <button type="button" className="ws-delete ghost" aria-label={`Delete ${w.name}`} title="Delete this workspace" onClick={() => void ws.remove(w.id, w.name)}>
                  ×
                </button>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Header controls: Share, the workspace switcher, Download. */
export function WorkspaceControls({ ws }: { ws: Workspaces }) {
  return (
    <div className="ws-controls">
      <WorkspaceSwitcher ws={ws} />
      <button type="button" className="ghost" onClick={() => void ws.share()} disabled={ws.busy} title="A link with your changes, the request and the SELinux mode">
        Share
      </button>
      <button type="button" className="ghost" onClick={() => void ws.download()} disabled={ws.busy} title="The workspace as a zip, laid out for a real server">
        Download
      </button>
    </div>
  );
}

function ShareDialog({ ws }: { ws: Workspaces }) {
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
    <div className="share-backdrop" onMouseDown={(e) => e.target === e.currentTarget && ws.closeDialog()}>
      <div className="share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title">
        <h2 id="share-title">Share this workspace</h2>
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
        <div className="share-actions">
          {!d.error && (
            <button type="button" onClick={() => void ws.copyAgain()}>
              Copy
            </button>
          )}
          <button type="button" className="ghost" onClick={ws.closeDialog}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

/** The dialog, the banner and the alerts, under the header. */
export function ShareLayer({ ws }: { ws: Workspaces }) {
  const changes = ws.fromLink?.changes ?? null;
  return (
    <>
      {ws.dialog && <ShareDialog ws={ws} />}
      {ws.alert && (
        <div className="ws-alert" role="alert">
          <p>
            <strong>This link could not be opened.</strong> {ws.alert} Your own work was not changed.
          </p>
          <button type="button" className="ghost" aria-label="Dismiss" onClick={ws.dismissAlert}>
            ×
          </button>
        </div>
      )}
      {ws.notice && (
        <div className="ws-notice" role="status">
          <p>{ws.notice}</p>
          <button type="button" className="ghost" aria-label="Dismiss" onClick={ws.dismissNotice}>
            ×
          </button>
        </div>
      )}
      {ws.fromLink && (
        <section className="link-banner" aria-label="Opened from a link">
          <div className="link-banner-text">
            <p>
              <strong>This workspace came from a share link.</strong> Nothing has run yet: look at the changes, then press <kbd>Run</kbd>. Your own work is kept;
              switch back to it from the workspace menu.
            </p>
            {changes && (
              <details open={changes.length <= 8}>
                <summary>
                  {changes.length === 0 ? "No changes to the files" : `${changes.length} change${changes.length === 1 ? "" : "s"} to the files`}
                </summary>
                <ul className="link-changes">
                  {changes.map((c) => (
                    <li key={c}>
                      <code>{c}</code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
          <button type="button" className="ghost" aria-label="Dismiss" onClick={ws.dismissBanner}>
            ×
          </button>
        </section>
      )}
    </>
  );
}
