import type { Exchange } from "../server/exchange.ts";

interface Props {
  history: Exchange[];
  /** Index shown, or null for "always the latest". */
  selected: number | null;
  onSelect(i: number | null): void;
}

/** Picks which of the recent requests the panes show. */
export function HistoryPicker({ history, selected, onSelect }: Props) {
  if (history.length < 2) return null;
  return (
    <label className="history-picker small">
      <span>Showing</span>
      <select
        aria-label="Request shown in the panes"
        value={selected === null ? "latest" : String(selected)}
        onChange={(e) => onSelect(e.target.value === "latest" ? null : Number(e.target.value))}
      >
        <option value="latest">the latest request</option>
        {history.map((x, i) => (
          <option key={x.id} value={i}>
            #{i + 1} {x.request.method} {x.request.target} → {x.response.status}
          </option>
        ))}
      </select>
    </label>
  );
}
