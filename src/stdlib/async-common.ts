// Shared helpers of the async builtins (async.md): the RuntimeContext behind a BuiltinContext,
// `defineFutureFn` for builtins whose result is a Future (they never raise: argument errors
// reject the returned future, async.md §A2.5), and argument validators for futures, tasks and
// millisecond counts (AT0102 `<fn>(): …`).
import { argError, InternalBug, RuntimeError } from "../runtime/errors.js";
import { formatNumber } from "../runtime/display.js";
import { Future } from "../runtime/future.js";
import { RuntimeContext } from "../runtime/runtime-context.js";
import { Task } from "../runtime/task.js";
import { ErrorValue, type Value } from "../runtime/values.js";
import { defineCtxFn, type BuiltinContext } from "./define.js";
import { arr, expected } from "./validate.js";

/** The runtime behind a builtin's context (async builtins need the scheduler and depth). */
export function runtimeOf(ctx: BuiltinContext): RuntimeContext {
  if (ctx instanceof RuntimeContext) return ctx;
  throw new InternalBug("async builtins need a RuntimeContext");
}

/** Async builtins take at most four arguments: fixed-arity wrappers allocate nothing per call. */
type Impl = (a?: Value, b?: Value, c?: Value, d?: Value) => Value;

/** The implementation for `bctx`, made at once for a RuntimeContext, else on first call. */
function bind(bctx: BuiltinContext, make: (ctx: RuntimeContext) => (...args: Value[]) => Value): () => { rt: RuntimeContext; impl: Impl } {
  let bound: { rt: RuntimeContext; impl: Impl } | null = null;
  const get = (): { rt: RuntimeContext; impl: Impl } => {
    if (bound === null) {
      const rt = runtimeOf(bctx);
      bound = { rt, impl: make(rt) as Impl };
    }
    return bound;
  };
  if (bctx instanceof RuntimeContext) get();
  return get;
}

/** A builtin that needs the RuntimeContext. */
export function defineRtFn(name: string, signature: string, make: (ctx: RuntimeContext) => (...args: Value[]) => Value): void {
  defineCtxFn(name, signature, (bctx) => {
    const get = bind(bctx, make);
    return (a?: Value, b?: Value, c?: Value, d?: Value): Value => get().impl(a, b, c, d);
  });
}

/**
 * A builtin whose result is a Future: a RuntimeError raised while validating or starting it
 * rejects the returned future instead (origin: the call), async.md §A2.5.
 */
export function defineFutureFn(name: string, signature: string, make: (ctx: RuntimeContext) => (...args: Value[]) => Value): void {
  defineCtxFn(name, signature, (bctx) => {
    const get = bind(bctx, make);
    return (a?: Value, b?: Value, c?: Value, d?: Value): Value => {
      const { rt, impl } = get();
      const span = rt.callSpan;
      try {
        return impl(a, b, c, d);
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        const f = rt.scheduler.newFuture();
        f.reject(new ErrorValue(e.code, e.message, e.span ?? span, e.help, [...e.notes]));
        return f;
      }
    };
  });
}

export function futureArg(fn: string, v: Value | undefined): Future {
  if (!(v instanceof Future)) throw expected(fn, "Future", v);
  return v;
}

export function taskArg(fn: string, v: Value | undefined): Task {
  if (!(v instanceof Task)) throw expected(fn, "Task", v);
  return v;
}

export function futureArray(fn: string, v: Value | undefined): Future[] {
  const a = arr(fn, v);
  for (const x of a) if (!(x instanceof Future)) throw expected(fn, "Future", x);
  return a as Future[];
}

export function taskArray(fn: string, v: Value | undefined): Task[] {
  const a = arr(fn, v);
  for (const x of a) if (!(x instanceof Task)) throw expected(fn, "Task", x);
  return a as Task[];
}

/** An optional name argument: a string, or absent/null. */
export function optName(fn: string, v: Value | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw expected(fn, "string", v);
  return v;
}

/** A finite number of milliseconds ≥ 0 (or > 0 with `positive`). */
export function millis(fn: string, what: string, v: Value | undefined, positive = false): number {
  if (typeof v !== "number") throw expected(fn, "number", v);
  const okRange = positive ? v > 0 : v >= 0;
  if (!Number.isFinite(v) || !okRange) {
    const kind = positive ? "a positive" : "a non-negative";
    throw argError(fn, `${what} must be ${kind} number of milliseconds, got ${formatNumber(v)}`);
  }
  return v;
}

/** An integer ≥ `min`. */
export function intAtLeast(fn: string, what: string, v: Value | undefined, min: number): number {
  if (typeof v !== "number") throw expected(fn, "number", v);
  if (!Number.isInteger(v) || v < min) throw argError(fn, `${what} must be an integer >= ${min}, got ${formatNumber(v)}`);
  return v;
}
