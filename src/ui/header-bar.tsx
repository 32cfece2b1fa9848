import { EmulatorNotes } from "./emulator-notes.tsx";
import { PythonStatus } from "./python-status.tsx";

export function HeaderBar({ onReset, onBench }: { onReset(): void; onBench?(): void }) {
  return (
    <header className="header-bar">
      <h1 className="brand">
        CGI <span>Lab</span>
      </h1>
      <EmulatorNotes />
      <div className="header-spacer" />
      <PythonStatus />
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
