// The HTTP request/response model of stdlib.md §16, shared by the synchronous client and the
// async twins (async.md §A8): request and response values, URL validation, query encoding,
// header rules, redirect steps and the transport error texts. No I/O here.
import { STATUS_CODES } from "node:http";
import { Handle } from "../runtime/values.js";
import { RuntimeError, argError } from "../runtime/errors.js";
import { formatNumber } from "../runtime/display.js";

export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;
export const DEFAULT_USER_AGENT = "Atlas/0.1";
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_REDIRECTS = 10;

export type Header = readonly [name: string, value: string];

export interface RequestFields {
  readonly method: string;
  /** The URL as given (validated). */
  readonly url: string;
  /** Ordered; names unique case-insensitively. */
  readonly headers: readonly Header[];
  readonly body: string | null;
  readonly query: readonly Header[];
  /** Seconds; 0 = no timeout. */
  readonly timeout: number;
  readonly follow: boolean;
  readonly maxRedirects: number;
}

/** An immutable request (§16.1): Display `<HttpRequest METHOD url>`; setters make new ones. */
export class HttpRequestValue extends Handle {
  readonly typeName = "HttpRequest";
  constructor(readonly f: RequestFields) {
    super();
  }
  display(): string {
    return `<HttpRequest ${this.f.method} ${this.f.url}>`;
  }
  with(changes: Partial<RequestFields>): HttpRequestValue {
    return new HttpRequestValue({ ...this.f, ...changes });
  }
}

/** An immutable response (§16.5): header names lowercase, repeats joined with ", ". */
export class HttpResponseValue extends Handle {
  readonly typeName = "HttpResponse";
  constructor(
    readonly status: number,
    readonly headers: ReadonlyMap<string, string>,
    readonly body: string,
    readonly url: string,
  ) {
    super();
  }
  display(): string {
    return `<HttpResponse ${this.status}>`;
  }
}

export function newRequest(method: string, url: string, body: string | null): HttpRequestValue {
  return new HttpRequestValue({
    method,
    url,
    headers: [["User-Agent", DEFAULT_USER_AGENT]],
    body,
    query: [],
    timeout: DEFAULT_TIMEOUT_SECONDS,
    follow: true,
    maxRedirects: DEFAULT_MAX_REDIRECTS,
  });
}

// ---- URLs -------------------------------------------------------------------------------------

/** Parses and validates an http(s) URL (§16.1); the reason text when it is not acceptable. */
export function checkUrl(text: string, base?: URL): { ok: true; url: URL } | { ok: false; reason: string } {
  let u: URL;
  try {
    u = base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return { ok: false, reason: `unsupported scheme "${u.protocol}"` };
  if (u.hostname === "") return { ok: false, reason: "missing host" };
  if (u.username !== "" || u.password !== "") return { ok: false, reason: "credentials in URLs are not allowed; use httpSetAuth" };
  return { ok: true, url: u };
}

/** AT0122 `Invalid URL: <url> (<reason>)`, raised by the request builders. */
export function invalidUrl(url: string, reason: string): RuntimeError {
  return new RuntimeError("AT0122", `Invalid URL: ${url} (${reason})`, null);
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** UTF-8 percent-encoding of everything but `A–Z a–z 0–9 - _ . ~` (uppercase hex). */
export function percentEncode(s: string): string {
  let out = "";
  for (const ch of s) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/**
 * The URL with query parameters added (§16.2 httpSetQuery), before any fragment:
 *   ("http://h/p", [a=1]) → http://h/p?a=1;  ("http://h/?x=1", [b=2]) → http://h/?x=1&b=2
 */
export function withQuery(url: string, query: readonly Header[]): string {
  if (query.length === 0) return url;
  const hash = url.indexOf("#");
  const base = hash < 0 ? url : url.slice(0, hash);
  const frag = hash < 0 ? "" : url.slice(hash);
  const pairs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join("&");
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return base + sep + pairs + frag;
}

/** WHATWG serialisation without the fragment (never sent; not part of a response URL). */
export function urlText(u: URL): string {
  if (u.hash === "") return u.href;
  const c = new URL(u.href);
  c.hash = "";
  return c.href;
}

// ---- headers ----------------------------------------------------------------------------------

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 field values: no control characters other than horizontal tab. */
function badValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}
const MANAGED = new Set([
  "connection",
  "content-length",
  "expect",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Validates a header set by the program (§16.2); `fn` names the builtin in AT0102. */
export function checkHeader(fn: string, name: string, value: string): void {
  if (!TOKEN.test(name)) throw argError(fn, "invalid header name");
  if (badValue(value)) throw argError(fn, "invalid header value");
  if (MANAGED.has(name.toLowerCase())) throw argError(fn, `header '${name}' is managed by the client`);
}

/** Headers with `name` set to `value`, replacing one with the same name in any case (in place). */
export function setHeader(headers: readonly Header[], name: string, value: string): Header[] {
  const lower = name.toLowerCase();
  const i = headers.findIndex(([n]) => n.toLowerCase() === lower);
  const out = [...headers];
  if (i >= 0) out[i] = [name, value];
  else out.push([name, value]);
  return out;
}

export function basicAuth(user: string, password: string): string {
  return "Basic " + Buffer.from(`${user}:${password}`, "utf8").toString("base64");
}

/** Header values travel as UTF-8 bytes (undici takes latin1 strings byte for byte). */
export function wireHeaders(headers: readonly Header[]): string[] {
  const flat: string[] = [];
  for (const [n, v] of headers) flat.push(n, Buffer.from(v, "utf8").toString("latin1"));
  return flat;
}

/** Received headers (lowercase names, received order) with repeats joined by ", ". */
export function combineHeaders(raw: readonly Header[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [n, v] of raw) {
    const k = n.toLowerCase();
    const prev = out.get(k);
    out.set(k, prev === undefined ? v : `${prev}, ${v}`);
  }
  return out;
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? "Unknown";
}

// ---- the exchange -----------------------------------------------------------------------------

/** One hop of an exchange: what is sent to one URL. */
export interface Hop {
  readonly method: string;
  readonly url: URL;
  readonly headers: readonly Header[];
  readonly body: string | null;
}

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

/** The first hop of a request: its URL with query parameters. */
export function firstHop(req: RequestFields): { ok: true; hop: Hop } | { ok: false; url: string; reason: string } {
  const text = withQuery(req.url, req.query);
  const checked = checkUrl(text);
  if (!checked.ok) return { ok: false, url: text, reason: checked.reason };
  return { ok: true, hop: { method: req.method, url: checked.url, headers: req.headers, body: req.body } };
}

/**
 * The hop after a redirect response (§16.4.3): the target resolved against the current URL;
 * 301/302/303 continue as GET without body and Content-Type, 307/308 keep both; credentials
 * are dropped when the origin changes. `reason` when the target is not a valid http(s) URL.
 */
export function redirectHop(
  hop: Hop,
  status: number,
  location: string,
): { ok: true; hop: Hop } | { ok: false; target: string; reason: string } {
  const checked = checkUrl(location, hop.url);
  if (!checked.ok) {
    let target = location;
    try {
      target = new URL(location, hop.url).href;
    } catch {
      // keep the Location text as received
    }
    return { ok: false, target, reason: checked.reason };
  }
  const next = checked.url;
  let headers = hop.headers;
  let method = hop.method;
  let body = hop.body;
  if (status === 301 || status === 302 || status === 303) {
    method = "GET";
    body = null;
    headers = headers.filter(([n]) => n.toLowerCase() !== "content-type");
  }
  if (next.origin !== hop.url.origin) headers = headers.filter(([n]) => !CREDENTIAL_HEADERS.has(n.toLowerCase()));
  return { ok: true, hop: { method, url: next, headers, body } };
}

/** The transport failure text of §16.6: `<CODE>: <fn>: <description>: <url>`. */
export function transportText(code: string, fn: string, description: string, url: string): string {
  return `${code}: ${fn}: ${description}: ${url}`;
}

export function timeoutDescription(seconds: number): string {
  return `request timeout after ${formatNumber(seconds)} seconds`;
}
