// The async HTTP client (async.md §A8): one undici keep-alive pool per runtime on the program's
// thread (per-origin limit from the policy, `--http-connections`), the exchange of stdlib.md
// §16.4 driven by http-client.ts's `exchangeSteps` with each hop performed by http-hop.ts's
// `performHop` under the operation's cancel signal, and the streamed variant whose final hop stops
// after the headers (the body becomes a ByteSource for the stream pump, bounded per chunk).
import { pipeline, type Readable } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Agent } from "undici";
import { exchangeSteps, timeoutMillis, type HopRequest } from "./http-client.js";
import { classify, createAgent, Failure, headerText, performHop, undici } from "./http-hop.js";
import { FOLLOWED_STATUSES, type WireRequest, type WireResult } from "./http-wire.js";
import { HttpResponseValue, timeoutDescription, type RequestFields } from "./http-model.js";
import { abortError, CancelToken, errorOfRuntimeError, failureMapper, hostFuture, ioState, type CancelSignal, type IoResource } from "../runtime/io.js";
import type { Future } from "../runtime/future.js";
import { RuntimeError } from "../runtime/errors.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import { ResultValue, type Value } from "../runtime/values.js";
import { policyOf } from "./file.js";
import type { ByteSource } from "./async-stream.js";

// ---- the pool ------------------------------------------------------------------------------------------

/** The keep-alive pool of one runtime; destroyed when the runtime ends. */
export class AsyncHttpClient implements IoResource {
  private agentValue: Agent | null = null;
  private open = 0;
  private closed = false;

  constructor(private readonly connections: number) {}

  get agent(): Agent {
    if (this.agentValue === null) {
      const a = createAgent(this.connections);
      a.on("connect", () => this.open++);
      a.on("disconnect", () => this.open--);
      this.agentValue = a;
    }
    return this.agentValue;
  }

  /** Open connections, idle or busy (asyncStats `httpConnections`, async.md §A10.1). */
  get openConnections(): number {
    return this.open;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The runtime ended: every connection is closed, in-flight requests fail (already discarded). */
  shutdown(): void {
    this.closed = true;
    const a = this.agentValue;
    this.agentValue = null;
    if (a !== null) a.destroy().catch(() => undefined);
  }
}

const clients = new WeakMap<RuntimeContext, AsyncHttpClient>();

/** The pool of a runtime (one per runtime, §A8), created on first use. */
export function asyncClientFor(rt: RuntimeContext): AsyncHttpClient {
  let c = clients.get(rt);
  if (c === undefined || c.isClosed) {
    c = new AsyncHttpClient(policyOf(rt).limits.httpConnections);
    clients.set(rt, c);
    ioState(rt).track(c);
  }
  return c;
}

/** Number of open pooled connections of a runtime (0 before the first request). */
export function httpConnectionCount(rt: RuntimeContext): number {
  const c = clients.get(rt);
  return c === undefined ? 0 : c.openConnections;
}

// ---- streamed responses ----------------------------------------------------------------------------------

/**
 * The response of httpStreamAsync (§A8): status, headers and URL like any response; the body is
 * still on the connection and is read once, through httpBodyLines / httpBodyChunks. Reading it
 * whole (`httpBody`, `httpParseJson`) is AT0124.
 */
export class HttpStreamedResponse extends HttpResponseValue {
  private stream: Readable | null;

  constructor(
    status: number,
    headers: ReadonlyMap<string, string>,
    url: string,
    stream: Readable,
    /** Per-chunk bound in ms (the request's timeout; 0 = none). */
    readonly chunkTimeoutMs: number,
    /** The request's timeout in seconds (messages). */
    readonly timeoutSeconds: number,
  ) {
    super(status, headers, "", url);
    this.stream = stream;
    Object.defineProperty(this, "body", {
      get: (): string => {
        throw new RuntimeError("AT0124", `httpBody: the body of a streamed response can only be read with httpBodyLines or httpBodyChunks: ${url}`, null);
      },
    });
  }

  /** Hands the body over (once); null when it was already taken. */
  takeStream(): Readable | null {
    const s = this.stream;
    this.stream = null;
    return s;
  }

  /** Closes an unread body (the connection is dropped, not reused). */
  discard(): void {
    const s = this.takeStream();
    if (s !== null) destroyQuietly(s);
  }
}

function destroyQuietly(s: Readable): void {
  s.on("error", () => undefined);
  s.destroy();
}

/** The body of a response as a byte source: content codings undone, each read bounded in time. */
export class BodySource implements ByteSource {
  private readonly it: AsyncIterator<Buffer>;
  private readonly stream: Readable;

  constructor(
    raw: Readable,
    contentEncoding: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.stream = decoded(raw, contentEncoding);
    this.it = (this.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  read(): Promise<Uint8Array | null> {
    const next = this.it.next().then((r) => (r.done === true ? null : (r.value as Uint8Array)));
    if (this.timeoutMs <= 0) return next;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        reject(new Failure("AT0170", "timeout"));
        destroyQuietly(this.stream);
      }, this.timeoutMs);
      next.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(t);
          reject(e);
        },
      );
    });
  }

  close(): Promise<void> {
    destroyQuietly(this.stream);
    return Promise.resolve();
  }
}

/** Text of a buffered response body as a byte source (httpBodyLines on a plain response). */
export class TextSource implements ByteSource {
  private done = false;

  constructor(private readonly text: string) {}

  read(): Promise<Uint8Array | null> {
    if (this.done) return Promise.resolve(null);
    this.done = true;
    return Promise.resolve(Buffer.from(this.text, "utf8"));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The body stream with gzip / deflate / br codings undone (in the listed order, reversed). */
function decoded(raw: Readable, header: string | undefined): Readable {
  if (header === undefined) return raw;
  const codings = header
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity")
    .reverse();
  const stages: NodeJS.ReadWriteStream[] = [];
  for (const c of codings) {
    if (c === "gzip" || c === "x-gzip") stages.push(createGunzip());
    else if (c === "br") stages.push(createBrotliDecompress());
    else if (c === "deflate") stages.push(createInflate());
    else break; // an unknown coding: leave the bytes as they are from here on
  }
  if (stages.length === 0) return raw;
  const streams = [raw, ...stages] as unknown as [Readable, ...NodeJS.ReadWriteStream[]];
  return (pipeline as unknown as (...args: unknown[]) => Readable)(...streams, () => undefined);
}

/** §16.6 text of a body failure for `fn`: timeout AT0170, decode/read failures AT0124. */
export function bodyFailure(fn: string, e: unknown, url: string, timeoutSeconds: number): RuntimeError {
  const f = e instanceof Failure ? e : zlibFailure(e) ?? classify(e, "body", url);
  const description = f.code === "AT0170" ? timeoutDescription(timeoutSeconds) : f.description;
  return new RuntimeError(f.code, `${fn}: ${description}: ${url}`, null);
}

function zlibFailure(e: unknown): Failure | null {
  const code = String((e as { code?: unknown } | null)?.code ?? "");
  if (!code.startsWith("Z_") && !code.startsWith("ERR_BROTLI")) return null;
  return new Failure("AT0124", `failed to decode response body: ${e instanceof Error ? e.message : String(e)}`);
}

// ---- one streamed hop ------------------------------------------------------------------------------------

interface StreamHop {
  readonly wire: WireResult;
  /** The final response's unread body (null for a followed redirect or a failure). */
  readonly body: Readable | null;
}

/**
 * One hop whose body is not read (httpStreamAsync): bounded by `req.timeoutMs` up to the
 * headers; a redirect that will be followed has its body dropped.
 */
async function streamHop(agent: Agent, req: HopRequest, signal: CancelSignal): Promise<StreamHop> {
  const ac = new CancelToken();
  const onAbort = (): void => ac.abort();
  if (signal.aborted) ac.abort();
  else signal.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer =
    req.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          ac.abort();
        }, req.timeoutMs)
      : null;
  try {
    const res = await undici().request(req.url, {
      dispatcher: agent,
      method: req.method as "GET",
      headers: req.headers,
      body: req.body ?? undefined,
      signal: ac as unknown as AbortSignal,
      responseHeaders: "raw",
    });
    const raw = res.headers as unknown as string[];
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i], headerText(raw[i + 1])]);
    const wire: WireResult = { id: 0, ok: true, status: res.statusCode, headers, body: "" };
    if (req.followRedirects && FOLLOWED_STATUSES.includes(res.statusCode) && headers.some(([n]) => n.toLowerCase() === "location")) {
      await res.body.dump({ limit: 1024 * 1024 });
      return { wire: { ...wire, body: null }, body: null };
    }
    return { wire, body: res.body as unknown as Readable };
  } catch (e) {
    if (timedOut) return { wire: { id: 0, ok: false, code: "AT0170", description: "timeout" }, body: null };
    const f = e instanceof Failure ? e : classify(e, "connect", req.url);
    return { wire: { id: 0, ok: false, code: f.code, description: f.description }, body: null };
  } finally {
    if (timer !== null) clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}

// ---- the exchange ---------------------------------------------------------------------------------------

interface Exchanged {
  readonly result: Value;
  readonly body: Readable | null;
}

/** `Err("<CODE>: <rest>")` of the sync exchange → the RuntimeError with that code and message. */
function transportError(text: string): RuntimeError {
  const i = text.indexOf(": ");
  return new RuntimeError(text.slice(0, i), text.slice(i + 2), null);
}

/**
 * Sends `req` for builtin `fn` (§A8): the permission of the first URL is checked now (a denial
 * raises, i.e. rejects the builtin's future), every redirect target before it is contacted;
 * transport failures reject with AT0120–AT0124 / AT0170. `streamed`: resolves at the headers
 * with an HttpStreamedResponse. Cancelling aborts the hop in flight (its connection is closed).
 */
export function sendAsync(rt: RuntimeContext, fn: string, req: RequestFields, streamed: boolean): Future {
  const steps = exchangeSteps(policyOf(rt), fn, req);
  const first = steps.next(); // URL validation and the first permission check, before any effect
  const origin = rt.callSpan;
  const label = `${fn}(${first.done === true ? req.url : first.value.url})`;
  const chunkMs = timeoutMillis(req.timeout);
  const run = async (signal: CancelSignal): Promise<Exchanged> => {
    let step = first;
    let body: Readable | null = null;
    while (step.done !== true) {
      const client = asyncClientFor(rt);
      let wire: WireResult;
      if (streamed) {
        const h = await streamHop(client.agent, step.value, signal);
        wire = h.wire;
        body = h.body;
      } else wire = await performHop(client.agent, step.value as WireRequest, signal); // the id only echoes back
      if (signal.aborted) {
        if (body !== null) destroyQuietly(body);
        throw abortError();
      }
      step = steps.next(wire);
    }
    return { result: step.value, body };
  };
  const onOk = (x: Exchanged): Value => {
    const r = x.result;
    if (!(r instanceof ResultValue)) throw new RuntimeError("AT0123", `${fn}: malformed exchange result: ${req.url}`, null);
    if (!r.isOk) {
      if (x.body !== null) destroyQuietly(x.body);
      throw transportError(r.value as string);
    }
    const resp = r.value as HttpResponseValue;
    if (!streamed || x.body === null) return resp;
    return new HttpStreamedResponse(resp.status, resp.headers, resp.url, x.body, chunkMs, req.timeout);
  };
  const fail = failureMapper(origin, (e) => new RuntimeError("AT0120", `${fn}: connection failed: ${e instanceof Error ? e.message : String(e)}: ${req.url}`, null));
  const discard = (x: Exchanged): void => {
    if (x.body !== null) destroyQuietly(x.body);
  };
  if (first.done === true) {
    // Only an invalid URL ends the exchange before its first hop.
    const f = rt.scheduler.newFuture();
    try {
      f.resolve(onOk({ result: first.value, body: null }));
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      f.reject(errorOfRuntimeError(e, origin));
    }
    return f;
  }
  return hostFuture(rt, label, run, onOk, fail, discard);
}
