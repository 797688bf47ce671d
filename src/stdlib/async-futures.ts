// Future builtins (async.md §A3): futureResolve/Reject/New, state queries, then/catch/finally,
// all/race/allSettled/any/result and futureCancel. Implementations live in runtime/combinators.ts
// so both engines share them; every Future-returning builtin rejects instead of raising (§A2.5).
import {
  allFutures,
  allSettledFutures,
  anyFutures,
  finallyFuture,
  newFutureWith,
  raceFutures,
  reasonError,
  resolvedFuture,
  resultFuture,
  thenFuture,
} from "../runtime/combinators.js";
import { argError } from "../runtime/errors.js";
import { PENDING, REJECTED, RESOLVED } from "../runtime/future.js";
import { cancelTask, Task } from "../runtime/task.js";
import type { Value } from "../runtime/values.js";
import { defineFutureFn, defineRtFn, futureArg, futureArray } from "./async-common.js";
import { defineFn } from "./define.js";
import { expected, func, present } from "./validate.js";

defineFutureFn("futureResolve", "<T>(v: T) -> Future<T>", (ctx) => (v: Value) => resolvedFuture(ctx, present("futureResolve", v)));

defineFutureFn("futureReject", "<T>(reason: string | Error) -> Future<T>", (ctx) => (reason: Value) => {
  const e = reasonError(reason, ctx.callSpan);
  if (e === null) throw expected("futureReject", "string or Error", reason);
  const f = ctx.scheduler.newFuture();
  f.reject(e);
  return f;
});

defineFutureFn("futureNew", "<T>(executor: ((T) -> null, (string | Error) -> null) -> null) -> Future<T>", (ctx) => (executor: Value) => {
  const span = ctx.callSpan;
  return newFutureWith(ctx, func("futureNew", executor), span);
});

defineFn("futureIsPending", "<T>(f: Future<T>) -> bool", (f: Value) => futureArg("futureIsPending", f).state === PENDING);
defineFn("futureIsResolved", "<T>(f: Future<T>) -> bool", (f: Value) => futureArg("futureIsResolved", f).state === RESOLVED);
defineFn("futureIsRejected", "<T>(f: Future<T>) -> bool", (f: Value) => futureArg("futureIsRejected", f).state === REJECTED);

defineFutureFn(
  "futureThen",
  "<T, U>(f: Future<T>, onOk: (T) -> Future<U>) -> Future<U> ; <T, U>(f: Future<T>, onOk: (T) -> U) -> Future<U>",
  (ctx) => (f: Value, onOk: Value) => thenFuture(ctx, futureArg("futureThen", f), func("futureThen", onOk), null, ctx.callSpan),
);

defineFutureFn(
  "futureCatch",
  "<T>(f: Future<T>, onErr: (Error) -> Future<T>) -> Future<T> ; <T>(f: Future<T>, onErr: (Error) -> T) -> Future<T>",
  (ctx) => (f: Value, onErr: Value) => thenFuture(ctx, futureArg("futureCatch", f), null, func("futureCatch", onErr), ctx.callSpan),
);

defineFutureFn("futureFinally", "<T>(fut: Future<T>, f: () -> void) -> Future<T>", (ctx) => (fut: Value, f: Value) =>
  finallyFuture(ctx, futureArg("futureFinally", fut), func("futureFinally", f), ctx.callSpan),
);

defineFutureFn("futureAll", "<T>(fs: Future<T>[]) -> Future<T[]>", (ctx) => (fs: Value) => allFutures(ctx, futureArray("futureAll", fs)));

defineFutureFn("futureRace", "<T>(fs: Future<T>[]) -> Future<T>", (ctx) => (fs: Value) => {
  const list = futureArray("futureRace", fs);
  if (list.length === 0) throw argError("futureRace", "expected at least one future");
  return raceFutures(ctx, list);
});

defineFutureFn("futureAllSettled", "<T>(fs: Future<T>[]) -> Future<Result<T, Error>[]>", (ctx) => (fs: Value) =>
  allSettledFutures(ctx, futureArray("futureAllSettled", fs)),
);

defineFutureFn("futureAny", "<T>(fs: Future<T>[]) -> Future<T>", (ctx) => (fs: Value) => {
  const list = futureArray("futureAny", fs);
  if (list.length === 0) throw argError("futureAny", "expected at least one future");
  return anyFutures(ctx, list, ctx.callSpan);
});

defineFutureFn("futureResult", "<T>(f: Future<T>) -> Future<Result<T, Error>>", (ctx) => (f: Value) => resultFuture(ctx, futureArg("futureResult", f)));

defineRtFn("futureCancel", "<T>(f: Future<T>) -> bool", (ctx) => (f: Value) => {
  const fut = futureArg("futureCancel", f);
  fut.observed = true;
  return fut instanceof Task ? cancelTask(fut, ctx.callSpan) : fut.cancel();
});
