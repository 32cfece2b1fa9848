/**
 * The request bar's draft ↔ the request a share link / saved workspace
 * carries (src/share ShareRequest: method, target, headers, body bytes).
 * Only what the person typed travels: the base headers the request bar adds
 * by itself (Host, User-Agent…) are added again when it is built.
 */
import type { ShareRequest } from "../../share/state.ts";
import { draftFor, encodeForm, parseForm, type RequestDraft } from "../model/request-model.ts";

const FORM = "application/x-www-form-urlencoded";

export function draftToShareRequest(d: RequestDraft): ShareRequest {
  const headers = d.headers.filter(([n]) => n.trim() !== "").map(([n, v]) => [n, v] as [string, string]);
  let body = new Uint8Array();
  if (d.bodyMode !== "none") {
    body = new TextEncoder().encode(d.bodyMode === "form" ? encodeForm(d.form) : d.raw);
    const type = d.bodyMode === "form" ? FORM : d.rawType;
    if (!headers.some(([n]) => n.toLowerCase() === "content-type")) headers.push(["Content-Type", type]);
  }
  return { method: d.method, target: d.target, headers, body };
}

export function shareRequestToDraft(r: ShareRequest): RequestDraft {
  const d = draftFor(r.target || "/");
  d.method = r.method || "GET";
  const type = r.headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? "";
  d.headers = r.headers.filter(([n]) => !/^content-(type|length)$/i.test(n)).map(([n, v]) => [n, v]);
  if (!r.body.length && !type) return d;
  const text = new TextDecoder().decode(r.body);
  if (type.toLowerCase().startsWith(FORM)) return { ...d, bodyMode: "form", form: parseForm(text) };
  return { ...d, bodyMode: "raw", raw: text, rawType: type || "text/plain" };
}
