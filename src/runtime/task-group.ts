// Structured concurrency (async.md §A4.3) and bounded fan-out (§A4 mapConcurrent). A task
// group's future settles only when its body and every task spawned into it have finished; the
// first failure cancels every other member and becomes the group's Error, later failures are
// attached to it as notes (never a separate AT0175, never dropped). mapConcurrent keeps at
// most `limit` calls in flight, results in input order, the first failure cancels the rest.
import type { Span } from "../diagnostics/span.js";
import { callNow, callScheduled } from "./activation.js";
import { cancelledError, isCancellation } from "./cancel.js";
import { RuntimeError } from "./errors.js";
import { Future, type FutureSource } from "./future.js";
import { errorFromRuntimeError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import { cancelTask, spawnTask, type Task } from "./task.js";
import { ErrorValue, Handle, type Value } from "./values.js";

/** AT0174 for spawning into a group whose future has settled. */
export function groupFinishedError(): RuntimeError {
  return new RuntimeError("AT0174", "groupSpawn(): the task group has already finished", null);
}

/** The TaskGroup value (typeof "taskgroup", Display `<TaskGroup>`, identity equality). */
export class TaskGroup extends Handle implements FutureSource {
  readonly typeName: string = "taskgroup";
  /** The group's future (what `taskGroup` returns). */
  readonly out: Future;
  /** Members still running: the body (until its result settles) and the spawned tasks. */
  private pending = 1;
  private readonly tasks = new Set<Task>();
  private body: Future | null = null;
  private bodyValue: Value = null;
  private firstError: ErrorValue | null = null;
  /** The first failure happened (or the group was cancelled): members are being cancelled. */
  private failing = false;

  constructor(readonly ctx: RuntimeContext) {
    super();
    this.out = ctx.scheduler.newFuture();
    this.out.source = this;
  }

  get finished(): boolean {
    return !this.out.isPending;
  }

  get waitingOn(): Future | null {
    return this.body;
  }

  /** Runs the body synchronously in the caller's task (A4.3). */
  runBody(fn: Value, span: Span | null): void {
    let r: Value;
    try {
      r = callNow(this.ctx, fn, [this], span);
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      this.memberFailed(errorFromRuntimeError(e), null);
      this.memberDone();
      return;
    }
    if (!(r instanceof Future)) {
      this.bodyValue = r;
      this.memberDone();
      return;
    }
    this.body = r;
    r.observed = true;
    r.onSettle((g) => {
      this.body = null;
      if (g.error !== null) this.memberFailed(g.error, null);
      else this.bodyValue = g.value;
      this.memberDone();
    });
  }

  /** groupSpawn (A4.3): a member task, child of the current task. */
  spawn(fn: Value, name: string | null, span: Span | null): Task {
    if (this.finished) throw groupFinishedError();
    const t = spawnTask(this.ctx, fn, name, span);
    t.observed = true;
    this.pending++;
    this.tasks.add(t);
    t.onSettle(() => {
      this.tasks.delete(t);
      if (t.status !== "Cancelled" && t.error !== null) this.memberFailed(t.error, t);
      this.memberDone();
    });
    if (this.failing) cancelTask(t, null);
    return t;
  }

  private memberFailed(err: ErrorValue, t: Task | null): void {
    if (!this.failing) {
      this.failing = true;
      this.firstError = err;
      this.cancelMembers();
      return;
    }
    const first = this.firstError;
    if (first === null || first === err || isCancellation(err)) return;
    const who = t === null ? "the group body" : t.name === null ? `task #${t.id}` : `task '${t.name}' (#${t.id})`;
    first.notes.push(`later failure in ${who}: ${err.code}: ${err.message}`);
  }

  private cancelMembers(): void {
    const b = this.body;
    if (b !== null) b.cancel();
    for (const t of [...this.tasks]) cancelTask(t, null);
  }

  private memberDone(): void {
    if (--this.pending > 0 || this.finished) return;
    if (this.firstError !== null) this.out.reject(this.firstError);
    else this.out.resolve(this.bodyValue);
  }

  /** Cancelling the group's future cancels every member (A4.3). */
  cancel(): boolean {
    if (this.finished) return false;
    const err = cancelledError("Task group");
    if (!this.failing) {
      this.failing = true;
      this.firstError = err;
    }
    this.out.reject(err);
    this.cancelMembers();
    return true;
  }

  display(): string {
    return "<TaskGroup>";
  }
}

/** taskGroup(body) (A4.3). */
export function runTaskGroup(ctx: RuntimeContext, body: Value, span: Span | null): Future {
  const g = new TaskGroup(ctx);
  g.runBody(body, span);
  return g.out;
}

// ---- mapConcurrent -------------------------------------------------------------------------------

class MapConcurrent implements FutureSource {
  readonly out: Future;
  private readonly results: Value[];
  private readonly inFlight = new Map<number, Future>();
  private next = 0;
  private done = 0;
  private readonly task: Task;

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly items: Value[],
    private readonly limit: number,
    private readonly fn: Value,
    private readonly span: Span | null,
  ) {
    this.out = ctx.scheduler.newFuture();
    this.out.source = this;
    this.results = new Array<Value>(items.length).fill(null);
    this.task = ctx.scheduler.current;
  }

  start(): void {
    if (this.items.length === 0) {
      this.out.resolve([]);
      return;
    }
    while (this.next < this.items.length && this.inFlight.size < this.limit && this.out.isPending) this.startOne(true);
  }

  private startOne(first: boolean): void {
    const i = this.next++;
    const args = [this.items[i]];
    let r: Value;
    try {
      r = first ? callNow(this.ctx, this.fn, args, this.span) : callScheduled(this.ctx, this.task, this.fn, args, this.span);
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      this.fail(errorFromRuntimeError(e));
      return;
    }
    const f = r instanceof Future ? r : null;
    if (f !== null) {
      f.observed = true;
      this.inFlight.set(i, f);
    }
    // A settled call is handled like an await: its continuation is a queued job.
    const settled = (): void => this.ctx.scheduler.enqueue(() => this.settled(i, f, r), undefined);
    if (f !== null) f.onSettle(settled);
    else {
      this.inFlight.set(i, this.ctx.scheduler.newFuture());
      settled();
    }
  }

  private settled(i: number, f: Future | null, v: Value): void {
    if (!this.out.isPending) return;
    this.inFlight.delete(i);
    if (f !== null && f.error !== null) {
      this.fail(f.error);
      return;
    }
    this.results[i] = f !== null ? f.value : v;
    if (++this.done === this.items.length) {
      this.out.resolve(this.results);
      return;
    }
    if (this.next < this.items.length) this.startOne(false);
  }

  private fail(e: ErrorValue): void {
    if (!this.out.isPending) return;
    this.out.reject(e);
    this.cancelInFlight();
  }

  private cancelInFlight(): void {
    const fs = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const f of fs) f.cancel();
  }

  cancel(): boolean {
    if (!this.out.isPending) return false;
    this.out.reject(cancelledError("mapConcurrent"));
    this.cancelInFlight();
    return true;
  }
}

/** mapConcurrent(items, limit, f) (A4); `limit` already validated (integer ≥ 1). */
export function mapConcurrent(ctx: RuntimeContext, items: Value[], limit: number, fn: Value, span: Span | null): Future {
  const m = new MapConcurrent(ctx, items, limit, fn, span);
  m.start();
  return m.out;
}
