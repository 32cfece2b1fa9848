/**
 * ServerSignature (ap_psignature in server/core.c): the <address> line under
 * Apache's own pages and the SERVER_SIGNATURE CGI variable.
 */

export type ServerSignatureMode = "On" | "Off" | "EMail";

export interface SignatureFacts {
  mode: ServerSignatureMode;
  /** ap_get_server_banner(), e.g. "Apache/2.4.71 (Debian)". */
  banner: string;
  /** The server name as used in URLs (ap_get_server_name). */
  serverName: string;
  port: number;
  serverAdmin: string;
}

/** ap_escape_html: & < > and " only. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

/** ap_is_url: a scheme ("letters, digits, + - .", then ":") makes ServerAdmin a URL, not a mailbox. */
function isUrl(text: string): boolean {
  const colon = text.indexOf(":");
  return colon > 0 && /^[A-Za-z0-9+.-]+$/.test(text.slice(0, colon));
}

/**
 * The signature with `prefix` before it ("" for SERVER_SIGNATURE, "<hr>\n" on error pages);
 * "" when ServerSignature is Off (the prefix goes too).
 */
export function serverSignature(facts: SignatureFacts, prefix = ""): string {
  if (facts.mode === "Off") return "";
  const name = escapeHtml(facts.serverName);
  if (facts.mode === "EMail") {
    const href = (isUrl(facts.serverAdmin) ? "" : "mailto:") + escapeHtml(facts.serverAdmin);
    return `${prefix}<address>${facts.banner} Server at <a href="${href}">${name}</a> Port ${facts.port}</address>\n`;
  }
  return `${prefix}<address>${facts.banner} Server at ${name} Port ${facts.port}</address>\n`;
}
