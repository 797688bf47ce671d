// The synchronous HTTP client (stdlib.md §16.4, §16.7): the exchange loop (permission check per
// hop, redirects, the whole-exchange timeout) on the program's thread, and the bridge to the
// worker thread that owns the undici keep-alive pool: post a hop, block on Atomics.wait.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { BuiltinContext } from "./define.js";
import { err, ok, type Value } from "../runtime/values.js";
import { requireNet } from "../security/capabilities.js";
import type { Policy } from "../security/policy.js";
import { policyOf } from "./file.js";
import {
  HttpResponseValue,
  REDIRECT_STATUSES,
  combineHeaders,
  firstHop,
  redirectHop,
  timeoutDescription,
  transportText,
  urlText,
  wireHeaders,
  type Hop,
  type RequestFields,
} from "./http-model.js";
import type { WireRequest, WireResult } from "./http-wire.js";

/** How long a started worker may take to report that it is ready. */
const STARTUP_MS = 20_000;
/** Extra time the program thread waits beyond a hop's own timeout before giving up on the worker. */
const GRACE_MS = 5_000;
/** An idle worker (and its pool) is stopped after this long without requests. */
const IDLE_MS = 10_000;
const WAIT_SLICE_MS = 1_000;
const MAX_TIMER_MS = 2_147_483_647;

/** A hop as the client sends it (the id is added by the transport). */
export type HopRequest = Omit<WireRequest, "id">;

/** One worker thread with its own keep-alive pool; requests are strictly sequential. */
export class SyncHttpClient {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private signal: Int32Array | null = null;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly connections: number) {}

  /** Performs one hop; a failure to get any answer from the worker is reported as a result. */
  perform(req: HopRequest): WireResult {
    const id = this.nextId++;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    try {
      if (!this.start()) return { id, ok: false, code: "AT0120", description: "connection failed: the HTTP client could not start" };
      const waitMs = req.timeoutMs > 0 ? req.timeoutMs + GRACE_MS : Infinity;
      this.port?.postMessage({ ...req, id } satisfies WireRequest);
      const r = this.await(id, waitMs);
      if (r === null) {
        this.close(); // a worker that missed its deadline is not trusted with the next request
        return { id, ok: false, code: "AT0170", description: "timeout" };
      }
      return r;
    } finally {
      this.idleTimer = setTimeout(() => this.close(), IDLE_MS);
      this.idleTimer.unref();
    }
  }

  /** Stops the worker and its pool (idle connections are closed with it). */
  close(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const w = this.worker;
    this.worker = null;
    this.port?.close();
    this.port = null;
    this.signal = null;
    if (w !== null) void w.terminate().catch(() => undefined);
  }

  /** Starts the worker if needed and waits for its ready message; false if it never comes. */
  private start(): boolean {
    if (this.worker !== null) return true;
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    this.signal = new Int32Array(shared);
    this.port = port1;
    try {
      this.worker = new Worker(new URL("./http-worker.js", import.meta.url), {
        workerData: { port: port2, signal: shared, connections: this.connections },
        transferList: [port2],
      });
    } catch {
      this.close();
      return false;
    }
    this.worker.unref();
    this.worker.on("error", () => this.close());
    port1.unref();
    if (this.await(0, STARTUP_MS) === null) {
      this.close();
      return false;
    }
    return true;
  }

  /** Blocks until the result with `id` arrives, or `waitMs` passed (null). */
  private await(id: number, waitMs: number): WireResult | null {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const signal = this.signal;
      const port = this.port;
      if (signal === null || port === null) return null;
      // Clear the signal before draining: a result posted after the drain sets it again.
      Atomics.store(signal, 0, 0);
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const r = m.message as WireResult;
        if (r.id === id) return r;
      }
      const left = deadline - Date.now();
      if (left <= 0) return null;
      Atomics.wait(signal, 0, 0, Math.min(left, WAIT_SLICE_MS));
    }
  }
}

const clients = new WeakMap<BuiltinContext, SyncHttpClient>();

/** The client of one runtime (one pool per runtime, §16.7). */
export function clientFor(ctx: BuiltinContext): SyncHttpClient {
  let c = clients.get(ctx);
  if (c === undefined) {
    c = new SyncHttpClient(policyOf(ctx).limits.httpConnections);
    clients.set(ctx, c);
  }
  return c;
}

/** A timeout in seconds as milliseconds for timers; 0 = none (also for absurdly long ones). */
export function timeoutMillis(seconds: number): number {
  const ms = seconds * 1000;
  if (!(ms > 0) || ms > MAX_TIMER_MS) return 0;
  return Math.max(1, Math.ceil(ms));
}

/** One hop's worth of work, whatever carries it out (the worker here; undici in-thread for async). */
export type HopRunner = (hop: HopRequest) => WireResult;

/**
 * The exchange of §16.4 for `fn` as a step machine shared by the synchronous client and the
 * async twins: it yields each hop to perform and is resumed with that hop's result. First the
 * URL's permission, then hops (each redirect target validated and permission-checked before it
 * is contacted) within one overall timeout. Returns `Ok(HttpResponse)` or
 * `Err("<CODE>: <fn>: <description>: <url>")`; denials are raised (thrown) from `next()`.
 */
export function* exchangeSteps(policy: Policy, fn: string, req: RequestFields): Generator<HopRequest, Value, WireResult> {
  const first = firstHop(req);
  if (!first.ok) return err(transportText("AT0122", fn, `invalid URL (${first.reason})`, first.url));
  let hop: Hop = first.hop;
  requireNet(policy, hop.url);
  const total = timeoutMillis(req.timeout);
  const started = Date.now();
  const fail = (code: string, description: string): Value => err(transportText(code, fn, description, urlText(hop.url)));
  for (let redirects = 0; ; ) {
    const remaining = total === 0 ? 0 : total - (Date.now() - started);
    if (total !== 0 && remaining <= 0) return fail("AT0170", timeoutDescription(req.timeout));
    const r: WireResult = yield {
      method: hop.method,
      url: urlText(hop.url),
      headers: wireHeaders(hop.headers),
      body: hop.body,
      timeoutMs: remaining,
      bodyLimit: policy.limits.httpBodyLimit,
      followRedirects: req.follow,
    };
    if (!r.ok) return fail(r.code, r.code === "AT0170" ? timeoutDescription(req.timeout) : r.description);
    const location = r.headers.find(([n]) => n.toLowerCase() === "location")?.[1];
    if (!req.follow || !REDIRECT_STATUSES.has(r.status) || location === undefined) {
      return ok(new HttpResponseValue(r.status, combineHeaders(r.headers), r.body ?? "", urlText(hop.url)));
    }
    if (redirects >= req.maxRedirects) return fail("AT0123", `too many redirects (limit ${req.maxRedirects})`);
    const next = redirectHop(hop, r.status, location);
    if (!next.ok) return err(transportText("AT0122", fn, `invalid URL (${next.reason})`, next.target));
    requireNet(policy, next.hop.url);
    hop = next.hop;
    redirects++;
  }
}

/** Runs the exchange synchronously with `run` performing each hop. */
export function exchange(policy: Policy, fn: string, req: RequestFields, run: HopRunner): Value {
  const steps = exchangeSteps(policy, fn, req);
  let step = steps.next();
  while (!step.done) step = steps.next(run(step.value));
  return step.value;
}

/** `httpSend` and friends on the program's thread. */
export function sendSync(ctx: BuiltinContext, fn: string, req: RequestFields): Value {
  const client = clientFor(ctx);
  return exchange(policyOf(ctx), fn, req, (hop) => client.perform(hop));
}
