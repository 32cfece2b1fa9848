import { useState } from "react";
import { KeyValueEditor } from "./key-value-editor.tsx";
import { METHODS, presetsFor, type BodyMode, type RequestDraft } from "./model/request-model.ts";

interface Props {
  draft: RequestDraft;
  scriptUrl: string;
  busy: boolean;
  onChange(d: RequestDraft): void;
  onRun(): void;
}

export function RequestBar({ draft, scriptUrl, busy, onChange, onRun }: Props) {
  const [open, setOpen] = useState(false);
  const presets = presetsFor(scriptUrl);
  const set = (p: Partial<RequestDraft>) => onChange({ ...draft, ...p });
  const extras = draft.headers.length + (draft.bodyMode !== "none" ? 1 : 0);
  return (
    <section className="pane request-bar" role="region" aria-label="Request">
      <form
        className="request-line"
        onSubmit={(e) => {
          e.preventDefault();
          onRun();
        }}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
            e.preventDefault();
            onRun();
          }
        }}
      >
        <select aria-label="Method" value={draft.method} onChange={(e) => set({ method: e.target.value })}>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <span className="host" aria-hidden="true">
          http://localhost
        </span>
        <input
          className="target"
          aria-label="URL on the virtual server"
          value={draft.target}
          spellCheck={false}
          onChange={(e) => set({ target: e.target.value })}
        />
        <button type="submit" className="run" disabled={busy} title="Send the request (Ctrl/⌘ + Enter)">
          {busy ? "Running…" : "Run"}
        </button>
      </form>
      <div className="request-tools">
        <label>
          <span className="sr-only">Preset</span>
          <select
            aria-label="Preset request"
            value=""
            onChange={(e) => {
              const p = presets.find((x) => x.id === e.target.value);
              if (p) onChange(p.draft);
            }}
          >
            <option value="">Presets…</option>
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="ghost small" aria-expanded={open} onClick={() => setOpen(!open)}>
          Headers &amp; body{extras ? ` (${extras})` : ""} {open ? "▴" : "▾"}
        </button>
        <span className="hint">Ctrl/⌘ + Enter sends</span>
      </div>
      {open && (
        <div className="request-details">
          <KeyValueEditor label="Header" rows={draft.headers} namePlaceholder="X-Name" valuePlaceholder="value" onChange={(headers) => set({ headers })} />
          <fieldset className="body-mode">
            <legend>Body</legend>
            {(["none", "form", "raw"] as BodyMode[]).map((m) => (
              <label key={m} className="check">
                <input type="radio" name="body-mode" checked={draft.bodyMode === m} onChange={() => set({ bodyMode: m })} />
                {m === "none" ? "none" : m === "form" ? "form fields" : "raw"}
              </label>
            ))}
          </fieldset>
          {draft.bodyMode === "form" && (
            <KeyValueEditor label="Field" rows={draft.form} namePlaceholder="name" valuePlaceholder="value" onChange={(form) => set({ form })} />
          )}
          {draft.bodyMode === "raw" && (
            <div className="raw-body">
              <input aria-label="Content-Type" value={draft.rawType} onChange={(e) => set({ rawType: e.target.value })} />
              <textarea aria-label="Raw body" rows={4} value={draft.raw} onChange={(e) => set({ raw: e.target.value })} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
