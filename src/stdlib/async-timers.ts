// Timer and time builtins (async.md §A5, §A1.6): sleep, timer, interval, cancelTimer, timeout,
// retry, retryWithTimeout, yieldNow, nowMs, monotonicMs. Semantics in runtime/timers.ts; the
// clock is the runtime's (virtual in corpus runs, async.md §A1.8).
import { resolvedFuture } from "../runtime/combinators.js";
import { Future } from "../runtime/future.js";
import { retryFuture, sleepFuture, timeoutFuture, TimerHandle } from "../runtime/timers.js";
import { tagFunction, type Value } from "../runtime/values.js";
import { defineFutureFn, defineRtFn, futureArg, intAtLeast, millis } from "./async-common.js";
import { expected, func } from "./validate.js";

defineFutureFn("sleep", "(ms: number) -> Future<null>", (ctx) => (ms: Value) => sleepFuture(ctx, millis("sleep", "delay", ms)));

defineRtFn("timer", "(ms: number, f: () -> void) -> Timer", (ctx) => (ms: Value, f: Value) => {
  const span = ctx.callSpan;
  const delay = millis("timer", "delay", ms);
  return new TimerHandle(ctx, ctx.scheduler.current, delay, func("timer", f), false, span);
});

defineRtFn("interval", "(ms: number, f: () -> void) -> Timer", (ctx) => (ms: Value, f: Value) => {
  const span = ctx.callSpan;
  const period = millis("interval", "period", ms, true);
  return new TimerHandle(ctx, ctx.scheduler.current, period, func("interval", f), true, span);
});

defineRtFn("cancelTimer", "(t: Timer) -> bool", () => (t: Value) => {
  if (!(t instanceof TimerHandle)) throw expected("cancelTimer", "Timer", t);
  return t.cancel();
});

defineFutureFn("timeout", "<T>(f: Future<T>, ms: number) -> Future<T>", (ctx) => (f: Value, ms: Value) => {
  const span = ctx.callSpan;
  const fut = futureArg("timeout", f);
  return timeoutFuture(ctx, fut, millis("timeout", "timeout", ms), span);
});

defineFutureFn("retry", "<T>(f: () -> Future<T>, attempts: number, baseDelayMs: number) -> Future<T>", (ctx) => (f: Value, n: Value, base: Value) => {
  const span = ctx.callSpan;
  const fn = func("retry", f);
  const attempts = intAtLeast("retry", "attempts", n, 1);
  const delay = millis("retry", "baseDelayMs", base);
  return retryFuture(ctx, fn, attempts, delay, span);
});

defineFutureFn(
  "retryWithTimeout",
  "<T>(f: () -> Future<T>, attempts: number, timeoutMs: number) -> Future<T>",
  (ctx) => (f: Value, n: Value, ms: Value) => {
    const span = ctx.callSpan;
    const fn = func("retryWithTimeout", f);
    const attempts = intAtLeast("retryWithTimeout", "attempts", n, 1);
    const limit = millis("retryWithTimeout", "timeoutMs", ms);
    // Each attempt is `timeout(f(), timeoutMs)`; attempts follow each other without delay.
    const attempt = tagFunction(
      (): Value => {
        const r = fn();
        return r instanceof Future ? timeoutFuture(ctx, futureArg("retryWithTimeout", r), limit, span) : r;
      },
      "builtin",
      "retryWithTimeout",
    );
    return retryFuture(ctx, attempt, attempts, 0, span);
  },
);

defineFutureFn("yieldNow", "() -> Future<null>", (ctx) => () => resolvedFuture(ctx, null));

defineRtFn("nowMs", "() -> number", (ctx) => () => ctx.clock.epochMs());
defineRtFn("monotonicMs", "() -> number", (ctx) => () => ctx.clock.now());
