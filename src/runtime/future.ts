// The Atlas Future (language.md §6.13, async.md §A3): a one-shot, non-thenable handle that is
// pending, resolved or rejected. It never schedules anything itself: observers are called
// synchronously when it settles (the coroutine's `await` observer then queues the
// continuation; adoption observers settle at once, "costing no extra turn", async.md §A1.3).
// A cancellable future has a `source` (the operation behind it: an async call's coroutine, a
// timer, a channel wait, …) that knows how to abort it (async.md §A3 "Cancellable futures").
import type { Span } from "../diagnostics/span.js";
import { Handle, type ErrorValue, type Value } from "./values.js";

export const PENDING = 0;
export const RESOLVED = 1;
export const REJECTED = 2;
export type FutureState = typeof PENDING | typeof RESOLVED | typeof REJECTED;

/** Told about every rejection, in order, so unobserved ones can be reported (async.md §A2.4). */
export interface RejectionTracker {
  noteRejection(f: Future): void;
}

/** An object told when a future settles (coroutines and tasks: no closure per await). */
export interface SettleListener {
  onFutureSettled(f: Future): void;
}

/** Told when a future settles: a callback or a listener object. */
export type FutureObserver = ((f: Future) => void) | SettleListener;

function tell(o: FutureObserver, f: Future): void {
  if (typeof o === "function") o(f);
  else o.onFutureSettled(f);
}

/**
 * The operation behind a cancellable future. `cancel()` aborts it and rejects the future with
 * AT0171; it returns false when the operation cannot be cancelled (any more).
 * `waitingOn`/`awaitSpan` (coroutines only) let deadlock reports follow a chain of async calls
 * to the innermost await; `waitKind` names what a waiter on this future is blocked on
 * (`channel receive`, `mutex lock`, …; default `future`), async.md §A1.5.
 */
export interface FutureSource {
  cancel(): boolean;
  readonly waitingOn?: Future | null;
  readonly awaitSpan?: Span | null;
  readonly waitKind?: string;
}

export class Future extends Handle {
  get typeName(): string {
    return "future";
  }
  state: FutureState = PENDING;
  /** The resolution value (meaningful when RESOLVED). */
  value: Value = null;
  /** The rejection reason (non-null exactly when REJECTED). */
  error: ErrorValue | null = null;
  /**
   * Set when something awaits, joins or combines this future (async.md §A2.4); state queries
   * do not observe. An unobserved rejection is reported at program end as AT0175.
   */
  observed = false;
  /** The cancellable operation behind it, or null (not cancellable). */
  source: FutureSource | null = null;
  // Observers: the first one inline (the common case: one awaiter), more in an array.
  private obs1: FutureObserver | null = null;
  private obsMore: FutureObserver[] | null = null;

  constructor(protected readonly tracker: RejectionTracker | null) {
    super();
  }

  get isPending(): boolean {
    return this.state === PENDING;
  }

  /** What a task waiting on this future is blocked on (deadlock notes, async.md §A1.5). */
  get waitKind(): string {
    const s = this.source;
    return s !== null && s.waitKind !== undefined ? s.waitKind : "future";
  }

  /** Settles with `v`; ignored (returns false) if already settled. */
  resolve(v: Value): boolean {
    if (this.state !== PENDING) return false;
    this.state = RESOLVED;
    this.value = v;
    this.source = null;
    this.notify();
    return true;
  }

  /** Settles with Error `e`; ignored (returns false) if already settled. */
  reject(e: ErrorValue): boolean {
    if (this.state !== PENDING) return false;
    this.state = REJECTED;
    this.error = e;
    this.source = null;
    if (this.tracker !== null) this.tracker.noteRejection(this);
    this.notify();
    return true;
  }

  /** Settles like `other` (which must be settled). */
  settleLike(other: Future): boolean {
    if (other.state === RESOLVED) return this.resolve(other.value);
    if (other.state === REJECTED && other.error !== null) return this.reject(other.error);
    return false;
  }

  /**
   * Calls `cb` synchronously when this future settles, in registration order; if it is already
   * settled, calls it at once. Does not mark the future observed.
   */
  onSettle(cb: FutureObserver): void {
    if (this.state !== PENDING) {
      tell(cb, this);
      return;
    }
    if (this.obs1 === null && this.obsMore === null) this.obs1 = cb;
    else if (this.obsMore === null) {
      this.obsMore = this.obs1 === null ? [cb] : [this.obs1, cb];
      this.obs1 = null;
    } else this.obsMore.push(cb);
  }

  /** Removes an observer registered with onSettle (used when an await is abandoned). */
  removeObserver(cb: FutureObserver): void {
    if (this.obs1 === cb) {
      this.obs1 = null;
      return;
    }
    const more = this.obsMore;
    if (more === null) return;
    const i = more.indexOf(cb);
    if (i >= 0) more.splice(i, 1);
    if (more.length === 0) this.obsMore = null;
  }

  /** True when something is waiting for this future to settle. */
  get hasObservers(): boolean {
    return this.obs1 !== null || (this.obsMore !== null && this.obsMore.length > 0);
  }

  /**
   * Aborts the operation behind a pending cancellable future (async.md §A3 `futureCancel`):
   * false when it is settled or not cancellable.
   */
  cancel(): boolean {
    if (this.state !== PENDING || this.source === null) return false;
    return this.source.cancel();
  }

  private notify(): void {
    const one = this.obs1;
    const more = this.obsMore;
    this.obs1 = null;
    this.obsMore = null;
    if (one !== null) tell(one, this);
    if (more !== null) for (let i = 0; i < more.length; i++) tell(more[i], this);
  }

  display(): string {
    return this.state === PENDING ? "Future(pending)" : this.state === RESOLVED ? "Future(resolved)" : "Future(rejected)";
  }
}

export function isFuture(v: unknown): v is Future {
  return v instanceof Future;
}
