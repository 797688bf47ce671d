// Synchronisation (async.md §A9): Mutex<T> (a FIFO-fair lock owned by a task, guarding a value)
// and Semaphore (FIFO counting permits, counted per holding task); lock/acquire as cancellable
// futures, AT0174 for misuse, automatic release when the holding task ends (Task.endHooks), and
// the guarded runs of asyncMutexUpdate / semaphoreWith (release on every outcome).
import type { Span } from "../diagnostics/span.js";
import { callNow, callScheduled } from "./activation.js";
import { cancelledError } from "./cancel.js";
import { ClaimFuture, WaitList, type Linked } from "./channel.js";
import { RuntimeError } from "./errors.js";
import { Future, PENDING, type FutureObserver, type FutureSource } from "./future.js";
import { errorFromRuntimeError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Scheduler } from "./scheduler.js";
import type { Task } from "./task.js";
import { Handle, type ErrorValue, type Value } from "./values.js";

export const MISUSE_CODE = "AT0174";

type EndHook = (t: Task) => void;

function addEndHook(t: Task, h: EndHook): void {
  (t.endHooks ??= []).push(h);
}

function removeEndHook(t: Task, h: EndHook): void {
  const hs = t.endHooks;
  if (hs === null) return;
  const i = hs.lastIndexOf(h);
  if (i >= 0) hs.splice(i, 1);
}

/** A queued lock or permit request: granted in FIFO order, cancelled if its task has ended. */
interface GrantWaiter extends Linked {
  readonly task: Task;
  granted(): void;
  cancel(): boolean;
}

// ---- Mutex -----------------------------------------------------------------------------------------

export class MutexValue extends Handle {
  readonly typeName: string = "mutex";
  /** The holding task, or null when unlocked. */
  owner: Task | null = null;
  /** Counts grants, so a guarded run or an abandoned lock releases only its own hold. */
  holdSeq = 0;
  readonly waiters = new WaitList<GrantWaiter>();
  private readonly onOwnerEnd: EndHook = (t) => {
    if (this.owner === t) this.release();
  };

  constructor(public value: Value) {
    super();
  }

  /** Takes the lock now if it is free and nobody is queued (FIFO fairness). */
  tryAcquire(task: Task): boolean {
    if (this.owner !== null || this.waiters.size > 0) return false;
    this.take(task);
    return true;
  }

  private take(task: Task): void {
    this.owner = task;
    this.holdSeq++;
    addEndHook(task, this.onOwnerEnd);
  }

  /** Unlocks and hands the lock to the first queued request whose task is still running. */
  release(): void {
    const o = this.owner;
    if (o === null) return;
    removeEndHook(o, this.onOwnerEnd);
    this.owner = null;
    while (this.owner === null) {
      const w = this.waiters.shift();
      if (w === null) return;
      if (w.task.finished) {
        w.cancel();
        continue;
      }
      this.take(w.task);
      w.granted();
    }
  }

  /** Releases hold number `seq` if it is still the current one. */
  releaseHold(task: Task, seq: number): void {
    if (this.owner === task && this.holdSeq === seq) this.release();
  }

  display(): string {
    return "<Mutex>";
  }
}

function taskLabel(t: Task): string {
  return t.describe();
}

/** asyncMutexUnlock (A9): AT0174 unless the current task holds the lock. */
export function mutexUnlock(m: MutexValue, task: Task): void {
  const o = m.owner;
  if (o === null) throw new RuntimeError(MISUSE_CODE, "asyncMutexUnlock(): the mutex is not locked");
  if (o !== task) {
    throw new RuntimeError(MISUSE_CODE, `asyncMutexUnlock(): the mutex is held by ${taskLabel(o)}, not by ${taskLabel(task)}`);
  }
  m.release();
}

/** A mutex or semaphore as its claim futures see it. */
interface Guard {
  readonly waiters: WaitList<GrantWaiter>;
  tryAcquire(task: Task): boolean;
}

/** asyncMutexLock's / semaphoreAcquire's future; while pending it is the queued request. */
abstract class QueuedClaim<G extends Guard> extends ClaimFuture implements GrantWaiter, FutureSource {
  prev: Linked | null = null;
  next: Linked | null = null;
  list: WaitList<Linked> | null = null;
  /** What a pending claim waits for. */
  protected abstract readonly queuedKind: string;
  /** The builtin named in the cancellation error. */
  protected abstract readonly name: string;

  constructor(
    sched: Scheduler,
    readonly guard: G,
    readonly task: Task,
  ) {
    super(sched);
  }

  override get waitKind(): string {
    return this.state === PENDING ? this.queuedKind : "future";
  }

  granted(): void {
    this.resolve(null);
  }

  /** Leaves the queue without taking the lock / a permit; rejects with AT0171. */
  override cancel(): boolean {
    if (this.state !== PENDING) return false;
    this.list?.remove(this);
    this.reject(cancelledError(`${this.name}()`));
    return true;
  }

  /** Takes the guard at once when free, else queues (FIFO). */
  claim(): Future {
    if (this.guard.tryAcquire(this.task)) {
      this.granted();
      return this;
    }
    this.source = this;
    this.guard.waiters.push(this);
    return this;
  }
}

class LockFuture extends QueuedClaim<MutexValue> {
  protected readonly queuedKind = "mutex lock";
  protected readonly name = "asyncMutexLock";
  seq = 0;

  override granted(): void {
    this.seq = this.guard.holdSeq;
    super.granted();
  }

  protected returnResult(): void {
    this.guard.releaseHold(this.task, this.seq);
  }
}

/** asyncMutexLock (A9): resolves once the current task holds the lock (FIFO). */
export function mutexLock(sched: Scheduler, m: MutexValue): Future {
  return new LockFuture(sched, m, sched.current).claim();
}

// ---- Semaphore -------------------------------------------------------------------------------------

export class SemaphoreValue extends Handle {
  readonly typeName: string = "semaphore";
  /** Permits not held by any task. */
  available: number;
  readonly waiters = new WaitList<GrantWaiter>();
  /** Permits held per task (a task may release only what it acquired). */
  readonly held = new Map<Task, number>();
  private readonly onHolderEnd: EndHook = (t) => {
    const n = this.held.get(t);
    if (n === undefined) return;
    this.held.delete(t);
    this.available += n;
    this.grantWaiting();
  };

  constructor(readonly permits: number) {
    super();
    this.available = permits;
  }

  /** Takes a permit now if one is free and nobody is queued (FIFO fairness). */
  tryAcquire(task: Task): boolean {
    if (this.available === 0 || this.waiters.size > 0) return false;
    this.available--;
    this.addHeld(task);
    return true;
  }

  private addHeld(task: Task): void {
    const n = this.held.get(task) ?? 0;
    this.held.set(task, n + 1);
    if (n === 0) addEndHook(task, this.onHolderEnd);
  }

  /** Returns one of `task`'s permits; false if it holds none. */
  releaseFrom(task: Task): boolean {
    const n = this.held.get(task);
    if (n === undefined) return false;
    if (n === 1) {
      this.held.delete(task);
      removeEndHook(task, this.onHolderEnd);
    } else this.held.set(task, n - 1);
    this.available++;
    this.grantWaiting();
    return true;
  }

  private grantWaiting(): void {
    while (this.available > 0) {
      const w = this.waiters.shift();
      if (w === null) return;
      if (w.task.finished) {
        w.cancel();
        continue;
      }
      this.available--;
      this.addHeld(w.task);
      w.granted();
    }
  }

  display(): string {
    return "<Semaphore>";
  }
}

/** semaphoreRelease (A9): AT0174 when the current task holds no permit of `s`. */
export function semaphoreRelease(s: SemaphoreValue, task: Task): void {
  if (!s.releaseFrom(task)) {
    throw new RuntimeError(MISUSE_CODE, `semaphoreRelease(): ${taskLabel(task)} released more permits than it acquired`);
  }
}

class AcquireFuture extends QueuedClaim<SemaphoreValue> {
  protected readonly queuedKind = "semaphore acquire";
  protected readonly name = "semaphoreAcquire";

  protected returnResult(): void {
    this.guard.releaseFrom(this.task);
  }
}

/** semaphoreAcquire (A9): resolves once the current task holds one more permit (FIFO). */
export function semaphoreAcquire(sched: Scheduler, s: SemaphoreValue): Future {
  return new AcquireFuture(sched, s, sched.current).claim();
}

// ---- guarded runs: asyncMutexUpdate, semaphoreWith -------------------------------------------------------

const QUEUED = 0;
const GRANTED = 1;
const RUNNING = 2;
const FINISHED = 3;
type RunState = typeof QUEUED | typeof GRANTED | typeof RUNNING | typeof FINISHED;

/**
 * Acquire, run the callback in the calling task (at once if the lock or permit is free, else as
 * a job when granted), await a returned future (one level), release on every outcome, settle.
 * The result future is cancellable: queued → leaves the queue; running → its future is cancelled.
 */
abstract class GuardedRun<G> implements GrantWaiter, FutureSource {
  prev: Linked | null = null;
  next: Linked | null = null;
  list: WaitList<Linked> | null = null;
  state: RunState = QUEUED;
  private inner: Future | null = null;
  private innerObserver: FutureObserver | null = null;

  constructor(
    readonly ctx: RuntimeContext,
    readonly task: Task,
    readonly fn: Value,
    readonly out: Future,
    readonly span: Span | null,
    /** The mutex or semaphore this run holds. */
    readonly guard: G,
  ) {}

  /** What a queued run waits for (a run past its grant waits on its callback's future). */
  protected abstract readonly queuedKind: string;
  protected abstract readonly name: string;
  protected abstract args(): Value[];
  /** The callback's value (asyncMutexUpdate stores it). */
  protected abstract store(v: Value): void;
  protected abstract releaseHold(): void;

  get waitKind(): string {
    return this.state === QUEUED ? this.queuedKind : "future";
  }

  get waitingOn(): Future | null {
    return this.inner;
  }

  /** Queued: the result future waits (cancellably) for the grant. */
  queue(list: WaitList<GrantWaiter>): void {
    this.out.source = this;
    list.push(this);
  }

  granted(): void {
    this.state = GRANTED;
    this.out.source = this;
    this.ctx.scheduler.enqueue(guardedJob, this);
  }

  /** @internal the job run once granted. */
  resume(): void {
    if (this.state !== GRANTED) return;
    if (this.task.status === "Cancelled") {
      this.cancel();
      return;
    }
    this.run(false);
  }

  run(sync: boolean): void {
    this.state = RUNNING;
    let r: Value;
    try {
      const args = this.args();
      r = sync ? callNow(this.ctx, this.fn, args, this.span) : callScheduled(this.ctx, this.task, this.fn, args, this.span);
    } catch (e) {
      if (!(e instanceof RuntimeError)) {
        this.releaseHold();
        throw e;
      }
      this.finish(null, errorFromRuntimeError(e));
      return;
    }
    if (!(r instanceof Future)) {
      this.finish(r, null);
      return;
    }
    r.observed = true;
    if (r.state !== PENDING) {
      this.finish(r.value, r.error);
      return;
    }
    this.out.source = this;
    this.inner = r;
    const obs: FutureObserver = (g) => {
      this.inner = null;
      this.innerObserver = null;
      this.finish(g.value, g.error);
    };
    this.innerObserver = obs;
    r.onSettle(obs);
  }

  private finish(v: Value, err: ErrorValue | null): void {
    if (this.state === FINISHED) return;
    this.state = FINISHED;
    if (err === null) this.store(v);
    this.releaseHold();
    if (err !== null) this.out.reject(err);
    else this.out.resolve(v);
  }

  cancel(): boolean {
    if (this.state === FINISHED || !this.out.isPending) return false;
    const prev = this.state;
    this.state = FINISHED;
    const inner = this.inner;
    if (inner !== null && this.innerObserver !== null) inner.removeObserver(this.innerObserver);
    this.inner = null;
    this.innerObserver = null;
    if (prev === QUEUED) this.list?.remove(this);
    this.out.reject(cancelledError(`${this.name}()`));
    if (inner !== null) inner.cancel();
    if (prev !== QUEUED) this.releaseHold();
    return true;
  }
}

function guardedJob<G>(r: GuardedRun<G>): void {
  r.resume();
}

class MutexUpdate extends GuardedRun<MutexValue> {
  protected readonly name = "asyncMutexUpdate";
  protected readonly queuedKind = "mutex lock";
  private seq = 0;

  override granted(): void {
    this.seq = this.guard.holdSeq;
    super.granted();
  }

  /** Taken at once: remember the hold. */
  heldNow(): void {
    this.seq = this.guard.holdSeq;
  }

  protected args(): Value[] {
    return [this.guard.value];
  }

  protected store(v: Value): void {
    this.guard.value = v;
  }

  protected releaseHold(): void {
    this.guard.releaseHold(this.task, this.seq);
  }
}

class SemaphoreRun extends GuardedRun<SemaphoreValue> {
  protected readonly name = "semaphoreWith";
  protected readonly queuedKind = "semaphore acquire";

  protected args(): Value[] {
    return [];
  }

  protected store(_v: Value): void {
    // semaphoreWith only returns the value
  }

  protected releaseHold(): void {
    this.guard.releaseFrom(this.task);
  }
}

/** asyncMutexUpdate (A9): runs `f(value)` holding the lock, stores and returns its result. */
export function mutexUpdate(ctx: RuntimeContext, m: MutexValue, f: Value, span: Span | null): Future {
  const sched = ctx.scheduler;
  const task = sched.current;
  const out = sched.newFuture();
  const run = new MutexUpdate(ctx, task, f, out, span, m);
  if (m.tryAcquire(task)) {
    run.heldNow();
    run.run(true);
  } else run.queue(m.waiters);
  return out;
}

/** semaphoreWith (A9): acquire, run `f()` (awaiting a returned future), release, settle. */
export function semaphoreWith(ctx: RuntimeContext, s: SemaphoreValue, f: Value, span: Span | null): Future {
  const sched = ctx.scheduler;
  const task = sched.current;
  const out = sched.newFuture();
  const run = new SemaphoreRun(ctx, task, f, out, span, s);
  if (s.tryAcquire(task)) run.run(true);
  else run.queue(s.waiters);
  return out;
}
