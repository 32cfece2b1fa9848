/**
 * Monaco from the local package (never a CDN), trimmed to what CGI Lab's
 * editor is for: editing short Python scripts, httpd.conf and other text
 * files. Its chunk is the biggest thing the page loads and its parse and
 * evaluation sit on the path to "editor ready" (issue #8), so only these
 * contributions are bundled:
 *   find/replace, comment toggle (Ctrl+/), bracket matching, line operations
 *   (move/copy/delete line, indent/outdent), multi-cursor (Ctrl+D, Alt+click),
 *   cursor undo, word-wise moves and deletes.
 * Left out on purpose: hover and suggestions (nothing provides them: the page
 * registers no language services), snippets, folding, word highlighting,
 * Monaco's own context menu and clipboard actions (Ctrl+C/X/V go through the
 * browser's clipboard events, which the core editor handles), smart select.
 * Undo/redo, auto-indent, auto-closing brackets and the keyboard basics are
 * the core editor's. scripts/vite-plugin-monaco-trim.ts also keeps out parts
 * editor.api.js drags in that none of this reaches (diff editors, quick input,
 * list and tree widgets, the WebGPU renderer, context menus, select boxes,
 * tree-sitter tokens).
 */
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/features/codicon/register.js"; // the find widget's icons
import "monaco-editor/features/find/register.js";
import "monaco-editor/features/comment/register.js";
import "monaco-editor/features/bracketMatching/register.js";
import "monaco-editor/features/linesOperations/register.js";
import "monaco-editor/features/multicursor/register.js";
import "monaco-editor/features/cursorUndo/register.js";
import "monaco-editor/features/wordOperations/register.js";
// HTML colouring is rarely needed (a few static pages): its grammar stays a small lazy chunk.
import "monaco-editor/languages/definitions/html/register.js";
import * as python from "monaco-editor/languages/definitions/python/python.js";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import { APACHE_CONF_ID, apacheConfConfiguration, apacheConfLanguage } from "./apache-conf-language.ts";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

// Python's grammar is registered here rather than through its lazy register.js: the
// default file is Python, and a lazy grammar meant one more request and a first
// paint without colours.
monaco.languages.register({ id: "python", extensions: [".py", ".rpy", ".pyw", ".cpy", ".gyp", ".gypi"], aliases: ["Python", "py"], firstLine: "^#!/.*\\bpython[0-9.-]*\\b" });
monaco.languages.setMonarchTokensProvider("python", python.language);
monaco.languages.setLanguageConfiguration("python", python.conf);

monaco.languages.register({ id: APACHE_CONF_ID, extensions: [".conf", ".htaccess"], aliases: ["Apache config", "apacheconf"] });
monaco.languages.setMonarchTokensProvider(APACHE_CONF_ID, apacheConfLanguage);
monaco.languages.setLanguageConfiguration(APACHE_CONF_ID, apacheConfConfiguration);

export { monaco };
