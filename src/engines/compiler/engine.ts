// The compiled engine (issue 3): `compiledEngine.run(program, ctx)` compiles the checked
// program to JavaScript (compile.ts), instantiates it (load.ts) and runs each module's
// top-level generator as part of main task #1 with the run protocol shared with the
// interpreter (runtime/program.ts: module order, first runtime error ends the run, deadlock
// AT0173, unhandled failures AT0175, AT2010); `session(ctx)` runs REPL / eval inputs.
import type { CheckedProgram } from "../../check/program.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { InputResult } from "../../runtime/outcome.js";
import { runMain, SessionDriver } from "../../runtime/program.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import type { Engine, EngineSession, RunOptions, RunResultWithValue } from "../engine.js";
import { compileProgram, type CompiledProgram } from "./compile.js";
import { COMPILED_HOOKS } from "./coroutine.js";
import { instantiate, LoadedRuntime, type ModuleFn } from "./load.js";

/** Runs a checked program (compiled in the first job) or an already compiled one (`atlas build`). */
function runProgram(ctx: RuntimeContext, program: CheckedProgram | CompiledProgram, opts: RunOptions): Promise<RunResultWithValue> {
  let modules: ModuleFn[] = [];
  return runMain({
    ctx,
    hooks: COMPILED_HOOKS,
    load: () => {
      modules = instantiate(new LoadedRuntime(ctx), "js" in program ? program : compileProgram(program));
      return modules.length;
    },
    module: (index, capture) => modules[index](capture),
    captureValue: opts.captureValue === true,
  });
}

class CompiledSession implements EngineSession {
  private readonly rt: LoadedRuntime;
  private readonly driver: SessionDriver;

  constructor(ctx: RuntimeContext) {
    this.rt = new LoadedRuntime(ctx);
    this.driver = new SessionDriver(ctx, COMPILED_HOOKS);
  }

  runInput(program: CheckedProgram): Promise<InputResult> {
    return this.driver.runInput((capture) => instantiate(this.rt, compileProgram(program, { repl: true }))[0](capture));
  }

  settle(): Promise<Diagnostic[]> {
    return this.driver.settle();
  }
}

export class CompiledEngine implements Engine {
  readonly name = "compiled" as const;

  run(program: CheckedProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
    return runProgram(ctx, program, opts);
  }

  session(ctx: RuntimeContext): EngineSession {
    return new CompiledSession(ctx);
  }
}

export const compiledEngine = new CompiledEngine();

/** Runs an already compiled program (modules written by `atlas build`, see build.ts). */
export function runCompiled(compiled: CompiledProgram, ctx: RuntimeContext, opts: RunOptions = {}): Promise<RunResultWithValue> {
  return runProgram(ctx, compiled, opts);
}
