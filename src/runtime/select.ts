// select (async.md §A6): SelectCase values (typeof "selectcase", Display `<SelectCase>`) and the
// select operation — readiness, the fair deterministic `n mod k` choice, onDefault, waiting with
// one waiter per channel case in the channels' FIFO lists (first ready wins), the onTimeout
// timer, exactly one case committed, the handler run in the selecting task, cancellation.
import type { Span } from "../diagnostics/span.js";
import { callNow, callScheduled } from "./activation.js";
import { cancelledError } from "./cancel.js";
import { channelClosedError, type Channel, type ChanWaiter, type Linked, type WaitList } from "./channel.js";
import { RuntimeError } from "./errors.js";
import { Future, PENDING, type FutureObserver, type FutureSource } from "./future.js";
import { errorFromRuntimeError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Scheduler, TimerEntry } from "./scheduler.js";
import type { Task } from "./task.js";
import { ErrorValue, Handle, NONE, OptionValue, some, type Value } from "./values.js";

export const RECEIVE_CASE = 0;
export const SEND_CASE = 1;
export const TIMEOUT_CASE = 2;
export const DEFAULT_CASE = 3;
export type CaseKind = typeof RECEIVE_CASE | typeof SEND_CASE | typeof TIMEOUT_CASE | typeof DEFAULT_CASE;

/** One case of a select (onReceive / onSend / onTimeout / onDefault): a description, reusable. */
export class SelectCase extends Handle {
  readonly typeName: string = "selectcase";
  constructor(
    readonly kind: CaseKind,
    readonly channel: Channel | null,
    /** The value an onSend case offers. */
    readonly payload: Value,
    /** The onTimeout delay. */
    readonly ms: number,
    readonly handler: Value,
  ) {
    super();
  }

  display(): string {
    return "<SelectCase>";
  }
}

/** The per-runtime count `n` of selects that found two or more ready cases (§A6 choice rule). */
const choiceCounters = new WeakMap<Scheduler, { n: number }>();

function choose(sched: Scheduler, ready: number[]): number {
  if (ready.length === 1) return ready[0];
  let c = choiceCounters.get(sched);
  if (c === undefined) {
    c = { n: 0 };
    choiceCounters.set(sched, c);
  }
  return ready[c.n++ % ready.length];
}

const WAITING = 0;
const COMMITTED = 1;
const HANDLING = 2;
const DONE = 3;
type OpState = typeof WAITING | typeof COMMITTED | typeof HANDLING | typeof DONE;

/** A waiting select's entry in one channel's list of receivers or senders. */
class SelectWaiter implements ChanWaiter {
  prev: Linked | null = null;
  next: Linked | null = null;
  list: WaitList<Linked> | null = null;

  constructor(
    readonly op: SelectOp,
    readonly index: number,
    readonly isSend: boolean,
    readonly payload: Value,
  ) {}

  sent(): void {
    this.op.commit(this.index, null);
  }

  received(v: Value): void {
    this.op.commit(this.index, some(v));
  }

  closed(err: ErrorValue | null): void {
    if (this.isSend) this.op.fail(channelClosedError("select", this.op.span));
    else if (err !== null) this.op.fail(err);
    else this.op.commit(this.index, NONE);
  }
}

/** The operation behind a select's future (its cancellable source). */
class SelectOp implements FutureSource {
  readonly waitKind = "select";
  state: OpState = WAITING;
  private waiters: SelectWaiter[] = [];
  private timer: TimerEntry | null = null;
  private chosen = -1;
  /** The chosen receive case's Option (given back if cancelled before the handler ran). */
  private arg: Value = null;
  private inner: Future | null = null;
  private innerObserver: FutureObserver | null = null;

  constructor(
    readonly ctx: RuntimeContext,
    readonly task: Task,
    readonly cases: SelectCase[],
    readonly out: Future,
    readonly span: Span | null,
  ) {}

  /** While the handler's returned future is pending: deadlock notes follow it. */
  get waitingOn(): Future | null {
    return this.inner;
  }

  /** Registers a waiter per channel case and arms the timeout (the select waits). */
  wait(): void {
    this.out.source = this;
    const cases = this.cases;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const ch = c.channel;
      if (c.kind === TIMEOUT_CASE) {
        const index = i;
        this.timer = this.ctx.scheduler.addTimer(c.ms, () => {
          this.timer = null;
          this.commit(index, null);
        });
      } else if (ch !== null && c.kind !== DEFAULT_CASE) {
        const w = new SelectWaiter(this, i, c.kind === SEND_CASE, c.payload);
        this.waiters.push(w);
        if (w.isSend) ch.senders.push(w);
        else ch.receivers.push(w);
      }
    }
  }

  /** Leaves every channel list and stops the timer (losing cases take and deliver nothing). */
  private unregister(): void {
    for (const w of this.waiters) w.list?.remove(w);
    this.waiters = [];
    if (this.timer !== null) this.ctx.scheduler.cancelTimer(this.timer);
    this.timer = null;
  }

  /** Case `i` became ready and took effect: the handler runs in the selecting task (a job). */
  commit(i: number, arg: Value): void {
    if (this.state !== WAITING) return;
    this.state = COMMITTED;
    this.chosen = i;
    this.arg = arg;
    this.unregister();
    this.ctx.scheduler.enqueue(handlerJob, this);
  }

  /** The select rejects (a send case's channel was closed, a receive case's closed with an Error). */
  fail(err: ErrorValue): void {
    if (this.state !== WAITING) return;
    this.state = DONE;
    this.unregister();
    this.out.reject(err);
  }

  /** Runs the chosen handler: synchronously when ready at once, else as a job of the task. */
  runHandler(i: number, arg: Value, sync: boolean): void {
    this.state = DONE;
    const c = this.cases[i];
    const args = c.kind === RECEIVE_CASE ? [arg] : [];
    let r: Value;
    try {
      r = sync ? callNow(this.ctx, c.handler, args, this.span) : callScheduled(this.ctx, this.task, c.handler, args, this.span);
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      this.out.reject(errorFromRuntimeError(e));
      return;
    }
    if (!(r instanceof Future)) {
      this.out.resolve(r);
      return;
    }
    r.observed = true;
    if (r.state !== PENDING) {
      this.out.settleLike(r);
      return;
    }
    // A returned future is adopted (one level, no extra turn); the select stays cancellable.
    this.state = HANDLING;
    this.out.source = this;
    this.inner = r;
    const obs: FutureObserver = (g) => {
      this.state = DONE;
      this.inner = null;
      this.innerObserver = null;
      this.out.settleLike(g);
    };
    this.innerObserver = obs;
    r.onSettle(obs);
  }

  /** @internal the handler job: skipped if the select was cancelled meanwhile. */
  handle(): void {
    if (this.state !== COMMITTED) return;
    if (this.task.status === "Cancelled") {
      this.cancel();
      return;
    }
    this.runHandler(this.chosen, this.arg, false);
  }

  /**
   * Cancels the select (A3, A6): a waiting select leaves every list; a committed receive whose
   * handler has not run yet gives its value back to the channel; a running handler's future is
   * cancelled. Rejects with AT0171.
   */
  cancel(): boolean {
    if (!this.out.isPending || this.state === DONE) return false;
    const prev = this.state;
    this.state = DONE;
    if (prev === WAITING) this.unregister();
    else if (prev === COMMITTED) this.giveBack();
    const inner = this.inner;
    if (inner !== null && this.innerObserver !== null) inner.removeObserver(this.innerObserver);
    this.inner = null;
    this.innerObserver = null;
    this.out.reject(cancelledError("select()"));
    if (inner !== null) inner.cancel();
    return true;
  }

  private giveBack(): void {
    const c = this.cases[this.chosen];
    const a = this.arg;
    if (c.kind === RECEIVE_CASE && c.channel !== null && a instanceof OptionValue && a.isSome) c.channel.giveBack(a.value);
  }
}

function handlerJob(op: SelectOp): void {
  op.handle();
}

/** AT0102 for an ill-formed case list (the builtin turns it into a rejection, A2.5). */
function checkCases(cases: SelectCase[]): RuntimeError | null {
  if (cases.length === 0) return new RuntimeError("AT0102", "select(): expected at least one case");
  let timeouts = 0;
  let defaults = 0;
  for (const c of cases) {
    if (c.kind === TIMEOUT_CASE) timeouts++;
    else if (c.kind === DEFAULT_CASE) defaults++;
  }
  if (timeouts > 1) return new RuntimeError("AT0102", "select(): at most one onTimeout case is allowed");
  if (defaults > 1) return new RuntimeError("AT0102", "select(): at most one onDefault case is allowed");
  return null;
}

/**
 * select (A6): performs exactly one case. Ready cases now → the `n mod k`-th (fair and
 * deterministic) takes effect and its handler runs at once; else onDefault's handler; else the
 * select waits and the first case to become ready wins. Rejects with AT0172 if a send case's
 * channel is closed, with AT0102 for two onTimeout or onDefault cases.
 */
export function selectFuture(ctx: RuntimeContext, cases: SelectCase[], span: Span | null): Future {
  const sched = ctx.scheduler;
  const bad = checkCases(cases);
  if (bad !== null) throw bad;
  const out = sched.newFuture();
  const op = new SelectOp(ctx, sched.current, cases, out, span);
  const ready: number[] = [];
  let dflt = -1;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const ch = c.channel;
    if (c.kind === DEFAULT_CASE) dflt = i;
    else if (c.kind === RECEIVE_CASE && ch !== null) {
      if (ch.canReceive) ready.push(i);
    } else if (c.kind === SEND_CASE && ch !== null) {
      if (ch.closed) {
        out.reject(channelClosedError("select", span));
        return out;
      }
      if (ch.canSend) ready.push(i);
    }
  }
  if (ready.length > 0) {
    const i = choose(sched, ready);
    const c = cases[i];
    const ch = c.channel as Channel;
    let arg: Value = null;
    if (c.kind === SEND_CASE) ch.put(c.payload);
    else if (ch.hasValue) arg = some(ch.take());
    else if (ch.closeError !== null) {
      out.reject(ch.closeError);
      return out;
    } else arg = NONE;
    op.runHandler(i, arg, true);
  } else if (dflt >= 0) op.runHandler(dflt, null, true);
  else op.wait();
  return out;
}
