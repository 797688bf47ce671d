// Scheduler, Future and clock tests (async.md §A1.3–§A1.5, §A1.8, §A2.4; design.md R10): FIFO
// ready queue, timers in (deadline, creation) order only when the queue is empty, virtual time,
// I/O in flight, idle detection, shutdown, rejection tracking. No real sleeps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Scheduler } from "../../src/runtime/scheduler.js";
import { VirtualClock, RealClock } from "../../src/runtime/clock.js";
import { Future, PENDING, REJECTED, RESOLVED } from "../../src/runtime/future.js";
import { ErrorValue } from "../../src/runtime/values.js";
import { typeOf, display } from "../../src/runtime/display.js";

function manual(autoJump = false): { s: Scheduler; clock: VirtualClock; wakes: number[] } {
  const clock = new VirtualClock({ autoJump });
  const wakes: number[] = [];
  const s = new Scheduler({ wakeup: () => wakes.push(1), clock });
  return { s, clock, wakes };
}

test("future: one-shot settle, observers in order, display and typeof", () => {
  const { s } = manual();
  const f = s.newFuture();
  assert.equal(typeOf(f), "future");
  assert.equal(display(f), "Future(pending)");
  const seen: string[] = [];
  f.onSettle(() => seen.push("a"));
  f.onSettle(() => seen.push("b"));
  assert.equal(f.resolve(1), true);
  assert.equal(f.resolve(2), false);
  assert.equal(f.reject(new ErrorValue("AT0160", "x", null)), false);
  assert.deepEqual(seen, ["a", "b"]);
  assert.equal(f.state, RESOLVED);
  assert.equal(f.value, 1);
  assert.equal(display(f), "Future(resolved)");
  f.onSettle(() => seen.push("late")); // already settled: called at once
  assert.deepEqual(seen, ["a", "b", "late"]);
  const g = s.newFuture();
  g.reject(new ErrorValue("AT0160", "boom", null));
  assert.equal(display(g), "Future(rejected)");
  assert.equal(g.state, REJECTED);
  assert.equal("then" in g, false, "futures are not thenable");
});

test("ready queue is FIFO and jobs queued by jobs run after earlier ones", () => {
  const { s, wakes } = manual();
  const log: string[] = [];
  s.enqueue((x: string) => {
    log.push(x);
    s.enqueue((y: string) => log.push(y), "a2");
  }, "a1");
  s.enqueue((x: string) => log.push(x), "b1");
  assert.equal(wakes.length, 1, "one host wakeup requested");
  s.flush();
  assert.deepEqual(log, ["a1", "b1", "a2"]);
});

test("ready queue keeps FIFO order across its chunks, while draining and refilling", () => {
  const { s } = manual();
  const log: number[] = [];
  for (let i = 0; i < 3000; i++) s.enqueue((x: number) => log.push(x), i);
  s.flush();
  assert.deepEqual(log, Array.from({ length: 3000 }, (_, i) => i));
  // Jobs that queue jobs while a long queue drains (head and tail in different chunks).
  const seen: number[] = [];
  const step = (x: number): void => {
    seen.push(x);
    if (x < 5000) s.enqueue(step, x + 1000);
  };
  for (let i = 0; i < 1000; i++) s.enqueue(step, i);
  assert.equal(s.readyCount, 1000);
  s.flush();
  assert.equal(seen.length, 6000);
  assert.deepEqual(seen, Array.from({ length: 6000 }, (_, i) => i));
  assert.equal(s.readyCount, 0);
});

test("await ordering: settled-future continuation waits behind queued jobs (§A1.3)", () => {
  const { s } = manual();
  const log: string[] = [];
  const settled = s.newFuture();
  settled.resolve("v");
  // an await of an already-settled future queues its continuation
  s.enqueue(() => log.push("earlier job"), undefined);
  const awaitFuture = (f: Future, k: (v: unknown) => void): void => {
    if (f.state !== PENDING) s.enqueue(() => k(f.value), undefined);
    else f.onSettle(() => s.enqueue(() => k(f.value), undefined));
  };
  awaitFuture(settled, (v) => log.push(`continuation ${String(v)}`));
  log.push("sync code");
  s.flush();
  assert.deepEqual(log, ["sync code", "earlier job", "continuation v"]);
});

test("timers fire in (deadline, creation) order and only when the ready queue is empty", () => {
  const { s, clock } = manual();
  const log: string[] = [];
  s.addTimer(10, () => log.push("t10a"));
  s.addTimer(5, () => {
    log.push("t5");
    s.enqueue(() => log.push("job from t5"), undefined);
  });
  s.addTimer(10, () => log.push("t10b"));
  s.addTimer(0, () => log.push("t0"));
  s.enqueue(() => log.push("ready"), undefined);
  s.flush();
  assert.deepEqual(log, ["ready", "t0"]);
  clock.advance(10);
  s.flush();
  assert.deepEqual(log, ["ready", "t0", "t5", "job from t5", "t10a", "t10b"]);
  assert.equal(s.liveTimers, 0);
});

test("cancelled timers never fire and stop counting as live", () => {
  const { s, clock } = manual();
  const log: string[] = [];
  const t = s.addTimer(5, () => log.push("x"));
  s.addTimer(6, () => log.push("y"));
  assert.equal(s.liveTimers, 2);
  assert.equal(s.cancelTimer(t), true);
  assert.equal(s.cancelTimer(t), false);
  assert.equal(s.liveTimers, 1);
  clock.advance(10);
  s.flush();
  assert.deepEqual(log, ["y"]);
});

test("virtual clock with autoJump runs timer programs instantly and in order", () => {
  const { s, clock } = manual(true);
  const log: string[] = [];
  s.addTimer(30, () => log.push(`slow@${clock.now()}`));
  s.addTimer(10, () => {
    log.push(`fast@${clock.now()}`);
    s.addTimer(5, () => log.push(`nested@${clock.now()}`));
  });
  let idle = 0;
  s.onIdle = () => idle++;
  s.flush();
  assert.deepEqual(log, ["fast@10", "nested@15", "slow@30"]);
  assert.equal(idle, 1);
});

test("virtual time does not jump while I/O is in flight", () => {
  const { s, clock } = manual(true);
  const log: string[] = [];
  s.addTimer(100, () => log.push("timer"));
  s.beginIo();
  s.flush();
  assert.equal(log.length, 0);
  assert.equal(clock.now(), 0);
  s.endIo(() => log.push("io done"), undefined);
  s.flush();
  assert.deepEqual(log, ["io done", "timer"]);
});

test("idle detection: not idle while timers or I/O are pending", () => {
  const { s, clock } = manual();
  let idle = 0;
  s.onIdle = () => idle++;
  s.addTimer(5, () => {});
  s.flush();
  assert.equal(idle, 0);
  assert.equal(s.isIdle, false);
  clock.advance(5);
  s.flush();
  assert.equal(idle, 1);
  s.beginIo();
  s.flush();
  assert.equal(idle, 1);
  s.endIo(() => {}, undefined);
  s.flush();
  assert.equal(idle, 2);
  assert.equal(s.isIdle, true);
});

test("host promises settle by enqueueing and count as pending I/O", async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  let idle!: () => void;
  const done = new Promise<void>((r) => (idle = r));
  const s = new Scheduler({ wakeup: (cb) => setImmediate(cb), clock });
  s.onIdle = () => idle();
  s.trackHostPromise(
    Promise.reject(new Error("nope")),
    () => log.push("ok"),
    (e) => log.push(`err ${(e as Error).message}`),
  );
  s.trackHostPromise(Promise.resolve(7), (v) => log.push(`ok ${v}`), () => {});
  assert.equal(s.pendingIo, 2);
  s.flush();
  await done;
  assert.deepEqual(log.sort(), ["err nope", "ok 7"]);
  assert.equal(s.pendingIo, 0);
});

test("a job that throws goes to onJobError and the loop continues", () => {
  const { s } = manual();
  const errs: unknown[] = [];
  const log: string[] = [];
  s.onJobError = (e) => errs.push(e);
  s.enqueue(() => {
    throw new Error("bad");
  }, undefined);
  s.enqueue(() => log.push("after"), undefined);
  s.flush();
  assert.equal(errs.length, 1);
  assert.deepEqual(log, ["after"]);
});

test("shutdown drops queued jobs and timers and ignores later enqueues", () => {
  const { s, clock } = manual();
  const log: string[] = [];
  s.enqueue(() => {
    log.push("first");
    s.shutdown();
  }, undefined);
  s.enqueue(() => log.push("dropped"), undefined);
  s.addTimer(1, () => log.push("timer dropped"));
  s.flush();
  s.enqueue(() => log.push("late"), undefined);
  clock.advance(5);
  s.flush();
  assert.deepEqual(log, ["first"]);
  assert.equal(s.isStopped, true);
  assert.equal(s.liveTimers, 0);
});

test("unobserved rejections are listed in failure order, excluding AT0171", () => {
  const { s } = manual();
  const a = s.newFuture();
  const b = s.newFuture();
  const c = s.newFuture();
  const d = s.newFuture();
  b.reject(new ErrorValue("AT0160", "b", null));
  a.reject(new ErrorValue("AT0160", "a", null));
  c.reject(new ErrorValue("AT0171", "cancelled", null));
  d.reject(new ErrorValue("AT0160", "d", null));
  d.observed = true;
  assert.deepEqual(
    s.unobservedRejections().map((f) => f.error?.message),
    ["b", "a"],
  );
  s.clearRejections();
  assert.deepEqual(s.unobservedRejections(), []);
});

test("tasks: main is #1 named main; ids count up; describe()", () => {
  const { s } = manual();
  assert.equal(s.main.id, 1);
  assert.equal(s.main.describe(), "task #1 'main'");
  const t = s.newTask(null, s.main);
  assert.equal(t.id, 2);
  assert.equal(t.describe(), "task #2");
  assert.deepEqual(s.main.children, [t]);
  assert.equal(t.sched, s);
});

test("tasks: ids too large for the status word are kept exactly; liveTasks is in id order", () => {
  const { s } = manual();
  const a = s.newTask(null, s.main); // #2
  const b = s.newTask(null, s.main); // #3
  const c = s.newTask(null, a); // #4, a child of #2 listed after #3 in id order
  assert.deepEqual(
    s.liveTasks().map((t) => t.id),
    [1, 2, 3, 4],
  );
  assert.equal(b.parent, s.main);
  assert.equal(c.parent, a);
  for (const big of [4194303, 4194304, 2 ** 40 + 3]) {
    (s as unknown as { nextTaskId: number }).nextTaskId = big;
    const t = s.newTask("n", s.main);
    assert.equal(t.id, big);
    assert.equal(t.describe(), `task #${big} 'n'`);
    t.status = "Completed";
    assert.equal(t.id, big);
    assert.equal(t.status, "Completed");
  }
});

test("real clock arms host timers", async () => {
  const clock = new RealClock();
  const s = new Scheduler({ wakeup: (cb) => setImmediate(cb), clock });
  const log: number[] = [];
  let idle!: () => void;
  const done = new Promise<void>((r) => (idle = r));
  s.onIdle = () => idle();
  const t0 = clock.now();
  s.addTimer(15, () => log.push(2));
  s.addTimer(5, () => log.push(1));
  await done;
  assert.deepEqual(log, [1, 2]);
  assert.ok(clock.now() - t0 >= 14, "waited for the deadline");
});
