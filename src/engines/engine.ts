// The contract every execution engine implements (design.md §2): run a CheckedProgram on a
// RuntimeContext, or start a REPL/eval session with persistent module state. The CLI and the
// embedding API talk only to this interface; engines never import each other.
import type { CheckedProgram } from "../check/program.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { InputResult, RunResult } from "../runtime/outcome.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import type { Value } from "../runtime/values.js";

export type { InputResult, RunResult };

export interface RunOptions {
  /** Capture the value of the entry module's final expression statement (`atlas eval`). */
  captureValue?: boolean;
}

/** RunResult plus the captured final value (when `captureValue` was set). */
export interface RunResultWithValue extends RunResult {
  /** Value of the entry module's final expression statement, else null. */
  readonly value: Value;
  /** True when the entry module ends with an expression statement. */
  readonly isExpression: boolean;
}

export interface Engine {
  readonly name: "interp" | "compiled";
  /**
   * Runs a whole program (language.md §6.15, §9.3, async.md §A1.4–§A1.5, §A2.4): modules in
   * `program.modules` order, each once, each starting after the previous one's top-level code
   * (including its top-level awaits) has completed; then pending work until the scheduler is
   * idle. Runtime diagnostics are written to `ctx` (stderr, human or JSON per ctx) as they
   * happen: the first runtime error of main's code ends the run (exit 1) after cancelling
   * pending work; a deadlock of main is AT0173 (exit 1); unobserved rejections at normal exit
   * are AT0175 (exit 1). Compile-time diagnostics/warnings are the caller's job. The promise
   * never rejects: internal failures are reported as AT9995 with exit 1.
   */
  run(program: CheckedProgram, ctx: RuntimeContext, opts?: RunOptions): Promise<RunResultWithValue>;
  /** A REPL / `rt.eval` session whose inputs share one `<repl>` module state. */
  session(ctx: RuntimeContext): EngineSession;
}

export interface EngineSession {
  /**
   * Executes one input (a CheckedProgram whose single module is the growing `<repl>` module and
   * whose ast is the new input only, §10.2). Resolves when the input's top-level code has
   * completed (pending work keeps running afterwards). A runtime error stops the input; its
   * diagnostic is returned (not written). A deadlocked input (its top-level await can never be
   * satisfied) fails with AT0173.
   */
  runInput(program: CheckedProgram): Promise<InputResult>;
  /**
   * Waits until no work is pending, then writes an AT0175 report to ctx's stderr for each
   * unobserved rejection so far and returns those diagnostics (`atlas eval` exit status, REPL).
   */
  settle(): Promise<Diagnostic[]>;
}
