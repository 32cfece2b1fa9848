/**
 * Monaco, one model per open file. Edits go to the worker's filesystem
 * (debounced); changes made elsewhere (the shell, a script, Reset) come back
 * into the model.
 *
 * Monaco is driven directly rather than through @monaco-editor/react: that
 * wrapper waited for its loader's promise, then created the editor inside a
 * hidden box, applied the theme afterwards and only showed it on a later
 * render — a few frames and a second layout on the way to "editor ready"
 * (issue #8). Here the editor is created, visible and with its theme, in the
 * first commit after this chunk is in; the text goes in as soon as the
 * engine has sent it (often already, see text-prefetch.ts), and is rendered
 * in that same commit.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useFsChanges } from "../hooks/use-engine.ts";
import { languageOf } from "../model/file-tree-model.ts";
import { hasPendingSave, queueSave } from "../save-queue.ts";
import { engine } from "../../worker/client.ts";
import { monaco } from "./monaco-setup.ts";
import { tellEditorUp } from "./editor-up.ts";
import { dropText, readyText, takeText } from "./text-prefetch.ts";

const uriOf = (path: string) => monaco.Uri.file(path);

/** What forceTokenization needs of Monaco's text model (internal; see its use). */
type TokenizedModel = { tokenization?: { forceTokenization?(lineNumber: number): void } };

/** Cursor and scroll position per file, kept across tab switches. */
const viewStates = new Map<string, monaco.editor.ICodeEditorViewState>();

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
  // The first file's text was usually asked for while this chunk loaded (text-prefetch.ts): then the
  // editor is created in this component's first commit.
  const [loaded, setLoaded] = useState<{ path: string; text: string } | null>(() => {
    const t = readyText(path);
    return t === null ? null : { path, text: t };
  });
  const dark = useDarkMode();

  useEffect(() => {
    const ready = readyText(path);
    if (ready !== null) {
      dropText(path);
      setLoaded((l) => (l?.path === path ? l : { path, text: ready }));
      return;
    }
    let live = true;
    takeText(path)
      .then((t) => live && setLoaded({ path, text: t }))
      .catch(() => live && setLoaded({ path, text: "" }));
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

  // The editor is made as soon as this chunk is in, even before the text: the two waits overlap.
  return <MonacoView key={path} path={path} text={loaded?.path === path ? loaded.text : null} dark={dark} onRun={onRun} />;
}

/**
 * One editor and its file's model, for the life of this component (one per file: the
 * caller keys it by path). Both are disposed on unmount, as the React wrapper did, so a
 * file opened again is read afresh. Until the text is in (`text` null) the editor has
 * no model: nothing to type into.
 */
function MonacoView({ path, text, dark, onRun }: { path: string; text: string | null; dark: boolean; onRun(): void }) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const runRef = useRef(onRun);
  runRef.current = onRun;
  const themeDark = useRef(dark); // the theme Monaco has (set at creation, then by the effect below)

  // Layout effects: the editor, and then its text, are there before the browser paints the commit.
  useLayoutEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      model: null,
      theme: themeDark.current ? "vs-dark" : "vs",
      fontSize: 13,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      automaticLayout: true,
      renderWhitespace: "boundary",
      tabSize: 4,
      ariaLabel: `Editing ${path}`,
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runRef.current());
    // Every content change is saved, including text set from a change made elsewhere (as
    // with the React wrapper: that save writes what is already there).
    const changes = editor.onDidChangeModelContent(() => queueSave(path, editor.getValue()));
    editorRef.current = editor;
    return () => {
      const model = editor.getModel();
      const s = editor.saveViewState();
      if (s) viewStates.set(path, s);
      changes.dispose();
      editor.dispose();
      model?.dispose();
      editorRef.current = null;
    };
    // Once per mount: the path is fixed for this component (keyed by path).
  }, []);

  useLayoutEffect(() => {
    const editor = editorRef.current;
    if (!editor || text === null || editor.getModel()) return;
    const uri = uriOf(path);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, languageOf(path), uri);
    editor.setModel(model);
    const state = viewStates.get(path);
    if (state) editor.restoreViewState(state);
    // Colours in the first paint: the grammar runs over the first lines now rather than when the
    // page is next idle (Monaco's background pass, which in a busy start-up came frames later).
    // An internal call (not in Monaco's types): without it, colours just come a little later.
    (model as unknown as TokenizedModel).tokenization?.forceTokenization?.(Math.min(model.getLineCount(), 400));
    // Lines into the DOM now, in this commit, rather than in Monaco's next animation frame.
    editor.render();
    tellEditorUp();
    // The text only seeds the model: later changes come through the model (useFsChanges).
  }, [text]);

  useEffect(() => {
    if (dark === themeDark.current) return;
    themeDark.current = dark;
    monaco.editor.setTheme(dark ? "vs-dark" : "vs");
  }, [dark]);

  return (
    <>
      <div ref={host} style={{ position: "absolute", inset: 0 }} />
      {text === null && <div className="editor-loading" style={{ position: "absolute", inset: 0 }}>Opening {path}…</div>}
    </>
  );
}
