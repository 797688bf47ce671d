// Time sources for the scheduler (design.md R10, async.md §A1.8): the Clock interface, the
// RealClock on the host's monotonic clock and timers, and a VirtualClock for tests and corpus
// runs. No other module reads host time or arms host timers.

export interface Clock {
  /** Monotonic milliseconds (sub-millisecond precision) since an arbitrary origin. */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch. */
  epochMs(): number;
  /**
   * Virtual clocks may jump: when the scheduler is idle (nothing ready, no I/O in flight),
   * it calls `advanceTo(nextDeadline)` instead of arming a host timer.
   */
  readonly jumpsWhenIdle: boolean;
  /** Moves virtual time forward to `t` (never backwards). Real clocks ignore it. */
  advanceTo(t: number): void;
  /**
   * Arms a host timer that calls `cb` once, at or after monotonic time `deadline`.
   * Returns a function that disarms it. Only used when `jumpsWhenIdle` is false.
   */
  armTimer(deadline: number, cb: () => void): () => void;
}

/** The longest delay Node's setTimeout accepts (about 24.8 days). */
const MAX_HOST_DELAY = 2 ** 31 - 1;

/** The host clock: `performance.now()`, `Date.now()` and `setTimeout`. */
export class RealClock implements Clock {
  readonly jumpsWhenIdle = false;

  now(): number {
    return performance.now();
  }

  epochMs(): number {
    return Date.now();
  }

  advanceTo(_t: number): void {
    // Real time cannot be moved.
  }

  armTimer(deadline: number, cb: () => void): () => void {
    // Node timers have millisecond granularity and may fire a fraction early: round up,
    // and let the scheduler re-arm if the deadline has not quite been reached.
    // Node clamps delays above 2^31-1 ms to 1 ms with a TimeoutOverflowWarning: cap them; the
    // scheduler re-arms until the deadline is reached.
    const delay = Math.min(MAX_HOST_DELAY, Math.max(0, Math.ceil(deadline - performance.now())));
    const h = setTimeout(cb, delay);
    return () => clearTimeout(h);
  }
}

/**
 * Virtual time for deterministic runs. With `autoJump` (corpus runs, async.md §A1.8) the
 * scheduler jumps to the next deadline whenever it is idle; without it (unit tests) time moves
 * only through `advance(ms)` followed by `scheduler.flush()`.
 */
export class VirtualClock implements Clock {
  private t: number;
  readonly jumpsWhenIdle: boolean;
  private readonly epochOrigin: number;

  constructor(opts: { autoJump?: boolean; start?: number; epochOrigin?: number } = {}) {
    this.jumpsWhenIdle = opts.autoJump ?? true;
    this.t = opts.start ?? 0;
    this.epochOrigin = opts.epochOrigin ?? 1_700_000_000_000;
  }

  now(): number {
    return this.t;
  }

  epochMs(): number {
    return this.epochOrigin + this.t;
  }

  advanceTo(t: number): void {
    if (t > this.t) this.t = t;
  }

  /** Moves time forward by `ms` (tests). */
  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  armTimer(_deadline: number, _cb: () => void): () => void {
    // A virtual clock never fires by itself: tests call advance() and flush().
    return () => {};
  }
}
