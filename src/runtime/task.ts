// Tasks (async.md §A1.1, §A4): the Task value (a Future of the task's result, typeof "task",
// Display `<Task #id>`), its lifecycle (spawn queues the start; a returned future is adopted;
// completion, failure, cancellation with the effects of §A4.2 in order), the parent/child tree,
// task-local storage, and what a blocked task waits on (deadlock notes, §A1.5).
// Task groups and timers build on this file; they live in task-group.ts and timers.ts.
import type { Span } from "../diagnostics/span.js";
import { callScheduled, NO_ARGS } from "./activation.js";
import { cancelAbandoned, cancelledError, ProgramExit, taskSubject } from "./cancel.js";
import type { Coroutine } from "./coroutine.js";
import { InternalBug, RuntimeError } from "./errors.js";
import { Future, FUTURE_FREE_BITS_SHIFT, PENDING, type FutureSource, type RejectionTracker, type SettleListener } from "./future.js";
import { errorFromRuntimeError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Scheduler } from "./scheduler.js";
import type { ErrorValue, Value } from "./values.js";

export type TaskStatus = "Running" | "Completed" | "Failed" | "Cancelled";

/** Something suspended at an await (a coroutine): what it waits on and where. */
export interface Waiter {
  readonly waitingOn: Future | null;
  readonly awaitSpan: Span | null;
}

/** Anything a task owns that must stop when the task is cancelled (timers, intervals). */
export interface OwnedResource {
  cancel(): boolean;
}

// Task flags and status live in the free high bits of Future's `bits` word.
const STARTED = 1 << FUTURE_FREE_BITS_SHIFT;
const CANCEL_REQUESTED = 2 << FUTURE_FREE_BITS_SHIFT;
const LOCALS_OWNED = 4 << FUTURE_FREE_BITS_SHIFT;
const STATUS_SHIFT = FUTURE_FREE_BITS_SHIFT + 3;
const STATUS_BITS = 3 << STATUS_SHIFT;
// The id, above the status, while it fits a small integer (in the extra beyond).
const ID_SHIFT = STATUS_SHIFT + 2;
const MAX_INLINE_ID = (1 << (30 - ID_SHIFT)) - 1;
const STATUSES: readonly TaskStatus[] = ["Running", "Completed", "Failed", "Cancelled"];
const STATUS_CODE: Record<TaskStatus, number> = { Running: 0, Completed: 1, Failed: 2, Cancelled: 3 };

/**
 * Task state most tasks never need, allocated on demand (keeps Task small: 100,000 tasks,
 * §A11 B2/B10): children, task-local storage, owned timers, end hooks, main's root, the name.
 */
class TaskExtra {
  /** The id, when too large for `bits`. */
  id = 0;
  /** The spawn call (in Task's `aux` slot while the task has no extra). */
  spawnSpan: Span | null = null;
  name: string | null = null;
  firstChild: Task | null = null;
  lastChild: Task | null = null;
  locals: Map<string, string> | null = null;
  root: Waiter | null = null;
  owned: Set<OwnedResource> | null = null;
  endHooks: ((t: Task) => void)[] | null = null;
}

export class Task extends Future implements SettleListener {
  // Status and the STARTED / CANCEL_REQUESTED / LOCALS_OWNED flags: in `bits` (see above).
  /**
   * Before the start: the body function (spawn's first two forms) or the Future to await (the
   * third form). After: the adopted future (the body's result future) while pending, else null.
   */
  body: Value = null;
  // Parent/child tree (intrusive list of children in creation order, kept in the parent's
  // extra; finished children leave it once they have no children of their own left in it, so
  // every unfinished task stays reachable from main).
  prevSibling: Task | null = null;
  nextSibling: Task | null = null;
  /** Suspended coroutines of this task (intrusive list, see coroutine.ts). */
  coHead: Coroutine | null = null;
  /** The extra state if allocated, else the spawn span (one slot for both: a word less per task). */
  private aux: TaskExtra | Span | null = null;

  constructor(
    /** The scheduler (also the tracker of the task's rejection). */
    readonly sched: Scheduler,
    id: number,
    name: string | null,
    readonly parent: Task | null,
  ) {
    super();
    if (id <= MAX_INLINE_ID) this.bits |= id << ID_SHIFT;
    else this.ext.id = id;
    if (name !== null) this.ext.name = name;
    if (parent !== null) {
      // Appended to the parent's children (in its extra, created for its first child).
      const pe = parent.ext;
      const last = pe.lastChild;
      this.prevSibling = last;
      if (last !== null) last.nextSibling = this;
      else pe.firstChild = this;
      pe.lastChild = this;
      if (pe.locals !== null) {
        this.locals = pe.locals;
        parent.localsOwned = false;
      }
    }
  }

  override get typeName(): string {
    return "task";
  }

  /** Ids count from 1 (main) in creation order. */
  get id(): number {
    const i = this.bits >>> ID_SHIFT;
    return i !== 0 ? i : (this.extra as TaskExtra).id;
  }

  /** A task is not cancellable through a source (its cancel() is taskCancel): always null. */
  get source(): FutureSource | null {
    return null;
  }

  set source(s: FutureSource | null) {
    if (s !== null) throw new InternalBug("a task was given a cancellable source");
  }

  protected get tracker(): RejectionTracker | null {
    return this.sched;
  }

  /** The name given by spawnNamed, or null. */
  get name(): string | null {
    const e = this.extra;
    return e === null ? null : e.name;
  }

  /** `Running` (also before the start and while suspended), `Completed`, `Failed`, `Cancelled`. */
  get status(): TaskStatus {
    return STATUSES[(this.bits & STATUS_BITS) >> STATUS_SHIFT];
  }

  set status(s: TaskStatus) {
    this.bits = (this.bits & ~STATUS_BITS) | (STATUS_CODE[s] << STATUS_SHIFT);
  }

  /** status === "Running", without the string. */
  get running(): boolean {
    return (this.bits & STATUS_BITS) === 0;
  }

  private get extra(): TaskExtra | null {
    const a = this.aux;
    return a instanceof TaskExtra ? a : null;
  }

  /** The spawn call (fills in locations of errors raised on entry, fallback note location). */
  get spawnSpan(): Span | null {
    const a = this.aux;
    return a instanceof TaskExtra ? a.spawnSpan : a;
  }

  set spawnSpan(s: Span | null) {
    const a = this.aux;
    if (a instanceof TaskExtra) a.spawnSpan = s;
    else this.aux = s;
  }

  private get ext(): TaskExtra {
    const a = this.aux;
    if (a instanceof TaskExtra) return a;
    const e = new TaskExtra();
    e.spawnSpan = a;
    this.aux = e;
    return e;
  }

  get firstChild(): Task | null {
    const e = this.extra;
    return e === null ? null : e.firstChild;
  }

  set firstChild(c: Task | null) {
    if (c !== null || this.extra !== null) this.ext.firstChild = c;
  }

  get lastChild(): Task | null {
    const e = this.extra;
    return e === null ? null : e.lastChild;
  }

  set lastChild(c: Task | null) {
    if (c !== null || this.extra !== null) this.ext.lastChild = c;
  }

  /** Task-local storage, copy-on-write (shared with the parent until either side writes). */
  get locals(): Map<string, string> | null {
    const e = this.extra;
    return e === null ? null : e.locals;
  }

  set locals(m: Map<string, string> | null) {
    if (m !== null || this.extra !== null) this.ext.locals = m;
  }

  /** status === "Cancelled", without the string. */
  get cancelled(): boolean {
    return (this.bits & STATUS_BITS) === STATUS_BITS;
  }

  get finished(): boolean {
    return (this.bits & STATUS_BITS) !== 0;
  }

  /** The task's start job has run. */
  get started(): boolean {
    return (this.bits & STARTED) !== 0;
  }

  set started(v: boolean) {
    this.bits = v ? this.bits | STARTED : this.bits & ~STARTED;
  }

  /** Cancellation requested while the task's own code was running (applied when it yields). */
  get cancelRequested(): boolean {
    return (this.bits & CANCEL_REQUESTED) !== 0;
  }

  set cancelRequested(v: boolean) {
    this.bits = v ? this.bits | CANCEL_REQUESTED : this.bits & ~CANCEL_REQUESTED;
  }

  get localsOwned(): boolean {
    return (this.bits & LOCALS_OWNED) !== 0;
  }

  set localsOwned(v: boolean) {
    this.bits = v ? this.bits | LOCALS_OWNED : this.bits & ~LOCALS_OWNED;
  }

  /** For main: the module coroutine being run (what main waits on). */
  get root(): Waiter | null {
    const e = this.extra;
    return e === null ? null : e.root;
  }

  set root(w: Waiter | null) {
    if (w !== null || this.extra !== null) this.ext.root = w;
  }

  /** Timers and intervals created by this task (stopped when it is cancelled). */
  get owned(): Set<OwnedResource> | null {
    const e = this.extra;
    return e === null ? null : e.owned;
  }

  set owned(s: Set<OwnedResource> | null) {
    if (s !== null || this.extra !== null) this.ext.owned = s;
  }

  /** Run when the task ends, however it ends (releases locks and permits, §A9). */
  get endHooks(): ((t: Task) => void)[] | null {
    const e = this.extra;
    return e === null ? null : e.endHooks;
  }

  set endHooks(hs: ((t: Task) => void)[] | null) {
    if (hs !== null || this.extra !== null) this.ext.endHooks = hs;
  }

  /** The adopted body future, while the task waits for it. */
  get bodyFuture(): Future | null {
    return this.started && this.body instanceof Future ? this.body : null;
  }

  override get waitKind(): string {
    return "task join";
  }

  /** Live children in creation order (tests, diagnostics). */
  get children(): Task[] {
    const out: Task[] = [];
    for (let c = this.firstChild; c !== null; c = c.nextSibling) out.push(c);
    return out;
  }

  /** `task #<id> '<name>'` or `task #<id>` (async.md §A1.5, §A2.4). */
  describe(): string {
    return this.name === null ? `task #${this.id}` : `task #${this.id} '${this.name}'`;
  }

  /** The adopted body future settled. */
  onFutureSettled(f: Future): void {
    if (this.body === f) settleFromBody(this, f);
  }

  /** futureCancel on a task is taskCancel (async.md §A4.2). */
  override cancel(): boolean {
    return cancelTask(this, null);
  }

  override display(): string {
    return `<Task #${this.id}>`;
  }
}

// ---- tree ------------------------------------------------------------------------------------

function inTree(t: Task): boolean {
  return t.parent !== null && (t.prevSibling !== null || t.parent.firstChild === t);
}

/** A finished task leaves its parent's list once it has no children left in its own. */
function detachFromTree(t: Task): void {
  let n: Task | null = t;
  while (n !== null && n.finished && n.firstChild === null && inTree(n)) {
    const p: Task | null = n.parent;
    if (p === null) return;
    if (n.prevSibling !== null) n.prevSibling.nextSibling = n.nextSibling;
    else p.firstChild = n.nextSibling;
    if (n.nextSibling !== null) n.nextSibling.prevSibling = n.prevSibling;
    else p.lastChild = n.prevSibling;
    n.prevSibling = n.nextSibling = null;
    n = p;
  }
}

// ---- task-local storage ------------------------------------------------------------------------

export function taskLocalGet(t: Task, key: string): string | undefined {
  return t.locals === null ? undefined : t.locals.get(key);
}

export function taskLocalSet(t: Task, key: string, value: string): void {
  if (t.locals === null) t.locals = new Map();
  else if (!t.localsOwned) t.locals = new Map(t.locals);
  t.localsOwned = true;
  t.locals.set(key, value);
}

// ---- spawning and running ----------------------------------------------------------------------

/**
 * spawn (async.md §A4): a new task, child of the current one, whose start is queued as a job
 * (the caller keeps running). `body` is a function (sync or async) or a Future to await.
 */
export function spawnTask(ctx: RuntimeContext, body: Value, name: string | null, span: Span | null, parent: Task | null = null): Task {
  const sched = ctx.scheduler;
  const t = sched.newTask(name, parent ?? sched.current);
  t.spawnSpan = span;
  sched.host ??= ctx;
  if (ctx.tracer !== null) ctx.tracer.taskSpawned(t);
  if (body instanceof Future) body.observed = true;
  t.body = body;
  sched.enqueue(startJob, t);
  return t;
}

function startJob(t: Task): void {
  if (!t.running) return; // cancelled before it started: never runs
  t.started = true;
  const b = t.body;
  t.body = null;
  if (typeof b !== "function" && b instanceof Future) {
    adopt(t, b);
    return;
  }
  const ctx = t.sched.host;
  if (ctx === null) return;
  let v: Value;
  try {
    v = callScheduled(ctx, t, b, NO_ARGS, t.spawnSpan);
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    failTask(t, errorFromRuntimeError(e));
    return;
  }
  if (v instanceof Future) adopt(t, v);
  else completeTask(t, v);
}

/** The task settles like `f` (one level; no extra turn, async.md §A2.6). */
export function adopt(t: Task, f: Future): void {
  f.observed = true;
  if (f.state !== PENDING) {
    settleFromBody(t, f);
    return;
  }
  t.body = f;
  f.onSettle(t);
}

function settleFromBody(t: Task, f: Future): void {
  t.body = null;
  if (f.error !== null) failTask(t, f.error);
  else completeTask(t, f.value);
}

export function completeTask(t: Task, v: Value): void {
  if (!t.running) return;
  if (t.cancelRequested) {
    doCancel(t, null);
    return;
  }
  t.status = "Completed";
  t.sched.stats.completed++;
  finish(t);
  t.resolve(v);
}

export function failTask(t: Task, err: ErrorValue): void {
  if (!t.running) return;
  if (t.cancelRequested) {
    doCancel(t, null);
    return;
  }
  t.status = "Failed";
  t.sched.stats.failed++;
  finish(t);
  t.reject(err);
}

/** Bookkeeping common to every ending (before the task's future settles). */
function finish(t: Task, runHooks = true, cancelSpan: Span | null = null): void {
  const host = t.sched.host;
  if (host !== null && host.tracer !== null) host.tracer.taskEnded(t, cancelSpan);
  if (runHooks) runEndHooks(t);
  detachFromTree(t);
}

function runEndHooks(t: Task): void {
  const hooks = t.endHooks;
  if (hooks === null) return;
  t.endHooks = null;
  for (const h of hooks) h(t);
}

// ---- cancellation ------------------------------------------------------------------------------

/**
 * taskCancel (async.md §A4.2): true only if it changed the task's state. The running task is
 * cancelled when it next yields to the scheduler; cancelling main ends the program (the
 * scheduler's onMainCancelled reports it) and unwinds the caller with ProgramExit.
 */
export function cancelTask(t: Task, span: Span | null): boolean {
  if (!t.running) return false;
  const sched = t.sched;
  if (t === sched.main) {
    sched.cancelMain(span);
    throw new ProgramExit(1);
  }
  if (t === sched.current) {
    if (!t.cancelRequested) {
      t.cancelRequested = true;
      sched.deferCancel(t);
    }
    return true;
  }
  doCancel(t, span);
  return true;
}

/** Applies a cancellation now (the task's code is not on the stack). */
export function doCancel(t: Task, span: Span | null): void {
  if (!t.running) return;
  t.status = "Cancelled";
  t.cancelRequested = false;
  t.sched.stats.cancelled++;
  const body = t.body instanceof Future ? t.body : null;
  if (body !== null && t.started) body.removeObserver(t);
  t.body = null;
  finish(t, false, span);
  t.reject(cancelledError(taskSubject(t.name, t.id), span));
  // 1. abort what it was awaiting (its suspended activations, their timers and I/O) and the
  //    timers it created; 2. wait queues are left by the same cascade (cancel-safe sources).
  for (let co = t.coHead; co !== null; co = t.coHead) {
    co.cancel();
    if (t.coHead === co) break; // not suspended (cannot happen: the task's code is not running)
  }
  cancelAbandoned(body);
  if (t.owned !== null) {
    const owned = [...t.owned];
    t.owned = null;
    for (const r of owned) r.cancel();
  }
  // 3. release locks and permits.
  runEndHooks(t);
  // 4. descendants, in creation order.
  cancelDescendants(t, span);
}

function cancelDescendants(t: Task, span: Span | null): void {
  let c = t.firstChild;
  while (c !== null) {
    const next: Task | null = c.nextSibling;
    if (c.running) cancelTask(c, span);
    else cancelDescendants(c, span);
    c = next;
  }
}

/** Registers something the task owns (timers, intervals), stopped if it is cancelled. */
export function own(t: Task, r: OwnedResource): void {
  if (t.owned === null) t.owned = new Set();
  t.owned.add(r);
}

export function disown(t: Task, r: OwnedResource): void {
  if (t.owned !== null) t.owned.delete(r);
}

// ---- what a blocked task waits on --------------------------------------------------------------

export interface WaitPoint {
  /** `future`, `task join`, `channel receive`, … */
  readonly what: string;
  readonly span: Span | null;
  /** The innermost future waited on (null if the task is not waiting). */
  readonly future: Future | null;
}

/** Where a task's code is suspended, or its adopted future before the start: the outermost await. */
function outermostWait(t: Task): Future | null {
  if (t.root !== null) return t.root.waitingOn;
  return t.body instanceof Future ? t.body : null;
}

/** The suspended call behind a pending future, when it awaits something itself; else null. */
function deeperWait(f: Future): FutureSource | null {
  if (f.state !== PENDING) return null;
  const src = f.source;
  return src === null || src.waitingOn === undefined || src.waitingOn === null ? null : src;
}

/**
 * Follows a task's await through nested async calls to the innermost await (async.md §A1.5):
 * `what` is the kind of the future found there, `span` that await's location.
 */
export function waitPoint(t: Task): WaitPoint {
  let f = outermostWait(t);
  let span = t.root !== null ? t.root.awaitSpan : t.spawnSpan;
  for (let src = f === null ? null : deeperWait(f); src !== null; src = deeperWait(f)) {
    if (src.awaitSpan !== undefined && src.awaitSpan !== null) span = src.awaitSpan;
    f = src.waitingOn as Future;
  }
  return { what: f === null ? "future" : f.waitKind, span, future: f };
}

/** True when the innermost await of a task waits on a pending future (no allocation: asyncStats). */
export function isBlocked(t: Task): boolean {
  let f = outermostWait(t);
  for (let src = f === null ? null : deeperWait(f); src !== null; src = deeperWait(f)) f = src.waitingOn as Future;
  return f !== null && f.isPending;
}
