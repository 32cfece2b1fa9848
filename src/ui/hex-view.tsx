import { asciiChar, hex2, hexOffset, hexRows } from "./model/bytes.ts";

interface Props {
  bytes: Uint8Array;
  /** [start, end) to highlight. */
  highlight?: [number, number] | null;
  /** Extra class per byte offset, e.g. the stream it came from. */
  classOf?: (offset: number) => string;
  label: string;
}

/** Classic hex dump: offset, 16 bytes in hex, the same bytes as ASCII. */
export function HexView({ bytes, highlight, classOf, label }: Props) {
  const [hs, he] = highlight ?? [-1, -1];
  const cls = (o: number) => `${classOf ? classOf(o) : ""}${o >= hs && o < he ? " hl" : ""}`;
  return (
    <div className="hex-view" role="group" aria-label={label}>
      {hexRows(bytes).map((row) => (
        <div className="hex-row" key={row.offset}>
          <span className="hex-off">{hexOffset(row.offset)}</span>
          <span className="hex-bytes">
            {row.bytes.map((b, i) => (
              <span key={i} className={cls(row.offset + i)}>
                {hex2(b)}
              </span>
            ))}
          </span>
          <span className="hex-ascii">
            {row.bytes.map((b, i) => (
              <span key={i} className={cls(row.offset + i)}>
                {asciiChar(b)}
              </span>
            ))}
          </span>
        </div>
      ))}
      {bytes.length > 64 * 1024 && <div className="muted">… {bytes.length - 64 * 1024} more bytes not shown</div>}
    </div>
  );
}
