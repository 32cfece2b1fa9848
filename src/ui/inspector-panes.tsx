import { useState } from "react";
import type { Exchange } from "../server/exchange.ts";
import { EnvironmentPane } from "./environment-pane.tsx";
import { ProtocolPane } from "./protocol-pane.tsx";
import { ResponsePane } from "./response-pane.tsx";

const TABS = ["Environment", "Protocol", "Response"] as const;
type Tab = (typeof TABS)[number];

/**
 * Environment, Protocol and Response. On wide screens all three are shown
 * at once; below 800 px a tab strip picks one (the others stay mounted but
 * hidden, so their state survives switching).
 */
export function InspectorPanes({ exchange, previous }: { exchange: Exchange | null; previous: Exchange | null }) {
  const [tab, setTab] = useState<Tab>("Response");
  return (
    <div className="inspector" data-tab={tab}>
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
