// Mutex and semaphore tests (async.md §A9, §A4.2, §A1.5): FIFO fairness, AT0174 misuse, automatic
// release when the holder completes, fails or is cancelled, cancelled waiters never get the lock
// or a permit, permits never leak (random cancellation stress), asyncMutexUpdate/semaphoreWith
// release on every outcome, wait kinds for deadlock notes. Virtual clock, generator tasks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../src/runtime/clock.js";
import { startAsyncCall, type AsyncGen } from "../../src/runtime/coroutine.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { Future, PENDING, REJECTED, RESOLVED } from "../../src/runtime/future.js";
import { RuntimeContext } from "../../src/runtime/runtime-context.js";
import {
  MutexValue,
  SemaphoreValue,
  mutexLock,
  mutexUnlock,
  mutexUpdate,
  semaphoreAcquire,
  semaphoreRelease,
  semaphoreWith,
} from "../../src/runtime/sync.js";
import { cancelTask, spawnTask, waitPoint, type Task } from "../../src/runtime/task.js";
import { display, typeOf } from "../../src/runtime/display.js";
import { ErrorValue, tagFunction, type Value } from "../../src/runtime/values.js";

function harness() {
  const clock = new VirtualClock({ autoJump: false });
  const ctx = new RuntimeContext({ clock, wakeup: () => {}, bufferStdout: false, stdout: () => {}, stderr: () => {} });
  const sched = ctx.scheduler;
  const spawn = (name: string, body: () => AsyncGen): Task =>
    spawnTask(ctx, tagFunction(() => startAsyncCall(ctx, body(), name), "function", name), name, null);
  const sleep = (ms: number): Future => {
    const f = sched.newFuture();
    sched.addTimer(ms, () => f.resolve(null));
    return f;
  };
  const yieldNow = (): Future => {
    const f = sched.newFuture();
    f.resolve(null);
    return f;
  };
  const advance = (ms: number): void => {
    for (let i = 0; i < ms; i++) {
      clock.advance(1);
      sched.flush();
    }
  };
  /** Runs `f` as if called by `t`'s code. */
  const as = <T>(t: Task, f: () => T): T => {
    const prev = sched.current;
    sched.current = t;
    try {
      return f();
    } finally {
      sched.current = prev;
    }
  };
  return { ctx, sched, clock, spawn, sleep, yieldNow, advance, as, flush: () => sched.flush() };
}

const fn = (f: (...a: Value[]) => Value): Value => tagFunction(f, "function", null);

function misuse(f: () => void): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof RuntimeError);
    return `${e.code}: ${e.message}`;
  }
  return "no error";
}

test("handles: typeof and Display", () => {
  assert.equal(typeOf(new MutexValue(0)), "mutex");
  assert.equal(display(new MutexValue(0)), "<Mutex>");
  assert.equal(typeOf(new SemaphoreValue(1)), "semaphore");
  assert.equal(display(new SemaphoreValue(1)), "<Semaphore>");
});

test("mutex: FIFO fairness among waiting tasks", () => {
  const { spawn, sched, sleep, advance } = harness();
  const m = new MutexValue(null);
  const order: string[] = [];
  for (const name of ["a", "b", "c", "d"]) {
    spawn(name, function* () {
      yield mutexLock(sched, m);
      order.push(name);
      yield sleep(1);
      mutexUnlock(m, sched.current);
      return null;
    });
  }
  advance(10);
  assert.deepEqual(order, ["a", "b", "c", "d"]);
  assert.equal(m.owner, null);
});

test("mutex: a new locker queues behind waiters even when the lock is momentarily free (FIFO)", () => {
  const { sched, as } = harness();
  const m = new MutexValue(0);
  const t1 = sched.newTask("t1", sched.main);
  const t2 = sched.newTask("t2", sched.main);
  const t3 = sched.newTask("t3", sched.main);
  as(t1, () => mutexLock(sched, m));
  const w2 = as(t2, () => mutexLock(sched, m));
  as(t1, () => mutexUnlock(m, t1));
  assert.equal(w2.state, RESOLVED);
  assert.equal(m.owner, t2, "the lock was handed to the first waiter");
  const w3 = as(t3, () => mutexLock(sched, m));
  assert.equal(w3.state, PENDING);
});

test("mutex: AT0174 for unlock when unlocked or by a task that does not hold it", () => {
  const { sched, as } = harness();
  const m = new MutexValue(0);
  assert.equal(misuse(() => mutexUnlock(m, sched.main)), "AT0174: asyncMutexUnlock(): the mutex is not locked");
  const w = sched.newTask("worker", sched.main);
  const anon = sched.newTask(null, sched.main);
  as(w, () => mutexLock(sched, m));
  assert.equal(
    misuse(() => mutexUnlock(m, sched.main)),
    "AT0174: asyncMutexUnlock(): the mutex is held by task #2 'worker', not by task #1 'main'",
  );
  assert.equal(misuse(() => mutexUnlock(m, anon)), "AT0174: asyncMutexUnlock(): the mutex is held by task #2 'worker', not by task #3");
  assert.equal(misuse(() => mutexUnlock(m, w)), "no error");
});

for (const ending of ["completes", "fails", "is cancelled"] as const) {
  test(`mutex: the lock is released automatically when the holding task ${ending}`, () => {
    const { spawn, sched, flush } = harness();
    const m = new MutexValue(0);
    const holder = spawn("holder", function* () {
      yield mutexLock(sched, m);
      if (ending === "fails") throw new RuntimeError("AT0001", "Type error: boom", null);
      if (ending === "is cancelled") yield sched.newFuture();
      return null;
    });
    let got = false;
    spawn("next", function* () {
      yield mutexLock(sched, m);
      got = true;
      yield sched.newFuture(); // keeps holding
      return null;
    });
    flush();
    if (ending === "is cancelled") {
      assert.equal(got, false);
      cancelTask(holder, null);
      flush();
    }
    assert.equal(got, true);
    assert.equal(m.owner?.name, "next");
    holder.observed = true;
  });
}

test("mutex: a cancelled lock waiter never gets the lock", () => {
  const { spawn, sched, flush, as } = harness();
  const m = new MutexValue(0);
  const holder = sched.newTask("holder", sched.main);
  as(holder, () => mutexLock(sched, m));
  let gotA = false;
  const a = spawn("a", function* () {
    yield mutexLock(sched, m);
    gotA = true;
    return null;
  });
  const b = spawn("b", function* () {
    yield mutexLock(sched, m);
    return null;
  });
  flush();
  assert.equal(waitPoint(a).what, "mutex lock");
  cancelTask(a, null);
  assert.equal(m.waiters.size, 1);
  as(holder, () => mutexUnlock(m, holder));
  flush();
  assert.equal(gotA, false);
  assert.equal(m.owner, null, "b got the lock and released it when it completed");
  assert.equal(b.status, "Completed");
});

test("mutex: a lock granted but not yet resumed is released when the task is cancelled", () => {
  const { spawn, sched, flush, as } = harness();
  const m = new MutexValue(0);
  const holder = sched.newTask("holder", sched.main);
  as(holder, () => mutexLock(sched, m));
  const a = spawn("a", function* () {
    yield mutexLock(sched, m);
    yield sched.newFuture();
    return null;
  });
  flush();
  as(holder, () => mutexUnlock(m, holder)); // granted to a; a's continuation queued
  assert.equal(m.owner, a);
  cancelTask(a, null);
  assert.equal(m.owner, null);
});

test("asyncMutexUpdate: serialises read-modify-write across tasks, even with awaits inside", () => {
  const { ctx, spawn, sched, yieldNow, flush } = harness();
  const m = new MutexValue(0);
  for (let t = 0; t < 5; t++) {
    spawn(`t${t}`, function* () {
      for (let i = 0; i < 20; i++) {
        yield mutexUpdate(
          ctx,
          m,
          fn((x) => startAsyncCall(ctx, (function* (): AsyncGen {
            yield yieldNow();
            return (x as number) + 1;
          })(), "inc")),
          null,
        );
      }
      return null;
    });
  }
  flush();
  assert.equal(m.value, 100);
  assert.equal(m.owner, null);
  void sched;
});

test("asyncMutexUpdate: stores and returns the result; releases on error; several calls in one task queue", () => {
  const { ctx, sched, flush } = harness();
  const m = new MutexValue(1);
  const a = mutexUpdate(ctx, m, fn((x) => (x as number) * 10), null);
  assert.equal(a.value, 10);
  assert.equal(m.value, 10);
  assert.equal(m.owner, null);
  const bad = mutexUpdate(ctx, m, fn(() => {
    throw new RuntimeError("AT0001", "Type error: nope", null);
  }), null);
  assert.equal(bad.state, REJECTED);
  assert.equal(m.value, 10, "a failed update stores nothing");
  assert.equal(m.owner, null, "released on failure");
  const slow = sched.newFuture();
  const first = mutexUpdate(ctx, m, fn(() => slow), null);
  const second = mutexUpdate(ctx, m, fn((x) => (x as number) + 1), null);
  assert.equal(second.state, PENDING, "the same task's second update waits for the first");
  slow.resolve(50);
  flush();
  assert.equal(first.value, 50);
  assert.equal(second.value, 51);
  assert.equal(m.owner, null);
});

test("asyncMutexUpdate: cancelling releases the lock (queued, or while f runs)", () => {
  const { ctx, sched, flush } = harness();
  const m = new MutexValue(0);
  const slow = sched.newFuture();
  const running = mutexUpdate(ctx, m, fn(() => slow), null);
  const queued = mutexUpdate(ctx, m, fn(() => 99), null);
  assert.equal(queued.cancel(), true);
  assert.equal(m.waiters.size, 0);
  assert.equal(running.cancel(), true);
  assert.equal(`${running.error?.code}: ${running.error?.message}`, "AT0171: asyncMutexUpdate() was cancelled");
  assert.equal(m.owner, null);
  slow.resolve(5);
  flush();
  assert.equal(m.value, 0);
});

test("semaphore: at most N holders, FIFO order of grants", () => {
  const { spawn, sched, sleep, advance } = harness();
  const s = new SemaphoreValue(2);
  let active = 0;
  let peak = 0;
  const order: string[] = [];
  for (const name of ["a", "b", "c", "d", "e"]) {
    spawn(name, function* () {
      yield semaphoreAcquire(sched, s);
      order.push(name);
      active++;
      peak = Math.max(peak, active);
      yield sleep(name === "a" ? 5 : 2);
      active--;
      semaphoreRelease(s, sched.current);
      return null;
    });
  }
  advance(20);
  assert.equal(peak, 2);
  assert.deepEqual(order, ["a", "b", "c", "d", "e"]);
  assert.equal(s.available, 2);
});

test("semaphore: AT0174 for releasing more than the task acquired", () => {
  const { sched, as } = harness();
  const s = new SemaphoreValue(2);
  assert.equal(
    misuse(() => semaphoreRelease(s, sched.main)),
    "AT0174: semaphoreRelease(): task #1 'main' released more permits than it acquired",
  );
  const w = sched.newTask("w", sched.main);
  as(w, () => semaphoreAcquire(sched, s));
  assert.equal(misuse(() => semaphoreRelease(s, sched.main)), "AT0174: semaphoreRelease(): task #1 'main' released more permits than it acquired");
  assert.equal(misuse(() => semaphoreRelease(s, w)), "no error");
  assert.equal(misuse(() => semaphoreRelease(s, w)), "AT0174: semaphoreRelease(): task #2 'w' released more permits than it acquired");
  assert.equal(s.available, 2);
});

for (const ending of ["completes", "fails", "is cancelled"] as const) {
  test(`semaphore: permits held by a task that ${ending} are returned`, () => {
    const { spawn, sched, flush } = harness();
    const s = new SemaphoreValue(3);
    const t = spawn("holder", function* () {
      yield semaphoreAcquire(sched, s);
      yield semaphoreAcquire(sched, s);
      if (ending === "fails") throw new RuntimeError("AT0001", "Type error: boom", null);
      if (ending === "is cancelled") yield sched.newFuture();
      return null;
    });
    flush();
    if (ending === "is cancelled") {
      assert.equal(s.available, 1);
      cancelTask(t, null);
    }
    t.observed = true;
    assert.equal(s.available, 3);
    assert.equal(s.held.size, 0);
  });
}

test("semaphore: a cancelled waiter never takes a permit", () => {
  const { spawn, sched, flush, as } = harness();
  const s = new SemaphoreValue(1);
  const holder = sched.newTask("holder", sched.main);
  as(holder, () => semaphoreAcquire(sched, s));
  const a = spawn("a", function* () {
    yield semaphoreAcquire(sched, s);
    return null;
  });
  flush();
  assert.equal(waitPoint(a).what, "semaphore acquire");
  cancelTask(a, null);
  as(holder, () => semaphoreRelease(s, holder));
  assert.equal(s.available, 1);
  assert.equal(s.held.size, 0);
});

test("semaphoreWith: release on success, failure and cancellation; result returned", () => {
  const { ctx, sched, flush } = harness();
  const s = new SemaphoreValue(1);
  assert.equal(semaphoreWith(ctx, s, fn(() => "ok"), null).value, "ok");
  assert.equal(s.available, 1);
  const bad = semaphoreWith(ctx, s, fn(() => {
    throw new RuntimeError("AT0001", "Type error: x", null);
  }), null);
  assert.equal(bad.state, REJECTED);
  assert.equal(s.available, 1);
  const slow = sched.newFuture();
  const held = semaphoreWith(ctx, s, fn(() => slow), null);
  const queued = semaphoreWith(ctx, s, fn(() => "second"), null);
  assert.equal(s.available, 0);
  assert.equal(held.cancel(), true);
  flush();
  assert.equal(queued.value, "second", "the permit passed to the queued run");
  assert.equal(s.available, 1);
  const rejecting = sched.newFuture();
  const r = semaphoreWith(ctx, s, fn(() => rejecting), null);
  assert.equal(s.available, 0);
  rejecting.reject(new ErrorValue("AT0160", "no", null));
  assert.equal(r.error?.message, "no");
  assert.equal(s.available, 1, "released when the returned future rejects");
});

test("stress: random cancellations never leak permits or lock holds", () => {
  const { spawn, sched, yieldNow, flush } = harness();
  const s = new SemaphoreValue(3);
  const m = new MutexValue(0);
  let x = 12345;
  const rand = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const tasks: Task[] = [];
  let inside = 0;
  let peak = 0;
  for (let i = 0; i < 60; i++) {
    tasks.push(
      spawn(`w${i}`, function* () {
        for (let k = 0; k < 5; k++) {
          yield semaphoreAcquire(sched, s);
          inside++;
          peak = Math.max(peak, inside);
          yield mutexLock(sched, m);
          m.value = (m.value as number) + 1;
          yield yieldNow();
          mutexUnlock(m, sched.current);
          inside--;
          semaphoreRelease(s, sched.current);
          yield yieldNow();
        }
        return null;
      }),
    );
  }
  for (let r = 0; r < 80; r++) {
    sched.enqueue(() => {
      const t = tasks[Math.floor(rand() * tasks.length)];
      if (t.status === "Running" && t.started) {
        const wasInside = s.held.has(t);
        cancelTask(t, null);
        if (wasInside) inside--;
      }
    }, undefined);
    for (let k = 0; k < 7; k++) sched.enqueue(() => {}, undefined);
  }
  flush();
  assert.ok(tasks.some((t) => t.status === "Cancelled"));
  assert.ok(tasks.every((t) => t.finished));
  assert.ok(peak <= 3);
  assert.equal(s.available, 3, "every permit came back");
  assert.equal(s.held.size, 0);
  assert.equal(m.owner, null);
  assert.equal(m.waiters.size + s.waiters.size, 0);
});
