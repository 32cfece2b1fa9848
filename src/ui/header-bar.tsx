import type { ReactNode } from "react";
import { EmulatorNotes } from "./emulator-notes.tsx";
import { PythonStatus } from "./python-status.tsx";

export function HeaderBar({ onReset, onBench, workspace, lessonNav }: { onReset(): void; onBench?(): void; /** Share, workspaces, Download (src/ui/share). */ workspace?: ReactNode; /** Lesson N · Title ▾, previous / next (src/ui/lesson). */ lessonNav?: ReactNode }) {
  return (
    <header className="header-bar">
      <h1 className="brand">
        CGI <span>Lab</span>
      </h1>
      {lessonNav}
      <EmulatorNotes />
      <div className="header-spacer" />
      <PythonStatus />
      {workspace}
      {onBench && (
        <button type="button" className="ghost" onClick={onBench} title="Measure CGI against FastCGI, here in your browser">
          CGI vs FastCGI
        </button>
      )}
      <button type="button" className="ghost" onClick={onReset} title="Discard your changes and start again from the default files">
        Reset
      </button>
    </header>
  );
}
