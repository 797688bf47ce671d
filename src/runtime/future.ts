// The Atlas Future (language.md §6.13, async.md §A3): a one-shot, non-thenable handle that is
// pending, resolved or rejected. It never schedules anything itself: observers are called
// synchronously when it settles (the coroutine's `await` observer then queues the
// continuation; adoption observers settle at once, "costing no extra turn", async.md §A1.3).
// A cancellable future has a `source` (the operation behind it: an async call's coroutine, a
// timer, a channel wait, …) that knows how to abort it (async.md §A3 "Cancellable futures").
import type { Span } from "../diagnostics/span.js";
import { InternalBug } from "./errors.js";
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

export abstract class Future extends Handle {
  // Compact storage (100,000 futures and tasks must stay cheap, async.md §A11 B2/B10): the
  // state and the observed flag share one small integer, and one slot holds the observers (a
  // single observer, or an array of them) while pending, then the value or the error (the
  // state tells which: a value may itself be an array). Subclasses may use the
  // bits from FUTURE_FREE_BITS_SHIFT up (Task does: one word less per task). The cancellable
  // `source` and the rejection `tracker` are not fields here: BasicFuture stores them, while
  // the numerous kinds (tasks, coroutines, channel waits) derive them (two words less each).
  protected bits: number = PENDING;
  private slot: FutureObserver | FutureObserver[] | Value | ErrorValue = null;

  /** The cancellable operation behind it, or null (not cancellable; always null once settled). */
  abstract get source(): FutureSource | null;
  abstract set source(s: FutureSource | null);

  /** Told about this future's rejection (AT0175 reports), or null. */
  protected abstract get tracker(): RejectionTracker | null;

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
    return (this.bits & STATE_MASK) === RESOLVED ? (this.slot as Value) : null;
  }

  /** Sets the value without notifying (only for a settled future nobody can observe yet). */
  set value(v: Value) {
    this.slot = v;
  }

  /** The rejection reason (non-null exactly when REJECTED). */
  get error(): ErrorValue | null {
    return (this.bits & STATE_MASK) === REJECTED ? (this.slot as ErrorValue) : null;
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
    const o = this.slot as FutureObserver | FutureObserver[] | null;
    this.bits |= RESOLVED;
    this.slot = v;
    this.dropSource();
    if (o !== null) this.notify(o);
    return true;
  }

  /** Settles with Error `e`; ignored (returns false) if already settled. */
  reject(e: ErrorValue): boolean {
    if ((this.bits & STATE_MASK) !== PENDING) return false;
    const o = this.slot as FutureObserver | FutureObserver[] | null;
    this.bits |= REJECTED;
    this.slot = e;
    this.dropSource();
    const tr = this.tracker;
    if (tr !== null) tr.noteRejection(this);
    if (o !== null) this.notify(o);
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
    const o = this.slot as FutureObserver | FutureObserver[] | null;
    if (o === null) this.slot = cb;
    else if (Array.isArray(o)) o.push(cb);
    else this.slot = [o, cb];
  }

  /** Removes an observer registered with onSettle (used when an await is abandoned). */
  removeObserver(cb: FutureObserver): void {
    if ((this.bits & STATE_MASK) !== PENDING) return;
    const o = this.slot as FutureObserver | FutureObserver[] | null;
    if (o === cb) {
      this.slot = null;
      return;
    }
    if (o === null || !Array.isArray(o)) return;
    const i = o.indexOf(cb);
    if (i >= 0) o.splice(i, 1);
    if (o.length === 0) this.slot = null;
  }

  /** True when something is waiting for this future to settle. */
  get hasObservers(): boolean {
    if ((this.bits & STATE_MASK) !== PENDING) return false;
    const o = this.slot;
    return o !== null && (!Array.isArray(o) || o.length > 0);
  }

  /**
   * Aborts the operation behind a pending cancellable future (async.md §A3 `futureCancel`):
   * false when it is settled or not cancellable.
   */
  cancel(): boolean {
    if ((this.bits & STATE_MASK) !== PENDING) return false;
    const s = this.source;
    return s !== null && s.cancel();
  }

  /** Settling forgets the source (a derived source needs nothing: it is null once settled). */
  protected dropSource(): void {
    // derived
  }

  private notify(o: FutureObserver | FutureObserver[]): void {
    if (!Array.isArray(o)) tell(o, this);
    else for (let i = 0; i < o.length; i++) tell(o[i], this);
  }

  display(): string {
    const st = this.bits & STATE_MASK;
    return st === PENDING ? "Future(pending)" : st === RESOLVED ? "Future(resolved)" : "Future(rejected)";
  }
}

/** A future that stores its source and tracker (plain futures, sleeps, lock requests, …). */
export class BasicFuture extends Future {
  private src: FutureSource | null = null;

  constructor(private readonly trk: RejectionTracker | null = null) {
    super();
  }

  get source(): FutureSource | null {
    return this.src;
  }

  set source(s: FutureSource | null) {
    this.src = s;
  }

  protected get tracker(): RejectionTracker | null {
    return this.trk;
  }

  protected override dropSource(): void {
    this.src = null;
  }
}

/**
 * For futures that are their own source while pending (channel waits, async calls): the value
 * of the derived `source`. Setting it to anything but itself or null is an internal error.
 */
export function checkOwnSource(f: Future, s: FutureSource | null): void {
  if (s !== null && s !== (f as unknown as FutureSource)) throw new InternalBug("a future that is its own source was given another one");
}

export function isFuture(v: unknown): v is Future {
  return v instanceof Future;
}
