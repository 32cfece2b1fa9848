import type { HeaderField } from "../protocol/http-message.ts";

interface Props {
  label: string;
  rows: HeaderField[];
  namePlaceholder: string;
  valuePlaceholder: string;
  onChange(rows: HeaderField[]): void;
}

/** Editable name/value rows (request headers, form fields). */
export function KeyValueEditor({ label, rows, namePlaceholder, valuePlaceholder, onChange }: Props) {
  const set = (i: number, k: 0 | 1, v: string) => onChange(rows.map((r, j) => (j === i ? ((k === 0 ? [v, r[1]] : [r[0], v]) as HeaderField) : r)));
  return (
    <fieldset className="kv">
      <legend>{label}</legend>
      {rows.map((r, i) => (
        <div className="kv-row" key={i}>
          <input aria-label={`${label} ${i + 1} name`} placeholder={namePlaceholder} value={r[0]} onChange={(e) => set(i, 0, e.target.value)} />
          <input aria-label={`${label} ${i + 1} value`} placeholder={valuePlaceholder} value={r[1]} onChange={(e) => set(i, 1, e.target.value)} />
          <button type="button" className="ghost" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="ghost small" onClick={() => onChange([...rows, ["", ""]])}>
        + add
      </button>
    </fieldset>
  );
}
