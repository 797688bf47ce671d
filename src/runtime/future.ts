// The Atlas Future (language.md §6.13, async.md §A3): a one-shot, non-thenable handle that is
// pending, resolved or rejected. It never schedules anything itself: observers are called
// synchronously when it settles (the scheduler's `await` observer then queues the
// continuation; adoption observers settle at once, "costing no extra turn", async.md §A1.3).
import { Handle, type ErrorValue, type Value } from "./values.js";

export const PENDING = 0;
export const RESOLVED = 1;
export const REJECTED = 2;
export type FutureState = typeof PENDING | typeof RESOLVED | typeof REJECTED;

/** Told about every rejection, in order, so unobserved ones can be reported (async.md §A2.4). */
export interface RejectionTracker {
  noteRejection(f: Future): void;
}

export type FutureObserver = (f: Future) => void;

export class Future extends Handle {
  readonly typeName: string = "future";
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
  /**
   * Whether `cancel` may abort it (async-call futures, timers, I/O; async.md §A3). The
   * canceller is installed by whoever owns the operation.
   */
  canceller: (() => boolean) | null = null;
  private observers: FutureObserver[] | null = null;

  constructor(private readonly tracker: RejectionTracker | null) {
    super();
  }

  get isPending(): boolean {
    return this.state === PENDING;
  }

  /** Settles with `v`; ignored (returns false) if already settled. */
  resolve(v: Value): boolean {
    if (this.state !== PENDING) return false;
    this.state = RESOLVED;
    this.value = v;
    this.notify();
    return true;
  }

  /** Settles with Error `e`; ignored (returns false) if already settled. */
  reject(e: ErrorValue): boolean {
    if (this.state !== PENDING) return false;
    this.state = REJECTED;
    this.error = e;
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
      cb(this);
      return;
    }
    if (this.observers === null) this.observers = [cb];
    else this.observers.push(cb);
  }

  /** Removes an observer registered with onSettle (used when an await is abandoned). */
  removeObserver(cb: FutureObserver): void {
    if (this.observers === null) return;
    const i = this.observers.indexOf(cb);
    if (i >= 0) this.observers.splice(i, 1);
  }

  private notify(): void {
    const obs = this.observers;
    if (obs === null) return;
    this.observers = null;
    for (let i = 0; i < obs.length; i++) obs[i](this);
  }

  display(): string {
    return this.state === PENDING ? "Future(pending)" : this.state === RESOLVED ? "Future(resolved)" : "Future(rejected)";
  }
}

export function isFuture(v: unknown): v is Future {
  return v instanceof Future;
}
