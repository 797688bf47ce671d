// The run protocol shared by both engines (language.md §6.15, §9.3; async.md §A1.4, §A1.5,
// §A2.4, §A4.2): main task #1 runs the modules' top-level code in order, each after the
// previous one's (including its awaits) has completed; the first runtime error of main ends
// the run after silently cancelling every other task; cancelling main ends it with AT0171;
// when nothing can run any more the program either deadlocked (AT0173, main unfinished) or
// ended (AT0175 reports in failure order, then AT2010 for tasks still blocked). Also the
// REPL / eval session protocol. Engines only supply the module generators (`AsyncGen`).
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorDiag, warningDiag } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import { cancelledError, taskSubject } from "./cancel.js";
import { Coroutine, type AsyncGen, type CoroutineHooks } from "./coroutine.js";
import type { RuntimeError } from "./errors.js";
import type { InputResult } from "./outcome.js";
import {
  deadlockDiagnostic,
  failureDiagnostic,
  runtimeDiagnostic,
  spanLocation,
  toRuntimeFailure,
  unhandledRejectionDiagnostic,
  unhandledTaskFailureDiagnostic,
} from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Scheduler } from "./scheduler.js";
import { completeTask, doCancel, Task, waitPoint } from "./task.js";
import type { Value } from "./values.js";

/** Where a module's final expression statement value goes (`atlas eval`, REPL echo). */
export interface TopLevelCapture {
  value: Value;
  isExpression: boolean;
}

export interface ProgramSpec {
  readonly ctx: RuntimeContext;
  readonly hooks: CoroutineHooks;
  /** Prepares the program (runs inside the first job) and returns its number of modules. */
  load(): number;
  /** The generator of module `index`'s top-level code (hoisting done), capturing into `capture`. */
  module(index: number, capture: TopLevelCapture): AsyncGen;
  readonly captureValue: boolean;
}

export interface MainRunResult {
  readonly exitCode: number;
  readonly diagnostics: Diagnostic[];
  readonly value: Value;
  readonly isExpression: boolean;
}

/** `note: task #<id> '<name>' waits on <what> at <file>:<line>:<col>` (async.md §A1.5). */
export function waitNote(t: Task): string {
  const w = waitPoint(t);
  return `${t.describe()} waits on ${w.what} at ${spanLocation(w.span)}`;
}

/** AT0173 located at main's pending await, one note per unfinished task in id order. */
export function deadlockReport(sched: Scheduler): Diagnostic {
  return deadlockDiagnostic(waitPoint(sched.main).span, sched.liveTasks().map(waitNote));
}

/** AT0175 reports for unobserved failed tasks and rejected futures, in failure order. */
export function unhandledReports(sched: Scheduler): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of sched.unobservedRejections()) {
    if (f.error === null) continue;
    out.push(f instanceof Task ? unhandledTaskFailureDiagnostic(f.name, f.id, f.error) : unhandledRejectionDiagnostic(f.error));
  }
  return out;
}

/** Cancels every unfinished task except main, silently, in id order. */
export function cancelAllTasks(sched: Scheduler): void {
  for (const t of sched.liveTasks()) if (t !== sched.main) doCancel(t, null);
}

/** `error[AT0171]: Task 'main' (#1) was cancelled` at the cancel call. */
function mainCancelledDiagnostic(sched: Scheduler, span: Span | null): Diagnostic {
  const e = cancelledError(taskSubject(sched.main.name, sched.main.id));
  return errorDiag(e.code, e.message, span);
}

/** Runs a whole program as main task #1; never rejects. */
export function runMain(spec: ProgramSpec): Promise<MainRunResult> {
  return new MainRun(spec).start();
}

class MainRun {
  private readonly ctx: RuntimeContext;
  private readonly sched: Scheduler;
  private readonly capture: TopLevelCapture = { value: null, isExpression: false };
  private count = 0;
  private next = 0;
  private mainDone = false;
  private finished = false;
  private resolve: (r: MainRunResult) => void = () => {};

  constructor(private readonly spec: ProgramSpec) {
    this.ctx = spec.ctx;
    this.sched = spec.ctx.scheduler;
  }

  start(): Promise<MainRunResult> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      const sched = this.sched;
      sched.onIdle = () => this.idle();
      sched.onJobError = (e) => this.fatal(e);
      sched.onMainCancelled = (span) => this.end(mainCancelledDiagnostic(sched, span), "Cancelled");
      sched.enqueue(() => {
        this.count = this.spec.load();
        this.runModules();
      }, undefined);
      sched.drain();
    });
  }

  /** Starts modules in order; a module that suspends continues the chain when it completes. */
  private runModules(): void {
    const main = this.sched.main;
    for (;;) {
      if (this.finished) return;
      if (this.next >= this.count) {
        this.mainDone = true;
        main.root = null;
        completeTask(main, null);
        return;
      }
      const index = this.next++;
      const last = this.next === this.count;
      const capture = last && this.spec.captureValue ? this.capture : { value: null, isExpression: false };
      const co = new Coroutine(this.ctx, this.spec.module(index, capture), main, true, this.spec.hooks);
      main.root = co;
      let sync = true;
      let doneSync = false;
      co.onDone = (failure) => {
        if (failure !== null) this.mainFailed(failure);
        else if (sync) doneSync = true;
        else this.runModules();
      };
      co.start();
      sync = false;
      if (!doneSync) return;
    }
  }

  private mainFailed(err: RuntimeError): void {
    this.end(runtimeDiagnostic(err), "Failed");
  }

  private fatal(e: unknown): void {
    this.end(failureDiagnostic(toRuntimeFailure(e, this.ctx.maxCallDepth)), "Failed");
  }

  /** Main failed or was cancelled: report, cancel everything else silently, exit 1. */
  private end(d: Diagnostic, status: "Failed" | "Cancelled"): void {
    if (this.finished) return;
    const main = this.sched.main;
    if (main.status === "Running") {
      main.status = status;
      if (status === "Failed") this.sched.stats.failed++;
      else this.sched.stats.cancelled++;
    }
    this.ctx.report(d);
    cancelAllTasks(this.sched);
    this.finish(1);
  }

  private idle(): void {
    if (this.finished) return;
    const sched = this.sched;
    if (!this.mainDone) {
      this.end(deadlockReport(sched), "Failed");
      return;
    }
    const blocked = sched.liveTasks();
    const notes = blocked.map(waitNote);
    cancelAllTasks(sched);
    const reports = unhandledReports(sched);
    for (const d of reports) this.ctx.report(d);
    if (blocked.length > 0) {
      this.ctx.report(warningDiag("AT2010", `${blocked.length} task(s) were still blocked when the program ended`, null, { notes }));
    }
    this.finish(reports.length > 0 ? 1 : 0);
  }

  /** Ends the run: drops whatever is pending, flushes output, resolves the promise. */
  private finish(exitCode: number): void {
    this.finished = true;
    const sched = this.sched;
    sched.onIdle = null;
    sched.onMainCancelled = null;
    sched.shutdown();
    try {
      this.ctx.flushOut();
    } catch {
      // nothing left to report a failing sink to
    }
    this.resolve({
      exitCode,
      diagnostics: this.ctx.diagnostics.slice(),
      value: this.capture.value,
      isExpression: this.capture.isExpression,
    });
  }
}

// ---- REPL / eval sessions ----------------------------------------------------------------------

interface ActiveInput {
  co: Coroutine | null;
  resolve: (r: InputResult) => void;
}

/** Runs inputs as top-level code of the persistent `<repl>` module, in main's task. */
export class SessionDriver {
  private readonly sched: Scheduler;
  private active: ActiveInput | null = null;
  private settleWaiters: ((d: Diagnostic[]) => void)[] = [];

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly hooks: CoroutineHooks,
  ) {
    this.sched = ctx.scheduler;
    this.sched.onIdle = () => this.idle();
    this.sched.onJobError = (e) => this.jobError(e);
    this.sched.onMainCancelled = (span) => this.mainCancelled(span);
  }

  /**
   * Runs one input: `prepare` (inside a job) loads it and returns its top-level generator.
   * Resolves when its top-level code has completed, failed or deadlocked.
   */
  runInput(prepare: (capture: TopLevelCapture) => AsyncGen): Promise<InputResult> {
    return new Promise((resolve) => {
      const active: ActiveInput = { co: null, resolve };
      this.active = active;
      this.sched.enqueue(() => this.startInput(prepare, active), undefined);
      this.sched.drain();
    });
  }

  private startInput(prepare: (capture: TopLevelCapture) => AsyncGen, active: ActiveInput): void {
    const capture: TopLevelCapture = { value: null, isExpression: false };
    try {
      const co = new Coroutine(this.ctx, prepare(capture), this.sched.main, true, this.hooks);
      active.co = co;
      this.sched.main.root = co;
      co.onDone = (failure) => {
        this.endInput(
          active,
          failure === null ? { ok: true, value: capture.value, isExpression: capture.isExpression } : { ok: false, diagnostics: [runtimeDiagnostic(failure)] },
        );
      };
      co.start();
    } catch (e) {
      this.endInput(active, { ok: false, diagnostics: [failureDiagnostic(toRuntimeFailure(e, this.ctx.maxCallDepth))] });
    }
  }

  private endInput(active: ActiveInput, r: InputResult): void {
    if (this.active === active) this.active = null;
    if (this.sched.main.root === active.co) this.sched.main.root = null;
    active.resolve(r);
  }

  private jobError(e: unknown): void {
    const d = failureDiagnostic(toRuntimeFailure(e, this.ctx.maxCallDepth));
    if (this.active !== null) this.endInput(this.active, { ok: false, diagnostics: [d] });
    else this.ctx.report(d);
  }

  /** Cancelling main in a session fails the running input and cancels every task. */
  private mainCancelled(span: Span | null): void {
    const d = mainCancelledDiagnostic(this.sched, span);
    const active = this.active;
    if (active !== null) {
      if (active.co !== null) active.co.abandon();
      this.endInput(active, { ok: false, diagnostics: [d] });
    } else this.ctx.report(d);
    cancelAllTasks(this.sched);
  }

  private idle(): void {
    const active = this.active;
    if (active !== null) {
      // The input's top-level code waits on something nothing can settle (§A1.5).
      const d = deadlockReport(this.sched);
      if (active.co !== null) active.co.abandon();
      this.endInput(active, { ok: false, diagnostics: [d] });
    }
    if (this.settleWaiters.length > 0) {
      const ds = unhandledReports(this.sched);
      for (const d of ds) this.ctx.report(d);
      this.sched.clearRejections();
      const waiters = this.settleWaiters;
      this.settleWaiters = [];
      for (const w of waiters) w(ds);
    }
  }

  /** Waits until no work is pending, then reports (and returns) the AT0175s found so far. */
  settle(): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      this.settleWaiters.push(resolve);
      this.sched.drain();
    });
  }
}
