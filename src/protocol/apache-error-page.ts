/**
 * The HTML Apache 2.4.71 sends for its own error and redirect responses
 * (ap_send_error_response + get_canned_error_string in http_protocol.c),
 * byte for byte; checked against every code in fixtures/apache-2.4.71-probes.json.
 */
import { apacheStatusLine, reasonPhrase } from "./status-reasons.ts";
import { escapeHtml } from "./server-signature.ts";

export const ERROR_PAGE_CONTENT_TYPE = "text/html; charset=iso-8859-1";

export interface ErrorPageInput {
  status: number;
  /** The request method, quoted by 405, 411, 413 and 501. */
  method: string;
  /** The redirect target (Location) for 3xx pages. */
  location?: string;
  serverAdmin: string;
  /** serverSignature(facts) with no prefix, "" when ServerSignature is Off. */
  signature: string;
  /** r->notes "error-notes", shown by 400, 411, 414, 417, 451, 501 and 502. */
  errorNotes?: string;
  /** r->notes "variant-list" (300, 406). */
  variantList?: string;
  /** The client's Expect header, quoted by 417. */
  expect?: string;
  /** A status line a module set (r->status_line); used as the title if it has the same code. */
  statusLine?: string;
  /** Set when this page is sent because handling another status failed ("Additionally, a ..."). */
  recursiveError?: number;
}

export interface ErrorPage {
  /** The status actually sent: a code Apache has no text for goes out as 500. */
  status: number;
  statusLine: string;
  /** Absent for 204 and 304, which carry no body. */
  contentType?: string;
  /** Latin-1 text (Apache sends it as iso-8859-1). */
  body: string;
}

const INTERNAL_ERROR = (admin: string): string =>
  "<p>The server encountered an internal error or\nmisconfiguration and was unable to complete\nyour request.</p>\n" +
  `<p>Please contact the server administrator at \n ${escapeHtml(admin)} to inform them of the time this error occurred,\n` +
  " and the actions you performed just before this error.</p>\n" +
  "<p>More information about this error may be available\nin the server error log.</p>\n";

const AUTH_REQUIRED =
  "<p>This server could not verify that you\nare authorized to access the document\nrequested.  Either you supplied the wrong\n" +
  "credentials (e.g., bad password), or your\nbrowser doesn't understand how to supply\nthe credentials required.</p>\n";

/** Fixed texts; the ones that quote the request are built in cannedText(). */
const FIXED: ReadonlyMap<number, string> = new Map([
  [401, AUTH_REQUIRED],
  [407, AUTH_REQUIRED],
  [403, "<p>You don't have permission to access this resource.</p>\n"],
  [404, "<p>The requested URL was not found on this server.</p>\n"],
  [408, "<p>Server timeout waiting for the HTTP request from the client.</p>\n"],
  [410, "<p>The requested resource is no longer available on this server and there is no forwarding address.\nPlease remove all references to this resource.</p>\n"],
  [412, "<p>The precondition on the request for this URL evaluated to false.</p>\n"],
  [415, "<p>The supplied request data is not in a format\nacceptable for processing by this resource.</p>\n"],
  [416, "<p>None of the range-specifier values in the Range\nrequest-header field overlap the current extent\nof the selected resource.</p>\n"],
  [421, "<p>The client needs a new connection for this\nrequest as the requested host name does not match\nthe Server Name Indication (SNI) in use for this\nconnection.</p>\n"],
  [422, "<p>The server understands the media type of the\nrequest entity, but was unable to process the\ncontained instructions.</p>\n"],
  [423, "<p>The requested resource is currently locked.\nThe lock must be released or proper identification\ngiven before the method can be applied.</p>\n"],
  [424, "<p>The method could not be performed on the resource\nbecause the requested action depended on another\naction and that other action failed.</p>\n"],
  [426, "<p>The requested resource can only be retrieved\nusing SSL.  The server is willing to upgrade the current\nconnection to SSL, but your client doesn't support it.\nEither upgrade your client, or try requesting the page\nusing https://\n"],
  [428, "<p>The request is required to be conditional.</p>\n"],
  [429, "<p>The user has sent too many requests\nin a given amount of time.</p>\n"],
  [431, "<p>The server refused this request because\nthe request header fields are too large.</p>\n"],
  [503, "<p>The server is temporarily unable to service your\nrequest due to maintenance downtime or capacity\nproblems. Please try again later.</p>\n"],
  [504, "<p>The gateway did not receive a timely response\nfrom the upstream server or application.</p>\n"],
  // 2.4.71 no longer echoes the URI here, hence the empty <pre>.
  [506, "<p>A variant for the requested resource\n<pre>\n\n</pre>\nis itself a negotiable resource. This indicates a configuration error.</p>\n"],
  [507, "<p>The method could not be performed on the resource\nbecause the server is unable to store the\nrepresentation needed to successfully complete the\nrequest.  There is insufficient free space left in\nyour storage allocation.</p>\n"],
  [508, "<p>The server terminated an operation because\nit encountered an infinite loop.</p>\n"],
  [510, "<p>A mandatory extension policy in the request is not\naccepted by the server for this resource.</p>\n"],
  [511, "<p>The client needs to authenticate to gain\nnetwork access.</p>\n"],
  // 305 no longer names the proxy either.
  [305, "<p>This resource is only accessible through the proxy\n<br />\nYou will need to configure your client to use that proxy.</p>\n"],
]);

/** get_canned_error_string(). */
function cannedText(input: ErrorPageInput): string {
  const notes = (prefix: string, value: string | undefined, suffix: string): string => prefix + (value ?? "") + suffix;
  const method = escapeHtml(input.method);
  const location = escapeHtml(input.location ?? "");
  switch (input.status) {
    case 301:
    case 302:
    case 307:
    case 308:
      return `<p>The document has moved <a href="${location}">here</a>.</p>\n`;
    case 303:
      return `<p>The answer to your request is located <a href="${location}">here</a>.</p>\n`;
    case 300:
      return notes("", input.variantList, "");
    case 406:
      return notes("<p>An appropriate representation of the requested resource could not be found on this server.</p>\n", input.variantList, "");
    case 400:
      return notes("<p>Your browser sent a request that this server could not understand.<br />\n", input.errorNotes, "</p>\n");
    case 405:
      return `<p>The requested method ${method} is not allowed for this URL.</p>\n`;
    case 411:
      return notes(`<p>A request of the requested method ${method} requires a valid Content-length.<br />\n`, input.errorNotes, "</p>\n");
    case 413:
      return `The requested resource does not allow request data with ${method} requests, or the amount of data provided in\nthe request exceeds the capacity limit.\n`;
    case 414:
      return notes("<p>The requested URL's length exceeds the capacity\nlimit for this server.<br />\n", input.errorNotes, "</p>\n");
    case 417: {
      const seen =
        input.expect === undefined
          ? "<p>No expectation was seen, the Expect request-header \nfield was not presented by the client.\n"
          : `<p>The expectation given in the Expect request-header\nfield could not be met by this server.\nThe client sent<pre>\n    Expect: ${escapeHtml(input.expect)}\n</pre>\n`;
      return notes(seen, input.errorNotes, "</p><p>Only the 100-continue expectation is supported.</p>\n");
    }
    case 451:
      return notes("<p>Access to this URL has been denied for legal reasons.<br />\n", input.errorNotes, "</p>\n");
    case 501:
      return notes(`<p>${method} not supported for current URL.<br />\n`, input.errorNotes, "</p>\n");
    case 502:
      // The CRLFs are Apache's own.
      return notes("<p>The proxy server received an invalid\r\nresponse from an upstream server.<br />\r\n", input.errorNotes, "</p>\n");
    default:
      return FIXED.get(input.status) ?? INTERNAL_ERROR(input.serverAdmin);
  }
}

/** A module's own status line is kept as the title if it is "NNN " + a reason starting alphanumeric. */
function titleFor(status: number, statusLine: string | undefined): string {
  const own = apacheStatusLine(status);
  if (statusLine !== undefined && /^\d{3}[ \t\n\v\f\r][A-Za-z0-9]/.test(statusLine) && statusLine.startsWith(own.slice(0, 3))) {
    return statusLine;
  }
  return own;
}

export function apacheErrorPage(input: ErrorPageInput): ErrorPage {
  // A code Apache has no text for is answered as 500 throughout.
  const known = reasonPhrase(input.status) !== undefined;
  const status = known ? input.status : 500;
  const statusLine = apacheStatusLine(status);
  if (status === 204 || status === 304) return { status, statusLine, body: "" };
  const title = titleFor(status, known ? input.statusLine : undefined);
  let body =
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n' +
    `<html><head>\n<title>${title}</title>\n</head><body>\n<h1>${title.slice(4)}</h1>\n` +
    cannedText({ ...input, status: known ? input.status : 0 });
  if (input.recursiveError !== undefined) {
    body += `<p>Additionally, a ${apacheStatusLine(input.recursiveError)}\nerror was encountered while trying to use an ErrorDocument to handle the request.</p>\n`;
  }
  if (input.signature !== "") body += `<hr>\n${input.signature}`;
  body += "</body></html>\n";
  return { status, statusLine, contentType: ERROR_PAGE_CONTENT_TYPE, body };
}
