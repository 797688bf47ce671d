// Channel and select builtins (async.md §A6): channelBounded/Unbounded, send/trySend,
// receive/tryReceive, close, isClosed/len/capacity, select with onReceive/onSend/onTimeout/
// onDefault. Semantics live in runtime/channel.ts and runtime/select.ts. Future-returning
// builtins never raise (bad arguments reject, §A2.5); the others raise AT0102.
import { Channel, channelReceive, channelSend, channelTryReceive, channelTrySend } from "../runtime/channel.js";
import { RuntimeError } from "../runtime/errors.js";
import type { Future } from "../runtime/future.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import { DEFAULT_CASE, RECEIVE_CASE, SEND_CASE, SelectCase, TIMEOUT_CASE, selectFuture } from "../runtime/select.js";
import { ErrorValue, type Value } from "../runtime/values.js";
import { defineFutureFn, intAtLeast, millis, runtimeOf } from "./async-common.js";
import { defineCtxFn, defineFn } from "./define.js";
import { arr, expected, func, present } from "./validate.js";

export function channelArg(fn: string, v: Value | undefined): Channel {
  if (!(v instanceof Channel)) throw expected(fn, "Channel", v);
  return v;
}

/** A rejected future for an argument error of a Future-returning builtin (A2.5). */
function rejection(rt: RuntimeContext, e: RuntimeError): Future {
  const f = rt.scheduler.newFuture();
  f.reject(new ErrorValue(e.code, e.message, e.span ?? rt.callSpan, e.help, [...e.notes]));
  return f;
}

defineFn("channelBounded", "<T>(capacity: number) -> Channel<T>", (n: Value) => new Channel(intAtLeast("channelBounded", "capacity", n, 0)));
defineFn("channelUnbounded", "<T>() -> Channel<T>", () => new Channel(-1));

// channelSend / channelReceive are the hot path of B3/B4: fixed arity, no rest arguments.
defineCtxFn("channelSend", "<T>(ch: Channel<T>, v: T) -> Future<null>", (bctx) => {
  let rt: RuntimeContext | null = null;
  return (ch: Value, v: Value): Value => {
    rt ??= runtimeOf(bctx);
    if (!(ch instanceof Channel) || v === undefined) {
      return rejection(rt, ch instanceof Channel ? expected("channelSend", "a value", v) : expected("channelSend", "Channel", ch));
    }
    return channelSend(rt.scheduler, ch, v, rt.callSpan);
  };
});

defineCtxFn("channelReceive", "<T>(ch: Channel<T>) -> Future<Option<T>>", (bctx) => {
  let rt: RuntimeContext | null = null;
  return (ch: Value): Value => {
    rt ??= runtimeOf(bctx);
    if (!(ch instanceof Channel)) return rejection(rt, expected("channelReceive", "Channel", ch));
    return channelReceive(rt.scheduler, ch);
  };
});

defineFn("channelTrySend", "<T>(ch: Channel<T>, v: T) -> bool", (ch: Value, v: Value) =>
  channelTrySend(channelArg("channelTrySend", ch), present("channelTrySend", v)),
);
defineFn("channelTryReceive", "<T>(ch: Channel<T>) -> Option<T>", (ch: Value) => channelTryReceive(channelArg("channelTryReceive", ch)));
defineFn("channelClose", "<T>(ch: Channel<T>) -> null", (ch: Value) => {
  channelArg("channelClose", ch).close();
  return null;
});
defineFn("channelIsClosed", "<T>(ch: Channel<T>) -> bool", (ch: Value) => channelArg("channelIsClosed", ch).closed);
defineFn("channelLen", "<T>(ch: Channel<T>) -> number", (ch: Value) => channelArg("channelLen", ch).length);
defineFn("channelCapacity", "<T>(ch: Channel<T>) -> number", (ch: Value) => channelArg("channelCapacity", ch).capacity);

// ---- select ----------------------------------------------------------------------------------------

function caseArray(v: Value | undefined): SelectCase[] {
  const a = arr("select", v);
  for (const x of a) if (!(x instanceof SelectCase)) throw expected("select", "SelectCase", x);
  return a as SelectCase[];
}

defineFutureFn("select", "<R>(cases: SelectCase<R>[]) -> Future<R>", (ctx) => (cases: Value) => {
  const span = ctx.callSpan;
  return selectFuture(ctx, caseArray(cases), span);
});

defineFn(
  "onReceive",
  "<T, R>(ch: Channel<T>, handler: (Option<T>) -> Future<R>) -> SelectCase<R> ; <T, R>(ch: Channel<T>, handler: (Option<T>) -> R) -> SelectCase<R>",
  (ch: Value, h: Value) => new SelectCase(RECEIVE_CASE, channelArg("onReceive", ch), null, 0, func("onReceive", h)),
);

defineFn(
  "onSend",
  "<T, R>(ch: Channel<T>, v: T, handler: () -> Future<R>) -> SelectCase<R> ; <T, R>(ch: Channel<T>, v: T, handler: () -> R) -> SelectCase<R>",
  (ch: Value, v: Value, h: Value) => {
    const c = channelArg("onSend", ch);
    return new SelectCase(SEND_CASE, c, present("onSend", v), 0, func("onSend", h));
  },
);

defineFn(
  "onTimeout",
  "<R>(ms: number, handler: () -> Future<R>) -> SelectCase<R> ; <R>(ms: number, handler: () -> R) -> SelectCase<R>",
  (ms: Value, h: Value) => {
    const delay = millis("onTimeout", "timeout", ms);
    return new SelectCase(TIMEOUT_CASE, null, null, delay, func("onTimeout", h));
  },
);

defineFn("onDefault", "<R>(handler: () -> Future<R>) -> SelectCase<R> ; <R>(handler: () -> R) -> SelectCase<R>", (h: Value) =>
  new SelectCase(DEFAULT_CASE, null, null, 0, func("onDefault", h)),
);
