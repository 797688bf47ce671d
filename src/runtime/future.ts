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

const STATE_MASK = 3;
const OBSERVED = 4;
/** Bits of `Future.bits` from this one up are free for subclasses (Task keeps its flags there). */
export const FUTURE_FREE_BITS_SHIFT = 3;

export class Future extends Handle {
  // Compact storage (100,000 futures and tasks must stay cheap, async.md §A11 B2/B10): the
  // state and the observed flag share one small integer, the value and the error one slot, and
  // the observers one slot (a single observer, or an array of them). Subclasses may use the
  // bits from FUTURE_FREE_BITS_SHIFT up (Task does: one word less per task).
  protected bits: number = PENDING;
  private result: Value | ErrorValue = null;
  /** The cancellable operation behind it, or null (not cancellable). */
  source: FutureSource | null = null;
  private obs: FutureObserver | FutureObserver[] | null = null;

  constructor(protected readonly tracker: RejectionTracker | null) {
    super();
  }

  get typeName(): string {
    return "future";
  }

  get state(): FutureState {
    return (this.bits & STATE_MASK) as FutureState;
  }

  /** Sets the state without notifying (only for a future nobody can observe yet). */
  set state(s: FutureState) {
    this.bits = (this.bits & ~STATE_MASK) | s;
  }

  /** The resolution value (null unless RESOLVED). */
  get value(): Value {
    return (this.bits & STATE_MASK) === RESOLVED ? (this.result as Value) : null;
  }

  /** Sets the value without notifying (only for a future nobody can observe yet). */
  set value(v: Value) {
    this.result = v;
  }

  /** The rejection reason (non-null exactly when REJECTED). */
  get error(): ErrorValue | null {
    return (this.bits & STATE_MASK) === REJECTED ? (this.result as ErrorValue) : null;
  }

  /**
   * Set when something awaits, joins or combines this future (async.md §A2.4); state queries
   * do not observe. An unobserved rejection is reported at program end as AT0175.
   */
  get observed(): boolean {
    return (this.bits & OBSERVED) !== 0;
  }

  set observed(v: boolean) {
    this.bits = v ? this.bits | OBSERVED : this.bits & ~OBSERVED;
  }

  get isPending(): boolean {
    return (this.bits & STATE_MASK) === PENDING;
  }

  /** What a task waiting on this future is blocked on (deadlock notes, async.md §A1.5). */
  get waitKind(): string {
    const s = this.source;
    // A future that is its own source (a suspended call, a sleep) and does not override this
    // getter is just a `future`.
    if (s === null || s === (this as FutureSource)) return "future";
    return s.waitKind !== undefined ? s.waitKind : "future";
  }

  /** Settles with `v`; ignored (returns false) if already settled. */
  resolve(v: Value): boolean {
    if ((this.bits & STATE_MASK) !== PENDING) return false;
    this.bits |= RESOLVED;
    this.result = v;
    this.source = null;
    this.notify();
    return true;
  }

  /** Settles with Error `e`; ignored (returns false) if already settled. */
  reject(e: ErrorValue): boolean {
    if ((this.bits & STATE_MASK) !== PENDING) return false;
    this.bits |= REJECTED;
    this.result = e;
    this.source = null;
    if (this.tracker !== null) this.tracker.noteRejection(this);
    this.notify();
    return true;
  }

  /** Settles like `other` (which must be settled). */
  settleLike(other: Future): boolean {
    const st = other.state;
    if (st === RESOLVED) return this.resolve(other.value);
    if (st === REJECTED) return this.reject(other.error as ErrorValue);
    return false;
  }

  /**
   * Calls `cb` synchronously when this future settles, in registration order; if it is already
   * settled, calls it at once. Does not mark the future observed.
   */
  onSettle(cb: FutureObserver): void {
    if ((this.bits & STATE_MASK) !== PENDING) {
      tell(cb, this);
      return;
    }
    const o = this.obs;
    if (o === null) this.obs = cb;
    else if (Array.isArray(o)) o.push(cb);
    else this.obs = [o, cb];
  }

  /** Removes an observer registered with onSettle (used when an await is abandoned). */
  removeObserver(cb: FutureObserver): void {
    const o = this.obs;
    if (o === cb) {
      this.obs = null;
      return;
    }
    if (o === null || !Array.isArray(o)) return;
    const i = o.indexOf(cb);
    if (i >= 0) o.splice(i, 1);
    if (o.length === 0) this.obs = null;
  }

  /** True when something is waiting for this future to settle. */
  get hasObservers(): boolean {
    const o = this.obs;
    return o !== null && (!Array.isArray(o) || o.length > 0);
  }

  /**
   * Aborts the operation behind a pending cancellable future (async.md §A3 `futureCancel`):
   * false when it is settled or not cancellable.
   */
  cancel(): boolean {
    if ((this.bits & STATE_MASK) !== PENDING || this.source === null) return false;
    return this.source.cancel();
  }

  private notify(): void {
    const o = this.obs;
    if (o === null) return;
    this.obs = null;
    if (!Array.isArray(o)) tell(o, this);
    else for (let i = 0; i < o.length; i++) tell(o[i], this);
  }

  display(): string {
    const st = this.bits & STATE_MASK;
    return st === PENDING ? "Future(pending)" : st === RESOLVED ? "Future(resolved)" : "Future(rejected)";
  }
}

export function isFuture(v: unknown): v is Future {
  return v instanceof Future;
}
