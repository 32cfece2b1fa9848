import { useMemo, useState } from "react";
import { decodeRecord } from "../protocol/fastcgi/record.ts";
import { describeRecord, recordFieldRanges, type FieldRange } from "../protocol/fastcgi/describe.ts";
import type { FastCgiCapture } from "../server/exchange.ts";
import { HexView } from "./hex-view.tsx";

/** The record list of one FastCGI conversation, with a hex view of the selected record. */
export function FastCgiProtocol({ capture }: { capture: FastCgiCapture }) {
  const records = useMemo(
    () =>
      capture.records.map((r) => {
        const d = decodeRecord(r.bytes);
        return { captured: r, decoded: d.ok ? d.value : null, error: d.ok ? null : d.error.message };
      }),
    [capture],
  );
  const [selected, setSelected] = useState(0);
  const [field, setField] = useState<FieldRange | null>(null);
  const cur = records[selected];
  const fields = cur?.decoded ? recordFieldRanges(cur.decoded) : [];
  return (
    <div className="fcgi-protocol">
      <p className="proto-summary">
        {capture.module} → <code>{capture.application}</code> · role {capture.role}
        {capture.pid !== null && ` · pid ${capture.pid}`} {capture.startedProcess && "· started the application"}
      </p>
      <table className="records">
        <thead>
          <tr>
            <th scope="col">dir</th>
            <th scope="col">record</th>
            <th scope="col">content</th>
            <th scope="col">pad</th>
            <th scope="col">ms</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r, i) => (
            <tr
              key={i}
              className={i === selected ? "selected" : undefined}
              tabIndex={0}
              aria-selected={i === selected}
              onClick={() => (setSelected(i), setField(null))}
              onKeyDown={(e) => e.key === "Enter" && (setSelected(i), setField(null))}
            >
              <td>{r.captured.direction === "to-app" ? "→" : "←"}</td>
              <td>{r.decoded ? describeRecord(r.decoded) : <span className="warn">{r.error}</span>}</td>
              <td>{r.decoded?.contentLength ?? "?"}</td>
              <td>{r.decoded?.paddingLength ?? "?"}</td>
              <td>{r.captured.t.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cur && (
        <>
          <ul className="fields" aria-label="Fields of the selected record">
            {visibleFields(fields, field).map((f, i) => (
              <li key={i}>
                <button
                  type="button"
                  className={`field k-${f.kind}${field === f ? " selected" : ""}`}
                  aria-pressed={field === f}
                  onClick={() => setField(field === f ? null : f)}
                >
                  {fieldLabel(f)}
                </button>
              </li>
            ))}
          </ul>
          <HexView
            bytes={cur.captured.bytes}
            label="Record bytes"
            highlight={field ? [field.start, field.end] : null}
            classOf={(o) => (o < 8 ? "f-header" : cur.decoded && o >= 8 + cur.decoded.contentLength ? "f-padding" : "f-content")}
          />
        </>
      )}
    </div>
  );
}

/**
 * Header and body fields, one button per name-value pair, and the four parts
 * of a pair (nameLength, valueLength, name, value) only for the pair in focus.
 */
function visibleFields(fields: FieldRange[], selected: FieldRange | null): FieldRange[] {
  const focus = selected && (selected.kind === "pair" ? selected : fields.find((f) => f.kind === "pair" && f.start <= selected.start && selected.end <= f.end));
  return fields.filter((f) => {
    if (f.kind === "content") return false;
    if (f.kind !== "pair-field") return true;
    return !!focus && focus.start <= f.start && f.end <= focus.end;
  });
}

function fieldLabel(f: FieldRange): string {
  if (f.kind === "pair") return f.detail ?? f.name;
  if (f.kind === "pair-field") return `${f.name} ${f.detail ?? ""}`;
  return f.detail !== undefined ? `${f.name}: ${f.detail}` : f.name;
}
