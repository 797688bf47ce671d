// The shared scheduler of async.md §A1: one FIFO ready queue of jobs drained in a loop, timers
// ordered by (deadline, creation) that fire only when the ready queue is empty, a count of host
// I/O in flight, idle detection (program end §A1.4 / deadlock §A1.5, decided by the runtime via
// `onIdle`), the registry of unfinished tasks (main is #1) with counters, deferred
// self-cancellations, and the log of rejections (AT0175). Host access goes only through the
// injected hooks (design.md R10): `wakeup` (setImmediate-like) and the Clock.
import type { Span } from "../diagnostics/span.js";
import { ProgramExit } from "./cancel.js";
import type { Clock } from "./clock.js";
import type { RuntimeContext } from "./runtime-context.js";
import { BasicFuture, Future, REJECTED, type RejectionTracker } from "./future.js";
import { doCancel, Task } from "./task.js";

export interface SchedulerHooks {
  /** Asks the host to call `cb` soon, on a fresh stack (e.g. `setImmediate`). */
  wakeup(cb: () => void): void;
  readonly clock: Clock;
}

export type Job<T> = (arg: T) => void;

/** Task counters for asyncStats (async.md §A10.1). */
export interface TaskStats {
  spawned: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/** A small deterministic PRNG (xorshift32) for virtual-time runs (retry jitter). */
function seededRandom(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** An object told when its timer fires (saves a closure per timer). */
export interface TimerTarget {
  onTimer(): void;
}

/** A one-shot timer entry. `live` turns false when it fires or is cancelled. */
export class TimerEntry {
  live = true;
  constructor(
    readonly deadline: number,
    readonly seq: number,
    readonly fn: (() => void) | TimerTarget,
  ) {}
}

function fireTarget(t: TimerTarget): void {
  t.onTimer();
}

function timerBefore(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

/** Pairs per ready-queue chunk, and a chunk's slot count (its last slot links the next chunk). */
const CHUNK_PAIRS = 512;
const CHUNK_SLOTS = 2 * CHUNK_PAIRS;

function newChunk(): unknown[] {
  return new Array<unknown>(CHUNK_SLOTS + 1).fill(undefined);
}

/** The task after `t` in a pre-order walk of the tree rooted at `root` (children in creation order). */
function nextInTree(t: Task, root: Task): Task | null {
  const c = t.firstChild;
  if (c !== null) return c;
  let n: Task | null = t;
  while (n !== null && n !== root) {
    if (n.nextSibling !== null) return n.nextSibling;
    n = n.parent;
  }
  return null;
}

export class Scheduler implements RejectionTracker {
  readonly clock: Clock;
  /** Number of host operations in flight (async.md §A1.4): while > 0 the program is not idle. */
  pendingIo = 0;
  /** The task whose code is running (or last ran). */
  current: Task;
  readonly main: Task;
  /** Called when nothing is ready, no timer is live and no I/O is in flight. */
  onIdle: (() => void) | null = null;
  /** Called when a job throws (jobs are expected to handle their own errors). */
  onJobError: ((e: unknown) => void) | null = null;
  /** Called whenever a drain ends, before control returns to the host (flushes output). */
  onPause: (() => void) | null = null;
  /**
   * Called when main is cancelled (async.md §A4.2): the run reports AT0171 at `span` and ends
   * the program; the canceller then unwinds with ProgramExit.
   */
  onMainCancelled: ((span: Span | null) => void) | null = null;
  /** Span of the `await` that is suspending (set by `awaitable`, read by the coroutine). */
  awaitSpan: Span | null = null;
  /** Uniform [0, 1) numbers for jitter: seeded under a virtual clock (deterministic runs). */
  random: () => number;
  /** Tasks ever created (main included) and how they ended. */
  readonly stats: TaskStats = { spawned: 0, completed: 0, failed: 0, cancelled: 0 };
  /** Coroutine infos of this runtime by index (coroutine.ts: one word less per suspended call). */
  readonly coroutineInfos: unknown[] = [];
  /** The runtime whose builtins drive this scheduler (set by the first spawn; runs task bodies). */
  host: RuntimeContext | null = null;

  // Ready queue: a FIFO of (job, argument) pairs in fixed-size chunks (slot 2i the job, 2i+1
  // its argument, the last slot the next chunk). A burst (100,000 spawns, async.md §A11 B10)
  // takes memory in proportion and gives it back as it drains, with no large copies; a small
  // queue keeps reusing one chunk.
  private qHead: unknown[] = newChunk();
  private qTail: unknown[] = this.qHead;
  private headIdx = 0;
  private tailIdx = 0;
  private count = 0;
  private spare: unknown[] | null = null;

  // Timers: a binary min-heap on (deadline, seq); cancelled entries are dropped lazily.
  private readonly heap: TimerEntry[] = [];
  private timerSeq = 0;
  private live = 0;

  private draining = false;
  private wakeRequested = false;
  private stopped = false;
  private hostTimerCancel: (() => void) | null = null;
  private hostTimerDeadline = Infinity;
  private nextTaskId = 1;
  private rejectionLog: Future[] = [];
  private rejectionLogLimit = 1024;
  private deferred: Task[] = [];
  private shutdownHooks: (() => void)[] = [];

  constructor(private readonly hooks: SchedulerHooks) {
    this.clock = hooks.clock;
    this.random = hooks.clock.jumpsWhenIdle ? seededRandom(0x2545f491) : Math.random;
    this.main = this.newTask("main", null);
    this.current = this.main;
  }

  // ---- tasks and futures -------------------------------------------------------------------

  /** Creates a task with the next id (ids count from 1, main). */
  newTask(name: string | null, parent: Task | null): Task {
    this.stats.spawned++;
    return new Task(this, this.nextTaskId++, name, parent);
  }

  /**
   * Unfinished tasks in id order. Every unfinished task is reachable from main through the
   * child lists (a finished task stays in its parent's list while it has children in its own).
   */
  liveTasks(): Task[] {
    // A walk of the tree through its own links (no stack), into an array of the known size
    // (100,000 blocked tasks: asyncStats must not allocate much more than the result, §A11 B10).
    const out = new Array<Task>(Math.max(0, this.liveTaskCount));
    let n = 0;
    let sorted = true;
    let t: Task | null = this.main;
    while (t !== null) {
      if (t.status === "Running") {
        if (n > 0 && out[n - 1].id > t.id) sorted = false;
        if (n < out.length) out[n] = t;
        else out.push(t);
        n++;
      }
      t = nextInTree(t, this.main);
    }
    out.length = n;
    return sorted ? out : out.sort((a, b) => a.id - b.id);
  }

  /** Number of unfinished tasks (main included while it runs). */
  get liveTaskCount(): number {
    const s = this.stats;
    return s.spawned - s.completed - s.failed - s.cancelled;
  }

  /** A task cancelled itself: the cancellation applies once its code yields (end of the job). */
  deferCancel(t: Task): void {
    this.deferred.push(t);
  }

  private applyDeferred(): void {
    const list = this.deferred;
    this.deferred = [];
    for (const t of list) if (t.cancelRequested) doCancel(t, null);
  }

  /** Main was cancelled: the run ends the program (see onMainCancelled). */
  cancelMain(span: Span | null): void {
    if (this.onMainCancelled !== null) this.onMainCancelled(span);
  }

  /** A new pending future whose rejections are tracked for AT0175. */
  newFuture(): Future {
    return new BasicFuture(this);
  }

  noteRejection(f: Future): void {
    const log = this.rejectionLog;
    log.push(f);
    if (log.length >= this.rejectionLogLimit) {
      // Observation is permanent: observed entries can never be reported, drop them.
      this.rejectionLog = log.filter((g) => !g.observed);
      this.rejectionLogLimit = Math.max(1024, this.rejectionLog.length * 2);
    }
  }

  /**
   * Rejected futures nobody observed, in the order they were rejected, excluding
   * cancellations (AT0171 is never reported, async.md §A2.4).
   */
  unobservedRejections(): Future[] {
    return this.rejectionLog.filter((f) => !f.observed && f.state === REJECTED && f.error !== null && f.error.code !== "AT0171");
  }

  /** Forgets logged rejections that have been reported (REPL: report once). */
  clearRejections(): void {
    this.rejectionLog.length = 0;
  }

  // ---- ready queue ---------------------------------------------------------------------------

  /** Queues `fn(arg)` at the back of the ready queue. */
  enqueue<T>(fn: Job<T>, arg: T): void {
    if (this.stopped) return;
    let c = this.qTail;
    let i = this.tailIdx;
    if (i === CHUNK_SLOTS) {
      const n = this.spare ?? newChunk();
      this.spare = null;
      c[CHUNK_SLOTS] = n;
      this.qTail = c = n;
      i = 0;
    }
    c[i] = fn;
    c[i + 1] = arg;
    this.tailIdx = i + 2;
    this.count++;
    this.requestWake();
  }

  /** Number of queued jobs. */
  get readyCount(): number {
    return this.count;
  }

  private requestWake(): void {
    if (this.draining || this.wakeRequested || this.stopped) return;
    this.wakeRequested = true;
    this.hooks.wakeup(() => {
      this.wakeRequested = false;
      this.drain();
    });
  }

  // ---- timers -------------------------------------------------------------------------------

  /** Arms a timer that runs `fn` (as a host callback, when the ready queue is empty) after `ms`. */
  addTimer(ms: number, fn: (() => void) | TimerTarget): TimerEntry {
    return this.addTimerAt(this.clock.now() + Math.max(0, ms), fn);
  }

  /** Arms a timer for monotonic time `deadline` (in the past: as soon as the queue is empty). */
  addTimerAt(deadline: number, fn: (() => void) | TimerTarget): TimerEntry {
    const t = new TimerEntry(deadline, this.timerSeq++, fn);
    this.heapPush(t);
    this.live++;
    if (!this.draining) this.requestWake();
    return t;
  }

  /** Disarms a timer; true if it was live. */
  cancelTimer(t: TimerEntry): boolean {
    if (!t.live) return false;
    t.live = false;
    this.live--;
    // Mass cancellation (cancelled tasks' sleeps): rebuild the heap from the live entries in
    // O(n) instead of popping each dead entry later.
    const h = this.heap;
    if (h.length > 256 && this.live < h.length >> 2) this.compactHeap();
    return true;
  }

  private compactHeap(): void {
    const h = this.heap;
    let n = 0;
    for (let i = 0; i < h.length; i++) if (h[i].live) h[n++] = h[i];
    h.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Number of live timers. */
  get liveTimers(): number {
    return this.live;
  }

  private peekTimer(): TimerEntry | null {
    const h = this.heap;
    while (h.length > 0 && !h[0].live) this.heapPop();
    return h.length > 0 ? h[0] : null;
  }

  private heapPush(t: TimerEntry): void {
    const h = this.heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (!timerBefore(t, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = t;
  }

  private heapPop(): TimerEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const x = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && timerBefore(h[r], h[l]) ? r : l;
      if (!timerBefore(h[c], x)) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = x;
  }

  // ---- host I/O -----------------------------------------------------------------------------

  /** Marks one host operation as in flight. */
  beginIo(): void {
    this.pendingIo++;
  }

  /** Marks a host operation as finished and queues its completion job. */
  endIo<T>(fn: Job<T>, arg: T): void {
    this.pendingIo--;
    this.enqueue(fn, arg);
  }

  /**
   * Settles Atlas state from a host promise by enqueueing (async.md §A1.7): counts as I/O in
   * flight until it settles; the handler then runs as a ready-queue job. Host rejections are
   * always handled here, so no unhandled JS promise rejection can occur.
   */
  trackHostPromise<T>(p: Promise<T>, onOk: (v: T) => void, onErr: (e: unknown) => void): void {
    this.beginIo();
    p.then(
      (v) => this.endIo(onOk, v),
      (e: unknown) => this.endIo(onErr, e),
    );
  }

  // ---- the loop -----------------------------------------------------------------------------

  /**
   * Runs ready jobs until the queue is empty, then due timers one at a time (draining the
   * queue after each), jumping virtual time when allowed; finally arms a host timer or
   * reports idleness. Synchronous; tests call it directly (`flush`).
   */
  drain(): void {
    if (this.draining || this.stopped) return;
    const tracer = this.host !== null ? this.host.tracer : null;
    if (tracer !== null) tracer.drainBegin();
    this.draining = true;
    try {
      this.loop();
    } finally {
      this.draining = false;
    }
    if (tracer !== null) tracer.drainEnd();
    if (this.onPause !== null) this.onPause();
    if (!this.stopped) this.settleIdle();
  }

  /** Alias of drain() for tests (design.md R10: `scheduler.flush()`). */
  flush(): void {
    this.drain();
  }

  private loop(): void {
    for (;;) {
      while (this.count > 0 && !this.stopped) this.runOne();
      if (this.stopped) return;
      const t = this.peekTimer();
      if (t === null) return;
      if (t.deadline <= this.clock.now()) {
        this.heapPop();
        t.live = false;
        this.live--;
        const fn = t.fn;
        if (typeof fn === "function") this.runJob(fn, undefined);
        else this.runJob(fireTarget as Job<unknown>, fn);
        continue;
      }
      if (this.clock.jumpsWhenIdle && this.pendingIo === 0) {
        this.clock.advanceTo(t.deadline);
        continue;
      }
      return;
    }
  }

  private runOne(): void {
    let c = this.qHead;
    let i = this.headIdx;
    if (i === CHUNK_SLOTS) {
      const n = c[CHUNK_SLOTS] as unknown[];
      c[CHUNK_SLOTS] = undefined;
      this.spare ??= c;
      this.qHead = c = n;
      i = 0;
    }
    const fn = c[i] as Job<unknown>;
    const arg = c[i + 1];
    c[i] = undefined;
    c[i + 1] = undefined;
    if (--this.count === 0) {
      // Empty: head and tail are in the same chunk; start it over.
      this.headIdx = this.tailIdx = 0;
    } else this.headIdx = i + 2;
    this.runJob(fn, arg);
  }

  private runJob(fn: Job<unknown>, arg: unknown): void {
    try {
      fn(arg);
      if (this.deferred.length > 0) this.applyDeferred();
    } catch (e) {
      if (e instanceof ProgramExit) return; // the program was ended; nothing left to do
      if (this.onJobError !== null) this.onJobError(e);
      else throw e;
    }
  }

  /** After a drain: arm a host timer for the next deadline, wait for I/O, or report idle. */
  private settleIdle(): void {
    if (this.count > 0) {
      this.requestWake();
      return;
    }
    const t = this.peekTimer();
    if (t !== null) {
      if (!this.clock.jumpsWhenIdle) this.armHostTimer(t.deadline);
      return;
    }
    this.disarmHostTimer();
    if (this.pendingIo > 0) return;
    if (this.onIdle !== null) this.onIdle();
  }

  private armHostTimer(deadline: number): void {
    if (this.hostTimerCancel !== null && this.hostTimerDeadline === deadline) return;
    this.disarmHostTimer();
    this.hostTimerDeadline = deadline;
    this.hostTimerCancel = this.clock.armTimer(deadline, () => {
      this.hostTimerCancel = null;
      this.hostTimerDeadline = Infinity;
      this.drain();
    });
  }

  private disarmHostTimer(): void {
    if (this.hostTimerCancel !== null) {
      this.hostTimerCancel();
      this.hostTimerCancel = null;
      this.hostTimerDeadline = Infinity;
    }
  }

  /** True when nothing is ready, no timer is live and no I/O is in flight. */
  get isIdle(): boolean {
    return this.count === 0 && this.peekTimer() === null && this.pendingIo === 0;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Cancels all pending work (fatal error in main, §6.15): drops queued jobs and timers and
   * disarms the host timer. Later enqueues (late I/O completions) are ignored.
   */
  shutdown(): void {
    this.stopped = true;
    this.disarmHostTimer();
    this.qHead = this.qTail = newChunk();
    this.headIdx = this.tailIdx = 0;
    this.spare = null;
    this.count = 0;
    for (const t of this.heap) t.live = false;
    this.heap.length = 0;
    this.live = 0;
    const hooks = this.shutdownHooks;
    this.shutdownHooks = [];
    for (const h of hooks) h();
  }

  /**
   * Runs `cb` once when the scheduler shuts down: host I/O layers (runtime/io.ts) abort what is
   * still in flight, close open handles and their connection pool (async.md §A1.4, §A7, §A8).
   */
  onShutdown(cb: () => void): void {
    if (this.stopped) cb();
    else this.shutdownHooks.push(cb);
  }
}
