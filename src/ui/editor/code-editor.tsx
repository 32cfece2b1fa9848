/**
 * Monaco, one model per open file. Edits go to the worker's filesystem
 * (debounced); changes made elsewhere (the shell, a script, Reset) come back
 * into the model.
 */
import Editor, { type OnMount } from "@monaco-editor/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { engine } from "../../worker/client.ts";
import { useFsChanges } from "../hooks/use-engine.ts";
import { languageOf } from "../model/file-tree-model.ts";
import { hasPendingSave, queueSave } from "../save-queue.ts";
import { monaco } from "./monaco-setup.ts";

type IEditor = Parameters<OnMount>[0];

function useDarkMode(): boolean {
  const [dark, setDark] = useState(() => matchMedia("(prefers-color-scheme: dark)").matches);
  useEffect(() => {
    const m = matchMedia("(prefers-color-scheme: dark)");
    const on = () => setDark(m.matches);
    m.addEventListener("change", on);
    return () => m.removeEventListener("change", on);
  }, []);
  return dark;
}

export default function CodeEditor({ path, onRun }: { path: string; onRun(): void }) {
  // The text is kept with its path: on a tab switch the old text must not seed the new file's model.
  const [loaded, setLoaded] = useState<{ path: string; text: string } | null>(null);
  const editorRef = useRef<IEditor | null>(null);
  const runRef = useRef(onRun);
  runRef.current = onRun;
  const dark = useDarkMode();

  useEffect(() => {
    let live = true;
    const existing = monaco.editor.getModel(monaco.Uri.file(path));
    if (existing) setLoaded({ path, text: existing.getValue() });
    else {
      setLoaded(null);
      engine()
        .readText(path)
        .then((t) => live && setLoaded({ path, text: t }))
        .catch(() => live && setLoaded({ path, text: "" }));
    }
    return () => {
      live = false;
    };
  }, [path]);

  useFsChanges(
    useCallback((paths: string[]) => {
      for (const model of monaco.editor.getModels()) {
        const p = model.uri.path;
        if (!paths.includes(p) && !paths.includes("/")) continue;
        if (hasPendingSave(p)) continue; // our own save is on its way
        engine()
          .readText(p)
          .then((t) => {
            if (!hasPendingSave(p) && t !== model.getValue()) model.setValue(t);
          })
          .catch(() => {});
      }
    }, []),
  );

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
  };

  if (loaded === null || loaded.path !== path) return <div className="editor-loading">Opening {path}…</div>;
  return (
    <Editor
      path={monaco.Uri.file(path).toString()}
      defaultValue={loaded.text}
      defaultLanguage={languageOf(path)}
      theme={dark ? "vs-dark" : "vs"}
      onMount={onMount}
      onChange={(v) => queueSave(path, v ?? "")}
      options={{
        fontSize: 13,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderWhitespace: "boundary",
        tabSize: 4,
        ariaLabel: `Editing ${path}`,
      }}
    />
  );
}
