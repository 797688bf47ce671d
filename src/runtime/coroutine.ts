// The engine-independent coroutine driver (language.md §6.13, async.md §A1.3, §A3): one
// suspendable activation — an async call's body or a module's top-level code — as a generator
// that yields the Future it awaits. Both engines use it: the interpreter's generator-based
// evaluator and the compiled engine's `function*` bodies. The driver queues the continuation
// as a scheduler job when the awaited future settles (or at once if it already has), resumes
// at call depth `resumeDepth` (1 for async bodies, §13.3.8), re-raises a rejection at the
// Error's origin or at the await (§6.13.4), and can be cancelled: the pending await is
// abandoned, what it waited on is cancelled too (cascade), and the call unwinds with AT0171.
import type { Span } from "../diagnostics/span.js";
import { callSubject, cancelAbandoned, cancelledError, taskSubject } from "./cancel.js";
import { InternalBug, RuntimeError } from "./errors.js";
import { checkOwnSource, Future, FUTURE_FREE_BITS_SHIFT, PENDING, RESOLVED, type FutureSource, type RejectionTracker, type SettleListener } from "./future.js";
import { notAwaitable } from "./ops.js";
import { errorFromRuntimeError, isHostStackOverflow, runtimeErrorFromError, stackOverflowError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Scheduler } from "./scheduler.js";
import type { Task } from "./task.js";
import type { ErrorValue, Value } from "./values.js";

/** An activation as a generator: yields awaited futures, is resumed with their values. */
export type AsyncGen = Generator<Future, Value, Value>;

/** Returned by `CoroutineHooks.returnValue` for a throw that is not a return signal. */
export const NOT_RETURN: unique symbol = Symbol("not a return signal");

/** Engine-specific knowledge the driver needs. */
export interface CoroutineHooks {
  /**
   * Some engines leave an activation by throwing a control signal (`e?` returning Err, a
   * `return` inside a match-arm block): the value it returns, or NOT_RETURN.
   */
  returnValue(e: unknown): Value | typeof NOT_RETURN;
}

export const NO_HOOKS: CoroutineHooks = { returnValue: () => NOT_RETURN };

/** How a coroutine without a future (top-level code) reports its end. */
export type DoneCallback = (failure: RuntimeError | null, value: Value) => void;

/**
 * `await v` in any engine: checks that `v` is a Future or Task (AT0001 otherwise), marks it
 * observed (async.md §A2.4) and records the await's span for the suspension. The engine then
 * yields the returned future.
 */
export function awaitable(sched: Scheduler, v: Value, span: Span | null): Future {
  if (!(v instanceof Future)) throw notAwaitable(v, span);
  v.observed = true;
  sched.awaitSpan = span;
  return v;
}

// Coroutine state bits, in the free high bits of Future's `bits` word (one word less per call).
const PHASE_SHIFT = FUTURE_FREE_BITS_SHIFT;
// phase 0: created, not yet run
const RUNNING = 1 << PHASE_SHIFT;
const SUSPENDED = 2 << PHASE_SHIFT;
const DONE = 3 << PHASE_SHIFT;
const STATE = 3 << PHASE_SHIFT;
const CANCEL_REQUESTED = 4 << PHASE_SHIFT;
const LINKED = 8 << PHASE_SHIFT;
const TOP_LEVEL = 16 << PHASE_SHIFT;
// Above the flags: the index of the coroutine's info in its scheduler's table (no info field).
const INFO_SHIFT = PHASE_SHIFT + 5;
const LOW_BITS = (1 << INFO_SHIFT) - 1;
const MAX_INFOS = 1 << (30 - INFO_SHIFT);

const NEXT = 0;
const THROW = 1;

/**
 * What the coroutines of one function in one runtime share, kept out of each Coroutine (100,000
 * suspended calls must stay small, async.md §A11 B10). Top-level code has its own (onDone).
 */
interface CoroutineInfo {
  readonly ctx: RuntimeContext;
  readonly hooks: CoroutineHooks;
  /** The function's name for messages (`Call to 'f' was cancelled`); null if anonymous. */
  readonly label: string | null;
  /** How a coroutine without a future (top-level code) reports its end. */
  readonly onDone: DoneCallback | null;
  /** Its index in the scheduler's coroutineInfos. */
  readonly index: number;
}

/** Registers a new info in its runtime's table (indexes are kept in the coroutines' bits). */
function newInfo(ctx: RuntimeContext, hooks: CoroutineHooks, label: string | null, onDone: DoneCallback | null): CoroutineInfo {
  const table = ctx.scheduler.coroutineInfos;
  if (table.length >= MAX_INFOS) throw new InternalBug("too many coroutine kinds");
  const info: CoroutineInfo = { ctx, hooks, label, onDone, index: table.length };
  table.push(info);
  return info;
}

/** Per runtime: the shared infos by hooks and label, and the last one handed out. */
interface InfoCache {
  last: CoroutineInfo | null;
  readonly byHooks: Map<CoroutineHooks, Map<string | null, CoroutineInfo>>;
}

const INFO_CACHES = new WeakMap<RuntimeContext, InfoCache>();

/** The shared info of an async call's coroutine (the same object for every call of a function). */
function sharedInfo(ctx: RuntimeContext, hooks: CoroutineHooks, label: string | null): CoroutineInfo {
  let cache = INFO_CACHES.get(ctx);
  if (cache === undefined) {
    cache = { last: null, byHooks: new Map() };
    INFO_CACHES.set(ctx, cache);
  }
  const last = cache.last;
  if (last !== null && last.hooks === hooks && last.label === label) return last;
  let byLabel = cache.byHooks.get(hooks);
  if (byLabel === undefined) {
    byLabel = new Map();
    cache.byHooks.set(hooks, byLabel);
  }
  let info = byLabel.get(label);
  if (info === undefined) {
    info = newInfo(ctx, hooks, label, null);
    byLabel.set(label, info);
  }
  cache.last = info;
  return info;
}

/**
 * One suspendable activation. For an async call the Coroutine *is* the call's Future (one object
 * per suspended call instead of two); for top-level code (`topLevel`) its Future side is unused
 * and the end is reported through `onDone`.
 */
export class Coroutine extends Future implements FutureSource, SettleListener {
  /** The future being awaited while suspended. */
  waitingOn: Future | null = null;
  /** Span of the pending await (deadlock notes, re-raise location). */
  awaitSpan: Span | null = null;
  /** Intrusive list of the task's suspended coroutines (cancelled with the task). */
  taskPrev: Coroutine | null = null;
  taskNext: Coroutine | null = null;

  constructor(
    ctx: RuntimeContext,
    readonly gen: AsyncGen,
    /** The task whose code this is (the task current at the call). */
    readonly task: Task,
    /** Top-level code of a module or REPL input (call depth 0 when resumed, no future). */
    topLevel: boolean,
    hooks: CoroutineHooks = NO_HOOKS,
    /** The function's name for messages (`Call to 'f' was cancelled`); null if anonymous. */
    label: string | null = null,
  ) {
    super();
    // The scheduler's runtime is this one (one scheduler per runtime): coroutines reach it
    // through their task (no field).
    ctx.scheduler.host ??= ctx;
    if (topLevel) this.bits |= TOP_LEVEL;
    const info = topLevel ? newInfo(ctx, hooks, label, null) : sharedInfo(ctx, hooks, label);
    this.bits |= info.index << INFO_SHIFT;
  }

  /** An async call's coroutine is its own (cancellable) source while pending; top-level code has none. */
  get source(): FutureSource | null {
    return (this.bits & TOP_LEVEL) === 0 && this.isPending ? this : null;
  }

  set source(s: FutureSource | null) {
    checkOwnSource(this, s);
  }

  protected get tracker(): RejectionTracker | null {
    return this.task.sched;
  }

  /** The shared info: in the task's scheduler's table, at the index kept in `bits`. */
  private get info(): CoroutineInfo {
    return this.task.sched.coroutineInfos[this.bits >>> INFO_SHIFT] as CoroutineInfo;
  }

  get ctx(): RuntimeContext {
    return this.task.sched.host as RuntimeContext;
  }

  get hooks(): CoroutineHooks {
    return this.info.hooks;
  }

  get label(): string | null {
    return this.info.label;
  }

  get onDone(): DoneCallback | null {
    return this.info.onDone;
  }

  set onDone(cb: DoneCallback | null) {
    const i = this.info;
    this.bits = (this.bits & LOW_BITS) | (newInfo(i.ctx, i.hooks, i.label, cb).index << INFO_SHIFT);
  }

  /** The async call's future (this coroutine), or null for top-level code. */
  get future(): Future | null {
    return (this.bits & TOP_LEVEL) !== 0 ? null : this;
  }

  private get phase(): number {
    return this.bits & STATE;
  }

  private set phase(p: number) {
    this.bits = (this.bits & ~STATE) | p;
  }

  /** Call depth while resumed: 1 for async function bodies, 0 for top-level code. */
  get resumeDepth(): number {
    return (this.bits & TOP_LEVEL) !== 0 ? 0 : 1;
  }

  /** The awaited future settled: queue the continuation (§A1.3). */
  onFutureSettled(_f: Future): void {
    this.task.sched.enqueue(resumeJob, this);
  }

  /** Runs the first step synchronously, in the caller's context. */
  start(): void {
    this.run(NEXT, null);
  }

  get isDone(): boolean {
    return this.phase === DONE;
  }

  /**
   * Stops waiting: detaches from the awaited future so this activation is never resumed (REPL
   * deadlock, cancellation). Returns the future it was waiting on, if any.
   */
  abandon(): Future | null {
    const f = this.waitingOn;
    this.unlink();
    if (f === null) return null;
    this.waitingOn = null;
    f.removeObserver(this);
    return f;
  }

  /**
   * Cancels the call (async.md §A3): a suspended call unwinds at once with AT0171; a call whose
   * own code is running is cancelled at its next await (or when it returns). False when done.
   */
  override cancel(): boolean {
    const p = this.phase;
    if (p === DONE) return false;
    if (p !== SUSPENDED) {
      this.bits |= CANCEL_REQUESTED;
      return true;
    }
    this.unwind(this.cancelError());
    return true;
  }

  private cancelError(): ErrorValue {
    return cancelledError((this.bits & TOP_LEVEL) === 0 ? callSubject(this.label) : taskSubject(this.task.name, this.task.id));
  }

  /** Abandons the pending await, closes the generator, cancels what it waited on, rejects. */
  private unwind(err: ErrorValue): void {
    const tracer = this.ctx.tracer;
    if (tracer !== null) tracer.awaitEnd(this, null);
    const f = this.abandon();
    this.phase = DONE;
    try {
      this.gen.return(null);
    } catch {
      // a generator cannot throw on return without finally blocks; nothing to report
    }
    cancelAbandoned(f);
    if ((this.bits & TOP_LEVEL) === 0) this.reject(err);
    if (this.onDone !== null) this.onDone(new RuntimeError(err.code, err.message, this.awaitSpan), null);
  }

  /** Suspends at `f`: queues the continuation when it settles (or now if it has). */
  suspendOn(f: Future): void {
    const sched = this.task.sched;
    this.phase = SUSPENDED;
    this.awaitSpan = sched.awaitSpan;
    this.waitingOn = f;
    this.link();
    const tracer = (sched.host as RuntimeContext).tracer;
    if (tracer !== null) tracer.awaitBegin(this, f);
    if ((this.bits & CANCEL_REQUESTED) !== 0 || this.task.cancelled) {
      this.unwind(this.cancelError());
      return;
    }
    if (f.state === PENDING) f.onSettle(this);
    // Even an already-settled await lets earlier queued jobs run first (§A1.3).
    else sched.enqueue(resumeJob, this);
  }

  private link(): void {
    if ((this.bits & LINKED) !== 0) return;
    const t = this.task;
    this.taskNext = t.coHead;
    if (t.coHead !== null) t.coHead.taskPrev = this;
    t.coHead = this;
    this.bits |= LINKED;
  }

  private unlink(): void {
    if ((this.bits & LINKED) === 0) return;
    const t = this.task;
    if (this.taskPrev !== null) this.taskPrev.taskNext = this.taskNext;
    else t.coHead = this.taskNext;
    if (this.taskNext !== null) this.taskNext.taskPrev = this.taskPrev;
    this.taskPrev = this.taskNext = null;
    this.bits &= ~LINKED;
  }

  /** @internal resumes after the awaited future settled. */
  resume(): void {
    const f = this.waitingOn;
    if (f === null || this.phase !== SUSPENDED) return; // abandoned or cancelled
    const rt = this.task.sched.host as RuntimeContext;
    const tracer = rt.tracer;
    if (tracer !== null) tracer.awaitEnd(this, f);
    this.waitingOn = null;
    this.unlink();
    const saved = rt.depth;
    rt.depth = this.resumeDepth;
    try {
      if (f.state === RESOLVED) this.run(NEXT, f.value);
      else if (f.error !== null) this.run(THROW, runtimeErrorFromError(f.error, this.awaitSpan));
    } finally {
      rt.depth = saved;
    }
  }

  /** @internal one step of the generator, in this coroutine's task. */
  run(mode: typeof NEXT | typeof THROW, arg: unknown): void {
    const sched = this.task.sched;
    const prev = sched.current;
    sched.current = this.task;
    this.phase = RUNNING;
    let r: IteratorResult<Future, Value>;
    try {
      r = mode === NEXT ? this.gen.next(arg as Value) : this.gen.throw(arg);
    } catch (e) {
      sched.current = prev;
      this.phase = DONE;
      this.fail(e);
      return;
    }
    sched.current = prev;
    if (r.done === true) {
      this.phase = DONE;
      this.succeed(r.value);
    } else this.suspendOn(r.value);
  }

  private succeed(v: Value): void {
    if ((this.bits & CANCEL_REQUESTED) !== 0) {
      this.phase = SUSPENDED;
      this.unwind(this.cancelError());
      return;
    }
    if ((this.bits & TOP_LEVEL) === 0) this.resolve(v);
    if (this.onDone !== null) this.onDone(null, v);
  }

  /** The body threw: return signals complete it; runtime errors reject or fail; bugs propagate. */
  private fail(e: unknown): void {
    const rv = this.hooks.returnValue(e);
    if (rv !== NOT_RETURN) {
      this.succeed(rv);
      return;
    }
    let err: RuntimeError;
    if (e instanceof RuntimeError) err = e;
    else if (isHostStackOverflow(e)) err = stackOverflowError(this.awaitSpan, this.ctx.maxCallDepth);
    else throw e; // an internal bug or ProgramExit: handled at the job boundary
    if ((this.bits & TOP_LEVEL) === 0) this.reject(errorFromRuntimeError(err));
    if (this.onDone !== null) this.onDone(err, null);
  }
}

function resumeJob(co: Coroutine): void {
  co.resume();
}

/** One prototype for the generator functions given to shareGeneratorPrototype. */
const SHARED_GENERATOR_PROTOTYPE: object = Object.create(Object.getPrototypeOf(function* () {}).prototype as object) as object;

/**
 * Gives a generator function created at run time (a compiled async body declared per function
 * value) the shared prototype instead of one allocated lazily per function object (about 5×
 * faster when each is called once, async.md §A11 B2, B10). Returns the function.
 */
export function shareGeneratorPrototype<F extends (...args: never[]) => AsyncGen>(genFn: F): F {
  (genFn as { prototype: object }).prototype = SHARED_GENERATOR_PROTOTYPE;
  return genFn;
}

/**
 * Settles an async call's future from what its body threw before suspending: a return signal
 * resolves it, a runtime error (or a host stack overflow, as AT0008) rejects it; anything else
 * is not the program's and propagates.
 */
function settleFromThrow(ctx: RuntimeContext, fut: Future, e: unknown, hooks: CoroutineHooks): Future {
  const rv = hooks.returnValue(e);
  if (rv !== NOT_RETURN) fut.resolve(rv);
  else if (e instanceof RuntimeError) fut.reject(errorFromRuntimeError(e));
  else if (isHostStackOverflow(e)) fut.reject(errorFromRuntimeError(stackOverflowError(null, ctx.maxCallDepth)));
  else throw e;
  return fut;
}

/**
 * Calls an async function whose body contains no await (§6.13.2): `run` executes the whole body
 * now; its result resolves, and its runtime error rejects, the returned (settled) future.
 */
export function settledCall(ctx: RuntimeContext, run: () => Value, hooks: CoroutineHooks = NO_HOOKS): Future {
  const fut = ctx.scheduler.newFuture();
  let v: Value;
  try {
    v = run();
  } catch (e) {
    return settleFromThrow(ctx, fut, e, hooks);
  }
  fut.resolve(v);
  return fut;
}

/**
 * Calls an async function's body (§6.13.2): a pending future, the body run synchronously up to
 * its first await (within the caller's depth), the future returned; errors in the body reject
 * it. The future is cancellable (async.md §A3).
 */
export function startAsyncCall(ctx: RuntimeContext, gen: AsyncGen, name: string | null, hooks: CoroutineHooks = NO_HOOKS): Future {
  const sched = ctx.scheduler;
  // The first step runs before any future exists: a body that completes without suspending
  // (the common case for short async functions) costs only a settled Future; one that suspends
  // becomes a Coroutine, which is its own future.
  let r: IteratorResult<Future, Value>;
  try {
    r = gen.next(null);
  } catch (e) {
    return settleFromThrow(ctx, sched.newFuture(), e, hooks);
  }
  if (r.done === true) {
    const fut = sched.newFuture();
    fut.resolve(r.value);
    return fut;
  }
  const co = new Coroutine(ctx, gen, sched.current, false, hooks, name);
  co.suspendOn(r.value);
  return co;
}
