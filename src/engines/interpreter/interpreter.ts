// The reference interpreter's entry points: `interpreterEngine.run(program, ctx)` runs a whole
// program as main task #1 (modules in order, each after the previous one's top-level code
// completed; first runtime error ends the run; deadlock AT0173; unhandled rejections AT0175),
// and `interpreterEngine.session(ctx)` runs REPL / eval inputs against persistent module state.
import type { CheckedModule, CheckedProgram } from "../../check/program.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { InputResult } from "../../runtime/outcome.js";
import type { AsyncGen } from "../../runtime/coroutine.js";
import { runMain, SessionDriver, type TopLevelCapture } from "../../runtime/program.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import type { Value } from "../../runtime/values.js";
import type { Engine, EngineSession, RunOptions, RunResultWithValue } from "../engine.js";
import type { Frame } from "./frames.js";
import { makeClosure } from "./functions.js";
import { genTopLevel } from "./async.js";
import { Interp } from "./state.js";

/** Creates the module's top-level function values before its first statement (§6.6). */
function hoistModule(it: Interp, m: CheckedModule, frame: Frame): void {
  for (const s of m.ast.body) {
    const fn = s.kind === "FnDecl" ? s : s.kind === "Export" && s.decl.kind === "FnDecl" ? s.decl : null;
    if (fn !== null) frame.slots[it.tables.slot(fn)] = makeClosure(it, fn, frame);
  }
}

/** A module's top-level code as a generator run by main (hoisting done first). */
function moduleGen(it: Interp, m: CheckedModule, capture: TopLevelCapture): AsyncGen {
  const frame = it.moduleFrame(m);
  hoistModule(it, m, frame);
  return genTopLevel(it, m.ast.body, frame, capture);
}

/** A REPL / eval session: inputs run as top-level code of the persistent `<repl>` module. */
class InterpreterSession implements EngineSession {
  private readonly it: Interp;
  private readonly driver: SessionDriver;

  constructor(ctx: RuntimeContext) {
    this.it = new Interp(ctx);
    this.driver = new SessionDriver(ctx, this.it.hooks);
  }

  runInput(program: CheckedProgram): Promise<InputResult> {
    return this.driver.runInput((capture) => {
      this.it.load(program);
      return moduleGen(this.it, program.modules[0], capture);
    });
  }

  settle(): Promise<Diagnostic[]> {
    return this.driver.settle();
  }
}

export class InterpreterEngine implements Engine {
  readonly name = "interp" as const;

  /** The run protocol is runtime/program.ts's (shared with the compiled engine). */
  run(program: CheckedProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
    const it = new Interp(ctx);
    return runMain({
      ctx,
      hooks: it.hooks,
      load: () => {
        it.load(program);
        return program.modules.length;
      },
      module: (index, capture) => moduleGen(it, program.modules[index], capture),
      captureValue: opts.captureValue === true,
    });
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
