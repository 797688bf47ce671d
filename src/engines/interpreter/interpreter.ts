// The reference interpreter's entry points: `interpreterEngine.run(program, ctx)` runs a whole
// program as main task #1 (modules in order, each after the previous one's top-level code
// completed; first runtime error ends the run; deadlock AT0173; unhandled rejections AT0175),
// and `interpreterEngine.session(ctx)` runs REPL / eval inputs against persistent module state.
import type { CheckedModule, CheckedProgram } from "../../check/program.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { RuntimeError } from "../../runtime/errors.js";
import type { InputResult } from "../../runtime/outcome.js";
import {
  deadlockDiagnostic,
  failureDiagnostic,
  runtimeDiagnostic,
  spanLocation,
  toRuntimeFailure,
  unhandledRejectionDiagnostic,
} from "../../runtime/report.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import type { Value } from "../../runtime/values.js";
import type { Engine, EngineSession, RunOptions, RunResultWithValue } from "../engine.js";
import type { Frame } from "./frames.js";
import { makeClosure } from "./functions.js";
import { Coroutine, genTopLevel, type TopLevelCapture } from "./async.js";
import { Interp } from "./state.js";

/** Creates the module's top-level function values before its first statement (§6.6). */
function hoistModule(it: Interp, m: CheckedModule, frame: Frame): void {
  for (const s of m.ast.body) {
    const fn = s.kind === "FnDecl" ? s : s.kind === "Export" && s.decl.kind === "FnDecl" ? s.decl : null;
    if (fn !== null) frame.slots[it.tables.slot(fn)] = makeClosure(it, fn, frame);
  }
}

/** A coroutine running a module's top-level code as part of the main task. */
function moduleCoroutine(it: Interp, m: CheckedModule, capture: TopLevelCapture): Coroutine {
  const frame = it.moduleFrame(m);
  hoistModule(it, m, frame);
  const sched = it.rt.scheduler;
  return new Coroutine(it, genTopLevel(it, m.ast.body, frame, capture), null, sched.main, 0, true);
}

/** The AT0173 report for a main task blocked forever at `co`'s await (async.md §A1.5). */
function deadlockReport(it: Interp, co: Coroutine | null): Diagnostic {
  const span = co === null ? null : co.awaitSpan;
  const main = it.rt.scheduler.main;
  return deadlockDiagnostic(span, [`${main.describe()} waits on future at ${spanLocation(span)}`]);
}

/** One `run` of a whole program. */
class ProgramRun {
  private readonly it: Interp;
  private readonly capture: TopLevelCapture = { value: null, isExpression: false };
  private next = 0;
  private mainDone = false;
  private finished = false;
  private current: Coroutine | null = null;
  private resolve: (r: RunResultWithValue) => void = () => {};

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly program: CheckedProgram,
    private readonly opts: RunOptions,
  ) {
    this.it = new Interp(ctx);
  }

  start(): Promise<RunResultWithValue> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      const sched = this.ctx.scheduler;
      sched.onIdle = () => this.idle();
      sched.onJobError = (e) => this.fatal(e);
      sched.enqueue(() => {
        this.it.load(this.program);
        this.runModules();
      }, undefined);
      sched.drain();
    });
  }

  /** Starts modules in order; a module that suspends continues the chain when it completes. */
  private runModules(): void {
    const mods = this.program.modules;
    for (;;) {
      if (this.finished) return;
      if (this.next >= mods.length) {
        this.mainDone = true;
        this.ctx.scheduler.main.status = "Completed";
        return;
      }
      const m = mods[this.next++];
      const last = this.next === mods.length;
      const scratch: TopLevelCapture = { value: null, isExpression: false };
      const co = moduleCoroutine(this.it, m, last && this.opts.captureValue === true ? this.capture : scratch);
      let sync = true;
      let doneSync = false;
      co.onDone = (failure) => {
        if (failure !== null) this.mainFailed(failure);
        else if (sync) doneSync = true;
        else this.runModules();
      };
      this.current = co;
      co.start();
      sync = false;
      if (!doneSync) return;
    }
  }

  private mainFailed(err: RuntimeError): void {
    if (this.finished) return;
    this.ctx.scheduler.main.status = "Failed";
    this.ctx.report(runtimeDiagnostic(err));
    this.finish(1);
  }

  private fatal(e: unknown): void {
    if (this.finished) return;
    this.ctx.report(failureDiagnostic(toRuntimeFailure(e, this.ctx.maxCallDepth)));
    this.finish(1);
  }

  private idle(): void {
    if (this.finished) return;
    if (!this.mainDone) {
      this.ctx.report(deadlockReport(this.it, this.current));
      this.finish(1);
      return;
    }
    const unobserved = this.ctx.scheduler.unobservedRejections();
    for (const f of unobserved) if (f.error !== null) this.ctx.report(unhandledRejectionDiagnostic(f.error));
    this.finish(unobserved.length > 0 ? 1 : 0);
  }

  /** Ends the run: cancels whatever is pending, flushes output, resolves the promise. */
  private finish(exitCode: number): void {
    this.finished = true;
    const sched = this.ctx.scheduler;
    sched.onIdle = null;
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

/** A REPL / eval session: inputs run as top-level code of the persistent `<repl>` module. */
class InterpreterSession implements EngineSession {
  private readonly it: Interp;
  private active: { co: Coroutine | null; resolve: (r: InputResult) => void } | null = null;
  private settleWaiters: ((d: Diagnostic[]) => void)[] = [];

  constructor(private readonly ctx: RuntimeContext) {
    this.it = new Interp(ctx);
    ctx.scheduler.onIdle = () => this.idle();
    ctx.scheduler.onJobError = (e) => this.jobError(e);
  }

  runInput(program: CheckedProgram): Promise<InputResult> {
    return new Promise((resolve) => {
      const sched = this.ctx.scheduler;
      const active: { co: Coroutine | null; resolve: (r: InputResult) => void } = { co: null, resolve };
      this.active = active;
      sched.enqueue(() => this.startInput(program, active), undefined);
      sched.drain();
    });
  }

  private startInput(program: CheckedProgram, active: { co: Coroutine | null; resolve: (r: InputResult) => void }): void {
    const capture: TopLevelCapture = { value: null, isExpression: false };
    try {
      this.it.load(program);
      const co = moduleCoroutine(this.it, program.modules[0], capture);
      active.co = co;
      co.onDone = (failure) => {
        this.endInput(active, failure === null ? { ok: true, value: capture.value, isExpression: capture.isExpression } : { ok: false, diagnostics: [runtimeDiagnostic(failure)] });
      };
      co.start();
    } catch (e) {
      this.endInput(active, { ok: false, diagnostics: [failureDiagnostic(toRuntimeFailure(e, this.ctx.maxCallDepth))] });
    }
  }

  private endInput(active: { resolve: (r: InputResult) => void }, r: InputResult): void {
    if (this.active === active) this.active = null;
    active.resolve(r);
  }

  private jobError(e: unknown): void {
    const d = failureDiagnostic(toRuntimeFailure(e, this.ctx.maxCallDepth));
    if (this.active !== null) this.endInput(this.active, { ok: false, diagnostics: [d] });
    else this.ctx.report(d);
  }

  private idle(): void {
    const active = this.active;
    if (active !== null) {
      // The input's top-level code waits on something nothing can settle (§A1.5).
      if (active.co !== null) active.co.abandon();
      this.endInput(active, { ok: false, diagnostics: [deadlockReport(this.it, active.co)] });
    }
    if (this.settleWaiters.length > 0) {
      const sched = this.ctx.scheduler;
      const ds: Diagnostic[] = [];
      for (const f of sched.unobservedRejections()) {
        if (f.error === null) continue;
        const d = unhandledRejectionDiagnostic(f.error);
        this.ctx.report(d);
        ds.push(d);
      }
      sched.clearRejections();
      const waiters = this.settleWaiters;
      this.settleWaiters = [];
      for (const w of waiters) w(ds);
    }
  }

  settle(): Promise<Diagnostic[]> {
    return new Promise((resolve) => {
      this.settleWaiters.push(resolve);
      this.ctx.scheduler.drain();
    });
  }
}

export class InterpreterEngine implements Engine {
  readonly name = "interp" as const;

  run(program: CheckedProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
    return new ProgramRun(ctx, program, opts).start();
  }

  session(ctx: RuntimeContext): EngineSession {
    return new InterpreterSession(ctx);
  }
}

/** The interpreter engine (stateless; all state lives in the RuntimeContext and the run). */
export const interpreterEngine = new InterpreterEngine();

/** Runs a program with the interpreter (shorthand for `interpreterEngine.run`). */
export function runProgram(program: CheckedProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
  return interpreterEngine.run(program, ctx, opts);
}

export type { Value };
