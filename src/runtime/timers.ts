// Timers and time (async.md §A5): sleep (a cancellable future on a scheduler timer), the Timer
// handle of `timer` / `interval` (each run a new task, child of the creator; intervals tick at
// k·ms after creation and skip ticks while the previous run is unsettled), cancelTimer,
// timeout (AT0170, cancels its input), and retry / retryWithTimeout (exponential backoff with
// jitter). Argument checks are the builtins' job (stdlib/async-timers.ts).
import type { Span } from "../diagnostics/span.js";
import { callNow, callScheduled } from "./activation.js";
import { cancelledError, isCancellation } from "./cancel.js";
import { formatNumber } from "./display.js";
import { RuntimeError } from "./errors.js";
import { BasicFuture, Future, type FutureObserver, type FutureSource } from "./future.js";
import { errorFromRuntimeError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Scheduler, TimerEntry, TimerTarget } from "./scheduler.js";
import { disown, doCancel, own, spawnTask, type OwnedResource, type Task } from "./task.js";
import { ErrorValue, Handle, type Value } from "./values.js";

// ---- sleep ---------------------------------------------------------------------------------------

/** sleep's future: its own cancellable source and its timer's target (one object per sleep). */
class SleepFuture extends BasicFuture implements FutureSource, TimerTarget {
  entry: TimerEntry | null = null;

  constructor(
    sched: Scheduler,
    private readonly ms: number,
  ) {
    super(sched);
    this.source = this;
  }

  onTimer(): void {
    this.entry = null;
    this.resolve(null);
  }

  override cancel(): boolean {
    if (!this.isPending) return false;
    if (this.entry !== null) (this.tracker as Scheduler).cancelTimer(this.entry);
    this.entry = null;
    this.reject(cancelledError(`sleep(${formatNumber(this.ms)})`));
    return true;
  }
}

/** sleep(ms) (A5): resolves with null once `ms` have passed and the ready queue is empty. */
export function sleepFuture(ctx: RuntimeContext, ms: number): Future {
  const sched = ctx.scheduler;
  const f = new SleepFuture(sched, ms);
  f.entry = sched.addTimer(ms, f);
  return f;
}

// ---- timer and interval ------------------------------------------------------------------------

/** A Timer value (typeof "timer", Display `<Timer>`): a one-shot timer or an interval. */
export class TimerHandle extends Handle implements OwnedResource {
  readonly typeName: string = "timer";
  /** Armed and not cancelled (a one-shot timer stops being live when it fires). */
  live = true;
  private entry: TimerEntry | null = null;
  /** The latest run (task); for an interval, ticks are skipped while it is unsettled. */
  private run: Task | null = null;
  private ticks = 0;
  private readonly createdAt: number;
  /** The creator's task-local storage when the timer was made (each run starts with it). */
  private readonly locals: Map<string, string> | null;

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly owner: Task,
    private readonly ms: number,
    private readonly fn: Value,
    private readonly repeat: boolean,
    private readonly span: Span | null,
  ) {
    super();
    this.createdAt = ctx.clock.now();
    // Like a spawn at creation time (and like Node's AsyncLocalStorage for timers): the runs
    // see the locals as they were when the timer was created. Shared copy-on-write.
    this.locals = owner.locals;
    if (this.locals !== null) owner.localsOwned = false;
    own(owner, this);
    this.arm();
  }

  private arm(): void {
    const sched = this.ctx.scheduler;
    // k·ms after creation (no drift); ticks already in the past are skipped, not caught up.
    const now = this.ctx.clock.now();
    this.ticks++;
    while (this.repeat && this.createdAt + this.ticks * this.ms < now) this.ticks++;
    this.entry = sched.addTimerAt(this.createdAt + this.ticks * this.ms, () => this.fire());
  }

  private fire(): void {
    this.entry = null;
    if (!this.live) return;
    const prev = this.run;
    if (this.repeat) this.arm();
    else {
      this.live = false;
      disown(this.owner, this);
    }
    if (prev !== null && prev.status === "Running") return; // no pile-up: skip this tick
    if (this.owner.status === "Cancelled") return;
    const run = spawnTask(this.ctx, this.fn, null, this.span, this.owner);
    run.locals = this.locals;
    run.localsOwned = false;
    this.run = run;
  }

  /** cancelTimer (A5): stops it and suppresses a run queued but not started. */
  cancel(): boolean {
    let changed = false;
    if (this.live) {
      this.live = false;
      changed = true;
      if (this.entry !== null) this.ctx.scheduler.cancelTimer(this.entry);
      this.entry = null;
      disown(this.owner, this);
    }
    const r = this.run;
    if (r !== null && !r.started && r.status === "Running") {
      doCancel(r, null);
      changed = true;
    }
    return changed;
  }

  display(): string {
    return "<Timer>";
  }
}

// ---- timeout -------------------------------------------------------------------------------------

/** AT0170 `Operation timed out after <ms> ms` (A5). */
export function timeoutError(ms: number, origin: Span | null): ErrorValue {
  return new ErrorValue("AT0170", `Operation timed out after ${formatNumber(ms)} ms`, origin);
}

class TimeoutSource implements FutureSource {
  entry: TimerEntry | null = null;
  constructor(
    readonly sched: Scheduler,
    readonly out: Future,
    readonly waitingOn: Future,
    readonly observer: FutureObserver,
  ) {}

  get awaitSpan(): Span | null {
    return null;
  }

  /** Stops the timer and detaches from the input. */
  detach(): void {
    if (this.entry !== null) this.sched.cancelTimer(this.entry);
    this.entry = null;
    this.waitingOn.removeObserver(this.observer);
  }

  cancel(): boolean {
    if (!this.out.isPending) return false;
    this.detach();
    this.out.reject(cancelledError("timeout"));
    this.waitingOn.cancel();
    return true;
  }
}

/**
 * timeout(f, ms) (A5): settles like `f` if it settles within `ms`; otherwise rejects with
 * AT0170 and cancels `f` (when cancellable). The result is itself cancellable.
 */
export function timeoutFuture(ctx: RuntimeContext, f: Future, ms: number, span: Span | null): Future {
  const sched = ctx.scheduler;
  const out = sched.newFuture();
  f.observed = true;
  if (!f.isPending) {
    out.settleLike(f);
    return out;
  }
  const observer: FutureObserver = (g) => {
    src.detach();
    out.settleLike(g);
  };
  const src = new TimeoutSource(sched, out, f, observer);
  out.source = src;
  f.onSettle(observer);
  src.entry = sched.addTimer(ms, () => {
    src.entry = null;
    if (!out.isPending) return;
    f.removeObserver(observer);
    out.reject(timeoutError(ms, span));
    f.cancel();
  });
  return out;
}

// ---- retry ---------------------------------------------------------------------------------------

class RetrySource implements FutureSource {
  attempt: Future | null = null;
  entry: TimerEntry | null = null;
  constructor(
    readonly sched: Scheduler,
    readonly out: Future,
  ) {}

  get waitingOn(): Future | null {
    return this.attempt;
  }

  cancel(): boolean {
    if (!this.out.isPending) return false;
    if (this.entry !== null) this.sched.cancelTimer(this.entry);
    this.entry = null;
    this.out.reject(cancelledError("retry"));
    const a = this.attempt;
    this.attempt = null;
    if (a !== null) a.cancel();
    return true;
  }
}

/**
 * retry (A5): `attempts` calls of `makeAttempt` at most; the first at once, call k+1 after
 * `baseDelayMs · 2^(k-1) · u`, u uniform in [0.5, 1]; rejects with the last Error; an AT0171
 * stops it at once. `attemptFn` (a function value) returns the attempt's result (a Future is awaited).
 */
export function retryFuture(
  ctx: RuntimeContext,
  attemptFn: Value,
  attempts: number,
  baseDelayMs: number,
  span: Span | null,
): Future {
  const sched = ctx.scheduler;
  const task = sched.current;
  const out = sched.newFuture();
  const src = new RetrySource(sched, out);
  out.source = src;
  let k = 0;
  const failed = (e: ErrorValue): void => {
    if (!out.isPending) return;
    if (isCancellation(e) || k >= attempts) {
      out.reject(e);
      return;
    }
    const delay = baseDelayMs * 2 ** (k - 1) * (0.5 + 0.5 * sched.random());
    src.entry = sched.addTimer(delay, () => {
      src.entry = null;
      if (out.isPending) attempt(false);
    });
  };
  const attempt = (first: boolean): void => {
    k++;
    let r: Value;
    try {
      r = first ? callNow(ctx, attemptFn, [], span) : callScheduled(ctx, task, attemptFn, [], span);
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      failed(errorFromRuntimeError(e));
      return;
    }
    if (!(r instanceof Future)) {
      out.resolve(r);
      return;
    }
    src.attempt = r;
    r.observed = true;
    r.onSettle((g) => {
      if (src.attempt === g) src.attempt = null;
      if (g.error !== null) failed(g.error);
      else out.resolve(g.value);
    });
  };
  attempt(true);
  return out;
}
