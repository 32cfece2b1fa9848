/**
 * The page's side of saved work and share links (the worker's side is
 * src/worker/workspace-session.ts).
 *
 * - On start: asks the worker which workspace it opened, replays unsaved
 *   editor text (unsaved-journal.ts), and, if the address has a share link
 *   (#s=…), opens it as a NEW workspace, clears the fragment from the address
 *   bar and shows the banner; a bad link gives its message in an alert and
 *   changes nothing. Also on hashchange (a link pasted into this tab).
 * - Keeps the worker told about tabs and the request (workspace.setUi), and
 *   flushes on pagehide.
 * - Share, Download, the workspace switcher, engine restarts.
 * Nothing here runs a request: a workspace from a link waits for Run.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { hasShareLink, shareLinkUrl } from "../../share/index.ts";
import type { WorkspaceSummary } from "../../storage/index.ts";
import { engine } from "../../worker/client.ts";
import type { WorkspaceView } from "../../worker/workspace-api.ts";
import { onEngineRestart } from "../../worker/workspace-port.ts";
import type { RequestDraft } from "../model/request-model.ts";
import { flushSaves } from "../save-queue.ts";
import { draftToShareRequest, shareRequestToDraft } from "./request-share.ts";
import { replayJournal, setJournalWorkspace } from "./unsaved-journal.ts";
import "./message-guard.ts";

export interface WorkspaceUiState {
  openFiles: string[];
  activeFile: string | null;
  draft: RequestDraft;
}

export interface UseWorkspacesOptions extends WorkspaceUiState {
  /** Tabs and request of a workspace that has none saved (a share link's): a lesson's own, or the playground's. */
  defaults(lessonId: string | null): { openFiles: string[]; activeFile: string | null; draft: RequestDraft };
  setOpenFiles(f: string[]): void;
  setActiveFile(f: string | null): void;
  setDraft(d: RequestDraft): void;
  /** Forget the last run: history, preview. */
  clearRun(): void;
}

export interface ShareDialogState {
  url: string | null;
  error: string | null;
  copied: boolean;
  chars: number;
}

export interface FromLink {
  changes: string[] | null;
}

export interface Workspaces {
  view: WorkspaceView | null;
  list: WorkspaceSummary[];
  fromLink: FromLink | null;
  alert: string | null;
  notice: string | null;
  dialog: ShareDialogState | null;
  busy: boolean;
  /** Preview isolation cannot be turned off (a workspace from a link). */
  forceIsolation: boolean;
  share(): Promise<void>;
  copyAgain(): Promise<void>;
  closeDialog(): void;
  download(): Promise<void>;
  refreshList(): Promise<void>;
  switchTo(id: string): Promise<void>;
  remove(id: string, name: string): Promise<void>;
  dismissAlert(): void;
  dismissNotice(): void;
  dismissBanner(): void;
}

let bootOnce: Promise<{ view: WorkspaceView; link: { changes: string[] } | { error: string } | null }> | null = null;

function clearFragment(): void {
  history.replaceState(history.state, "", location.pathname + location.search);
}

async function openLink(hash: string): Promise<{ view: WorkspaceView; changes: string[] } | { error: string }> {
  const r = await engine().call("share.open", { fragment: hash });
  clearFragment();
  if (!r.ok) return { error: r.message };
  setJournalWorkspace(r.workspace.id);
  return { view: r.workspace, changes: r.changes };
}

/** Runs once per page (StrictMode mounts effects twice in development). */
function boot(): NonNullable<typeof bootOnce> {
  bootOnce ??= (async () => {
    const hash = location.hash;
    let view = await engine().call("workspace.current", {});
    await replayJournal(view.id);
    if (!hasShareLink(hash)) return { view, link: null };
    await flushSaves();
    const r = await openLink(hash);
    if ("error" in r) return { view, link: r };
    view = r.view;
    return { view, link: { changes: r.changes } };
  })();
  return bootOnce;
}

async function tryCopy(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission, no focus, insecure context: the dialog says "press Ctrl+C"
  }
}

export function useWorkspaces(o: UseWorkspacesOptions): Workspaces {
  const [view, setView] = useState<WorkspaceView | null>(null);
  const [list, setList] = useState<WorkspaceSummary[]>([]);
  const [fromLink, setFromLink] = useState<FromLink | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<ShareDialogState | null>(null);
  const [busy, setBusy] = useState(false);
  const opts = useRef(o);
  opts.current = o;
  const ready = useRef(false);
  const uiTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  /** Shows a workspace: its tabs and request, or the defaults (`keep`: leave what is on screen when it has none). */
  const apply = useCallback((v: WorkspaceView, keep: boolean) => {
    const x = opts.current;
    const d = x.defaults(v.lessonId);
    setView(v);
    setFromLink((f) => (v.origin.kind === "share-link" ? (f ?? { changes: null }) : null));
    if (v.openTabs.length) {
      x.setOpenFiles(v.openTabs);
      x.setActiveFile(v.activeTab ?? v.openTabs[0]);
    } else if (!keep) {
      x.setOpenFiles(d.openFiles);
      x.setActiveFile(d.activeFile);
    }
    if (v.request) x.setDraft(shareRequestToDraft(v.request));
    else if (!keep) x.setDraft(d.draft);
    if (!keep) x.clearRun();
    const notes = [v.notice, v.persistent ? null : "This browser does not let CGI Lab keep data (a private window?): your work lasts only while this tab is open."].filter(Boolean);
    if (notes.length) setNotice(notes.join(" "));
  }, []);

  const importLink = useCallback(
    async (hash: string) => {
      setBusy(true);
      try {
        await flushSaves();
        const r = await openLink(hash);
        if ("error" in r) setAlert(r.error);
        else {
          setFromLink({ changes: r.changes });
          apply(r.view, false);
        }
      } finally {
        setBusy(false);
      }
    },
    [apply],
  );

  // Start: the open workspace, or the link.
  useEffect(() => {
    let live = true;
    boot().then(
      ({ view: v, link }) => {
        if (!live) return;
        if (link && "error" in link) setAlert(link.error);
        if (link && "changes" in link) {
          setFromLink({ changes: link.changes });
          apply(v, false);
        } else apply(v, true);
        ready.current = true;
      },
      (e: unknown) => live && setAlert(`Saved work could not be opened: ${e instanceof Error ? e.message : String(e)}`),
    );
    const onHash = () => {
      if (ready.current && hasShareLink(location.hash)) void importLink(location.hash);
    };
    addEventListener("hashchange", onHash);
    return () => {
      live = false;
      removeEventListener("hashchange", onHash);
    };
  }, [apply, importLink]);

  // Tabs and request → the worker (saved with the workspace).
  const sendUi = useCallback(() => {
    if (uiTimer.current !== null) clearTimeout(uiTimer.current);
    uiTimer.current = null;
    if (!ready.current) return;
    const x = opts.current;
    void engine()
      .call("workspace.setUi", { openTabs: x.openFiles, activeTab: x.activeFile, request: draftToShareRequest(x.draft) })
      .catch(() => {});
  }, []);
  useEffect(() => {
    if (!ready.current) return;
    if (uiTimer.current !== null) clearTimeout(uiTimer.current);
    uiTimer.current = setTimeout(sendUi, 300);
  }, [o.openFiles, o.activeFile, o.draft, sendUi]);

  // Leaving the page: everything to the worker, and to disk if there is time
  // (the journal in localStorage covers the rest).
  useEffect(() => {
    const leave = () => {
      sendUi();
      void flushSaves().then(() => engine().call("workspace.flush", {}));
    };
    const hidden = () => document.visibilityState === "hidden" && leave();
    addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", hidden);
    };
  }, [sendUi]);

  // The engine worker died and was restarted (workspace-port.ts).
  useEffect(
    () =>
      onEngineRestart(() => {
        void (async () => {
          const v = await engine().call("workspace.current", {});
          await replayJournal(v.id);
          setView(v);
          sendUi();
          setNotice("The engine stopped unexpectedly and was restarted; your saved work was restored.");
        })();
      }),
    [sendUi],
  );

  const refreshList = useCallback(async () => {
    const r = await engine().call("workspace.list", {});
    setList(r.workspaces);
  }, []);

  const share = useCallback(async () => {
    setBusy(true);
    try {
      await flushSaves();
      const r = await engine().call("share.create", { request: draftToShareRequest(opts.current.draft) });
      if (!r.ok) {
        setDialog({ url: null, error: r.message, copied: false, chars: 0 });
        return;
      }
      const url = shareLinkUrl(location.href, r.fragment);
      setDialog({ url, error: null, copied: await tryCopy(url), chars: r.chars });
    } catch (e) {
      setDialog({ url: null, error: e instanceof Error ? e.message : String(e), copied: false, chars: 0 });
    } finally {
      setBusy(false);
    }
  }, []);

  const copyAgain = useCallback(async () => {
    if (!dialog?.url) return;
    const ok = await tryCopy(dialog.url);
    setDialog((d) => d && { ...d, copied: ok });
  }, [dialog]);

  const download = useCallback(async () => {
    setBusy(true);
    try {
      await flushSaves();
      const zip = await engine().call("workspace.zip", {});
      const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: "application/zip" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "cgi-lab-workspace.zip";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setAlert(`The download could not be made: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  }, []);

  const switchTo = useCallback(
    async (id: string) => {
      setBusy(true);
      try {
        await flushSaves();
        sendUi();
        ready.current = false;
        const v = await engine().call("workspace.switch", { id });
        setJournalWorkspace(v.id);
        setFromLink(null);
        apply(v, false);
      } catch (e) {
        setAlert(e instanceof Error ? e.message : String(e));
      } finally {
        ready.current = true;
        setBusy(false);
        void refreshList();
      }
    },
    [apply, refreshList, sendUi],
  );

  const remove = useCallback(
    async (id: string, name: string) => {
      if (!confirm(`Delete the workspace "${name}"? Its files cannot be brought back.`)) return;
      try {
        await engine().call("workspace.delete", { id });
      } catch (e) {
        setAlert(e instanceof Error ? e.message : String(e));
      }
      await refreshList();
    },
    [refreshList],
  );

  return {
    view,
    list,
    fromLink,
    alert,
    notice,
    dialog,
    busy,
    forceIsolation: view?.origin.kind === "share-link",
    share,
    copyAgain,
    closeDialog: () => setDialog(null),
    download,
    refreshList,
    switchTo,
    remove,
    dismissAlert: () => setAlert(null),
    dismissNotice: () => setNotice(null),
    dismissBanner: () => setFromLink(null),
  };
}
