// Ordering rules of the shared scheduler (async.md §A1.3, §A5, language.md §6.13): spawn queues
// the task start, await queues the continuation (even of a settled future), handlers are queued
// like awaits, adoption costs no turn, yieldNow goes to the back of the ready queue, timers fire
// only when the queue is empty in (deadline, creation) order. Each row runs on both engines
// (which must agree) on the virtual clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lines, runBoth } from "./support/async-harness.js";

interface Row {
  name: string;
  src: string;
  out: string;
}

const ROWS: Row[] = [
  {
    name: "spawn never switches: the caller keeps running",
    src: `spawn(fn() -> null { print("task"); return null; });
print("caller");
await yieldNow();
print("after yield");`,
    out: lines("caller", "task", "after yield"),
  },
  {
    name: "task starts run in spawn order",
    src: `for (var i = 0; i < 3; i++) { let n = i; spawn(fn() -> null { print("t" + str(n)); return null; }); }
await sleep(0);`,
    out: lines("t0", "t1", "t2"),
  },
  {
    name: "an await of a settled future lets queued task starts run first",
    src: `spawn(fn() -> null { print("task"); return null; });
print(await futureResolve("value"));`,
    out: lines("task", "value"),
  },
  {
    name: "async call runs synchronously up to its first await",
    src: `async fn f() -> Future<null> { print("f1"); await yieldNow(); print("f2"); }
let x = f();
print("caller");
await x;`,
    out: lines("f1", "caller", "f2"),
  },
  {
    name: "continuations resume in the order their futures settled",
    src: `async fn w(n: string, ms: number) -> Future<null> { await sleep(ms); print(n); }
let a = w("second", 2);
let b = w("first", 1);
await futureAll([a, b]);`,
    out: lines("first", "second"),
  },
  {
    name: "several awaiters of one future resume in registration order",
    src: `let s = sleep(5);
async fn w(n: string) -> Future<null> { await s; print(n); }
let all = futureAll([w("a"), w("b"), w("c")]);
await all;`,
    out: lines("a", "b", "c"),
  },
  {
    name: "yieldNow round-robins two tasks",
    src: `let a = spawn(async fn() -> Future<null> { for (var i = 0; i < 2; i++) { print("a" + str(i)); await yieldNow(); } });
let b = spawn(async fn() -> Future<null> { for (var i = 0; i < 2; i++) { print("b" + str(i)); await yieldNow(); } });
await joinAll([a, b]);`,
    out: lines("a0", "b0", "a1", "b1"),
  },
  {
    name: "sleep(0) waits for the whole ready queue, yieldNow does not",
    src: `let z = futureThen(sleep(0), fn(_x: null) -> null { print("sleep0"); return null; });
let y = futureThen(yieldNow(), fn(_x: null) -> null { print("yield"); return null; });
await futureAll([z, y]);`,
    out: lines("yield", "sleep0"),
  },
  {
    name: "timers with equal deadlines fire in creation order",
    src: `timer(5, fn() { print("t1"); });
timer(5, fn() { print("t2"); });
timer(4, fn() { print("t0"); });
await sleep(10);`,
    out: lines("t0", "t1", "t2"),
  },
  {
    name: "a timer fires only once the ready queue is empty",
    src: `timer(0, fn() { print("timer"); });
async fn spin() -> Future<null> { for (var i = 0; i < 3; i++) { print("spin " + str(i)); await yieldNow(); } }
await spin();
await sleep(1);`,
    out: lines("spin 0", "spin 1", "spin 2", "timer"),
  },
  {
    name: "jobs queued by a timer's run drain before the next timer",
    src: `timer(1, fn() { spawn(fn() -> null { print("child of t1"); return null; }); print("t1"); });
timer(1, fn() { print("t2"); });
await sleep(5);`,
    out: lines("t1", "child of t1", "t2"),
  },
  {
    name: "then handler runs as a queued job after earlier continuations",
    src: `let r = futureResolve(1);
async fn first() -> Future<null> { await r; print("continuation"); }
let c = first();
let h = futureThen(r, fn(_x: number) -> null { print("handler"); return null; });
print("sync");
await futureAll([c, h]);`,
    out: lines("sync", "continuation", "handler"),
  },
  {
    name: "adopting a returned future costs no extra turn",
    src: `let inner = futureResolve(1);
let t = futureThen(futureResolve(0), fn(_x: number) -> Future<number> { return inner; });
let plain = futureThen(futureResolve(0), fn(_x: number) -> number { return 2; });
let order: string[] = [];
let a = futureThen(t, fn(_x: number) -> null { push(order, "adopted"); return null; });
let b = futureThen(plain, fn(_x: number) -> null { push(order, "plain"); return null; });
await futureAll([a, b]);
print(order);`,
    out: lines("[adopted, plain]"),
  },
  {
    name: "a task adopting its body's future settles with it",
    src: `async fn body() -> Future<string> { await sleep(3); return "body"; }
let t = spawn(body);
print(await t);`,
    out: lines("body"),
  },
  {
    name: "group children start after the group body returns control",
    src: `let g = taskGroup(fn(grp: TaskGroup) -> Future<null> {
    groupSpawn(grp, fn() -> null { print("child"); return null; });
    print("body");
    return futureResolve(null);
});
print("caller");
await g;`,
    out: lines("body", "caller", "child"),
  },
  {
    name: "interval runs interleave with sleeps by deadline",
    src: `var n = 0;
var hs: Timer[] = [];
push(hs, interval(10, fn() { n++; print("tick " + str(n)); if (n == 2) { cancelTimer(hs[0]); } }));
await sleep(15);
print("main at 15");
await sleep(10);
print("main at 25");`,
    out: lines("tick 1", "main at 15", "tick 2", "main at 25"),
  },
  {
    name: "module top-level await: importer continues after the import's code completes",
    src: `async fn step(n: string) -> Future<null> { await sleep(1); print(n); }
await step("one");
await step("two");
print("done");`,
    out: lines("one", "two", "done"),
  },
  {
    name: "a task's continuation runs in that task",
    src: `let t = spawn(async fn() -> Future<null> { await yieldNow(); print(taskId(taskCurrent())); });
await t;
print(taskId(taskCurrent()));`,
    out: lines("2", "1"),
  },
  {
    name: "handlers run in the task that created them",
    src: `let t = spawn(fn() -> Future<number> {
    return futureThen(sleep(1), fn(_x: null) -> number { return taskId(taskCurrent()); });
});
print(await t);`,
    out: lines("2"),
  },
  {
    name: "mapConcurrent starts the next item when one settles",
    src: `let r = await mapConcurrent([3, 1, 2], 1, async fn(ms: number) -> Future<number> { print("start " + str(ms)); await sleep(ms); return ms; });
print(r);
print(monotonicMs());`,
    out: lines("start 3", "start 1", "start 2", "[3, 1, 2]", "6"),
  },
  {
    name: "retry's first call is synchronous, later ones after the backoff",
    src: `var n = 0;
let f = retry(fn() -> Future<number> { n++; print("call " + str(n)); if (n < 2) { let r: Future<number> = futureReject("x"); return r; } return futureResolve(n); }, 3, 0);
print("after retry()");
print(await f);`,
    out: lines("call 1", "after retry()", "call 2", "2"),
  },
  {
    name: "futureNew's executor runs before futureNew returns",
    src: `let f: Future<number> = futureNew(fn(resolve, _reject) { print("executor"); resolve(1); });
print("returned");
print(await f);`,
    out: lines("executor", "returned", "1"),
  },
  {
    name: "virtual time advances only to the next deadline",
    src: `await sleep(7);
print(monotonicMs());
await sleep(0.25);
print(monotonicMs());`,
    out: lines("7", "7.25"),
  },
  {
    name: "a rejection in futureAll is seen after queued work, in failure order",
    src: `async fn fail(ms: number, m: string) -> Future<number> { await sleep(ms); let r: Future<number> = futureReject(m); return await r; }
let r = await futureResult(futureAll([fail(2, "b"), fail(1, "a")]));
print(r);`,
    out: lines("Err(AT0160: a)"),
  },
];

for (const row of ROWS) {
  test(`ordering: ${row.name}`, async () => {
    const r = await runBoth(row.src);
    assert.equal(r.stderr, "", `stderr of ${row.name}`);
    assert.equal(r.stdout, row.out);
    assert.equal(r.exit, 0);
  });
}
