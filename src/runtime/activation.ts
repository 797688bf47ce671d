// Calling Atlas functions from the runtime (task bodies, handlers, timer runs, callbacks of
// async builtins): the current task and call depth of scheduled activations (language.md
// §13.3.8: they start at depth 1), and the normalisation of what a call may throw into a
// RuntimeError with a location (AT0008 for a host stack overflow, §6.7). Anything else (an
// internal bug, ProgramExit) propagates unchanged to the job boundary.
import type { Span } from "../diagnostics/span.js";
import { RuntimeError } from "./errors.js";
import { isHostStackOverflow, stackOverflowError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Task } from "./task.js";
import type { AtlasFunction, Value } from "./values.js";

/**
 * What a callback threw, as a RuntimeError located at `span` when it had no location of its
 * own (a builtin's failure, AT0008 on entry, §13.3.1); non-runtime throws are rethrown.
 */
export function asRuntimeError(e: unknown, span: Span | null, limit: number): RuntimeError {
  if (e instanceof RuntimeError) {
    if (e.span === null) e.span = span;
    return e;
  }
  if (isHostStackOverflow(e)) return stackOverflowError(span, limit);
  throw e;
}

/** No arguments (shared, never modified). */
export const NO_ARGS: Value[] = [];

/** Calls `fn(...args)` synchronously in the caller's task and depth (executors, group bodies). */
export function callNow(ctx: RuntimeContext, fn: Value, args: Value[], span: Span | null): Value {
  try {
    return (fn as AtlasFunction)(...args);
  } catch (e) {
    throw asRuntimeError(e, span, ctx.maxCallDepth);
  }
}

/**
 * Calls `fn(...args)` as an activation started by the scheduler: in `task`, at call depth 0
 * (the callee counts itself as 1); restores the previous task and depth afterwards.
 */
export function callScheduled(ctx: RuntimeContext, task: Task, fn: Value, args: Value[], span: Span | null): Value {
  const sched = ctx.scheduler;
  const prevTask = sched.current;
  const prevDepth = ctx.depth;
  sched.current = task;
  ctx.depth = 0;
  try {
    const f = fn as AtlasFunction;
    return args.length === 0 ? f() : args.length === 1 ? f(args[0]) : f(...args);
  } catch (e) {
    throw asRuntimeError(e, span, ctx.maxCallDepth);
  } finally {
    sched.current = prevTask;
    ctx.depth = prevDepth;
  }
}
