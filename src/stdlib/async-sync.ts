// Mutex and semaphore builtins (async.md §A9): asyncMutex, asyncMutexLock/Unlock/Update/Get/Set,
// semaphore, semaphoreAcquire/Release/With. Semantics live in runtime/sync.ts. Future-returning
// builtins never raise (§A2.5); unlock/release misuse raises AT0174, bad arguments AT0102.
import {
  MutexValue,
  SemaphoreValue,
  mutexLock,
  mutexUnlock,
  mutexUpdate,
  semaphoreAcquire,
  semaphoreRelease,
  semaphoreWith,
} from "../runtime/sync.js";
import type { Value } from "../runtime/values.js";
import { defineFutureFn, defineRtFn, intAtLeast } from "./async-common.js";
import { defineFn } from "./define.js";
import { expected, func, present } from "./validate.js";

function mutexArg(fn: string, v: Value | undefined): MutexValue {
  if (!(v instanceof MutexValue)) throw expected(fn, "Mutex", v);
  return v;
}

function semaphoreArg(fn: string, v: Value | undefined): SemaphoreValue {
  if (!(v instanceof SemaphoreValue)) throw expected(fn, "Semaphore", v);
  return v;
}

defineFn("asyncMutex", "<T>(initial: T) -> Mutex<T>", (v: Value) => new MutexValue(present("asyncMutex", v)));

defineFutureFn("asyncMutexLock", "<T>(m: Mutex<T>) -> Future<null>", (ctx) => (m: Value) =>
  mutexLock(ctx.scheduler, mutexArg("asyncMutexLock", m)),
);

defineRtFn("asyncMutexUnlock", "<T>(m: Mutex<T>) -> null", (ctx) => (m: Value) => {
  mutexUnlock(mutexArg("asyncMutexUnlock", m), ctx.scheduler.current);
  return null;
});

defineFutureFn(
  "asyncMutexUpdate",
  "<T>(m: Mutex<T>, f: (T) -> Future<T>) -> Future<T> ; <T>(m: Mutex<T>, f: (T) -> T) -> Future<T>",
  (ctx) => (m: Value, f: Value) => {
    const span = ctx.callSpan;
    const mutex = mutexArg("asyncMutexUpdate", m);
    return mutexUpdate(ctx, mutex, func("asyncMutexUpdate", f), span);
  },
);

defineFn("asyncMutexGet", "<T>(m: Mutex<T>) -> T", (m: Value) => mutexArg("asyncMutexGet", m).value);

defineFn("asyncMutexSet", "<T>(m: Mutex<T>, v: T) -> null", (m: Value, v: Value) => {
  mutexArg("asyncMutexSet", m).value = present("asyncMutexSet", v);
  return null;
});

defineFn("semaphore", "(permits: number) -> Semaphore", (n: Value) => new SemaphoreValue(intAtLeast("semaphore", "permits", n, 1)));

defineFutureFn("semaphoreAcquire", "(s: Semaphore) -> Future<null>", (ctx) => (s: Value) =>
  semaphoreAcquire(ctx.scheduler, semaphoreArg("semaphoreAcquire", s)),
);

defineRtFn("semaphoreRelease", "(s: Semaphore) -> null", (ctx) => (s: Value) => {
  semaphoreRelease(semaphoreArg("semaphoreRelease", s), ctx.scheduler.current);
  return null;
});

defineFutureFn(
  "semaphoreWith",
  "<R>(s: Semaphore, f: () -> Future<R>) -> Future<R> ; <R>(s: Semaphore, f: () -> R) -> Future<R>",
  (ctx) => (s: Value, f: Value) => {
    const span = ctx.callSpan;
    const sem = semaphoreArg("semaphoreWith", s);
    return semaphoreWith(ctx, sem, func("semaphoreWith", f), span);
  },
);
