// The interpreter's mutable state shared by eval-expr, exec-stmt, patterns and async: the
// runtime context, side tables, module frames and the preallocated control-flow signals and
// completion codes (design.md "Tree-walker speed": no Error objects for break/continue/return).
import type { CheckedModule, CheckedProgram } from "../../check/program.js";
import { NOT_RETURN, type CoroutineHooks } from "../../runtime/coroutine.js";
import type { RuntimeContext } from "../../runtime/runtime-context.js";
import type { Value } from "../../runtime/values.js";
import { Frame, Tables, growFrame, newFrame } from "./frames.js";

/** Statement completion codes. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Completion = typeof NORMAL | typeof BREAK | typeof CONTINUE | typeof RETURN;

/**
 * Thrown (never with a stack) when control leaves an expression: `e?` returning Err, or a
 * `break`/`continue`/`return` inside a match arm block used as an expression. The return value
 * travels in `Interp.returnValue`.
 */
export class ControlSignal {
  constructor(readonly code: Completion) {}
}
export const BREAK_SIGNAL = new ControlSignal(BREAK);
export const CONTINUE_SIGNAL = new ControlSignal(CONTINUE);
export const RETURN_SIGNAL = new ControlSignal(RETURN);

export function signalFor(c: Completion): ControlSignal {
  return c === BREAK ? BREAK_SIGNAL : c === CONTINUE ? CONTINUE_SIGNAL : RETURN_SIGNAL;
}

export class Interp {
  readonly tables = new Tables();
  /** Module frames by CheckedModule.index (global refs read these: live import views). */
  readonly moduleFrames: Frame[] = [];
  /** Value of the `return` / `?` being executed. */
  returnValue: Value = null;
  /** Value of the arm chosen by the last match run. */
  matchValue: Value = null;
  /** How the shared coroutine driver recognises this engine's return signal. */
  readonly hooks: CoroutineHooks = {
    returnValue: (e) => (e === RETURN_SIGNAL ? this.takeReturn() : NOT_RETURN),
  };

  constructor(readonly rt: RuntimeContext) {}

  /** Adds a program's tables and creates (or grows, for the REPL) its module frames. */
  load(program: CheckedProgram): void {
    this.tables.add(program, this.rt.builtins);
    for (const m of program.modules) this.moduleFrame(m);
  }

  moduleFrame(m: CheckedModule): Frame {
    let f = this.moduleFrames[m.index];
    if (f === undefined) {
      f = newFrame(null, m.scope.size);
      this.moduleFrames[m.index] = f;
    } else {
      growFrame(f, m.scope.size);
    }
    return f;
  }

  takeReturn(): Value {
    const v = this.returnValue;
    this.returnValue = null;
    return v;
  }

  takeMatchValue(): Value {
    const v = this.matchValue;
    this.matchValue = null;
    return v;
  }
}
