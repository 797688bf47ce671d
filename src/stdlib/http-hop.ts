// One hop of an HTTP exchange performed with undici (stdlib.md §16.4–§16.6): request, timeout,
// body limit, content decoding, charset decoding, and the mapping of host errors to AT0120–
// AT0124/AT0170. Used by the sync client's worker thread and, in-thread with an AbortSignal, by
// the async twins (async-http-client.ts), which also reuse the error classification.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { Agent, request, type Dispatcher } from "undici";
import { FOLLOWED_STATUSES, type WireRequest, type WireResult } from "./http-wire.js";
import { CancelToken, type CancelSignal } from "../runtime/io.js";

/** The keep-alive pool of one runtime (§16.7): idle connections close after 4 s. */
export function createAgent(connections: number): Agent {
  return new Agent({
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
 * Never rejects: every failure is a WireResult with a §16.6 code.
 */
export async function performHop(agent: Dispatcher, req: WireRequest, signal?: CancelSignal): Promise<WireResult> {
  // A CancelToken rather than an AbortController: undici accepts any EventTarget-like signal,
  // and Node's AbortSignal costs about a third of a keep-alive request (async.md §A11 B9).
  const ac = new CancelToken();
  // The async twins cancel a hop from outside (async.md §A8): the request is aborted.
  const onAbort = (): void => ac.abort();
  if (signal !== undefined) {
    if (signal.aborted) ac.abort();
    else signal.addEventListener("abort", onAbort, { once: true });
  }
  let timedOut = false;
  const timer =
    req.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          ac.abort();
        }, req.timeoutMs)
      : null;
  let phase: "connect" | "body" = "connect";
  try {
    const res = await request(req.url, {
      dispatcher: agent,
      method: req.method,
      headers: req.headers,
      body: req.body ?? undefined,
      signal: ac as unknown as AbortSignal,
      responseHeaders: "raw",
    });
    phase = "body";
    const raw = res.headers as unknown as string[];
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i], headerText(raw[i + 1])]);
    const find = (name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];
    if (req.followRedirects && FOLLOWED_STATUSES.includes(res.statusCode) && find("location") !== undefined) {
      await res.body.dump({ limit: 1024 * 1024 });
      return { id: req.id, ok: true, status: res.statusCode, headers, body: null };
    }
    const bytes = await readBody(res.body, find("content-length"), req.bodyLimit);
    const decoded = decodeCodings(bytes, find("content-encoding"), req.bodyLimit);
    return { id: req.id, ok: true, status: res.statusCode, headers, body: decodeText(decoded, find("content-type")) };
  } catch (e) {
    if (timedOut) return { id: req.id, ok: false, code: "AT0170", description: "timeout" };
    const f = e instanceof Failure ? e : classify(e, phase, req.url);
    return { id: req.id, ok: false, code: f.code, description: f.description };
  } finally {
    if (timer !== null) clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

function tooLarge(limit: number): Failure {
  return new Failure("AT0124", `response body too large (limit ${limit} bytes)`);
}

type Body = AsyncIterable<Buffer> & { destroy(): unknown; on(event: "error", f: () => void): unknown; arrayBuffer(): Promise<ArrayBuffer> };

/** Drops a body we will not read: its connection is closed, its abort error ignored. */
function discard(body: Body): void {
  body.on("error", () => undefined);
  body.destroy();
}

async function readBody(body: Body, contentLength: string | undefined, limit: number): Promise<Buffer> {
  if (contentLength !== undefined && /^\s*[0-9]+\s*$/.test(contentLength)) {
    if (Number(contentLength) > limit) {
      discard(body);
      throw tooLarge(limit);
    }
    // A declared length within the limit (undici enforces it): undici's own consumer, without
    // an async iterator per response (async.md §A11 B9).
    return Buffer.from(await body.arrayBuffer());
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > limit) {
      discard(body);
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
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
