// The async runtime below the builtins, driven directly on a manual VirtualClock (design.md R10:
// `clock.advance(ms)` then `scheduler.flush()`): Future storage and observers, Task lifecycle,
// cancellation order and deferral, what a blocked task waits on, the live-task registry, timers
// (fractions, intervals without drift or pile-up, timeout), the rejection log, and 100,000
// concurrent tasks through Atlas programs on both engines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../src/runtime/clock.js";
import { ProgramExit } from "../../src/runtime/cancel.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { Coroutine, startAsyncCall, type AsyncGen } from "../../src/runtime/coroutine.js";
import { Future, PENDING, REJECTED, RESOLVED } from "../../src/runtime/future.js";
import { deadlockReport, unhandledReports } from "../../src/runtime/program.js";
import { RuntimeContext } from "../../src/runtime/runtime-context.js";
import { cancelTask, spawnTask, taskLocalGet, taskLocalSet, waitPoint, type Task } from "../../src/runtime/task.js";
import { sleepFuture, timeoutFuture, TimerHandle } from "../../src/runtime/timers.js";
import { ErrorValue, tagFunction, type Value } from "../../src/runtime/values.js";
import { lines, runBoth } from "./support/async-harness.js";

function manual(): { ctx: RuntimeContext; clock: VirtualClock; log: string[] } {
  const clock = new VirtualClock({ autoJump: false });
  const ctx = new RuntimeContext({ stdout: () => {}, stderr: () => {}, clock, wakeup: () => {} });
  return { ctx, clock, log: [] };
}

/** A builtin-like JS function usable as a task body or callback. */
function fn(f: (...args: Value[]) => Value): Value {
  return tagFunction(f, "builtin", "test");
}

// ---- futures --------------------------------------------------------------------------------------

test("future: state, value, error and the observed flag are independent", () => {
  const { ctx } = manual();
  const f = ctx.newFuture();
  f.observed = true;
  assert.equal(f.state, PENDING);
  assert.equal(f.value, null);
  assert.equal(f.resolve(7), true);
  assert.equal(f.observed, true);
  assert.equal(f.state, RESOLVED);
  assert.equal(f.value, 7);
  assert.equal(f.error, null);
  const g = ctx.newFuture();
  const e = new ErrorValue("AT0160", "x", null);
  g.reject(e);
  assert.equal(g.state, REJECTED);
  assert.equal(g.error, e);
  assert.equal(g.value, null);
  assert.equal(g.observed, false);
});

test("future: many observers in registration order; removal keeps the rest", () => {
  const { ctx } = manual();
  const f = ctx.newFuture();
  const seen: number[] = [];
  const obs = [0, 1, 2, 3].map((i) => () => void seen.push(i));
  for (const o of obs) f.onSettle(o);
  f.removeObserver(obs[1]);
  assert.equal(f.hasObservers, true);
  f.resolve(null);
  assert.deepEqual(seen, [0, 2, 3]);
  assert.equal(f.hasObservers, false);
  const single = ctx.newFuture();
  single.onSettle(obs[0]);
  single.removeObserver(obs[0]);
  assert.equal(single.hasObservers, false);
});

test("future: not cancellable without a source; cancel() false once settled", () => {
  const { ctx } = manual();
  const f = ctx.newFuture();
  assert.equal(f.cancel(), false);
  const s = sleepFuture(ctx, 10);
  assert.equal(s.cancel(), true);
  assert.equal(s.error?.code, "AT0171");
  assert.equal(s.cancel(), false);
  assert.equal(ctx.scheduler.liveTimers, 0);
});

// ---- tasks -----------------------------------------------------------------------------------------

test("task: queued start, sync body completes, async body adopted", () => {
  const { ctx, log } = manual();
  const a = spawnTask(ctx, fn(() => (log.push("a runs"), 1)), "a", null);
  const later = ctx.newFuture();
  const b = spawnTask(ctx, fn(() => later), null, null);
  log.push("spawned");
  assert.deepEqual([a.status, a.started, b.started], ["Running", false, false]);
  ctx.scheduler.flush();
  assert.deepEqual(log, ["spawned", "a runs"]);
  assert.deepEqual([a.status, a.value, b.status], ["Completed", 1, "Running"]);
  later.resolve("late");
  assert.deepEqual([b.status, b.value], ["Completed", "late"]);
  assert.equal(a.describe(), "task #2 'a'");
  assert.equal(b.describe(), "task #3");
  assert.equal(b.display(), "<Task #3>");
});

test("task: a runtime error fails the task; an internal bug reaches the job boundary", () => {
  const { ctx } = manual();
  const failing = spawnTask(
    ctx,
    fn(() => {
      throw new RuntimeError("AT0001", "Type error: boom", null);
    }),
    null,
    null,
  );
  const buggy = spawnTask(
    ctx,
    fn(() => {
      throw new Error("bug");
    }),
    null,
    null,
  );
  const errs: unknown[] = [];
  ctx.scheduler.onJobError = (e) => errs.push(e);
  ctx.scheduler.flush();
  assert.deepEqual([failing.status, failing.error?.message], ["Failed", "Type error: boom"]);
  assert.equal(errs.length, 1);
  assert.equal(buggy.status, "Running");
  assert.deepEqual(
    unhandledReports(ctx.scheduler).map((d) => d.message),
    ["Unhandled failure in task #2: AT0001: Type error: boom"],
  );
});

test("task: cancelled before start never runs; status at once; joiners get AT0171", () => {
  const { ctx, log } = manual();
  const t = spawnTask(ctx, fn(() => (log.push("ran"), null)), "w", null);
  const joiner = ctx.newFuture();
  t.onSettle((g) => joiner.settleLike(g));
  assert.equal(cancelTask(t, null), true);
  assert.equal(t.status, "Cancelled");
  assert.equal(joiner.error?.message, "Task 'w' (#2) was cancelled");
  assert.equal(cancelTask(t, null), false);
  ctx.scheduler.flush();
  assert.deepEqual(log, []);
});

test("task: descendants are cancelled in creation order, after the task itself", () => {
  const { ctx } = manual();
  const order: number[] = [];
  const never = ctx.newFuture();
  let kids: Task[] = [];
  const parent = spawnTask(
    ctx,
    fn(() => {
      kids = [spawnTask(ctx, fn(() => never), null, null), spawnTask(ctx, fn(() => never), null, null)];
      return never;
    }),
    null,
    null,
  );
  ctx.scheduler.flush();
  for (const t of [parent, ...kids]) t.onSettle(() => order.push(t.id));
  cancelTask(parent, null);
  assert.deepEqual(order, [2, 3, 4]);
  assert.deepEqual(kids.map((k) => k.status), ["Cancelled", "Cancelled"]);
});

test("task: self-cancel is deferred to the end of the task's job", () => {
  const { ctx } = manual();
  let during = "";
  const never = ctx.newFuture();
  const t: Task = spawnTask(
    ctx,
    fn(() => {
      assert.equal(cancelTask(t, null), true);
      during = t.status;
      return never;
    }),
    null,
    null,
  );
  ctx.scheduler.flush();
  assert.equal(during, "Running");
  assert.equal(t.status, "Cancelled");
});

test("task: cancelling main asks the run to end the program and unwinds with ProgramExit", () => {
  const { ctx } = manual();
  let asked = false;
  ctx.scheduler.onMainCancelled = () => (asked = true);
  assert.throws(() => cancelTask(ctx.scheduler.main, null), (e: unknown) => e instanceof ProgramExit);
  assert.equal(asked, true);
  // The scheduler swallows ProgramExit at the job boundary.
  ctx.scheduler.enqueue(() => {
    throw new ProgramExit(1);
  }, undefined);
  ctx.scheduler.flush();
});

test("task: locals are copied on spawn (copy-on-write both ways)", () => {
  const { ctx } = manual();
  const main = ctx.scheduler.main;
  taskLocalSet(main, "k", "v1");
  const child = spawnTask(ctx, fn(() => null), null, null);
  assert.equal(taskLocalGet(child, "k"), "v1");
  taskLocalSet(main, "k", "v2");
  taskLocalSet(child, "k", "c");
  assert.equal(taskLocalGet(main, "k"), "v2");
  assert.equal(taskLocalGet(child, "k"), "c");
  const grandchild = spawnTask(ctx, fn(() => null), null, null, child);
  assert.equal(taskLocalGet(grandchild, "k"), "c");
});

test("live tasks: found through finished parents, in id order", () => {
  const { ctx } = manual();
  const never = ctx.newFuture();
  let grandchild: Task | null = null;
  const parent = spawnTask(
    ctx,
    fn(() => {
      grandchild = spawnTask(ctx, fn(() => never), "gc", null);
      return 1;
    }),
    "p",
    null,
  );
  const other = spawnTask(ctx, fn(() => never), "o", null);
  ctx.scheduler.flush();
  assert.equal(parent.status, "Completed");
  assert.deepEqual(
    ctx.scheduler.liveTasks().map((t) => t.id),
    [1, 3, 4],
  );
  assert.equal(ctx.scheduler.liveTaskCount, 3);
  assert.ok(grandchild !== null);
  assert.equal(other.id, 3);
});

// ---- coroutines and wait points ---------------------------------------------------------------

test("wait point: follows nested async calls to the innermost await", () => {
  const { ctx } = manual();
  const sched = ctx.scheduler;
  const leaf = ctx.newFuture();
  function* inner(): AsyncGen {
    sched.awaitSpan = null;
    return yield leaf;
  }
  function* outer(): AsyncGen {
    const f = startAsyncCall(ctx, inner(), "inner");
    return yield f;
  }
  const t = spawnTask(ctx, fn(() => startAsyncCall(ctx, outer(), "outer")), "w", null);
  sched.flush();
  const w = waitPoint(t);
  assert.equal(w.future, leaf);
  assert.equal(w.what, "future");
  assert.equal(waitPoint(sched.main).future, null);
  const d = deadlockReport(sched);
  assert.equal(d.code, "AT0173");
  assert.deepEqual(d.notes, ["task #1 'main' waits on future at <unknown>", "task #2 'w' waits on future at <unknown>"]);
});

test("coroutine: cancelling the outer call cancels the unshared inner one", () => {
  const { ctx } = manual();
  const leaf = sleepFuture(ctx, 100);
  function* inner(): AsyncGen {
    return yield leaf;
  }
  let innerF: Future | null = null;
  function* outer(): AsyncGen {
    innerF = startAsyncCall(ctx, inner(), "inner");
    return yield innerF;
  }
  const f = startAsyncCall(ctx, outer(), "outer");
  assert.ok(f instanceof Coroutine);
  assert.equal(f.cancel(), true);
  assert.equal(f.error?.message, "Call to 'outer' was cancelled");
  assert.equal((innerF as Future | null)?.error?.message, "Call to 'inner' was cancelled");
  assert.equal(leaf.error?.message, "sleep(100) was cancelled");
  assert.equal(ctx.scheduler.liveTimers, 0);
});

// ---- timers on manual virtual time -------------------------------------------------------------

test("sleep: fires exactly at fractional deadlines after advance + flush", () => {
  const { ctx, clock } = manual();
  const f = sleepFuture(ctx, 2.5);
  clock.advance(2.4);
  ctx.scheduler.flush();
  assert.equal(f.state, PENDING);
  clock.advance(0.1);
  ctx.scheduler.flush();
  assert.equal(f.state, RESOLVED);
});

test("interval: ticks at k·ms after creation whatever the advance steps (no drift)", () => {
  const { ctx, clock } = manual();
  const at: number[] = [];
  const h = new TimerHandle(ctx, ctx.scheduler.main, 10, fn(() => (at.push(clock.now()), null)), true, null);
  for (let i = 0; i < 7; i++) {
    clock.advance(7);
    ctx.scheduler.flush();
  }
  assert.deepEqual(at, [14, 21, 35, 42]);
  assert.equal(h.cancel(), true);
  assert.equal(h.cancel(), false);
});

test("interval: a tick while the previous run is unsettled is skipped", () => {
  const { ctx, clock } = manual();
  let runs = 0;
  const gate = ctx.newFuture();
  const h = new TimerHandle(ctx, ctx.scheduler.main, 10, fn(() => (runs++, gate)), true, null);
  for (let i = 0; i < 5; i++) {
    clock.advance(10);
    ctx.scheduler.flush();
  }
  assert.equal(runs, 1);
  gate.resolve(null);
  clock.advance(10);
  ctx.scheduler.flush();
  assert.equal(runs, 2);
  h.cancel();
});

test("timeout: AT0170 at the deadline, input cancelled; settles like the input before it", () => {
  const { ctx, clock } = manual();
  const slow = sleepFuture(ctx, 100);
  const t = timeoutFuture(ctx, slow, 20, null);
  clock.advance(20);
  ctx.scheduler.flush();
  assert.equal(t.error?.message, "Operation timed out after 20 ms");
  assert.equal(slow.error?.code, "AT0171");
  const fast = sleepFuture(ctx, 5);
  const t2 = timeoutFuture(ctx, fast, 20, null);
  clock.advance(5);
  ctx.scheduler.flush();
  assert.equal(t2.state, RESOLVED);
  assert.equal(ctx.scheduler.liveTimers, 0, "the timeout's timer is cleared when the input settles");
});

// ---- reports -------------------------------------------------------------------------------------

test("rejection log: observed entries are dropped as it grows; order is kept", () => {
  const { ctx } = manual();
  const first = ctx.newFuture();
  first.reject(new ErrorValue("E", "first", null));
  for (let i = 0; i < 5000; i++) {
    const f = ctx.newFuture();
    f.observed = true;
    f.reject(new ErrorValue("E", "observed", null));
  }
  const last = ctx.newFuture();
  last.reject(new ErrorValue("E", "last", null));
  assert.deepEqual(
    unhandledReports(ctx.scheduler).map((d) => d.message),
    ["Unhandled rejection: E: first", "Unhandled rejection: E: last"],
  );
});

// ---- scale -----------------------------------------------------------------------------------------

test("100,000 concurrent tasks sleeping, joined, on both engines", async () => {
  const r = await runBoth(`var ts: Task<number>[] = [];
for (var i = 0; i < 100000; i++) {
    let n = i;
    push(ts, spawn(async fn() -> Future<number> { await sleep(n % 13); return n % 2; }));
}
let rs = await joinAll(ts);
var sum = 0;
for r in rs { sum += r; }
print(sum);
print(asyncStats()["tasks"]["completed"]);
print(monotonicMs());`);
  assert.equal(r.stdout, lines("50000", "100000", "12"));
});

test("100,000 suspended tasks cancelled through their parent", async () => {
  const r = await runBoth(`var kids: Task<null>[] = [];
let parent = spawn(async fn() -> Future<null> {
    for (var i = 0; i < 100000; i++) {
        push(kids, spawn(async fn() -> Future<null> { await sleep(100000); }));
    }
    await sleep(100000);
});
await sleep(1);
taskCancel(parent);
var cancelled = 0;
for k in kids { if (taskStatus(k) == "Cancelled") { cancelled++; } }
print(cancelled);
print(asyncStats()["timers"]);
print(monotonicMs());`);
  assert.equal(r.stdout, lines("100000", "0", "1"));
});
