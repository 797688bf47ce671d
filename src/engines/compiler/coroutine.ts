// Drives compiled generators (async function bodies and module top-level code) on the shared
// scheduler, mirroring the interpreter's coroutines exactly (language.md §6.13, async.md §A1):
// each `yield` hands over the awaited Future; the continuation is queued when it settles (or at
// once if it already has); resumed activations start at call depth 1 (top-level code at 0); a
// rejected await re-raises the Error at its origin or at the await (§6.13.4).
import type { Span } from "../../diagnostics/span.js";
import { RuntimeError } from "../../runtime/errors.js";
import { PENDING, RESOLVED, type Future } from "../../runtime/future.js";
import { errorFromRuntimeError, isHostStackOverflow, runtimeErrorFromError, stackOverflowError } from "../../runtime/report.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import type { Value } from "../../runtime/values.js";

/** A compiled generator: yields awaited futures, resumed with their values. */
export type CompiledGen = Generator<Future, Value, Value>;

/** The scheduler's task type (named through the context so this file follows the runtime). */
type Task = RuntimeContext["scheduler"]["current"];

/** Span of the `await` that is suspending (set by `$rt.awaitable`, read when suspending). */
export const awaitState: { span: Span | null } = { span: null };

export type DoneCallback = (failure: RuntimeError | null, value: Value) => void;

const NEXT = 0;
const THROW = 1;

export class Coroutine {
  waitingOn: Future | null = null;
  awaitSpan: Span | null = null;
  onDone: DoneCallback | null = null;
  private readonly observer: (f: Future) => void;

  constructor(
    readonly ctx: RuntimeContext,
    readonly gen: CompiledGen,
    readonly future: Future | null,
    readonly task: Task,
    readonly resumeDepth: number,
    readonly isTaskRoot: boolean,
  ) {
    this.observer = () => ctx.scheduler.enqueue(resumeJob, this);
  }

  start(): void {
    step(this, NEXT, null);
  }

  /** Stops waiting: detaches from the awaited future so this activation is never resumed. */
  abandon(): Future | null {
    const f = this.waitingOn;
    if (f === null) return null;
    this.waitingOn = null;
    f.removeObserver(this.observer);
    if (this.isTaskRoot) this.task.waiting = null;
    return f;
  }

  suspendOn(f: Future): void {
    this.awaitSpan = awaitState.span;
    this.waitingOn = f;
    if (f.state === PENDING) {
      if (this.isTaskRoot) this.task.waiting = { what: "future", span: this.awaitSpan };
      f.onSettle(this.observer);
    } else {
      // Even an already-settled await lets earlier queued jobs run first (§A1.3).
      this.ctx.scheduler.enqueue(resumeJob, this);
    }
  }
}

function resumeJob(co: Coroutine): void {
  const f = co.waitingOn;
  if (f === null) return; // abandoned
  co.waitingOn = null;
  if (co.isTaskRoot) co.task.waiting = null;
  const rt = co.ctx;
  const saved = rt.depth;
  rt.depth = co.resumeDepth;
  try {
    if (f.state === RESOLVED) step(co, NEXT, f.value);
    else if (f.error !== null) step(co, THROW, runtimeErrorFromError(f.error, co.awaitSpan));
  } finally {
    rt.depth = saved;
  }
}

function step(co: Coroutine, mode: typeof NEXT | typeof THROW, arg: unknown): void {
  const sched = co.ctx.scheduler;
  const prev = sched.current;
  sched.current = co.task;
  let r: IteratorResult<Future, Value>;
  try {
    r = mode === NEXT ? co.gen.next(arg as Value) : co.gen.throw(arg);
  } catch (e) {
    sched.current = prev;
    fail(co, e);
    return;
  }
  sched.current = prev;
  if (r.done === true) succeed(co, r.value);
  else co.suspendOn(r.value);
}

function succeed(co: Coroutine, v: Value): void {
  if (co.future !== null) co.future.resolve(v);
  if (co.onDone !== null) co.onDone(null, v);
}

function fail(co: Coroutine, e: unknown): void {
  let err: RuntimeError;
  if (e instanceof RuntimeError) err = e;
  else if (isHostStackOverflow(e)) err = stackOverflowError(co.awaitSpan, co.ctx.maxCallDepth);
  else throw e; // an internal bug: reported by the runner
  if (co.future !== null) co.future.reject(errorFromRuntimeError(err));
  if (co.onDone !== null) co.onDone(err, null);
}

/**
 * Calls an async function's body (§6.13.2): a pending future, the body run synchronously up to
 * its first await (within the caller's depth), the future returned; body errors reject it.
 */
export function startAsync(ctx: RuntimeContext, gen: CompiledGen): Future {
  const sched = ctx.scheduler;
  const fut = sched.newFuture();
  const co = new Coroutine(ctx, gen, fut, sched.current, 1, false);
  co.start();
  return fut;
}
