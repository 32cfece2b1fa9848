import { useState } from "react";
import type { Exchange } from "../server/exchange.ts";
import { EnvironmentPane } from "./environment-pane.tsx";
import { HistoryPicker } from "./history-picker.tsx";
import { ProtocolPane } from "./protocol-pane.tsx";
import { ResponsePane } from "./response-pane.tsx";

const TABS = ["Environment", "Protocol", "Response"] as const;
type Tab = (typeof TABS)[number];

/**
 * Environment, Protocol and Response. On wide screens all three are shown
 * at once; below 800 px a tab strip picks one (the others stay mounted but
 * hidden, so their state survives switching).
 */
export function InspectorPanes({ history }: { history: Exchange[] }) {
  const [tab, setTab] = useState<Tab>("Response");
  const [selected, setSelected] = useState<number | null>(null);
  const index = selected !== null && selected < history.length ? selected : history.length - 1;
  const exchange = history[index] ?? null;
  const previous = history[index - 1] ?? null;
  return (
    <div className="inspector" data-tab={tab}>
      <HistoryPicker history={history} selected={selected} onSelect={setSelected} />
      <div className="inspector-tabs" role="tablist" aria-label="Inspector">
        {TABS.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t}
          </button>
        ))}
      </div>
      <EnvironmentPane exchange={exchange} previous={previous} />
      <ProtocolPane exchange={exchange} />
      <ResponsePane exchange={exchange} />
    </div>
  );
}
