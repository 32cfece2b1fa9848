/**
 * Monaco from the local package (never a CDN): the editor core, a few
 * editing features, and three languages — Python, HTML and our Apache conf
 * grammar. Loaded lazily, after the first paint.
 */
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/features/codicon/register.js";
import "monaco-editor/features/codeEditor/register.js";
import "monaco-editor/features/find/register.js";
import "monaco-editor/features/comment/register.js";
import "monaco-editor/features/bracketMatching/register.js";
import "monaco-editor/features/folding/register.js";
import "monaco-editor/features/linesOperations/register.js";
import "monaco-editor/features/multicursor/register.js";
import "monaco-editor/features/wordHighlighter/register.js";
import "monaco-editor/features/clipboard/register.js";
import "monaco-editor/features/contextmenu/register.js";
import "monaco-editor/features/hover/register.js";
import "monaco-editor/features/cursorUndo/register.js";
import "monaco-editor/features/indentation/register.js";
import "monaco-editor/features/wordOperations/register.js";
import "monaco-editor/features/smartSelect/register.js";
import "monaco-editor/features/suggest/register.js";
import "monaco-editor/features/snippet/register.js";
import "monaco-editor/languages/definitions/python/register.js";
import "monaco-editor/languages/definitions/html/register.js";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import { loader } from "@monaco-editor/react";
import { APACHE_CONF_ID, apacheConfConfiguration, apacheConfLanguage } from "./apache-conf-language.ts";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.languages.register({ id: APACHE_CONF_ID, extensions: [".conf", ".htaccess"], aliases: ["Apache config", "apacheconf"] });
monaco.languages.setMonarchTokensProvider(APACHE_CONF_ID, apacheConfLanguage);
monaco.languages.setLanguageConfiguration(APACHE_CONF_ID, apacheConfConfiguration);

loader.config({ monaco });

export { monaco };
