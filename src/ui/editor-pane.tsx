import { lazy, Suspense } from "react";
import { basename } from "../server/vfs.ts";
import { loadCodeEditor } from "./editor-chunk.ts";

const CodeEditor = lazy(loadCodeEditor);

interface Props {
  openFiles: string[];
  activeFile: string | null;
  onActivate(path: string): void;
  onClose(path: string): void;
  onRun(): void;
}

export function EditorPane({ openFiles, activeFile, onActivate, onClose, onRun }: Props) {
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
        {activeFile ? (
          <Suspense fallback={<div className="editor-loading">Loading the editor…</div>}>
            <CodeEditor path={activeFile} onRun={onRun} />
          </Suspense>
        ) : (
          <p className="muted pad">Open a file from the tree.</p>
        )}
      </div>
    </section>
  );
}
