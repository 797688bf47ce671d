// select tests (async.md §A6): readiness, the fair deterministic `n mod k` choice, onDefault,
// waiting (first ready wins, losing cases take and deliver nothing), the onTimeout timer
// (started when waiting, cleared on settle), errors (AT0102, AT0172, close errors), handler
// results adopted, cancellation (waiters removed, committed values given back). Virtual clock.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../src/runtime/clock.js";
import { Channel, channelReceive, channelSend, channelTrySend } from "../../src/runtime/channel.js";
import { startAsyncCall, type AsyncGen } from "../../src/runtime/coroutine.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { Future, PENDING, REJECTED, RESOLVED } from "../../src/runtime/future.js";
import { RuntimeContext } from "../../src/runtime/runtime-context.js";
import { DEFAULT_CASE, RECEIVE_CASE, SEND_CASE, SelectCase, TIMEOUT_CASE, selectFuture } from "../../src/runtime/select.js";
import { cancelTask, spawnTask, waitPoint, type Task } from "../../src/runtime/task.js";
import { display, typeOf } from "../../src/runtime/display.js";
import { ErrorValue, tagFunction, type Value } from "../../src/runtime/values.js";

function harness() {
  const clock = new VirtualClock({ autoJump: false });
  const ctx = new RuntimeContext({ clock, wakeup: () => {}, bufferStdout: false, stdout: () => {}, stderr: () => {} });
  const sched = ctx.scheduler;
  const spawn = (name: string, body: () => AsyncGen): Task =>
    spawnTask(ctx, tagFunction(() => startAsyncCall(ctx, body(), name), "function", name), name, null);
  const select = (cases: SelectCase[]): Future => {
    try {
      return selectFuture(ctx, cases, null);
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      const f = sched.newFuture();
      f.reject(new ErrorValue(e.code, e.message, null));
      return f;
    }
  };
  const advance = (ms: number): void => {
    clock.advance(ms);
    sched.flush();
  };
  return { ctx, sched, clock, spawn, select, advance, flush: () => sched.flush() };
}

const fn = (f: (...a: Value[]) => Value): Value => tagFunction(f, "function", null);
const recvCase = (ch: Channel, tag: string): SelectCase => new SelectCase(RECEIVE_CASE, ch, null, 0, fn((o) => `${tag}:${display(o)}`));
const sendCase = (ch: Channel, v: Value, tag: string): SelectCase => new SelectCase(SEND_CASE, ch, v, 0, fn(() => `${tag}:sent`));
const timeoutCase = (ms: number, tag = "timeout"): SelectCase => new SelectCase(TIMEOUT_CASE, null, null, ms, fn(() => tag));
const defaultCase = (tag = "default"): SelectCase => new SelectCase(DEFAULT_CASE, null, null, 0, fn(() => tag));

function full(cap: number, ...vs: Value[]): Channel {
  const ch = new Channel(cap);
  for (const v of vs) assert.equal(channelTrySend(ch, v), true);
  return ch;
}

test("SelectCase value: typeof and Display", () => {
  const c = defaultCase();
  assert.equal(typeOf(c), "selectcase");
  assert.equal(display(c), "<SelectCase>");
});

test("readiness: only ready cases can be chosen; a closed channel's receive case gets None", () => {
  const { select } = harness();
  const table: [string, () => SelectCase[], string][] = [
    ["buffered value", () => [recvCase(new Channel(1), "x"), recvCase(full(1, 5), "y")], "y:Some(5)"],
    ["closed and drained", () => [recvCase(new Channel(1), "x"), recvCase(closed(), "c")], "c:None"],
    ["room to send", () => [recvCase(new Channel(1), "x"), sendCase(new Channel(1), 1, "s")], "s:sent"],
    ["unbounded send", () => [sendCase(new Channel(-1), 1, "u")], "u:sent"],
    ["nothing ready: default", () => [recvCase(new Channel(0), "x"), sendCase(new Channel(0), 1, "s"), defaultCase()], "default"],
    ["full channel is not ready to send", () => [sendCase(full(1, 0), 1, "s"), defaultCase("d")], "d"],
  ];
  for (const [name, mk, want] of table) {
    const f = select(mk());
    assert.equal(f.state, RESOLVED, name);
    assert.equal(f.value, want, name);
  }
});

function closed(): Channel {
  const ch = new Channel(1);
  ch.close();
  return ch;
}

test("rendezvous readiness: a waiting partner makes the case ready", () => {
  const { select, sched } = harness();
  const ch = new Channel(0);
  const r = channelReceive(sched, ch);
  const f = select([sendCase(ch, "hi", "s"), defaultCase()]);
  assert.equal(f.value, "s:sent");
  assert.equal(display(r.value), "Some(hi)");
  const s = channelSend(sched, ch, "yo", null);
  const g = select([recvCase(ch, "r"), defaultCase()]);
  assert.equal(g.value, "r:Some(yo)");
  assert.equal(s.state, RESOLVED);
});

test("choice: ready case number n mod k, n counting selects with two or more ready cases", () => {
  const { select } = harness();
  const a = full(-1, ...Array.from({ length: 10 }, (_, i) => i));
  const b = full(-1, ...Array.from({ length: 10 }, (_, i) => i));
  const c = full(-1, ...Array.from({ length: 10 }, (_, i) => i));
  const picks: string[] = [];
  for (let i = 0; i < 7; i++) {
    const f = select([recvCase(a, "a"), recvCase(new Channel(0), "never"), recvCase(b, "b"), recvCase(c, "c")]);
    picks.push(String(f.value).slice(0, 1));
    if (i === 2) {
      // a select with a single ready case does not advance n
      select([recvCase(a, "a")]);
    }
  }
  assert.deepEqual(picks, ["a", "b", "c", "a", "b", "c", "a"]);
});

test("choice counter is per runtime", () => {
  const h1 = harness();
  const h2 = harness();
  const mk = (): SelectCase[] => [recvCase(full(1, 1), "a"), recvCase(full(1, 1), "b")];
  assert.equal(h1.select(mk()).value, "a:Some(1)");
  assert.equal(h1.select(mk()).value, "b:Some(1)");
  assert.equal(h2.select(mk()).value, "a:Some(1)", "a fresh runtime starts at n = 0");
});

test("losing cases take nothing and deliver nothing", () => {
  const { select } = harness();
  const a = full(2, "a1");
  const b = full(2, "b1");
  const out = new Channel(2);
  const f = select([recvCase(a, "a"), recvCase(b, "b"), sendCase(out, "o", "o")]);
  assert.equal(f.value, "a:Some(a1)");
  assert.deepEqual(b.toArray(), ["b1"]);
  assert.deepEqual(out.toArray(), []);
});

test("waiting: the first case to become ready wins; the others are unregistered", () => {
  const { select, sched, flush } = harness();
  const a = new Channel(0);
  const b = new Channel(0);
  const f = select([recvCase(a, "a"), recvCase(b, "b")]);
  assert.equal(f.state, PENDING);
  assert.equal(a.receivers.size + b.receivers.size, 2);
  assert.equal(channelTrySend(b, 7), true);
  assert.equal(a.receivers.size + b.receivers.size, 0, "committed: every waiter left its list");
  assert.equal(f.state, PENDING, "the handler runs as a job of the selecting task");
  flush();
  assert.equal(f.value, "b:Some(7)");
  assert.equal(channelTrySend(a, 1), false, "the losing case is no longer a receiver");
  void sched;
});

test("waiting send case: commits when a receiver arrives", () => {
  const { select, sched, flush } = harness();
  const ch = new Channel(0);
  const f = select([sendCase(ch, "v", "s"), recvCase(new Channel(0), "r")]);
  const r = channelReceive(sched, ch);
  assert.equal(display(r.value), "Some(v)");
  flush();
  assert.equal(f.value, "s:sent");
});

test("waiting send case on a full bounded channel commits when room appears", () => {
  const { select, sched, flush } = harness();
  const ch = full(1, "first");
  const f = select([sendCase(ch, "second", "s")]);
  assert.equal(f.state, PENDING);
  assert.equal(display(channelReceive(sched, ch).value), "Some(first)");
  assert.deepEqual(ch.toArray(), ["second"]);
  flush();
  assert.equal(f.value, "s:sent");
});

test("a select never matches its own send and receive cases on one rendezvous channel", () => {
  const { select, sched, flush } = harness();
  const ch = new Channel(0);
  const f = select([sendCase(ch, 1, "s"), recvCase(ch, "r")]);
  flush();
  assert.equal(f.state, PENDING);
  const other = channelSend(sched, ch, 2, null);
  flush();
  assert.equal(f.value, "r:Some(2)");
  assert.equal(other.state, RESOLVED);
  assert.equal(ch.senders.size + ch.receivers.size, 0);
});

test("two selects rendezvous with each other", () => {
  const { select, flush } = harness();
  const ch = new Channel(0);
  const r = select([recvCase(ch, "r"), recvCase(new Channel(0), "x")]);
  const s = select([sendCase(ch, 9, "s"), sendCase(new Channel(0), 0, "y")]);
  assert.equal(s.value, "s:sent", "ready at once: the other select's receiver is waiting");
  flush();
  assert.equal(r.value, "r:Some(9)");
});

test("onTimeout: timer starts when the select waits, fires the handler, and is cleared on settle", () => {
  const { select, sched, advance } = harness();
  const ch = new Channel(0);
  assert.equal(select([recvCase(full(1, 1), "r"), timeoutCase(10)]).value, "r:Some(1)");
  assert.equal(sched.liveTimers, 0, "no timer when a case is ready at once");
  const f = select([recvCase(ch, "r"), timeoutCase(10)]);
  assert.equal(sched.liveTimers, 1);
  advance(9);
  assert.equal(f.state, PENDING);
  advance(1);
  assert.equal(f.value, "timeout");
  assert.equal(ch.receivers.size, 0);
  const g = select([recvCase(ch, "r"), timeoutCase(10)]);
  channelTrySend(ch, 5);
  assert.equal(sched.liveTimers, 0, "the timer is cleared when another case wins");
  advance(20);
  assert.equal(g.value, "r:Some(5)");
});

test("onDefault is not taken when a case is ready; onTimeout alone waits", () => {
  const { select, advance } = harness();
  assert.equal(select([recvCase(full(1, 1), "r"), defaultCase()]).value, "r:Some(1)");
  const f = select([timeoutCase(3, "t")]);
  advance(3);
  assert.equal(f.value, "t");
});

test("errors: AT0102 for an empty list, two onTimeout or two onDefault; AT0172 for a send case on a closed channel", () => {
  const { select } = harness();
  const table: [SelectCase[], string][] = [
    [[], "AT0102: select(): expected at least one case"],
    [[timeoutCase(1), timeoutCase(2)], "AT0102: select(): at most one onTimeout case is allowed"],
    [[defaultCase(), defaultCase()], "AT0102: select(): at most one onDefault case is allowed"],
    [[recvCase(full(1, 1), "r"), sendCase(closed(), 1, "s")], "AT0172: select(): the channel is closed"],
  ];
  for (const [cases, want] of table) {
    const f = select(cases);
    assert.equal(f.state, REJECTED);
    assert.equal(`${f.error?.code}: ${f.error?.message}`, want);
  }
});

test("a waiting select rejects with AT0172 when a send case's channel is closed", () => {
  const { select } = harness();
  const ch = new Channel(0);
  const other = new Channel(0);
  const f = select([sendCase(ch, 1, "s"), recvCase(other, "r")]);
  ch.close();
  assert.equal(f.state, REJECTED);
  assert.equal(f.error?.code, "AT0172");
  assert.equal(other.receivers.size, 0);
});

test("a receive case on a channel closed with an Error rejects the select with it (after draining)", () => {
  const { select, flush } = harness();
  const err = new ErrorValue("AT0400", "boom", null);
  const ch = full(2, "x");
  ch.close(err);
  assert.equal(select([recvCase(ch, "r")]).value, "r:Some(x)");
  const f = select([recvCase(ch, "r")]);
  assert.equal(f.error, err);
  const w = new Channel(0);
  const g = select([recvCase(w, "r")]);
  w.close(err);
  flush();
  assert.equal(g.error, err);
  const h = select([recvCase(new Channel(0), "n")]);
  const c2 = new Channel(0);
  const k = select([recvCase(c2, "c")]);
  c2.close();
  flush();
  assert.equal(k.value, "c:None");
  assert.equal(h.state, PENDING);
});

test("handlers: a returned future is adopted; a runtime error rejects the select", () => {
  const { select, sched, flush } = harness();
  const inner = sched.newFuture();
  const f = select([new SelectCase(DEFAULT_CASE, null, null, 0, fn(() => inner))]);
  assert.equal(f.state, PENDING);
  inner.resolve("adopted");
  assert.equal(f.value, "adopted", "adoption costs no extra turn");
  const boom = select([
    new SelectCase(DEFAULT_CASE, null, null, 0, fn(() => {
      throw new RuntimeError("AT0001", "Type error: bad", null);
    })),
  ]);
  assert.equal(`${boom.error?.code}: ${boom.error?.message}`, "AT0001: Type error: bad");
  const ch = new Channel(0);
  const later = select([new SelectCase(RECEIVE_CASE, ch, null, 0, fn(() => {
    throw new RuntimeError("AT0001", "Type error: late", null);
  }))]);
  channelTrySend(ch, 1);
  flush();
  assert.equal(later.error?.message, "Type error: late");
});

test("the handler runs in the selecting task", () => {
  const { spawn, select, sched, flush } = harness();
  const ch = new Channel(0);
  const seen: (string | null)[] = [];
  spawn("selector", function* () {
    yield select([new SelectCase(RECEIVE_CASE, ch, null, 0, fn(() => {
      seen.push(sched.current.name);
      return null;
    }))]);
    return null;
  });
  spawn("sender", function* () {
    yield channelSend(sched, ch, 1, null);
    return null;
  });
  flush();
  assert.deepEqual(seen, ["selector"]);
});

test("cancel while waiting: every waiter leaves, the timer stops, AT0171", () => {
  const { select, sched } = harness();
  const a = new Channel(0);
  const b = new Channel(0);
  const f = select([recvCase(a, "a"), sendCase(b, 1, "b"), timeoutCase(100)]);
  assert.equal(f.cancel(), true);
  assert.equal(`${f.error?.code}: ${f.error?.message}`, "AT0171: select() was cancelled");
  assert.equal(a.receivers.size + b.senders.size, 0);
  assert.equal(sched.liveTimers, 0);
  assert.equal(f.cancel(), false);
});

test("cancel after commit, before the handler ran: the received value is given back", () => {
  const { spawn, select, sched, flush } = harness();
  const ch = new Channel(1);
  const ran: string[] = [];
  const t = spawn("selector", function* () {
    yield select([new SelectCase(RECEIVE_CASE, ch, null, 0, fn(() => {
      ran.push("handler");
      return null;
    }))]);
    return null;
  });
  flush();
  channelTrySend(ch, "precious"); // commits the select; the handler job is queued
  sched.current = sched.main;
  cancelTask(t, null);
  flush();
  assert.deepEqual(ran, []);
  assert.deepEqual(ch.toArray(), ["precious"]);
});

test("cancelling a select whose handler future is pending cancels that future", () => {
  const { select, sched } = harness();
  let innerSrcCancelled = false;
  const inner = sched.newFuture();
  inner.source = {
    cancel: () => {
      innerSrcCancelled = true;
      return true;
    },
  };
  const f = select([new SelectCase(DEFAULT_CASE, null, null, 0, fn(() => inner))]);
  assert.equal(f.cancel(), true);
  assert.equal(innerSrcCancelled, true);
});

test("deadlock notes: a task blocked in select waits on 'select'", () => {
  const { spawn, select, flush } = harness();
  const t = spawn("s", function* () {
    yield select([recvCase(new Channel(0), "a"), recvCase(new Channel(0), "b")]);
    return null;
  });
  flush();
  assert.equal(waitPoint(t).what, "select");
});

test("exactly one case takes effect under contention (many selects, many senders)", () => {
  const { spawn, select, sched, flush } = harness();
  const chans = [new Channel(0), new Channel(1), new Channel(-1)];
  const got: number[] = [];
  const N = 300;
  for (let s = 0; s < 3; s++) {
    spawn(`sel${s}`, function* () {
      for (;;) {
        const r = (yield select(chans.map((c) => new SelectCase(RECEIVE_CASE, c, null, 0, fn((o) => o))))) as { isSome: boolean; value: Value };
        if (!r.isSome) return null;
        got.push(r.value as number);
      }
    });
  }
  for (let p = 0; p < 3; p++) {
    spawn(`p${p}`, function* () {
      for (let i = 0; i < N; i++) yield channelSend(sched, chans[(i + p) % 3], p * N + i, null);
      return null;
    });
  }
  flush();
  assert.equal(got.length, 3 * N);
  assert.deepEqual([...got].sort((x, y) => x - y), Array.from({ length: 3 * N }, (_, i) => i));
  for (const c of chans) c.close();
  flush();
});
