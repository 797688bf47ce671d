// The compiled engine (issue 3): `compiledEngine.run(program, ctx)` compiles the checked
// program to JavaScript (compile.ts), instantiates it (load.ts) and runs each module's
// top-level generator as part of main task #1 on the shared scheduler, with exactly the run
// protocol of the reference interpreter (module order, first runtime error ends the run,
// deadlock AT0173, unhandled rejections AT0175); `session(ctx)` runs REPL / eval inputs.
import type { CheckedProgram } from "../../check/program.js";
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
import type { Engine, EngineSession, RunOptions, RunResultWithValue } from "../engine.js";
import { compileProgram, type CompiledProgram } from "./compile.js";
import { Coroutine } from "./coroutine.js";
import { instantiate, LoadedRuntime, type Capture, type ModuleFn } from "./load.js";

function moduleCoroutine(ctx: RuntimeContext, fn: ModuleFn, capture: Capture): Coroutine {
  return new Coroutine(ctx, fn(capture), null, ctx.scheduler.main, 0, true);
}

function deadlockReport(ctx: RuntimeContext, co: Coroutine | null): Diagnostic {
  const span = co === null ? null : co.awaitSpan;
  const main = ctx.scheduler.main;
  return deadlockDiagnostic(span, [`${main.describe()} waits on future at ${spanLocation(span)}`]);
}

class ProgramRun {
  private readonly capture: Capture = { value: null, isExpression: false };
  private modules: ModuleFn[] = [];
  private next = 0;
  private mainDone = false;
  private finished = false;
  private current: Coroutine | null = null;
  private resolve: (r: RunResultWithValue) => void = () => {};

  constructor(
    private readonly ctx: RuntimeContext,
    /** A checked program (compiled in the first job) or an already compiled one (`atlas build`). */
    private readonly program: CheckedProgram | CompiledProgram,
    private readonly opts: RunOptions,
  ) {}

  start(): Promise<RunResultWithValue> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      const sched = this.ctx.scheduler;
      sched.onIdle = () => this.idle();
      sched.onJobError = (e) => this.fatal(e);
      sched.enqueue(() => {
        const p = this.program;
        this.modules = instantiate(new LoadedRuntime(this.ctx), "js" in p ? p : compileProgram(p));
        this.runModules();
      }, undefined);
      sched.drain();
    });
  }

  private runModules(): void {
    const mods = this.modules;
    for (;;) {
      if (this.finished) return;
      if (this.next >= mods.length) {
        this.mainDone = true;
        this.ctx.scheduler.main.status = "Completed";
        return;
      }
      const fn = mods[this.next++];
      const last = this.next === mods.length;
      const scratch: Capture = { value: null, isExpression: false };
      const co = moduleCoroutine(this.ctx, fn, last && this.opts.captureValue === true ? this.capture : scratch);
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
      this.ctx.report(deadlockReport(this.ctx, this.current));
      this.finish(1);
      return;
    }
    const unobserved = this.ctx.scheduler.unobservedRejections();
    for (const f of unobserved) if (f.error !== null) this.ctx.report(unhandledRejectionDiagnostic(f.error));
    this.finish(unobserved.length > 0 ? 1 : 0);
  }

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

type Active = { co: Coroutine | null; resolve: (r: InputResult) => void };

class CompiledSession implements EngineSession {
  private readonly rt: LoadedRuntime;
  private active: Active | null = null;
  private settleWaiters: ((d: Diagnostic[]) => void)[] = [];

  constructor(private readonly ctx: RuntimeContext) {
    this.rt = new LoadedRuntime(ctx);
    ctx.scheduler.onIdle = () => this.idle();
    ctx.scheduler.onJobError = (e) => this.jobError(e);
  }

  runInput(program: CheckedProgram): Promise<InputResult> {
    return new Promise((resolve) => {
      const sched = this.ctx.scheduler;
      const active: Active = { co: null, resolve };
      this.active = active;
      sched.enqueue(() => this.startInput(program, active), undefined);
      sched.drain();
    });
  }

  private startInput(program: CheckedProgram, active: Active): void {
    const capture: Capture = { value: null, isExpression: false };
    try {
      const fns = instantiate(this.rt, compileProgram(program, { repl: true }));
      const co = moduleCoroutine(this.ctx, fns[0], capture);
      active.co = co;
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

  private endInput(active: Active, r: InputResult): void {
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
      if (active.co !== null) active.co.abandon();
      this.endInput(active, { ok: false, diagnostics: [deadlockReport(this.ctx, active.co)] });
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

export class CompiledEngine implements Engine {
  readonly name = "compiled" as const;

  run(program: CheckedProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
    return new ProgramRun(ctx, program, opts).start();
  }

  session(ctx: RuntimeContext): EngineSession {
    return new CompiledSession(ctx);
  }
}

export const compiledEngine = new CompiledEngine();

/** Runs an already compiled program (modules written by `atlas build`, see build.ts). */
export function runCompiled(compiled: CompiledProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
  return new ProgramRun(ctx, compiled, opts).start();
}
