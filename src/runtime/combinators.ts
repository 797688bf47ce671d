// Future combinators and handlers (async.md §A3, §A2.6): then/catch/finally (handlers queued as
// jobs in the creating task, like an await; a returned future adopted one level with no extra
// turn), all/race/allSettled/any/result (settled synchronously as their inputs settle), and
// futureNew's executor. None of these futures is cancellable. Every input is observed.
import type { Span } from "../diagnostics/span.js";
import { callNow, callScheduled } from "./activation.js";
import { RuntimeError } from "./errors.js";
import { Future, RESOLVED } from "./future.js";
import { errorFromRuntimeError } from "./report.js";
import type { RuntimeContext } from "./runtime-context.js";
import type { Task } from "./task.js";
import { ErrorValue, err, ok, tagFunction, type Value } from "./values.js";

/** A future already settled with `v` / `e`. */
export function resolvedFuture(ctx: RuntimeContext, v: Value): Future {
  // Settled at birth: nobody can be observing it yet, so no notification is needed.
  const f = ctx.scheduler.newFuture();
  f.state = RESOLVED;
  f.value = v;
  return f;
}

export function rejectedFuture(ctx: RuntimeContext, e: ErrorValue): Future {
  const f = ctx.scheduler.newFuture();
  f.reject(e);
  return f;
}

/** `out` settles like `inner` as soon as it settles (adoption: no extra turn, A1.3). */
export function adoptInto(out: Future, inner: Future): void {
  inner.observed = true;
  inner.onSettle((g) => out.settleLike(g));
}

/** Settles `out` with a callback's result: a Future/Task is adopted (one level, A2.6). */
export function settleWithResult(out: Future, r: Value): void {
  if (r instanceof Future) adoptInto(out, r);
  else out.resolve(r);
}

/** Runs `fn(...args)` as a handler job of `ctx`'s current-at-creation task and settles `out`. */
function runHandler(ctx: RuntimeContext, task: Task, fn: Value, args: Value[], out: Future, span: Span | null): void {
  let r: Value;
  try {
    r = callScheduled(ctx, task, fn, args, span);
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    out.reject(errorFromRuntimeError(e));
    return;
  }
  settleWithResult(out, r);
}

/**
 * futureThen / futureCatch (A3): when `f` settles, a job runs `onOk(value)` or `onErr(error)`
 * (null = pass the outcome through untouched) and `out` settles with the handler's result.
 */
export function thenFuture(ctx: RuntimeContext, f: Future, onOk: Value | null, onErr: Value | null, span: Span | null): Future {
  const sched = ctx.scheduler;
  const task = sched.current;
  const out = sched.newFuture();
  f.observed = true;
  const job = (): void => {
    if (f.state === RESOLVED) {
      if (onOk === null) out.resolve(f.value);
      else runHandler(ctx, task, onOk, [f.value], out, span);
    } else if (f.error !== null) {
      if (onErr === null) out.reject(f.error);
      else runHandler(ctx, task, onErr, [f.error], out, span);
    }
  };
  f.onSettle(() => sched.enqueue(job, undefined));
  return out;
}

/**
 * futureFinally (A3): runs `fn()` on either outcome (waiting for a returned future), then
 * settles like `f`; if `fn` fails, the result rejects with that failure instead.
 */
export function finallyFuture(ctx: RuntimeContext, f: Future, fn: Value, span: Span | null): Future {
  const sched = ctx.scheduler;
  const task = sched.current;
  const out = sched.newFuture();
  f.observed = true;
  const job = (): void => {
    const step = sched.newFuture();
    runHandler(ctx, task, fn, [], step, span);
    step.observed = true;
    step.onSettle((s) => {
      if (s.error !== null) out.reject(s.error);
      else out.settleLike(f);
    });
  };
  f.onSettle(() => sched.enqueue(job, undefined));
  return out;
}

/**
 * Shared by futureAll and futureAllSettled: one slot per input, in input order, `slot(g)` for
 * each settled input; resolves with the slots once all have settled. With `rejectFirst`, the
 * first rejection (by time) rejects instead and later settlements are ignored.
 */
function gatherInOrder(
  ctx: RuntimeContext,
  fs: Future[],
  rejectFirst: boolean,
  slot: (g: Future) => Value,
): Future {
  const out = ctx.scheduler.newFuture();
  const n = fs.length;
  if (n === 0) {
    out.resolve([]);
    return out;
  }
  const results = new Array<Value>(n).fill(null);
  let left = n;
  for (let i = 0; i < n; i++) {
    const f = fs[i];
    f.observed = true;
    f.onSettle((g) => {
      if (!out.isPending) return;
      if (rejectFirst && g.error !== null) out.reject(g.error);
      else {
        results[i] = slot(g);
        if (--left === 0) out.resolve(results);
      }
    });
  }
  return out;
}

/** futureAll (A3): results in input order; the first rejection (by time) rejects. */
export function allFutures(ctx: RuntimeContext, fs: Future[]): Future {
  return gatherInOrder(ctx, fs, true, (g) => g.value);
}

/** futureRace (A3): settles like the first input to settle (the caller rejects `[]`). */
export function raceFutures(ctx: RuntimeContext, fs: Future[]): Future {
  const out = ctx.scheduler.newFuture();
  for (const f of fs) {
    f.observed = true;
    f.onSettle((g) => out.settleLike(g));
  }
  return out;
}

/** futureAllSettled (A3): `Ok(v)` / `Err(e)` per input, in input order; never rejects. */
export function allSettledFutures(ctx: RuntimeContext, fs: Future[]): Future {
  return gatherInOrder(ctx, fs, false, (g) => (g.error !== null ? err(g.error) : ok(g.value)));
}

/** futureAny (A3): the first resolution; AT0161 naming the first rejection if all reject. */
export function anyFutures(ctx: RuntimeContext, fs: Future[], span: Span | null): Future {
  const out = ctx.scheduler.newFuture();
  const n = fs.length;
  let left = n;
  let first: ErrorValue | null = null;
  for (const f of fs) {
    f.observed = true;
    f.onSettle((g) => {
      if (!out.isPending) return;
      if (g.error === null) {
        out.resolve(g.value);
        return;
      }
      if (first === null) first = g.error;
      if (--left === 0) {
        const why = `${first.code}: ${first.message}`;
        out.reject(new ErrorValue("AT0161", `futureAny(): all ${n} futures were rejected; first: ${why}`, span));
      }
    });
  }
  return out;
}

/** futureResult (A3): `Ok(v)` or `Err(e)`, settled as soon as `f` settles; never rejects. */
export function resultFuture(ctx: RuntimeContext, f: Future): Future {
  const out = ctx.scheduler.newFuture();
  f.observed = true;
  f.onSettle((g) => out.resolve(g.error !== null ? err(g.error) : ok(g.value)));
  return out;
}

/** An Error from `futureReject`'s / `reject`'s argument: a string is AT0160 at `origin`. */
export function reasonError(reason: Value, origin: Span | null): ErrorValue | null {
  if (reason instanceof ErrorValue) return reason;
  if (typeof reason === "string") return new ErrorValue("AT0160", reason, origin);
  return null;
}

/**
 * futureNew (A3): runs `executor(resolve, reject)` at once; the first call wins; a runtime
 * error in the executor rejects the future.
 */
export function newFutureWith(ctx: RuntimeContext, executor: Value, span: Span | null): Future {
  const out = ctx.scheduler.newFuture();
  const resolve = tagFunction(
    (v: Value): Value => {
      out.resolve(v === undefined ? null : v);
      return null;
    },
    "builtin",
    "resolve",
  );
  const reject = tagFunction(
    (r: Value): Value => {
      const e = reasonError(r, ctx.callSpan);
      out.reject(e ?? new ErrorValue("AT0102", "reject(): expected string or Error", ctx.callSpan));
      return null;
    },
    "builtin",
    "reject",
  );
  try {
    callNow(ctx, executor, [resolve, reject], span);
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    out.reject(errorFromRuntimeError(e));
  }
  return out;
}
