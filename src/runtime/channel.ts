// Channels (async.md §A6): the Channel value (typeof "channel", Display `<Channel>`), a ring
// buffer plus FIFO lists of blocked senders and receivers, send/receive as cancellable futures,
// trySend/tryReceive, close (idempotent) and close-with-error (streams). Select cases wait in the
// same lists (select.ts); locks and semaphores are in sync.ts.
import type { Span } from "../diagnostics/span.js";
import { cancelledError } from "./cancel.js";
import { InternalBug } from "./errors.js";
import { BasicFuture, checkOwnSource, Future, FUTURE_FREE_BITS_SHIFT, PENDING, RESOLVED, type FutureObserver, type FutureSource, type RejectionTracker } from "./future.js";
import type { Scheduler } from "./scheduler.js";
import type { Task } from "./task.js";
import { ErrorValue, Handle, NONE, OptionValue, some, type Value } from "./values.js";

export const CHANNEL_CLOSED_CODE = "AT0172";

/** AT0172 `<op>(): the channel is closed` (async.md §A2.2, §A6). */
export function channelClosedError(op: string, origin: Span | null): ErrorValue {
  return new ErrorValue(CHANNEL_CLOSED_CODE, `${op}(): the channel is closed`, origin);
}

// ---- wait lists ----------------------------------------------------------------------------------

/** A node of a WaitList (blocked senders/receivers here, lock and permit requests in sync.ts). */
export interface Linked {
  prev: Linked | null;
  next: Linked | null;
  list: WaitList<Linked> | null;
}

/** An intrusive doubly linked FIFO list: O(1) push, shift and removal from the middle. */
export class WaitList<T extends Linked> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  push(w: T): void {
    w.list = this as unknown as WaitList<Linked>;
    w.prev = this.tail;
    w.next = null;
    if (this.tail !== null) this.tail.next = w;
    else this.head = w;
    this.tail = w;
    this.size++;
  }

  shift(): T | null {
    const w = this.head;
    if (w !== null) this.remove(w);
    return w;
  }

  remove(w: T): void {
    if (w.list !== (this as unknown as WaitList<Linked>)) return;
    if (w.prev !== null) w.prev.next = w.next;
    else this.head = w.next as T | null;
    if (w.next !== null) w.next.prev = w.prev;
    else this.tail = w.prev as T | null;
    w.prev = w.next = null;
    w.list = null;
    this.size--;
  }
}

/**
 * A blocked sender or receiver: a plain channelSend/channelReceive future, or one case of a
 * waiting select. The channel unlinks it, then calls exactly one of the three completions.
 */
export interface ChanWaiter extends Linked {
  /** The value a blocked sender offers. */
  readonly payload: Value;
  /** A receiver took this sender's value. */
  sent(): void;
  /** This receiver gets `v` (the raw value; wrapped in Some by the receiver). */
  received(v: Value): void;
  /** The channel was closed: senders fail with AT0172; receivers get None or `err`. */
  closed(err: ErrorValue | null): void;
}

// ---- the channel ---------------------------------------------------------------------------------

export class Channel extends Handle {
  readonly typeName: string = "channel";
  /** -1 unbounded, 0 rendezvous, else the buffer bound. */
  readonly capacity: number;
  closed = false;
  /** The Error receivers get once the buffer is drained (streams, async.md §A7/§A8). */
  closeError: ErrorValue | null = null;
  readonly senders = new WaitList<ChanWaiter>();
  readonly receivers = new WaitList<ChanWaiter>();
  /** Host callbacks run once when the channel is closed (streams stop producing). */
  private closeListeners: (() => void)[] | null = null;
  // Ring buffer (power-of-two size, grows on demand).
  private buf: Value[];
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    super();
    this.capacity = capacity;
    let n = 8;
    while (capacity > n && n < 1024) n *= 2;
    this.buf = new Array<Value>(n).fill(null);
  }

  /** Buffered values (channelLen). */
  get length(): number {
    return this.count;
  }

  /** A receive would complete now (a value, a waiting sender, or closed). */
  get canReceive(): boolean {
    return this.count > 0 || this.senders.size > 0 || this.closed;
  }

  /** A send would complete now (open, and a waiting receiver or room in the buffer). */
  get canSend(): boolean {
    return !this.closed && (this.receivers.size > 0 || this.capacity < 0 || this.count < this.capacity);
  }

  /** A value is available without waiting (tryReceive). */
  get hasValue(): boolean {
    return this.count > 0 || this.senders.size > 0;
  }

  /**
   * Takes the next value (requires hasValue): from the buffer — then the first blocked sender's
   * value moves into the freed slot — or straight from the first blocked sender.
   */
  take(): Value {
    if (this.count > 0) {
      const v = this.shiftBuf();
      const w = this.senders.shift();
      if (w !== null) {
        this.pushBuf(w.payload);
        w.sent();
      }
      return v;
    }
    const w = this.senders.shift();
    if (w === null) return null;
    w.sent();
    return w.payload;
  }

  /** Delivers `v` (requires canSend): to the first blocked receiver, else into the buffer. */
  put(v: Value): void {
    const w = this.receivers.shift();
    if (w !== null) w.received(v);
    else this.pushBuf(v);
  }

  /**
   * Returns a value whose receiver abandoned it unread (cancel-safety, async.md §A4.2): to the
   * first blocked receiver, else back at the front of the buffer (it was the oldest value; the
   * buffer may exceed its bound by one until it is received).
   */
  giveBack(v: Value): void {
    const w = this.receivers.shift();
    if (w !== null) {
      w.received(v);
      return;
    }
    if (this.count === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = v;
    this.count++;
  }

  /**
   * channelClose (or closing with an Error, for streams): idempotent. Blocked senders fail with
   * AT0172 (their values are not delivered); blocked receivers get None (or `err`); buffered
   * values stay to be drained.
   */
  close(err: ErrorValue | null = null): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.closeError = err;
    for (let w = this.senders.shift(); w !== null; w = this.senders.shift()) w.closed(err);
    for (let w = this.receivers.shift(); w !== null; w = this.receivers.shift()) w.closed(err);
    const ls = this.closeListeners;
    this.closeListeners = null;
    if (ls !== null) for (const l of ls) l();
    return true;
  }

  /** Calls `cb` once when the channel is closed (at once if it already is). */
  onClose(cb: () => void): void {
    if (this.closed) {
      cb();
      return;
    }
    (this.closeListeners ??= []).push(cb);
  }

  /** Buffered values, oldest first (tests). */
  toArray(): Value[] {
    const out: Value[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.buf[(this.head + k) & (this.buf.length - 1)]);
    return out;
  }

  private pushBuf(v: Value): void {
    if (this.count === this.buf.length) this.grow();
    this.buf[(this.head + this.count) & (this.buf.length - 1)] = v;
    this.count++;
  }

  private shiftBuf(): Value {
    const i = this.head;
    const v = this.buf[i];
    this.buf[i] = null;
    this.head = (i + 1) & (this.buf.length - 1);
    this.count--;
    return v;
  }

  private grow(): void {
    const n = this.buf.length;
    const next = new Array<Value>(n * 2).fill(null);
    for (let k = 0; k < this.count; k++) next[k] = this.buf[(this.head + k) & (n - 1)];
    this.buf = next;
    this.head = 0;
  }

  display(): string {
    return "<Channel>";
  }
}

// ---- futures of channelSend / channelReceive ----------------------------------------------------------

/**
 * A Future that counts the observers registered on it, so that a result abandoned unread by its
 * only awaiter (the task or call was cancelled after the operation completed but before the
 * await resumed) can be given back: `giveBack` is called by cancel.ts's cancelAbandoned.
 * (Lock and permit futures; ReceiveFuture repeats these two members to stay a flat class, it
 * is on the hot path of every channel benchmark.)
 */
export abstract class ClaimFuture extends BasicFuture {
  /** onSettle registrations (awaits of a pending future, combinators, adoption); -1 once given back. */
  protected claims = 0;

  override onSettle(cb: FutureObserver): void {
    this.claims++;
    super.onSettle(cb);
  }

  /** The result was abandoned unread: return it unless someone else may have taken it. */
  giveBack(): void {
    if (this.claims < 0 || this.claims > 1 || this.state !== RESOLVED) return;
    this.claims = -1;
    this.returnResult();
  }

  protected abstract returnResult(): void;
}

// ReceiveFuture keeps ClaimFuture's `claims` in Future's free high bits (one word less per
// blocked receiver, async.md §A11 B10): a flag for "given back", one for "in the channel's
// receivers list" (its `list`, derived), then the count. Its source (itself while pending) and
// its tracker (the scheduler of the task that asked) are derived too.
const GIVEN_BACK = 1 << FUTURE_FREE_BITS_SHIFT;
const IN_LIST = 2 << FUTURE_FREE_BITS_SHIFT;
const CLAIM_SHIFT = FUTURE_FREE_BITS_SHIFT + 2;
const CLAIM_UNIT = 1 << CLAIM_SHIFT;

/**
 * A blocked channel operation: its own future, its own (cancellable) source while pending, and
 * the waiter node in the channel's senders or receivers list.
 */
abstract class ChannelWait extends Future implements FutureSource {
  prev: Linked | null = null;
  next: Linked | null = null;

  /** Itself while pending (cancellable), else null. */
  get source(): FutureSource | null {
    return this.isPending ? this : null;
  }

  set source(s: FutureSource | null) {
    checkOwnSource(this, s);
  }
}

/** channelReceive's future; while pending it is also the blocked receiver in the channel's list. */
export class ReceiveFuture extends ChannelWait implements ChanWaiter {
  constructor(
    readonly channel: Channel,
    /** The task whose code asked for the value. */
    private readonly creator: Task,
  ) {
    super();
  }

  protected get tracker(): RejectionTracker | null {
    return this.creator.sched;
  }

  /** The channel's receivers list while this receiver waits in it, else null. */
  get list(): WaitList<Linked> | null {
    return (this.bits & IN_LIST) !== 0 ? (this.channel.receivers as unknown as WaitList<Linked>) : null;
  }

  set list(l: WaitList<Linked> | null) {
    if (l === null) this.bits &= ~IN_LIST;
    else if (l === (this.channel.receivers as unknown as WaitList<Linked>)) this.bits |= IN_LIST;
    else throw new InternalBug("a channel receiver joined another wait list");
  }

  /** Receivers offer no value. */
  get payload(): Value {
    return null;
  }

  override get waitKind(): string {
    return this.state === PENDING ? "channel receive" : "future";
  }

  override onSettle(cb: FutureObserver): void {
    this.bits += CLAIM_UNIT;
    super.onSettle(cb);
  }

  /**
   * Called by cancelAbandoned when the await of this completed receive was abandoned unread.
   * The value goes back only when the asking task was cancelled: its code can no longer read it,
   * while a live task may still await this future itself (a value is never received twice).
   */
  giveBack(): void {
    const b = this.bits;
    if ((b & GIVEN_BACK) !== 0 || b >> CLAIM_SHIFT > 1 || this.state !== RESOLVED || this.creator.status !== "Cancelled") return;
    this.bits = b | GIVEN_BACK;
    const v = this.value;
    if (v instanceof OptionValue && v.isSome) this.channel.giveBack(v.value);
  }

  sent(): void {
    // receivers never offer values
  }

  received(v: Value): void {
    this.resolve(some(v));
  }

  closed(err: ErrorValue | null): void {
    if (err !== null) this.reject(err);
    else this.resolve(NONE);
  }

  /** Leaves the wait list without consuming anything and rejects with AT0171. */
  override cancel(): boolean {
    if (this.state !== PENDING) return false;
    this.list?.remove(this);
    this.reject(cancelledError("channelReceive()"));
    return true;
  }
}

/** channelSend's future while the sender is blocked (it is the waiter in the senders list). */
export class SendFuture extends ChannelWait implements ChanWaiter {
  list: WaitList<Linked> | null = null;

  constructor(
    private readonly sched: Scheduler,
    readonly channel: Channel,
    readonly payload: Value,
    private readonly origin: Span | null,
  ) {
    super();
  }

  protected get tracker(): RejectionTracker | null {
    return this.sched;
  }

  override get waitKind(): string {
    return this.state === PENDING ? "channel send" : "future";
  }

  sent(): void {
    this.resolve(null);
  }

  received(_v: Value): void {
    // senders never receive
  }

  closed(_err: ErrorValue | null): void {
    this.reject(channelClosedError("channelSend", this.origin));
  }

  /** Leaves the wait list without delivering and rejects with AT0171. */
  override cancel(): boolean {
    if (this.state !== PENDING) return false;
    this.list?.remove(this);
    this.reject(cancelledError("channelSend()"));
    return true;
  }
}

// ---- operations ----------------------------------------------------------------------------------------

/**
 * channelSend (A6): resolves once the value is delivered (to a receiver or into the buffer);
 * waits while the channel is full; rejects with AT0172 if it is or becomes closed first.
 */
export function channelSend(sched: Scheduler, ch: Channel, v: Value, origin: Span | null): Future {
  if (ch.closed) {
    const f = sched.newFuture();
    f.reject(channelClosedError("channelSend", origin));
    return f;
  }
  if (ch.receivers.size > 0 || ch.capacity < 0 || ch.length < ch.capacity) {
    ch.put(v);
    // Settled at birth: nobody can be observing it yet, so no notification is needed.
    const f = sched.newFuture();
    f.state = RESOLVED;
    return f;
  }
  const f = new SendFuture(sched, ch, v, origin);
  ch.senders.push(f);
  return f;
}

/** channelTrySend (A6): false when full or closed; never waits. */
export function channelTrySend(ch: Channel, v: Value): boolean {
  if (!ch.canSend) return false;
  ch.put(v);
  return true;
}

/**
 * channelReceive (A6): `Some(v)` with the next value; `None` once closed and drained (or the
 * close Error, rejected); waits while the channel is empty.
 */
export function channelReceive(sched: Scheduler, ch: Channel): Future {
  const f = new ReceiveFuture(ch, sched.current);
  if (ch.hasValue) {
    // Settled at birth: nobody can be observing it yet, so no notification is needed.
    f.state = RESOLVED;
    f.value = some(ch.take());
  } else if (ch.closed) {
    if (ch.closeError !== null) f.reject(ch.closeError);
    else f.resolve(NONE);
  } else {
    ch.receivers.push(f);
  }
  return f;
}

/** channelTryReceive (A6): the next value if one is available now, else None; never waits. */
export function channelTryReceive(ch: Channel): OptionValue {
  return ch.hasValue ? some(ch.take()) : NONE;
}
