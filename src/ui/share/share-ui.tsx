/**
 * Share, Download and the workspace switcher (header), the share dialog,
 * the "from a link" banner and the alerts. State: use-workspaces.ts.
 */
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import type { WorkspaceSummary } from "../../storage/index.ts";
import "./share.css";
import { ShareDialogFrame } from "./share-dialog-frame.tsx";
import type { Workspaces } from "./use-workspaces.ts";

// Needed only once Share is pressed: loaded then, while the worker makes the link.
const loadShareDialog = () => import("./share-dialog.tsx");
const ShareDialog = lazy(() => loadShareDialog().catch((e: unknown) => ({ default: unavailable(e) })));

/** What shows instead of the dialog if its code could not be loaded (offline, a new deploy). */
function unavailable(e: unknown) {
  return function ShareDialogUnavailable({ ws }: { ws: Workspaces }) {
    return (
      <ShareDialogFrame ws={ws}>
        <p className="share-error" role="alert">
          The dialog could not be loaded ({e instanceof Error ? e.message : String(e)}). Reload the page and try again.
        </p>
      </ShareDialogFrame>
    );
  };
}

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
      <button
        type="button"
        className="ghost"
        onClick={() => {
          void loadShareDialog().catch(() => {}); // the lazy dialog reports a failure
          void ws.share();
        }}
        disabled={ws.busy}
        title="A link with your changes, the request and the SELinux mode"
      >
        Share
      </button>
      <button type="button" className="ghost" onClick={() => void ws.download()} disabled={ws.busy} title="The workspace as a zip, laid out for a real server">
        Download
      </button>
    </div>
  );
}

/** The dialog, the banner and the alerts, under the header. */
export function ShareLayer({ ws }: { ws: Workspaces }) {
  const changes = ws.fromLink?.changes ?? null;
  return (
    <>
      {ws.dialog && (
        <Suspense fallback={null}>
          <ShareDialog ws={ws} />
        </Suspense>
      )}
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
