/**
 * Keeps parts of Monaco the editor can never reach out of its chunk (issue #8:
 * the chunk's parse and evaluation sit on the path to "editor ready").
 * `monaco-editor/editor/editor.api.js` imports them whatever features are
 * chosen, and Monaco's modules run code when loaded (decorators, registries),
 * so the bundler cannot drop them by itself. Together about 0.7 MB of the
 * 2.9 MB the chosen features would otherwise make:
 *
 * - the diff editors (`monaco.editor.createDiffEditor`, `createMultiFileDiffEditor`):
 *   CGI Lab never makes one;
 * - the quick-input widget (command palette, "go to line", "go to match"):
 *   none of the contributions that open it is bundled (see
 *   src/ui/editor/monaco-setup.ts), Monaco creates it only on first use;
 * - the workbench list service, select boxes and context-menu handler, which
 *   pull in list, tree and menu widgets the bundled features never show;
 * - the WebGPU renderer (only with `experimentalGpuAcceleration: "on"`) and
 *   tree-sitter tokens (the standalone editor supports no tree-sitter language).
 *
 * Each module is replaced by a stand-in with the exports the rest of Monaco
 * imports from it, which throws if it is ever used (the services Monaco
 * creates with every editor construct, and do nothing). Only production
 * builds are affected (the dev server pre-bundles Monaco whole). If a Monaco
 * upgrade moves a module, the build warns and simply keeps it.
 * e2e/editor.spec.ts uses the kept features and fails on any page error.
 */
import type { Plugin } from "vite";

const STUBS: Record<string, string> = {
  "editor/browser/widget/diffEditor/diffEditorWidget.js": `
export class DiffEditorWidget { constructor() { throw new Error("CGI Lab: Monaco's diff editor is not bundled"); } }`,
  "editor/browser/widget/multiDiffEditor/multiDiffEditorWidget.js": `
export class MultiDiffEditorWidget { constructor() { throw new Error("CGI Lab: Monaco's diff editor is not bundled"); } }`,
  "platform/quickinput/browser/quickInputService.js": `
export class QuickInputService { constructor() { throw new Error("CGI Lab: Monaco's quick input is not bundled"); } }`,
  // Created with every editor: it must construct. Nothing in the bundled features registers a list.
  "platform/list/browser/listService.js": `
import { createDecorator } from "../../instantiation/common/instantiation.js";
export const IListService = createDecorator("listService");
export class ListService {
  get lastFocusedList() { return undefined; }
  register() { throw new Error("CGI Lab: Monaco's list service is not bundled"); }
  dispose() {}
}`,
  // The WebGPU renderer, used only with experimentalGpuAcceleration: "on".
  "editor/browser/gpu/viewGpuContext.js": `
export class ViewGpuContext { constructor() { throw new Error("CGI Lab: Monaco's GPU renderer is not bundled"); } }`,
  "editor/browser/viewParts/viewLinesGpu/viewLinesGpu.js": `
export class ViewLinesGpu { constructor() { throw new Error("CGI Lab: Monaco's GPU renderer is not bundled"); } }`,
  "editor/browser/viewParts/rulersGpu/rulersGpu.js": `
export class RulersGpu { constructor() { throw new Error("CGI Lab: Monaco's GPU renderer is not bundled"); } }`,
  "editor/browser/viewParts/gpuMark/gpuMark.js": `
export class GpuMarkOverlay { constructor() { throw new Error("CGI Lab: Monaco's GPU renderer is not bundled"); } }`,
  // Context menus (none is bundled: see monaco-setup.ts). The standalone service configures its handler at once.
  "platform/contextview/browser/contextMenuHandler.js": `
export class ContextMenuHandler {
  configure() {}
  showContextMenu() { throw new Error("CGI Lab: Monaco's context menu is not bundled"); }
}`,
  // Tree-sitter tokens: the standalone editor's tree-sitter service supports no language (Monarch colours instead).
  "editor/common/model/tokens/treeSitter/treeSitterSyntaxTokenBackend.js": `
export class TreeSitterSyntaxTokenBackend { constructor() { throw new Error("CGI Lab: Monaco's tree-sitter tokens are not bundled"); } }`,
  // Drop-down action items (none in the find widget) and with them the custom select's list widget.
  "base/browser/ui/selectBox/selectBox.js": `
export const SeparatorSelectOption = Object.freeze({ text: "\u2500".repeat(9), isDisabled: true, isSeparator: true });
export class SelectBox { constructor() { throw new Error("CGI Lab: Monaco's select box is not bundled"); } }`,
};

const PREFIX = "/node_modules/monaco-editor/esm/vs/";

export function monacoTrimPlugin(): Plugin {
  const hit = new Set<string>();
  let sawMonaco = false;
  return {
    name: "cgi-lab:monaco-trim",
    apply: "build",
    enforce: "pre",
    load(id) {
      const i = id.indexOf(PREFIX);
      if (i < 0) return null;
      sawMonaco = true;
      const rel = id.slice(i + PREFIX.length).split("?")[0];
      const stub = STUBS[rel];
      if (stub === undefined) return null;
      hit.add(rel);
      return stub;
    },
    buildEnd() {
      if (!sawMonaco) return; // a build without Monaco (e.g. a worker's)
      for (const rel of Object.keys(STUBS)) if (!hit.has(rel)) this.warn(`monaco-editor/esm/vs/${rel} was not in the build: its stand-in is unused (did Monaco move it?)`);
    },
  };
}

