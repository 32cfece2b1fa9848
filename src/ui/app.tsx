import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Exchange } from "../server/exchange.ts";
import { engine } from "../worker/client.ts";
import { loadCodeEditor } from "./editor-chunk.ts";
import { EditorPane } from "./editor-pane.tsx";
import { onExchange } from "./exchange-bus.ts";
import { FileTree } from "./file-tree.tsx";
import { HeaderBar } from "./header-bar.tsx";
import { useFsTree } from "./hooks/use-engine.ts";
import { InspectorPanes } from "./inspector-panes.tsx";
import { LessonPane } from "./lesson-pane.tsx";
import { LessonNav } from "./lesson/lesson-nav.tsx";
import { DEFAULT_PLAYGROUND, machineUiFor } from "./lesson/machine-ui.ts";
import { useLessonRunner } from "./lesson/use-lesson-runner.ts";
import { LogsPane } from "./logs-pane.tsx";
import { buildRequest, draftFromRequest, type RequestDraft } from "./model/request-model.ts";
import { emptyUiState, loadUiState, saveUiState, UI_STATE_KEY } from "./model/ui-state.ts";
import { PreviewPane } from "./preview-pane.tsx";
import { RequestBar } from "./request-bar.tsx";
import { ShareLayer, WorkspaceControls } from "./share/share-ui.tsx";
import { useWorkspaces } from "./share/use-workspaces.ts";
import { flushSaves } from "./save-queue.ts";
import { TerminalPane } from "./terminal-pane.tsx";

const BenchDialog = lazy(() => import("./bench/bench-dialog.tsx"));

const DEFAULT_TARGET = DEFAULT_PLAYGROUND.draft.target;

/** The script URL the presets use: the request's own script, or the open script. */
function scriptUrlOf(draft: RequestDraft, activeFile: string | null): string {
  const m = /^\/cgi-bin\/[^/?]+/.exec(draft.target);
  if (m) return m[0];
  if (activeFile?.startsWith("/var/www/cgi-bin/")) return activeFile.slice("/var/www".length);
  return DEFAULT_TARGET;
}

export function App() {
  const saved = useMemo(() => loadUiState() ?? emptyUiState(), []);
  const entries = useFsTree();
  const [openFiles, setOpenFiles] = useState<string[]>(saved.openFiles.length ? saved.openFiles : DEFAULT_PLAYGROUND.openFiles);
  const [activeFile, setActiveFile] = useState<string | null>(saved.activeFile ?? DEFAULT_PLAYGROUND.activeFile);
  const [draft, setDraft] = useState<RequestDraft>(saved.draft ?? DEFAULT_PLAYGROUND.draft);
  const [showLabels, setShowLabels] = useState(saved.showLabels);
  const [history, setHistory] = useState<Exchange[]>([]);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [nav, setNav] = useState<{ target: string | null; nonce: number }>({ target: null, nonce: 0 });
  const [address, setAddress] = useState<string | null>(null);
  const [previewReady, setPreviewReady] = useState(false);
  const [benchOpen, setBenchOpen] = useState(() => location.hash === "#bench");
  // Saved workspaces, share links (src/ui/share): never runs anything by itself.
  const ws = useWorkspaces({
    openFiles, activeFile, draft, setOpenFiles, setActiveFile, setDraft,
    defaults: machineUiFor,
    clearRun: () => { setHistory([]); setAddress(null); setNav((n) => ({ target: null, nonce: n.nonce + 1 })); },
  });
  // Lessons (src/ui/lesson): each runs on a machine (workspace) of its own; ?lesson=… says which.
  const lesson = useLessonRunner({
    history,
    ui: { openFiles, activeFile, draft },
    applyUi: (u) => { setOpenFiles(u.openFiles); setActiveFile(u.activeFile); setDraft(u.draft); setHistory([]); setAddress(null); setNav((n) => ({ target: null, nonce: n.nonce + 1 })); },
  });

  useEffect(() => {
    const t = setTimeout(() => saveUiState({ schema: 1, openFiles, activeFile, draft, showLabels }), 300);
    return () => clearTimeout(t);
  }, [openFiles, activeFile, draft, showLabels]);

  // MSW is not needed for the first paint, nor before the first Run: start it
  // once the editor's code is in (a 400 KB chunk and a service worker to
  // start would compete with Monaco for the CPU).
  useEffect(() => {
    let live = true;
    loadCodeEditor()
      .catch(() => {}) // the editor pane shows that failure; the preview still starts
      .then(() => import("./preview/msw-preview.ts"))
      .then((m) => m.startPreviewNetwork())
      .then(() => live && setPreviewReady(true))
      .catch((e) => live && setError(`The preview could not start its service worker: ${e instanceof Error ? e.message : e}`));
    return () => {
      live = false;
    };
  }, []);

  const addExchange = useCallback((x: Exchange) => setHistory((h) => [...h.slice(-19), x]), []);

  useEffect(
    () =>
      onExchange(({ exchange, navigation }) => {
        addExchange(exchange);
        if (navigation) {
          setAddress(exchange.request.target);
          setDraft(draftFromRequest(exchange.request));
        }
      }),
    [addExchange],
  );

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const run = useCallback(async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      await flushSaves();
      const x = await engine().call("http", { request: buildRequest(draftRef.current) });
      addExchange(x);
      setAddress(x.request.target);
      const preview = await import("./preview/msw-preview.ts");
      preview.queueReplay(x.request.target, x.response);
      setNav((n) => ({ target: x.request.target, nonce: n.nonce + 1 }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [addExchange]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
        e.preventDefault();
        void run();
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [run]);

  const open = (path: string) => {
    setOpenFiles((f) => (f.includes(path) ? f : [...f, path]));
    setActiveFile(path);
  };
  const close = (path: string) => {
    const rest = openFiles.filter((p) => p !== path);
    setOpenFiles(rest);
    if (activeFile === path) setActiveFile(rest[rest.length - 1] ?? null);
  };
  const reset = async () => {
    if (lesson.lesson) return lesson.reset();
    if (lesson.loading === "lesson") return; // the lesson the URL names is not there yet: nothing to reset
    if (!confirm("Reset to the start? All your changes to the files of this workspace are discarded.")) return;
    await engine().call("reset", {});
    localStorage.removeItem(UI_STATE_KEY);
    setOpenFiles(DEFAULT_PLAYGROUND.openFiles);
    setActiveFile(DEFAULT_PLAYGROUND.activeFile);
    setDraft(DEFAULT_PLAYGROUND.draft);
    setHistory([]);
  };

  return (
    <div className="app">
      <HeaderBar lessonNav={<LessonNav runner={lesson} />} onReset={() => void reset()} onBench={() => setBenchOpen(true)} workspace={<WorkspaceControls ws={ws} />} />
      <ShareLayer ws={ws} />
      {benchOpen && (
        <Suspense fallback={null}>
          <BenchDialog onClose={() => setBenchOpen(false)} />
        </Suspense>
      )}
      <main className="layout">
        <div className="area-lesson">
          <LessonPane runner={lesson} />
        </div>
        <div className="area-editor">
          <EditorPane openFiles={openFiles} activeFile={activeFile} onActivate={setActiveFile} onClose={close} onRun={() => void run()} />
        </div>
        <div className="area-request">
          <RequestBar draft={draft} scriptUrl={scriptUrlOf(draft, activeFile)} busy={busy} onChange={setDraft} onRun={() => void run()} />
          {error && (
            <p className="error-banner" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="area-inspector">
          <InspectorPanes history={history} />
        </div>
        <div className="area-preview">
          <PreviewPane target={nav.target} nonce={nav.nonce} address={address} ready={previewReady} forceIsolation={ws.forceIsolation} />
        </div>
        <div className="area-logs">
          <LogsPane />
        </div>
        <div className="area-files">
          <FileTree key={lesson.machineKey} entries={entries} activeFile={activeFile} openFiles={openFiles} showLabels={showLabels} onToggleLabels={setShowLabels} onOpen={open} />
        </div>
        <div className="area-terminal">
          <TerminalPane key={lesson.machineKey} />
        </div>
      </main>
    </div>
  );
}
