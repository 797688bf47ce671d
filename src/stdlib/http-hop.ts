// One hop of an HTTP exchange performed with undici (stdlib.md §16.4–§16.6): request, timeout,
// body limit, content decoding, charset decoding, and the mapping of host errors to AT0120–
// AT0124/AT0170. Used by the sync client's worker thread and, in-thread with a cancel signal, by
// the async twins (async-http-client.ts), which also reuse the error classification.
import { createRequire } from "node:module";
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import type { Agent, Dispatcher } from "undici";
import { FOLLOWED_STATUSES, type WireRequest, type WireResult } from "./http-wire.js";
import type { CancelSignal } from "../runtime/io.js";

type Undici = typeof import("undici");
let undiciModule: Undici | null = null;

/**
 * undici, loaded on first use: it costs about 19 MB and tens of milliseconds of start-up, and
 * most programs never make an HTTP request (only types are imported statically).
 */
export function undici(): Undici {
  if (undiciModule === null) undiciModule = createRequire(import.meta.url)("undici") as Undici;
  return undiciModule;
}

/** The keep-alive pool of one runtime (§16.7): idle connections close after 4 s. */
export function createAgent(connections: number): Agent {
  return new (undici().Agent)({
    connections,
    keepAliveTimeout: 4_000,
    keepAliveMaxTimeout: 4_000,
    keepAliveTimeoutThreshold: 1_000,
    connectTimeout: 0,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}

export class Failure {
  constructor(
    readonly code: string,
    readonly description: string,
  ) {}
}

/**
 * Performs one hop with undici on `agent` (stdlib.md §16.4): the request, the whole-hop
 * timeout, the body read within the limit, content codings undone and the text decoded.
 * Never rejects: every failure is a WireResult with a §16.6 code. `signal` cancels the hop from
 * outside (the async twins, async.md §A8): the request is aborted and its connection closed.
 */
export function performHop(agent: Dispatcher, req: WireRequest, signal?: CancelSignal): Promise<WireResult> {
  return new Promise((resolve) => new HopHandler(req, signal ?? null, resolve).start(agent));
}

/** A followed redirect's body is drained up to this size (keeping the connection), else dropped. */
const REDIRECT_DRAIN_LIMIT = 1024 * 1024;

/**
 * One hop as an undici dispatch handler (its native callback interface): no request object,
 * AbortSignal or Readable stream per response, which makes a keep-alive request about a third
 * cheaper than `request()` (async.md §A11 B9). Settles once; aborting (timeout, body limit,
 * cancellation) settles at once, even for a request still queued in the pool (undici then drops
 * it when its turn comes, without sending it).
 */
class HopHandler {
  private abortFn: ((err: Error) => void) | null = null;
  private stopped: Failure | null = null;
  private done = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private phase: "connect" | "body" = "connect";
  private status = 0;
  private headers: [string, string][] = [];
  private chunks: Buffer[] = [];
  private total = 0;
  private redirect = false;
  private readonly onCancel = (): void => this.stop(new Failure("AT0120", "connection failed: cancelled"));

  constructor(
    private readonly req: WireRequest,
    private readonly signal: CancelSignal | null,
    private readonly resolve: (r: WireResult) => void,
  ) {}

  start(agent: Dispatcher): void {
    const req = this.req;
    if (this.signal !== null) {
      if (this.signal.aborted) return this.onCancel();
      this.signal.addEventListener("abort", this.onCancel);
    }
    if (req.timeoutMs > 0) this.timer = setTimeout(() => this.stop(new Failure("AT0170", "timeout")), req.timeoutMs);
    try {
      const u = new URL(req.url);
      const opts = { origin: u.origin, path: u.pathname + u.search, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body };
      agent.dispatch(opts, this as unknown as Dispatcher.DispatchHandler);
    } catch (e) {
      this.onError(e);
    }
  }

  /** Aborts the hop (once) and settles with `f`. */
  private stop(f: Failure): void {
    if (this.done || this.stopped !== null) return;
    this.stopped = f;
    this.abortLater(f.description);
    this.fail(f);
  }

  /**
   * Aborts (the socket is destroyed, never reused) outside undici's parser callbacks
   * (onHeaders/onData), like a consumer of `request()` destroying its body would.
   */
  private abortLater(why: string): void {
    const abort = this.abortFn;
    if (abort !== null) queueMicrotask(() => abort(new Error(why)));
  }

  onConnect(abort: (err: Error) => void): void {
    this.abortFn = abort;
    if (this.stopped !== null) abort(new Error(this.stopped.description));
  }

  onHeaders(status: number, raw: Buffer[]): boolean {
    if (status < 200) return true; // informational
    this.phase = "body";
    this.status = status;
    const headers = this.headers;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i].toString(), headerText(raw[i + 1].toString("latin1"))]);
    const req = this.req;
    if (req.followRedirects && FOLLOWED_STATUSES.includes(status) && this.find("location") !== undefined) {
      this.redirect = true;
      return true;
    }
    const len = this.find("content-length");
    if (len !== undefined && /^\s*[0-9]+\s*$/.test(len) && Number(len) > req.bodyLimit) this.stop(tooLarge(req.bodyLimit));
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.stopped !== null) return true;
    this.total += chunk.length;
    if (this.redirect) {
      if (this.total > REDIRECT_DRAIN_LIMIT) this.settle({ id: this.req.id, ok: true, status: this.status, headers: this.headers, body: null }, true);
      return true;
    }
    if (this.total > this.req.bodyLimit) {
      this.stop(tooLarge(this.req.bodyLimit));
      return true;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const { req, status, headers } = this;
    if (this.redirect) return this.settle({ id: req.id, ok: true, status, headers, body: null });
    try {
      const bytes = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
      this.chunks = [];
      const decoded = decodeCodings(bytes, this.find("content-encoding"), req.bodyLimit);
      this.settle({ id: req.id, ok: true, status, headers, body: decodeText(decoded, this.find("content-type")) });
    } catch (e) {
      this.fail(e instanceof Failure ? e : classify(e, "body", req.url));
    }
  }

  onError(e: unknown): void {
    if (this.done) return;
    this.fail(this.stopped ?? (e instanceof Failure ? e : classify(e, this.phase, this.req.url)));
  }

  onUpgrade(): void {
    this.fail(new Failure("AT0123", "malformed response: unexpected protocol upgrade"));
  }

  private find(name: string): string | undefined {
    for (const [n, v] of this.headers) if (n.length === name.length && n.toLowerCase() === name) return v;
    return undefined;
  }

  private fail(f: Failure): void {
    this.settle({ id: this.req.id, ok: false, code: f.code, description: f.description });
  }

  /** Settles once; `drop` also aborts the response (a redirect body too long to drain). */
  private settle(r: WireResult, drop = false): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.signal?.removeEventListener("abort", this.onCancel);
    if (drop) this.abortLater("redirect body dropped");
    this.resolve(r);
  }
}

function tooLarge(limit: number): Failure {
  return new Failure("AT0124", `response body too large (limit ${limit} bytes)`);
}

/** Undoes gzip / deflate / br content codings (applied in the listed order). */
function decodeCodings(bytes: Buffer, header: string | undefined, limit: number): Buffer {
  if (header === undefined) return bytes;
  const codings = header
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  let out = bytes;
  for (const coding of codings.reverse()) {
    const opts = { maxOutputLength: limit };
    try {
      if (coding === "gzip" || coding === "x-gzip") out = gunzipSync(out, opts);
      else if (coding === "br") out = brotliDecompressSync(out, opts);
      else if (coding === "deflate") out = inflateOrRaw(out, opts);
      else return out; // an unknown coding: leave the bytes as they are
    } catch (e) {
      if ((e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(limit);
      throw new Failure("AT0124", `failed to decode response body (${coding}): ${messageOf(e)}`);
    }
  }
  return out;
}

function inflateOrRaw(b: Buffer, opts: { maxOutputLength: number }): Buffer {
  try {
    return inflateSync(b, opts);
  } catch (e) {
    if ((e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") throw e;
    return inflateRawSync(b, opts);
  }
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** Decoders by charset label (a TextDecoder is costly to create; non-streaming use is stateless). */
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

/** Body text: the Content-Type charset when supported, else UTF-8; bad bytes become U+FFFD. */
function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const m = contentType === undefined ? null : CHARSET.exec(contentType);
  const label = m !== null ? m[1].toLowerCase() : "utf-8";
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = new TextDecoder("utf-8");
    }
    if (decoders.size < 64) decoders.set(label, decoder);
  }
  return decoder.decode(bytes);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Header values arrive as latin1; UTF-8 byte sequences are shown as the text they encode. */
export function headerText(v: string): string {
  if (!/[\u0080-\u00ff]/.test(v)) return v;
  try {
    return utf8.decode(Buffer.from(v, "latin1"));
  } catch {
    return v;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const CONNECT_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
};
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);

/** Maps a host error to §16.6's codes. */
export function classify(e: unknown, phase: "connect" | "body", url: string): Failure {
  const code = String((e as { code?: unknown }).code ?? "");
  const cause = (e as { cause?: { code?: unknown } }).cause;
  const c = code !== "" ? code : String(cause?.code ?? "");
  if (DNS_CODES.has(c)) return new Failure("AT0121", `DNS lookup failed for ${hostOf(url)}`);
  const name = e instanceof Error ? e.name : "";
  if (c.startsWith("HPE_") || name === "HTTPParserError" || c === "UND_ERR_HEADERS_OVERFLOW" || c === "UND_ERR_INFO") {
    return new Failure("AT0123", `malformed response: ${messageOf(e)}`);
  }
  if (phase === "body") return new Failure("AT0124", `failed to read response body: ${messageOf(e)}`);
  const known = CONNECT_CODES[c];
  if (known !== undefined) return new Failure("AT0120", known);
  if (/CERT|SSL|TLS/.test(c)) return new Failure("AT0120", `TLS failure: ${messageOf(e)}`);
  return new Failure("AT0120", `connection failed: ${messageOf(e)}`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
