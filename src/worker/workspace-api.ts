/**
 * The engine calls for saved work and share links (handled in
 * workspace-session.ts). api.ts's EngineCalls extends WorkspaceCalls.
 */
import type { SelinuxMode, ShareRequest } from "../share/state.ts";
import type { WorkspaceOrigin, WorkspaceSummary } from "../storage/index.ts";

/** The open workspace as the page needs it (the files themselves stay in the worker). */
export interface WorkspaceView {
  id: string;
  name: string;
  origin: WorkspaceOrigin;
  lessonId: string | null;
  selinux: SelinuxMode;
  openTabs: string[];
  activeTab: string | null;
  request: ShareRequest | null;
  /** false: IndexedDB is unavailable (private window…), work lasts only as long as the tab. */
  persistent: boolean;
  /** Something the person should know about this load (a damaged record moved aside, a migration). */
  notice: string | null;
}

export type ShareCreateResult =
  | { ok: true; fragment: string; chars: number }
  | { ok: false; code: string; message: string };

export type ShareOpenResult =
  | {
      ok: true;
      workspace: WorkspaceView;
      /** describeShareState(): one line per change, for the banner. */
      changes: string[];
      /** Files the link added or changed (to open as tabs). */
      changedFiles: string[];
    }
  | { ok: false; code: string; message: string };

export interface WorkspaceCalls {
  /** The workspace the worker has open. */
  "workspace.current": { args: Record<string, never>; result: WorkspaceView };
  "workspace.list": { args: Record<string, never>; result: { current: string; workspaces: WorkspaceSummary[] } };
  /** Saves the open workspace, then opens another (its files replace the Vfs). */
  "workspace.switch": { args: { id: string }; result: WorkspaceView };
  /** Deletes a workspace that is not the open one (the page asks first). */
  "workspace.delete": { args: { id: string }; result: void };
  /** The page's part of the workspace: tabs and the request bar (saved debounced). */
  "workspace.setUi": { args: { openTabs: string[]; activeTab: string | null; request: ShareRequest | null }; result: void };
  /** Writes any pending save now; resolves when it is on disk. */
  "workspace.flush": { args: Record<string, never>; result: void };
  /** "Download": the workspace as a zip for a real server. */
  "workspace.zip": { args: Record<string, never>; result: Uint8Array };
  /** The share link's fragment (#s=v1.…) for the open workspace and `request`. */
  "share.create": { args: { request: ShareRequest | null }; result: ShareCreateResult };
  /**
   * Opens a share link as a NEW workspace beside the others and makes it the
   * open one. Runs nothing. Errors (malformed, truncated, tampered, too large,
   * not applicable) come back as { ok: false, message }; nothing is changed.
   */
  "share.open": { args: { fragment: string }; result: ShareOpenResult };
}
