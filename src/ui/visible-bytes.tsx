import { visibleTokens } from "./model/bytes.ts";

/** Bytes as text, with line ends and other control bytes shown as dim escapes. */
export function VisibleBytes({ bytes, className = "bytes-text" }: { bytes: Uint8Array; className?: string }) {
  return (
    <pre className={className}>
      {visibleTokens(bytes).map((t, i) =>
        t.control ? (
          <span key={i} className="ctl">
            {t.text}
          </span>
        ) : (
          t.text
        ),
      )}
    </pre>
  );
}
