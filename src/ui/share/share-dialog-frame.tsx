/** The share dialog's box and its Close button: the dialog (share-dialog.tsx) and the page's fallback when its code did not load (share-ui.tsx). */
import type { ReactNode } from "react";
import type { Workspaces } from "./use-workspaces.ts";

export function ShareDialogFrame({ ws, children, actions, onBackdrop }: { ws: Workspaces; children: ReactNode; actions?: ReactNode; onBackdrop?: () => void }) {
  return (
    <div className="share-backdrop" onMouseDown={onBackdrop && ((e) => e.target === e.currentTarget && onBackdrop())}>
      <div className="share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title">
        <h2 id="share-title">Share this workspace</h2>
        {children}
        <div className="share-actions">
          {actions}
          <button type="button" className="ghost" onClick={ws.closeDialog}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
