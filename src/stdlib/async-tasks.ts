// Task builtins (async.md §A4, §A10.1): spawn (function or future), taskJoin, joinAll,
// taskCancel, taskStatus, taskId, taskName, taskCurrent, task-local storage, taskGroup,
// groupSpawn, mapConcurrent and asyncStats (built in async-stats.ts). Semantics live in
// runtime/task.ts and runtime/task-group.ts, shared by both engines.
import { adoptInto, allFutures } from "../runtime/combinators.js";
import { Future } from "../runtime/future.js";
import { cancelTask, spawnTask, taskLocalGet, taskLocalSet } from "../runtime/task.js";
import { mapConcurrent, runTaskGroup, TaskGroup } from "../runtime/task-group.js";
import { NONE, some, type Value } from "../runtime/values.js";
import { defineFutureFn, defineRtFn, intAtLeast, optName, taskArg, taskArray } from "./async-common.js";
import { asyncStatsBuiltin } from "./async-stats.js";
import { defineCtxFn, defineFn } from "./define.js";
import { arr, expected, func, str } from "./validate.js";

defineRtFn(
  "spawn",
  "<T>(body: () -> Future<T>, name?: string) -> Task<T> ; <T>(body: () -> T, name?: string) -> Task<T> ; <T>(f: Future<T>, name?: string) -> Task<T>",
  (ctx) => (body: Value, name: Value) => {
    const span = ctx.callSpan;
    if (!(body instanceof Future) && typeof body !== "function") throw expected("spawn", "function or Future", body);
    return spawnTask(ctx, body, optName("spawn", name), span);
  },
);

defineFutureFn("taskJoin", "<T>(t: Task<T>) -> Future<T>", (ctx) => (t: Value) => {
  const out = ctx.scheduler.newFuture();
  adoptInto(out, taskArg("taskJoin", t));
  return out;
});

defineFutureFn("joinAll", "<T>(ts: Task<T>[]) -> Future<T[]>", (ctx) => (ts: Value) => allFutures(ctx, taskArray("joinAll", ts)));

defineRtFn("taskCancel", "<T>(t: Task<T>) -> bool", (ctx) => (t: Value) => {
  const task = taskArg("taskCancel", t);
  task.observed = true;
  return cancelTask(task, ctx.callSpan);
});

defineFn("taskStatus", "<T>(t: Task<T>) -> string", (t: Value) => taskArg("taskStatus", t).status);
defineFn("taskId", "<T>(t: Task<T>) -> number", (t: Value) => taskArg("taskId", t).id);
defineFn("taskName", "<T>(t: Task<T>) -> string | null", (t: Value) => taskArg("taskName", t).name);

defineRtFn("taskCurrent", "() -> Task<null>", (ctx) => () => ctx.scheduler.current);

defineRtFn("taskLocalSet", "(key: string, value: string) -> null", (ctx) => (k: Value, v: Value) => {
  taskLocalSet(ctx.scheduler.current, str("taskLocalSet", k), str("taskLocalSet", v));
  return null;
});

defineRtFn("taskLocalGet", "(key: string) -> Option<string>", (ctx) => (k: Value) => {
  const v = taskLocalGet(ctx.scheduler.current, str("taskLocalGet", k));
  return v === undefined ? NONE : some(v);
});

defineFutureFn("taskGroup", "<T>(body: (TaskGroup) -> Future<T>) -> Future<T>", (ctx) => (body: Value) =>
  runTaskGroup(ctx, func("taskGroup", body), ctx.callSpan),
);

defineRtFn(
  "groupSpawn",
  "<T>(g: TaskGroup, body: () -> Future<T>, name?: string) -> Task<T> ; <T>(g: TaskGroup, body: () -> T, name?: string) -> Task<T>",
  (ctx) => (g: Value, body: Value, name: Value) => {
    const span = ctx.callSpan;
    if (!(g instanceof TaskGroup)) throw expected("groupSpawn", "TaskGroup", g);
    return g.spawn(func("groupSpawn", body), optName("groupSpawn", name), span);
  },
);

defineFutureFn(
  "mapConcurrent",
  "<T, U>(items: T[], limit: number, f: (T) -> Future<U>) -> Future<U[]> ; <T, U>(items: T[], limit: number, f: (T) -> U) -> Future<U[]>",
  (ctx) => (items: Value, limit: Value, f: Value) => {
    const span = ctx.callSpan;
    const list = arr("mapConcurrent", items);
    const n = intAtLeast("mapConcurrent", "limit", limit, 1);
    return mapConcurrent(ctx, list.slice(), n, func("mapConcurrent", f), span);
  },
);

defineCtxFn("asyncStats", "() -> json", asyncStatsBuiltin);
