import { useEffect, useState } from "react";
import { flushSync } from "react-dom";
import { basename } from "../server/vfs.ts";
import { importCodeEditor } from "./editor-chunk.ts";
import { tellEditorUp } from "./editor/editor-up.ts";
import { prefetchText } from "./editor/text-prefetch.ts";

type CodeEditorModule = Awaited<ReturnType<typeof importCodeEditor>>;

/** Monaco's module once it is in: later editor panes render it at once. */
let editorModule: CodeEditorModule | null = null;

/**
 * Monaco's chunk, rendered as soon as it is in. Not React.lazy: React 19
 * reveals a Suspense boundary's content no sooner than 300 ms after the last
 * fallback shown anywhere on the page, on a timer, in a task of its own
 * behind whatever else is queued. Here the editor is rendered and created in
 * the task that finished evaluating the chunk (issue #8).
 */
function useCodeEditorModule(): { module: CodeEditorModule | null; error: string | null } {
  const [state, setState] = useState<{ module: CodeEditorModule | null; error: string | null }>(() => ({ module: editorModule, error: null }));
  useEffect(() => {
    if (state.module) return;
    let live = true;
    importCodeEditor().then(
      (m) => {
        editorModule = m;
        if (live) flushSync(() => setState({ module: m, error: null }));
      },
      (e: unknown) => {
        tellEditorUp(); // Python need not wait for an editor that is not coming
        if (live) setState({ module: null, error: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, []); // once: the module does not change
  return state;
}

/** Shown while Monaco's chunk loads; meanwhile it asks the engine for the file's text, so the editor can start with it. */
function EditorLoading({ path }: { path: string }) {
  useEffect(() => prefetchText(path), [path]);
  return <div className="editor-loading">Loading the editor…</div>;
}

interface Props {
  openFiles: string[];
  activeFile: string | null;
  onActivate(path: string): void;
  onClose(path: string): void;
  onRun(): void;
}

export function EditorPane({ openFiles, activeFile, onActivate, onClose, onRun }: Props) {
  const { module, error } = useCodeEditorModule();
  const CodeEditor = module?.default;
  return (
    <section className="pane editor-pane" role="region" aria-label="Editor">
      <div className="tabs" role="group" aria-label="Open files">
        {openFiles.map((p) => (
          <div key={p} className={`tab${p === activeFile ? " active" : ""}`} title={p}>
            <button type="button" aria-pressed={p === activeFile} onClick={() => onActivate(p)}>
              {basename(p)}
            </button>
            <button type="button" className="tab-close" aria-label={`Close ${basename(p)}`} onClick={() => onClose(p)}>
              ×
            </button>
          </div>
        ))}
        {activeFile && <span className="tab-path">{activeFile}</span>}
      </div>
      <div className="editor-host">
        {error !== null ? (
          <p className="muted pad" role="alert">
            The editor could not load: {error}. Reload the page to try again.
          </p>
        ) : activeFile && CodeEditor ? (
          <CodeEditor path={activeFile} onRun={onRun} />
        ) : activeFile ? (
          <EditorLoading path={activeFile} />
        ) : (
          <p className="muted pad">Open a file from the tree.</p>
        )}
      </div>
    </section>
  );
}
