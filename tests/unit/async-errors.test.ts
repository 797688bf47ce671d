// Failure policy (async.md §A2) and deadlock detection (§A1.4, §A1.5): errors propagate through
// chains of calls, handlers and groups with their codes, messages and origins; unobserved
// failures are reported at the end in failure order (AT0175), cancellations never; blocked
// tasks are listed (AT0173 at main's await, AT2010 at the end) with what and where they wait.
// Rows run on both engines (which must agree) on the virtual clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lines, runBoth } from "./support/async-harness.js";

interface Row {
  name: string;
  src: string;
  out: string;
  /** `CODE L:C message` of each runtime diagnostic. */
  errors?: string[];
  notes?: string[];
  exit?: number;
}

const ROWS: Row[] = [
  {
    name: "an error deep in a call chain re-raises at its origin in main",
    src: `async fn c(x: number) -> Future<number> { await yieldNow(); return 1 / x; }
async fn b(x: number) -> Future<number> { return await c(x); }
async fn a(x: number) -> Future<number> { return await b(x); }
print(await a(0));`,
    out: "",
    errors: ["AT0005 1:68 Divide by zero"],
  },
  {
    name: "errors travel through then and are recovered by catch",
    src: `let f = futureThen(futureResolve(0), fn(x: number) -> number { return 1 / x; });
let g = futureThen(f, fn(x: number) -> number { print("skipped"); return x; });
let h = futureCatch(g, fn(e: Error) -> number { print("caught " + errorCode(e)); return -1; });
print(await h);`,
    out: lines("caught AT0005", "-1"),
  },
  {
    name: "finally sees the outcome pass through unchanged",
    src: `let bad: Future<number> = futureReject("x");
let f = futureFinally(bad, fn() { print("finally"); });
print(await futureResult(f));`,
    out: lines("finally", "Err(AT0160: x)"),
  },
  {
    name: "a group's first failure wins; the rest are cancelled",
    src: `let r = await futureResult(taskGroup(fn(g: TaskGroup) -> Future<null> {
    groupSpawn(g, async fn() -> Future<null> { await sleep(2); let z = 0; print(1 / z); });
    groupSpawn(g, async fn() -> Future<null> { await sleep(5); print("never"); });
    return futureResolve(null);
}));
print(r);`,
    out: lines("Err(AT0005: Divide by zero)"),
  },
  {
    name: "a group failure raised in main is located at the member's error",
    src: `await taskGroup(fn(g: TaskGroup) -> Future<null> {
    groupSpawn(g, fn() -> null { let xs: number[] = []; print(xs[0]); return null; });
    return futureResolve(null);
});`,
    out: "",
    errors: ["AT0006 2:63 Array index out of bounds"],
  },
  {
    name: "a later group failure is a note on the first Error",
    src: `await taskGroup(fn(g: TaskGroup) -> Future<number> {
    groupSpawn(g, fn() -> number { let z = 0; return 1 / z; }, "first");
    return futureThen(sleep(5), fn(_x: null) -> number { let o: Option<number> = None; return unwrap(o); });
});`,
    out: "",
    errors: ["AT0005 2:54 Divide by zero"],
    notes: ["later failure in the group body: AT0001: Type error: unwrap() called on None"],
  },
  {
    name: "unobserved failures are reported in failure order, tasks and futures alike",
    src: `let t1 = spawn(async fn() -> Future<number> { await sleep(3); let z = 0; return 1 / z; }, "late");
let f: Future<number> = futureReject("early");
let t2 = spawn(fn() -> number { let xs: number[] = []; return xs[0]; });
print("end");`,
    out: lines("end"),
    errors: [
      "AT0175 2:25 Unhandled rejection: AT0160: early",
      "AT0175 3:63 Unhandled failure in task #3: AT0006: Array index out of bounds",
      "AT0175 1:81 Unhandled failure in task 'late' (#2): AT0005: Divide by zero",
    ],
  },
  {
    name: "cancellation is never reported",
    src: `let t = spawn(async fn() -> Future<null> { await sleep(10); });
let c = spawn(async fn() -> Future<null> { await t; });
await yieldNow();
taskCancel(t);
print("end");`,
    out: lines("end"),
  },
  {
    name: "main's failure suppresses other reports and cancels the rest",
    src: `let t = spawn(fn() -> number { let z = 0; return 1 / z; });
let f: Future<number> = futureReject("x");
spawn(async fn() -> Future<null> { await sleep(5); print("never"); });
await yieldNow();
let o: Option<number> = None;
print(unwrap(o));`,
    out: "",
    errors: ["AT0001 6:7 Type error: unwrap() called on None"],
  },
  {
    name: "Future-returning builtins reject instead of raising",
    src: `let a = sleep(-1);
let none: Future<null>[] = [];
let b = futureRace(none);
let c = timeout(futureResolve(1), -1);
let d = retry(fn() -> Future<number> { return futureResolve(1); }, 0, 1);
let e = mapConcurrent([1], 0, fn(x: number) -> number { return x; });
for f in [a, futureThen(b, fn(_x: null) -> null { return null; }), futureThen(c, fn(_x: number) -> null { return null; }), futureThen(d, fn(_x: number) -> null { return null; }), futureThen(e, fn(_x: number[]) -> null { return null; })] {
    print(await futureResult(f));
}`,
    out: lines(
      "Err(AT0102: sleep(): delay must be a non-negative number of milliseconds, got -1)",
      "Err(AT0102: futureRace(): expected at least one future)",
      "Err(AT0102: timeout(): timeout must be a non-negative number of milliseconds, got -1)",
      "Err(AT0102: retry(): attempts must be an integer >= 1, got 0)",
      "Err(AT0102: mapConcurrent(): limit must be an integer >= 1, got 0)",
    ),
  },
  {
    name: "deadlock: AT0173 at main's await, one note per blocked task in id order",
    src: `let never: Future<number> = futureNew(fn(_r, _j) { });
let a = spawn(async fn() -> Future<number> { return await never; }, "a");
let b = spawn(async fn() -> Future<number> { return await a; });
await b;`,
    out: "",
    errors: ["AT0173 4:1 Deadlock: all tasks are blocked"],
    notes: ["task #1 'main' waits on task join at t.atl:4:1", "task #2 'a' waits on future at t.atl:2:53", "task #3 waits on task join at t.atl:3:53"],
  },
  {
    name: "deadlock of main alone",
    src: `async fn wait() -> Future<number> { let p: Future<number> = futureNew(fn(_r, _j) { }); return await p; }
print("waiting");
print(await wait());`,
    out: lines("waiting"),
    errors: ["AT0173 1:95 Deadlock: all tasks are blocked"],
    notes: ["task #1 'main' waits on future at t.atl:1:95"],
  },
  {
    name: "no deadlock while a timer can still wake main",
    src: `var open: (number) -> null = fn(_v: number) -> null { return null; };
let p: Future<number> = futureNew(fn(r, _j) { open = r; });
timer(50, fn() { open(5); });
print(await p);`,
    out: lines("5"),
  },
  {
    name: "tasks still blocked at the end: AT2010 warning, exit 0",
    src: `let never: Future<number> = futureNew(fn(_r, _j) { });
spawn(async fn() -> Future<number> { return await never; }, "stuck");
print("end");`,
    out: lines("end"),
    errors: ["AT2010 - 1 task(s) were still blocked when the program ended"],
    notes: ["task #2 'stuck' waits on future at t.atl:2:45"],
    exit: 0,
  },
  {
    name: "an error in a timer callback fails that run's task",
    src: `timer(1, fn() { let z = 0; print(1 / z); });
await sleep(2);
print("main goes on");`,
    out: lines("main goes on"),
    errors: ["AT0175 1:34 Unhandled failure in task #2: AT0005: Divide by zero"],
  },
];

test("errors: scheduled activations start at call depth 1 (AT0008 exactly past the limit)", async () => {
  const src = `fn down(n: number) -> number { if (n == 0) { return 0; } return 1 + down(n - 1); }
let ok = spawn(fn() -> number { return down(48); });
let over = spawn(fn() -> number { return down(49); });
print(await ok);
print(await futureResult(over));
timer(1, fn() { print(down(48)); });
await sleep(2);`;
  const r = await runBoth(src, { maxCallDepth: 50 });
  assert.equal(r.stdout, lines("48", "Err(AT0008: Stack overflow)", "48"));
  assert.equal(r.exit, 0);
});

for (const row of ROWS) {
  test(`errors: ${row.name}`, async () => {
    const r = await runBoth(row.src);
    assert.equal(r.stdout, row.out);
    assert.deepEqual(r.errors, row.errors ?? []);
    if (row.notes !== undefined) assert.deepEqual(r.notes, row.notes);
    assert.equal(r.exit, row.exit ?? ((row.errors ?? []).length > 0 ? 1 : 0));
  });
}
