// Async observability (async.md §A10.2, §A10.3): the Tracer interface that the scheduler, task
// and coroutine code call at a few points when `RuntimeContext.tracer` is set (never otherwise:
// zero cost when off), the AsyncRecorder that implements it (task lifetimes, awaits with their
// operation and location, spawn/cancel/failure, event-loop stalls), and the Chrome Trace Event
// file built from a recording. Presentation of the `--async-report` table is in cli/observability.ts.
import type { Span } from "../diagnostics/span.js";
import { Coroutine } from "./coroutine.js";
import { Future, PENDING, REJECTED } from "./future.js";
import { HostOperation } from "./io.js";
import { spanLocation } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import { Task } from "./task.js";

/** What the runtime tells an observer; every method must be cheap and must not throw. */
export interface Tracer {
  /** A task was created by spawn, groupSpawn or a timer/interval run (before it starts). */
  taskSpawned(t: Task): void;
  /** A task ended (its status is final); `cancelSpan` is the cancel call, if it was cancelled by one. */
  taskEnded(t: Task, cancelSpan: Span | null): void;
  /** Coroutine `co` (of task `co.task`) suspends at an await on `f` (co.awaitSpan is set). */
  awaitBegin(co: Coroutine, f: Future): void;
  /** The await of `co` ends: resumed with `f`'s outcome, or abandoned (`f` null: cancelled). */
  awaitEnd(co: Coroutine, f: Future | null): void;
  /** The scheduler starts / stops draining the ready queue (one event-loop turn of Atlas code). */
  drainBegin(): void;
  drainEnd(): void;
}

export type AwaitOutcome = "resolved" | "rejected" | "cancelled" | "pending";

export interface TaskRecord {
  readonly task: Task;
  /** Trace time (ms since the recording started) of the spawn. */
  readonly start: number;
  /** Order of the spawn among all records (ties at equal times, e.g. on a virtual clock). */
  readonly seq: number;
  /** Trace time of the end, or -1 while running. */
  end: number;
  cancelSpan: Span | null;
}

export interface AwaitRecord {
  readonly task: Task;
  /** Trace time of the await (or of the awaited call's first suspension in the same step). */
  start: number;
  end: number;
  /** Id of the awaiting coroutine, and of the awaited one (an async call's future) or -1. */
  readonly co: number;
  readonly awaited: number;
  /** Awaited by the task's own code (its body or top-level code), not by a nested call. */
  root: boolean;
  /** Order of the await among all records (an await extended to its call's start sorts before it). */
  seq: number;
  /** The awaited operation: `sleep(10)`, `channel receive`, `call fetch()`, `join task #2`, … */
  readonly operation: string;
  /** The awaited expression's source text (shortened). */
  readonly code: string;
  readonly span: Span | null;
  outcome: AwaitOutcome;
}

/** A stretch of Atlas code that ran without yielding to the event loop. */
export interface StallRecord {
  readonly ms: number;
  /** Trace time at which it ended. */
  readonly at: number;
  readonly task: Task | null;
  /** Where the stretch started (the await it resumed from; null: a task's or turn's start). */
  readonly from: Span | null;
  /** How it ended: at an await (located at `to`), with its task's end, or with the turn. */
  readonly until: "await" | "task end" | "turn end";
  readonly to: Span | null;
}

export interface RecorderOptions {
  /** Keep every await (for a trace file); otherwise only the slowest ones. */
  keepAwaits: boolean;
  /** At most this many awaits are kept (later ones are counted as dropped). Default 500,000. */
  maxAwaits?: number;
}

const TOP_N = 8;

/** Keeps the `TOP_N` largest items of `list` by `key`, sorted descending. */
function keepTop<T>(list: T[], item: T, key: (x: T) => number): void {
  const k = key(item);
  if (list.length === TOP_N && k <= key(list[TOP_N - 1])) return;
  let i = list.length;
  while (i > 0 && key(list[i - 1]) < k) i--;
  list.splice(i, 0, item);
  if (list.length > TOP_N) list.pop();
}

/** `sleep(10)`-like source of a sleep future (timers.ts keeps it private: duck-typed). */
function sleepMs(src: unknown): number | null {
  if (typeof src !== "object" || src === null) return null;
  const s = src as { ms?: unknown; entry?: unknown };
  return typeof s.ms === "number" && typeof s.entry === "object" ? s.ms : null;
}

/** The await expression's operand as written (whitespace collapsed, at most 48 chars). */
export function awaitedCode(span: Span | null): string {
  if (span === null) return "";
  const text = span.file.text
    .slice(span.start, span.end)
    .replace(/^await\b\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 48 ? text.slice(0, 47) + "…" : text;
}

/**
 * `f.waitKind`, except for a future that is its own source without overriding `waitKind`
 * (Future's getter would ask the source, i.e. itself, forever): then `future`.
 */
function waitKindOf(f: Future): string {
  if (f.source !== f) return f.waitKind;
  for (let p: unknown = Object.getPrototypeOf(f); p !== null && p !== Future.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, "waitKind")) return f.waitKind;
  }
  return "future";
}

/** What an await on `f` waits for, in words. */
export function operationLabel(f: Future, code: string): string {
  if (f instanceof Task) return `join ${f.describe()}`;
  if (f instanceof Coroutine) return f.label === null ? "call <anonymous fn>" : `call ${f.label}()`;
  const src = f.source;
  if (src instanceof HostOperation) return src.label;
  const kind = waitKindOf(f);
  if (kind !== "future") return kind;
  const ms = sleepMs(src);
  if (ms !== null) return `sleep(${ms})`;
  return code !== "" ? code : f.state === PENDING ? "future" : "settled future";
}

/** Records what the async runtime does, for `--trace` and `--async-report`. */
export class AsyncRecorder implements Tracer {
  readonly tasks: TaskRecord[] = [];
  readonly awaits: AwaitRecord[] = [];
  /** The slowest awaits, longest first. */
  readonly slowest: AwaitRecord[] = [];
  /** The longest stalls, longest first. */
  readonly stalls: StallRecord[] = [];
  /** Awaits not kept because of the cap. */
  droppedAwaits = 0;
  totalAwaits = 0;
  /** Event-loop turns that ran Atlas code, and their total duration (real ms). */
  drains = 0;
  busyMs = 0;
  /** Trace time at which the recording was finished (-1 before). */
  endTime = -1;
  private readonly byTask = new Map<Task, TaskRecord>();
  private readonly open = new Map<Coroutine, AwaitRecord>();
  private readonly coIds = new WeakMap<Coroutine, number>();
  private nextCoId = 0;
  private seq = 0;
  /** Trace time at which the running step of Atlas code started (a resume or a turn). */
  private stepStart = 0;
  private readonly origin: number;
  private readonly maxAwaits: number;
  // Stall detection on the real clock: the last mark, and whether a drain is running.
  private inDrain = false;
  private drainStart = 0;
  private markTime = 0;
  private markTask: Task | null = null;
  private markSpan: Span | null = null;

  constructor(
    readonly ctx: RuntimeContext,
    private readonly opts: RecorderOptions,
  ) {
    this.origin = ctx.clock.now();
    this.maxAwaits = opts.maxAwaits ?? 500_000;
    this.addTask(ctx.scheduler.main);
  }

  /** Trace time: ms since the recording started, on the runtime's clock. */
  now(): number {
    return this.ctx.clock.now() - this.origin;
  }

  private addTask(t: Task): TaskRecord {
    const rec: TaskRecord = { task: t, start: this.now(), seq: this.nextSeq(), end: -1, cancelSpan: null };
    this.tasks.push(rec);
    this.byTask.set(t, rec);
    return rec;
  }

  taskSpawned(t: Task): void {
    this.addTask(t);
  }

  taskEnded(t: Task, cancelSpan: Span | null): void {
    const rec = this.byTask.get(t) ?? this.addTask(t);
    if (rec.end >= 0) return;
    rec.end = this.now();
    rec.cancelSpan = cancelSpan;
    if (t.status !== "Cancelled") this.mark(t, null, true, "task end");
  }

  /** Record order, spaced so that a chain of calls can be ordered before its innermost await. */
  private nextSeq(): number {
    this.seq += 1_000_000;
    return this.seq;
  }

  private coId(co: Coroutine): number {
    let id = this.coIds.get(co);
    if (id === undefined) this.coIds.set(co, (id = this.nextCoId++));
    return id;
  }

  /**
   * `await f` in `co`. When `f` is an async call made during this same step whose body is
   * already suspended (`await fetch(u)`: fetch suspends first, then the caller awaits it), the
   * caller's await is taken to start with the call, so the call's awaits nest inside it.
   */
  awaitBegin(co: Coroutine, f: Future): void {
    const span = co.awaitSpan;
    const code = awaitedCode(span);
    let start = this.now();
    let seq = this.nextSeq();
    let awaited = -1;
    if (f instanceof Coroutine) {
      awaited = this.coId(f);
      const child = this.open.get(f);
      if (child !== undefined && child.task === co.task && child.start >= this.stepStart) {
        start = child.start;
        seq = child.seq - 1;
      }
    }
    const root = co.future === null || co.task.body === co;
    const rec: AwaitRecord = { task: co.task, start, end: -1, co: this.coId(co), awaited, root, seq, operation: operationLabel(f, code), code, span, outcome: "pending" };
    this.open.set(co, rec);
    this.mark(co.task, span, true, "await");
  }

  awaitEnd(co: Coroutine, f: Future | null): void {
    const rec = this.open.get(co);
    if (rec === undefined) return;
    this.open.delete(co);
    if (co.task.body === co) rec.root = true;
    let end = this.now();
    if (f === null) {
      rec.outcome = "cancelled";
      // A cancelled task's awaits end with it (they are abandoned right after it ends).
      const t = this.byTask.get(co.task);
      if (t !== undefined && t.end >= rec.start && t.end < end) end = t.end;
    } else {
      rec.outcome = f.state === REJECTED ? "rejected" : "resolved";
      this.stepStart = end;
    }
    this.close(rec, end);
    if (f !== null) this.mark(co.task, co.awaitSpan, false, "await");
  }

  private close(rec: AwaitRecord, end: number): void {
    rec.end = end;
    this.totalAwaits++;
    keepTop(this.slowest, rec, (r) => r.end - r.start);
    if (!this.opts.keepAwaits) return;
    if (this.awaits.length < this.maxAwaits) this.awaits.push(rec);
    else this.droppedAwaits++;
  }

  drainBegin(): void {
    this.inDrain = true;
    this.stepStart = this.now();
    const t = performance.now();
    this.drainStart = t;
    this.markTime = t;
    this.markTask = null;
    this.markSpan = null;
  }

  drainEnd(): void {
    if (!this.inDrain) return;
    this.mark(null, null, true, "turn end");
    this.inDrain = false;
    this.drains++;
    this.busyMs += performance.now() - this.drainStart;
  }

  /**
   * A point where Atlas code yields (`closing`: an await starts, a task ends, the turn ends) or
   * resumes. The real time since the previous mark was spent running one task's code: a stall
   * candidate, attributed to the task that yielded, else to the one that resumed, else to
   * nobody (the runtime itself: scheduling, host callbacks, garbage collection).
   */
  private mark(task: Task | null, span: Span | null, closing: boolean, until: StallRecord["until"]): void {
    const t = performance.now();
    if (this.inDrain) {
      const ms = t - this.markTime;
      if (ms > 0 && (this.stalls.length < TOP_N || ms > this.stalls[this.stalls.length - 1].ms)) {
        const who = closing && task !== null ? task : this.markTask;
        keepTop(this.stalls, { ms, at: this.now(), task: who, from: this.markSpan, until: closing ? until : "await", to: closing ? span : null }, (s) => s.ms);
      }
    }
    this.markTime = t;
    // After a yield nobody is known to run until the next resume (or task start, seen when it yields).
    this.markTask = closing ? null : task;
    this.markSpan = closing ? null : span;
  }

  /** Ends the recording: open awaits stay "pending" and end now, as do unfinished tasks. */
  finish(): void {
    if (this.endTime >= 0) return;
    const end = this.now();
    this.endTime = end;
    for (const rec of this.open.values()) this.close(rec, end);
    this.open.clear();
    for (const rec of this.tasks) if (rec.end < 0) rec.end = end;
  }

  /** Tasks by final status (main included). */
  counts(): Record<"spawned" | "completed" | "failed" | "cancelled" | "running", number> {
    const c = { spawned: 0, completed: 0, failed: 0, cancelled: 0, running: 0 };
    for (const rec of this.tasks) {
      c.spawned++;
      const s = rec.task.status;
      if (s === "Completed") c.completed++;
      else if (s === "Failed") c.failed++;
      else if (s === "Cancelled") c.cancelled++;
      else c.running++;
    }
    return c;
  }
}

/** Installs a recorder on a runtime (before the program starts). */
export function startRecording(ctx: RuntimeContext, opts: RecorderOptions): AsyncRecorder {
  const rec = new AsyncRecorder(ctx, opts);
  ctx.scheduler.host ??= ctx; // the scheduler reaches the tracer through its runtime
  ctx.tracer = rec;
  return rec;
}

// ---- Chrome Trace Event format ---------------------------------------------------------------------

/** One event of the Chrome Trace Event format (the JSON Object Format's `traceEvents`). */
export interface TraceEvent {
  name: string;
  ph: "X" | "i" | "M" | "b" | "e";
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: "t";
  id?: number;
  args?: Record<string, string | number | boolean | null>;
}

const PID = 1;
/** Lanes per task before further overlapping awaits become async (b/e) events. */
const MAX_LANES = 32;

/** Milliseconds → whole nanoseconds (slices are nested on integers, written as µs). */
function ns(ms: number): number {
  return Math.round(ms * 1e6);
}

function loc(span: Span | null): string | null {
  return span === null ? null : spanLocation(span);
}

const LIFETIME = 0;
const ROOT = 1;
const LOOSE = 2;
const NESTED = 3;

/** A slice to place: the task's lifetime or one await, on integer nanoseconds. */
interface Slice {
  start: number;
  end: number;
  kind: typeof LIFETIME | typeof ROOT | typeof LOOSE | typeof NESTED;
  seq: number;
  co: number;
  awaited: number;
  event: TraceEvent;
}

function contains(a: Slice, b: Slice): boolean {
  return a.start <= b.start && b.end <= a.end;
}

/**
 * Places a task's slices on lanes so that every lane nests properly (well-formed for every
 * viewer) and nesting means something: lane 0 holds the task's lifetime, the awaits of its own
 * code (ROOT), and under each await the awaits of the call it waits for (a slice sits directly
 * under its *parent*: the await of the call it belongs to). Awaits of calls nobody in the task
 * awaits directly (LOOSE: fire-and-forget calls, calls given to futureAll) may sit under the
 * lifetime between two root awaits; everything else (concurrent calls in one task, calls that
 * outlive it) goes to extra lanes. Returns the lanes and the slices that found none.
 */
function assignLanes(slices: Slice[]): { lanes: Slice[][]; overflow: Slice[] } {
  slices.sort((a, b) => a.start - b.start || a.seq - b.seq);
  const rootStarts = slices.filter((s) => s.kind === ROOT).map((s) => s.start);
  let nextRoot = 0;
  const lanes: Slice[][] = [];
  const stacks: Slice[][] = [];
  const overflow: Slice[] = [];
  /** Whether `s` may sit directly under `top` (which contains it). */
  const under = (top: Slice, s: Slice): boolean => {
    if (top.kind !== LIFETIME) return top.awaited === s.co;
    if (s.kind === ROOT) return true;
    // A loose slice under the lifetime must end before the next root await starts.
    while (nextRoot < rootStarts.length && rootStarts[nextRoot] < s.start) nextRoot++;
    return s.kind === LOOSE && (nextRoot === rootStarts.length || s.end <= rootStarts[nextRoot]);
  };
  const fits = (lane: number, s: Slice): boolean => {
    const st = stacks[lane];
    // Slices that ended by the time `s` starts are closed (unless `s` belongs right under one:
    // zero-length slices at one instant, as on a virtual clock).
    while (st.length > 0 && st[st.length - 1].end <= s.start && !(contains(st[st.length - 1], s) && under(st[st.length - 1], s))) st.pop();
    if (st.length === 0) return true;
    const top = st[st.length - 1];
    return contains(top, s) && under(top, s);
  };
  for (const s of slices) {
    let lane = -1;
    for (let i = 0; i < lanes.length && lane < 0; i++) if (fits(i, s)) lane = i;
    if (lane < 0 && lanes.length < MAX_LANES) {
      lanes.push([]);
      stacks.push([]);
      lane = lanes.length - 1;
    }
    if (lane < 0) {
      overflow.push(s);
      continue;
    }
    stacks[lane].push(s);
    lanes[lane].push(s);
  }
  return { lanes, overflow };
}

function failureArgs(rec: TaskRecord, ctx: RuntimeContext): Record<string, string | null> | null {
  const t = rec.task;
  if (t.status !== "Failed") return null;
  const e = t.error;
  if (e !== null) return { code: e.code, message: e.message, location: loc(e.origin) };
  // Main fails without settling its future: its diagnostic is the runtime's first error.
  const d = ctx.diagnostics.find((x) => x.severity === "error");
  return d === undefined ? { code: null, message: null, location: null } : { code: d.code, message: d.message, location: loc(d.span) };
}

function awaitSlices(t: Task, awaits: readonly AwaitRecord[]): Slice[] {
  const awaitedHere = new Set<number>();
  for (const a of awaits) if (a.awaited >= 0) awaitedHere.add(a.awaited);
  return awaits.map((a) => {
    const start = ns(a.start);
    const end = Math.max(start, ns(a.end));
    const where = loc(a.span);
    const kind = a.root ? ROOT : awaitedHere.has(a.co) ? NESTED : LOOSE;
    const event: TraceEvent = {
      name: where === null ? a.operation : `${a.operation} @ ${where}`,
      cat: "await",
      ph: "X",
      pid: PID,
      tid: t.id,
      ts: start / 1000,
      dur: (end - start) / 1000,
      args: { operation: a.operation, location: where, code: a.code, outcome: a.outcome },
    };
    return { start, end, kind, seq: a.seq, co: a.co, awaited: a.awaited, event };
  });
}

/** Appends one task's events: its lane(s) with lifetime and awaits, then its instants. */
function taskEvents(out: TraceEvent[], rec: TaskRecord, awaits: readonly AwaitRecord[], ctx: RuntimeContext, ids: { tid: number; async: number }): void {
  const t = rec.task;
  const title = t.describe();
  const start = ns(rec.start);
  const end = Math.max(start, ns(rec.end));
  const lifetime: TraceEvent = {
    name: title,
    cat: "task",
    ph: "X",
    pid: PID,
    tid: t.id,
    ts: start / 1000,
    dur: (end - start) / 1000,
    args: { id: t.id, name: t.name, parent: t.parent === null ? null : t.parent.id, status: t.status, spawnedAt: loc(t.spawnSpan) },
  };
  const { lanes, overflow } = assignLanes([{ start, end, kind: LIFETIME, seq: rec.seq, co: -1, awaited: -1, event: lifetime }, ...awaitSlices(t, awaits)]);
  lanes.forEach((lane, i) => {
    const tid = i === 0 ? t.id : ids.tid++;
    out.push({ name: "thread_name", ph: "M", pid: PID, tid, args: { name: i === 0 ? title : `${title} · concurrent awaits ${i}` } });
    out.push({ name: "thread_sort_index", ph: "M", pid: PID, tid, args: { sort_index: t.id * 1000 + i } });
    for (const s of lane) {
      s.event.tid = tid;
      out.push(s.event);
    }
  });
  for (const s of overflow) {
    const e = s.event;
    const id = ids.async++;
    out.push({ name: e.name, cat: "await", ph: "b", pid: PID, tid: t.id, id, ts: e.ts, ...(e.args !== undefined ? { args: e.args } : {}) });
    out.push({ name: e.name, cat: "await", ph: "e", pid: PID, tid: t.id, id, ts: s.end / 1000 });
  }
  const at = end / 1000;
  if (t.status === "Cancelled") {
    out.push({ name: `cancel ${title}`, cat: "cancel", ph: "i", s: "t", pid: PID, tid: t.id, ts: at, args: { task: t.id, location: loc(rec.cancelSpan) } });
  }
  const failure = failureArgs(rec, ctx);
  if (failure !== null) {
    const what = failure.code === null ? "failure" : `failure ${failure.code}: ${String(failure.message)}`;
    out.push({ name: what, cat: "failure", ph: "i", s: "t", pid: PID, tid: t.id, ts: at, args: { task: t.id, ...failure } });
  }
  if (t.parent !== null) {
    out.push({ name: `spawn ${title}`, cat: "spawn", ph: "i", s: "t", pid: PID, tid: t.parent.id, ts: start / 1000, args: { task: t.id, location: loc(t.spawnSpan) } });
  }
}

/**
 * The recording as a Chrome Trace Event file (JSON Object Format; opens in Perfetto and
 * chrome://tracing): one track per task (tid = task id, extra lanes for awaits that overlap
 * without nesting) with its lifetime as a slice and its awaits as nested slices named
 * `<operation> @ <file>:<line>:<col>`, and instant events for spawn (on the parent's track),
 * cancel and failure. Call `finish()` first.
 */
export function chromeTrace(rec: AsyncRecorder, title: string): { traceEvents: TraceEvent[]; displayTimeUnit: "ms"; otherData: Record<string, string | number> } {
  const byTask = new Map<Task, AwaitRecord[]>();
  for (const a of rec.awaits) {
    let list = byTask.get(a.task);
    if (list === undefined) byTask.set(a.task, (list = []));
    list.push(a);
  }
  let maxId = 0;
  for (const r of rec.tasks) maxId = Math.max(maxId, r.task.id);
  const ids = { tid: maxId + 1, async: 1 };
  const events: TraceEvent[] = [{ name: "process_name", ph: "M", pid: PID, tid: 0, args: { name: title } }];
  const sorted = [...rec.tasks].sort((a, b) => a.task.id - b.task.id);
  for (const r of sorted) taskEvents(events, r, byTask.get(r.task) ?? [], rec.ctx, ids);
  return {
    traceEvents: events,
    displayTimeUnit: "ms",
    otherData: { producer: "atlas", tasks: rec.tasks.length, awaits: rec.totalAwaits, droppedAwaits: rec.droppedAwaits },
  };
}
