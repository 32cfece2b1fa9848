/** Exchanges made by the preview (through the service worker) reach the app here. */
import type { Exchange } from "../server/exchange.ts";

export interface PreviewExchange {
  exchange: Exchange;
  /** The frame navigated (a link, a form, a redirect), rather than loading a subresource. */
  navigation: boolean;
}

type Listener = (x: PreviewExchange) => void;
const listeners = new Set<Listener>();

export function publishExchange(x: PreviewExchange): void {
  for (const l of listeners) l(x);
}

export function onExchange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
