// Host I/O as Atlas futures (async.md §A1.4, §A3, §A4.2, §A7, §A8): a host promise becomes a
// cancellable Future whose source aborts the operation through a cancel signal, counts as I/O in
// flight until the host side has really finished (cleanup included), and settles by enqueueing.
// Also the per-runtime I/O state: live operations and resources (aborted and closed when the
// runtime shuts down), disposers (the HTTP pool) and per-key FIFO locks (appends).
import type { Span } from "../diagnostics/span.js";
import { cancelledError } from "./cancel.js";
import { RuntimeError } from "./errors.js";
import type { Future, FutureSource } from "./future.js";
import type { RuntimeContext } from "./runtime-context.js";
import { ErrorValue, type Value } from "./values.js";

/** Something that must be stopped when its runtime ends (an operation, a stream, a pool). */
export interface IoResource {
  /** Aborts at once; must not throw. */
  shutdown(): void;
}

/** The I/O state of one runtime. */
export class IoState {
  private readonly live = new Set<IoResource>();
  private readonly locks = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(readonly ctx: RuntimeContext) {
    ctx.scheduler.onShutdown(() => this.shutdown());
  }

  /** True once the runtime has ended: nothing new may start. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Registers a live resource (stopped at shutdown unless released first). */
  track(r: IoResource): void {
    if (this.stopped) r.shutdown();
    else this.live.add(r);
  }

  release(r: IoResource): void {
    this.live.delete(r);
  }

  /** Number of live operations and resources (tests). */
  get liveCount(): number {
    return this.live.size;
  }

  /**
   * Runs `work` after every earlier `work` with the same key has finished (FIFO); the returned
   * promise settles like `work`'s. Used so appends to one file never interleave (§A7).
   */
  serialise<T>(key: string, work: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(work);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, done);
    void done.then(() => {
      if (this.locks.get(key) === done) this.locks.delete(key);
    });
    return run;
  }

  private shutdown(): void {
    this.stopped = true;
    const all = [...this.live];
    this.live.clear();
    for (const r of all) {
      try {
        r.shutdown();
      } catch {
        // best effort: the runtime is ending
      }
    }
  }
}

const states = new WeakMap<RuntimeContext, IoState>();

/** The I/O state of a runtime (created on first use). */
export function ioState(ctx: RuntimeContext): IoState {
  let s = states.get(ctx);
  if (s === undefined) {
    s = new IoState(ctx);
    states.set(ctx, s);
  }
  return s;
}

/** A host failure mapped to an Error value. RuntimeErrors keep their code and message. */
export type FailureMapper = (e: unknown) => ErrorValue;

/** What host code needs of an abort signal (AbortSignal and CancelToken both fit). */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/**
 * A cheap AbortSignal look-alike for host operations: `aborted`, `reason`, abort listeners.
 * undici accepts it as a request's `signal` (any EventTarget-like object), and creating one costs
 * a small object instead of an AbortController with its EventTarget machinery.
 */
export class CancelToken implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | null = null;

  addEventListener(_type: "abort", listener: () => void): void {
    if (!this.aborted) (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    const ls = this.listeners;
    if (ls === null) return;
    const i = ls.indexOf(listener);
    if (i >= 0) ls.splice(i, 1);
  }

  /** Aborts once: listeners run in order (each at most once). */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? abortError();
    const ls = this.listeners;
    this.listeners = null;
    if (ls !== null) for (const l of ls) l();
  }
}

/**
 * The source of a host-operation future (and its cancel signal): cancel() aborts the host
 * operation and rejects with AT0171 `<label> was cancelled`; the host side keeps counting as I/O
 * in flight until it has finished its cleanup (handles closed, temporary files removed).
 */
export class HostOperation extends CancelToken implements FutureSource, IoResource {
  readonly waitKind = "future";

  constructor(
    readonly future: Future,
    readonly label: string,
  ) {
    super();
  }

  cancel(): boolean {
    if (!this.future.isPending) return false;
    this.abort();
    this.future.reject(cancelledError(this.label));
    return true;
  }

  shutdown(): void {
    this.abort();
  }
}

interface Completion<T> {
  readonly op: HostOperation;
  readonly state: IoState;
  readonly ok: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
  readonly onOk: (v: T) => Value;
  readonly fail: FailureMapper;
  readonly discard: ((v: T) => void) | null;
}

/** The ready-queue job that settles a host operation's future (async.md §A1.7). */
function completeJob<T>(c: Completion<T>): void {
  c.state.release(c.op);
  const f = c.op.future;
  if (!f.isPending) {
    // Cancelled meanwhile: the result is discarded (and released: an open stream is closed).
    if (c.ok && c.discard !== null) c.discard(c.value as T);
    return;
  }
  if (!c.ok) {
    f.reject(c.fail(c.error));
    return;
  }
  let v: Value;
  try {
    v = c.onOk(c.value as T);
  } catch (e) {
    f.reject(c.fail(e));
    return;
  }
  f.resolve(v);
}

/**
 * Runs `start(signal)` as a host operation and returns its cancellable Atlas future: resolved
 * with `onOk(result)` (run as a job; a RuntimeError it raises rejects), rejected with
 * `fail(error)`, or cancelled (the signal aborts; the future rejects with AT0171 at once; a
 * result that arrives anyway is given to `discard`).
 */
export function hostFuture<T>(
  ctx: RuntimeContext,
  label: string,
  start: (signal: CancelToken) => Promise<T>,
  onOk: (v: T) => Value,
  fail: FailureMapper,
  discard: ((v: T) => void) | null = null,
): Future {
  const sched = ctx.scheduler;
  const state = ioState(ctx);
  const f = sched.newFuture();
  const op = new HostOperation(f, label);
  f.source = op;
  state.track(op);
  let p: Promise<T>;
  try {
    p = start(op);
  } catch (e) {
    p = Promise.reject(e);
  }
  sched.beginIo();
  p.then(
    (value) => sched.endIo(completeJob<T>, { op, state, ok: true, value, error: null, onOk, fail, discard }),
    (error: unknown) => sched.endIo(completeJob<T>, { op, state, ok: false, value: undefined, error, onOk, fail, discard }),
  );
  return f;
}

/**
 * Counts a host promise that settles no future (closing a handle, removing a temporary file) as
 * I/O in flight, so the runtime neither ends nor reports a deadlock before it has finished.
 */
export function trackCleanup(ctx: RuntimeContext, p: Promise<unknown>): void {
  const sched = ctx.scheduler;
  sched.beginIo();
  const done = (): void => sched.endIo(noop, undefined);
  p.then(done, done);
}

function noop(): void {
  // the job only wakes the scheduler (idle detection)
}

/** An Error value for a RuntimeError raised while starting or finishing an operation. */
export function errorOfRuntimeError(e: RuntimeError, origin: Span | null): ErrorValue {
  return new ErrorValue(e.code, e.message, e.span ?? origin, e.help, [...e.notes]);
}

/** Throws an AbortError when the signal has fired (checked between host steps). */
export function checkAborted(signal: { readonly aborted: boolean }): void {
  if (signal.aborted) throw abortError();
}

export function abortError(): Error {
  const e = new Error("The operation was aborted");
  e.name = "AbortError";
  return e;
}

/** Maps a host failure of an I/O builtin: RuntimeErrors as they are, else `hostError(e)`. */
export function failureMapper(origin: Span | null, hostError: (e: unknown) => RuntimeError): FailureMapper {
  return (e) => errorOfRuntimeError(e instanceof RuntimeError ? e : hostError(e), origin);
}
