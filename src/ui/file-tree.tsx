import { useMemo, useState } from "react";
import type { FsEntry } from "../worker/api.ts";
import { labelType } from "../server/selinux-contexts.ts";
import { ancestors, buildTree, isExecutable, modeString, type TreeNode } from "./model/file-tree-model.ts";

interface Props {
  entries: FsEntry[];
  activeFile: string | null;
  openFiles: string[];
  showLabels: boolean;
  onToggleLabels(v: boolean): void;
  onOpen(path: string): void;
}

export function FileTree({ entries, activeFile, openFiles, showLabels, onToggleLabels, onOpen }: Props) {
  const root = useMemo(() => buildTree(entries), [entries]);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set([...ancestors(openFiles), "/var/www/html", "/var/www/cgi-bin"]));
  const toggle = (p: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(p)) n.delete(p);
      else n.add(p);
      return n;
    });

  const row = (node: TreeNode, depth: number): React.ReactNode => {
    const e = node.entry;
    const isDir = e.type === "dir";
    const open = expanded.has(e.path);
    return (
      <li key={e.path} role="treeitem" aria-expanded={isDir ? open : undefined} aria-selected={e.path === activeFile} aria-level={depth + 1}>
        <button
          type="button"
          className={`tree-row${e.path === activeFile ? " active" : ""}${isExecutable(e) ? " exec" : ""}`}
          style={{ paddingLeft: `${0.4 + depth * 0.85}rem` }}
          onClick={() => (isDir ? toggle(e.path) : onOpen(e.path))}
          title={`${modeString(isDir ? "dir" : "file", e.mode)} ${e.owner} ${e.group} ${e.label} ${e.path}`}
        >
          <span className="tree-icon" aria-hidden="true">
            {isDir ? (open ? "▾" : "▸") : "·"}
          </span>
          <span className="tree-name">{node.name}</span>
          <span className="tree-mode">{modeString(isDir ? "dir" : "file", e.mode)}</span>
          {showLabels && <span className="tree-label">{labelType(e.label)}</span>}
        </button>
        {isDir && open && node.children.length > 0 && <ul role="group">{node.children.map((c) => row(c, depth + 1))}</ul>}
      </li>
    );
  };

  return (
    <nav className="pane file-tree" aria-label="Files">
      <div className="pane-title">
        <h2>Files</h2>
        <label className="check">
          <input type="checkbox" checked={showLabels} onChange={(e) => onToggleLabels(e.target.checked)} /> SELinux labels
        </label>
      </div>
      <div className="pane-body">
        {root ? (
          <ul role="tree" aria-label="Virtual filesystem">
            {root.children.map((c) => row(c, 0))}
          </ul>
        ) : (
          <p className="muted">Loading files…</p>
        )}
      </div>
    </nav>
  );
}
