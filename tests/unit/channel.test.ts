// Channel tests (async.md §A6, §A4.2 cancel-safety, §A1.5 wait kinds): bounded, rendezvous and
// unbounded channels, backpressure, FIFO service of blocked senders and receivers, close and
// close-with-error, cancel-safety, and a many-producers/many-consumers stress test (every
// message received exactly once). Tasks are JS generators on the shared coroutine driver; the
// clock is virtual (VirtualClock + flush), never a real sleep.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../src/runtime/clock.js";
import { Channel, channelReceive, channelSend, channelTryReceive, channelTrySend } from "../../src/runtime/channel.js";
import { startAsyncCall, type AsyncGen } from "../../src/runtime/coroutine.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { Future, PENDING, REJECTED, RESOLVED } from "../../src/runtime/future.js";
import { RuntimeContext } from "../../src/runtime/runtime-context.js";
import { cancelTask, spawnTask, waitPoint, type Task } from "../../src/runtime/task.js";
import { display, typeOf } from "../../src/runtime/display.js";
import { ErrorValue, NONE, OptionValue, tagFunction, type Value } from "../../src/runtime/values.js";

function harness() {
  const clock = new VirtualClock({ autoJump: false });
  const ctx = new RuntimeContext({ clock, wakeup: () => {}, bufferStdout: false, stdout: () => {}, stderr: () => {} });
  const sched = ctx.scheduler;
  const spawn = (name: string, body: () => AsyncGen): Task =>
    spawnTask(ctx, tagFunction(() => startAsyncCall(ctx, body(), name), "function", name), name, null);
  const send = (ch: Channel, v: Value): Future => channelSend(sched, ch, v, null);
  const recv = (ch: Channel): Future => channelReceive(sched, ch);
  return { ctx, sched, clock, spawn, send, recv, flush: () => sched.flush() };
}

/** The display of an Option (`Some(1)`, `None`). */
function opt(v: Value): string {
  assert.ok(v instanceof OptionValue);
  return display(v);
}

function code(e: unknown): string {
  assert.ok(e instanceof RuntimeError, `expected a RuntimeError, got ${String(e)}`);
  return `${e.code}: ${e.message}`;
}

test("channel value: typeof, Display, capacity, length", () => {
  const cases: [number, number][] = [
    [-1, -1],
    [0, 0],
    [3, 3],
  ];
  for (const [cap, want] of cases) {
    const ch = new Channel(cap);
    assert.equal(typeOf(ch), "channel");
    assert.equal(display(ch), "<Channel>");
    assert.equal(ch.capacity, want);
    assert.equal(ch.length, 0);
  }
});

test("bounded: trySend fills to capacity, tryReceive in FIFO order", () => {
  const ch = new Channel(3);
  assert.deepEqual([1, 2, 3, 4].map((v) => channelTrySend(ch, v)), [true, true, true, false]);
  assert.equal(ch.length, 3);
  assert.deepEqual([0, 0, 0, 0].map(() => display(channelTryReceive(ch))), ["Some(1)", "Some(2)", "Some(3)", "None"]);
});

test("unbounded: sends never wait, the buffer grows past its initial size", () => {
  const { send, flush } = harness();
  const ch = new Channel(-1);
  const fs: Future[] = [];
  for (let i = 0; i < 1000; i++) fs.push(send(ch, i));
  flush();
  assert.ok(fs.every((f) => f.state === RESOLVED));
  assert.equal(ch.length, 1000);
  const got: Value[] = [];
  for (let o = channelTryReceive(ch); o.isSome; o = channelTryReceive(ch)) got.push(o.value);
  assert.deepEqual(got, Array.from({ length: 1000 }, (_, i) => i));
});

test("rendezvous: trySend/tryReceive succeed only with a waiting partner", () => {
  const { send, recv, flush } = harness();
  const ch = new Channel(0);
  assert.equal(channelTrySend(ch, 1), false);
  assert.equal(display(channelTryReceive(ch)), "None");
  const r = recv(ch);
  assert.equal(r.state, PENDING);
  assert.equal(channelTrySend(ch, 1), true);
  assert.equal(opt(r.value), "Some(1)");
  const s = send(ch, 2);
  assert.equal(s.state, PENDING, "a rendezvous send waits for a receiver");
  assert.equal(ch.length, 0);
  assert.equal(display(channelTryReceive(ch)), "Some(2)");
  assert.equal(s.state, RESOLVED, "the send completes when a receiver takes the value");
  flush();
});

test("backpressure: blocked senders are served FIFO as room appears", () => {
  const { send, recv } = harness();
  const ch = new Channel(1);
  const s1 = send(ch, "a");
  const s2 = send(ch, "b");
  const s3 = send(ch, "c");
  assert.deepEqual([s1.state, s2.state, s3.state], [RESOLVED, PENDING, PENDING]);
  const r1 = recv(ch);
  assert.equal(opt(r1.value), "Some(a)");
  assert.deepEqual([s2.state, s3.state], [RESOLVED, PENDING], "the first blocked sender moved into the freed slot");
  assert.deepEqual(ch.toArray(), ["b"]);
  assert.equal(opt(recv(ch).value), "Some(b)");
  assert.equal(s3.state, RESOLVED);
  assert.equal(opt(recv(ch).value), "Some(c)");
});

test("blocked receivers are served FIFO", () => {
  const { send, recv } = harness();
  const ch = new Channel(2);
  const rs = [recv(ch), recv(ch), recv(ch)];
  send(ch, 1);
  send(ch, 2);
  assert.deepEqual(rs.map((r) => r.state), [RESOLVED, RESOLVED, PENDING]);
  assert.deepEqual(rs.slice(0, 2).map((r) => opt(r.value)), ["Some(1)", "Some(2)"]);
  assert.equal(ch.length, 0, "values went straight to the waiting receivers");
});

test("close: idempotent; blocked senders get AT0172; receivers drain then get None", () => {
  const { send, recv } = harness();
  const ch = new Channel(1);
  send(ch, 1);
  const blocked = send(ch, 2);
  assert.equal(ch.close(), true);
  assert.equal(ch.close(), false, "closing twice changes nothing");
  assert.equal(blocked.state, REJECTED);
  assert.equal(`${blocked.error?.code}: ${blocked.error?.message}`, "AT0172: channelSend(): the channel is closed");
  assert.equal(opt(recv(ch).value), "Some(1)", "buffered values are drained");
  assert.equal(opt(recv(ch).value), "None");
  assert.equal(opt(recv(ch).value), "None");
  const late = send(ch, 3);
  assert.equal(late.state, REJECTED);
  assert.equal(late.error?.code, "AT0172");
  assert.equal(channelTrySend(ch, 3), false);
});

test("close wakes every blocked receiver with None", () => {
  const { recv } = harness();
  const ch = new Channel(0);
  const rs = [recv(ch), recv(ch)];
  ch.close();
  assert.deepEqual(rs.map((r) => opt(r.value)), ["None", "None"]);
});

test("closed with an Error: receivers drain, then reject with that Error; tryReceive gives None", () => {
  const { recv } = harness();
  const ch = new Channel(4);
  channelTrySend(ch, "line 1");
  const err = new ErrorValue("AT0400", "readFileAsync: EIO: i/o error: data.txt", null);
  ch.close(err);
  assert.equal(opt(recv(ch).value), "Some(line 1)");
  const r = recv(ch);
  assert.equal(r.state, REJECTED);
  assert.equal(r.error, err);
  assert.equal(display(channelTryReceive(ch)), "None");
  const waiting = new Channel(0);
  const w = recv(waiting);
  waiting.close(err);
  assert.equal(w.error, err, "a blocked receiver gets the Error");
});

test("close listeners run once, at once if already closed", () => {
  const ch = new Channel(1);
  const log: string[] = [];
  ch.onClose(() => log.push("a"));
  ch.close();
  ch.close();
  ch.onClose(() => log.push("b"));
  assert.deepEqual(log, ["a", "b"]);
});

test("tasks: producer/consumer over a bounded channel alternate deterministically", () => {
  const { spawn, send, recv, flush } = harness();
  const ch = new Channel(2);
  const log: string[] = [];
  spawn("producer", function* () {
    for (let i = 0; i < 5; i++) {
      yield send(ch, i);
      log.push(`sent ${i}`);
    }
    ch.close();
    return null;
  });
  spawn("consumer", function* () {
    for (;;) {
      const o = (yield recv(ch)) as OptionValue;
      if (!o.isSome) break;
      log.push(`got ${String(o.value)}`);
    }
    log.push("closed");
    return null;
  });
  flush();
  assert.deepEqual(log.filter((l) => l.startsWith("got")), ["got 0", "got 1", "got 2", "got 3", "got 4"]);
  assert.equal(log[log.length - 1], "closed");
});

test("deadlock notes: blocked tasks wait on 'channel receive' / 'channel send'", () => {
  const { spawn, send, recv, flush } = harness();
  const ch = new Channel(0);
  const other = new Channel(0);
  const r = spawn("r", function* () {
    yield recv(ch);
    return null;
  });
  const s = spawn("s", function* () {
    yield send(other, 1);
    return null;
  });
  flush();
  assert.equal(waitPoint(r).what, "channel receive");
  assert.equal(waitPoint(s).what, "channel send");
});

test("cancel-safety: a receiver cancelled while waiting consumes nothing", () => {
  const { spawn, recv, flush, sched } = harness();
  const ch = new Channel(0);
  const got: Value[] = [];
  const a = spawn("a", function* () {
    got.push(((yield recv(ch)) as OptionValue).value);
    return null;
  });
  spawn("b", function* () {
    got.push(`b:${String(((yield recv(ch)) as OptionValue).value)}`);
    return null;
  });
  flush();
  assert.equal(ch.receivers.size, 2);
  sched.current = sched.main;
  assert.equal(cancelTask(a, null), true);
  assert.equal(ch.receivers.size, 1, "the cancelled receiver left the queue");
  assert.equal(channelTrySend(ch, 42), true);
  flush();
  assert.deepEqual(got, ["b:42"]);
});

test("cancel-safety: a value received but not yet resumed is given back when the task is cancelled", () => {
  const { spawn, recv, flush, sched } = harness();
  const ch = new Channel(4);
  const got: Value[] = [];
  const a = spawn("a", function* () {
    got.push(`a:${String(((yield recv(ch)) as OptionValue).value)}`);
    return null;
  });
  flush();
  channelTrySend(ch, "m1"); // handed to a; a's continuation is queued
  assert.equal(ch.length, 0);
  sched.current = sched.main;
  cancelTask(a, null); // before a resumed: the value goes back to the channel
  assert.deepEqual(ch.toArray(), ["m1"]);
  spawn("b", function* () {
    got.push(`b:${String(((yield recv(ch)) as OptionValue).value)}`);
    return null;
  });
  flush();
  assert.deepEqual(got, ["b:m1"]);
});

test("cancel-safety: an immediately available value awaited by a cancelled task is not lost", () => {
  const { spawn, recv, flush, sched } = harness();
  const ch = new Channel(4);
  channelTrySend(ch, 1);
  channelTrySend(ch, 2);
  const a = spawn("a", function* () {
    yield recv(ch);
    return null;
  });
  // run a's first step only: the receive completes at once, the await is queued
  flush();
  assert.equal(a.status, "Completed");
  const b = spawn("b", function* () {
    yield recv(ch);
    return null;
  });
  sched.enqueue(() => {
    cancelTask(b, null);
  }, undefined);
  // b starts (receive completes with 2 at once), then the queued job cancels it before it resumes
  flush();
  assert.equal(b.status, "Cancelled");
  assert.deepEqual(ch.toArray(), [2]);
});

test("cancel-safety: a receive future shared with a live task is not given back (never received twice)", () => {
  const { spawn, recv, flush, sched } = harness();
  const ch = new Channel(4);
  const shared = recv(ch); // asked for by main
  const a = spawn("a", function* () {
    yield shared;
    return null;
  });
  flush();
  channelTrySend(ch, "once");
  sched.current = sched.main;
  cancelTask(a, null);
  assert.deepEqual(ch.toArray(), [], "main can still read it from the future");
  assert.equal(opt(shared.value), "Some(once)");
});

test("cancel-safety: a sender cancelled while waiting never delivers", () => {
  const { spawn, send, recv, flush, sched } = harness();
  const ch = new Channel(0);
  const s = spawn("s", function* () {
    yield send(ch, "ghost");
    return null;
  });
  flush();
  sched.current = sched.main;
  cancelTask(s, null);
  assert.equal(ch.senders.size, 0);
  const r = recv(ch);
  assert.equal(r.state, PENDING, "nothing was delivered");
  send(ch, "real");
  assert.equal(opt(r.value), "Some(real)");
});

test("futureCancel on receive/send futures: AT0171, queues left untouched otherwise", () => {
  const { send, recv } = harness();
  const ch = new Channel(0);
  const r = recv(ch);
  assert.equal(r.cancel(), true);
  assert.equal(r.cancel(), false);
  assert.equal(`${r.error?.code}: ${r.error?.message}`, "AT0171: channelReceive() was cancelled");
  const s = send(ch, 1);
  assert.equal(s.cancel(), true);
  assert.equal(`${s.error?.code}: ${s.error?.message}`, "AT0171: channelSend() was cancelled");
  assert.equal(ch.receivers.size + ch.senders.size, 0);
  const done = send(new Channel(-1), 1);
  assert.equal(done.cancel(), false, "a completed send is not cancellable");
});

test("awaiting a rejected send raises AT0172 inside the task", () => {
  const { spawn, send, flush } = harness();
  const ch = new Channel(0);
  const seen: string[] = [];
  spawn("s", function* () {
    try {
      yield send(ch, 1);
    } catch (e) {
      seen.push(code(e));
    }
    return null;
  });
  flush();
  ch.close();
  flush();
  assert.deepEqual(seen, ["AT0172: channelSend(): the channel is closed"]);
});

/** xorshift32: deterministic pseudo-random numbers for the stress tests. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

let gaveBackTotal = 0;
for (const cap of [0, 1, 7, -1]) {
  test(`stress: 8 producers × 8 consumers, capacity ${cap}, random cancellations: every message exactly once`, () => {
    const { spawn, send, recv, flush, sched } = harness();
    const ch = new Channel(cap);
    const rand = rng(cap + 17);
    let givenBack = 0;
    const giveBack = ch.giveBack.bind(ch);
    ch.giveBack = (v: Value): void => {
      givenBack++;
      giveBack(v);
    };
    const yieldNow = (): Future => {
      const f = sched.newFuture();
      f.resolve(null);
      return f;
    };
    const received = new Map<number, number>();
    const delivered = new Set<number>();
    const consumers: Task[] = [];
    const PER = 300;
    const producers: Task[] = [];
    for (let p = 0; p < 8; p++) {
      producers.push(
        spawn(`p${p}`, function* () {
          for (let i = 0; i < PER; i++) {
            const v = p * PER + i;
            yield send(ch, v);
            delivered.add(v);
            if (rand() < 0.3) yield yieldNow();
          }
          return null;
        }),
      );
    }
    const consumer = (c: number) =>
      function* (): AsyncGen {
        for (;;) {
          const o = (yield recv(ch)) as OptionValue;
          if (!o.isSome) return null;
          const v = o.value as number;
          received.set(v, (received.get(v) ?? 0) + 1);
          if (rand() < 0.3) yield yieldNow();
          void c;
        }
      };
    for (let c = 0; c < 8; c++) consumers.push(spawn(`c${c}`, consumer(c)));
    // Cancel some consumers at random moments and replace them (cancel-safety under load).
    let replacements = 0;
    for (let round = 0; round < 40; round++) {
      sched.enqueue(() => {
        const i = Math.floor(rand() * consumers.length);
        const t = consumers[i];
        if (t.status === "Running" && t.started) {
          sched.current = sched.main;
          cancelTask(t, null);
          consumers[i] = spawn(`r${replacements++}`, consumer(100 + replacements));
        }
      }, undefined);
      for (let k = 0; k < 50; k++) sched.enqueue(() => {}, undefined);
    }
    flush();
    assert.ok(producers.every((t) => t.status === "Completed"), "all producers finished");
    ch.close();
    flush();
    assert.ok(replacements > 0, "some consumers were cancelled");
    gaveBackTotal += givenBack;
    assert.equal(delivered.size, 8 * PER);
    assert.equal(received.size, 8 * PER, "every message was received");
    for (const [v, n] of received) assert.equal(n, 1, `message ${v} received ${n} times`);
    assert.equal(ch.length, 0);
  });
}

test("stress: some cancellations hit the window between completion and resumption", () => {
  assert.ok(gaveBackTotal > 0, "the give-back path was exercised");
});

test("receive futures are plain Futures to the rest of the runtime", () => {
  const { recv } = harness();
  const ch = new Channel(1);
  channelTrySend(ch, NONE);
  const r = recv(ch);
  assert.ok(r instanceof Future);
  assert.equal(display(r), "Future(resolved)");
  assert.equal(typeOf(r), "future");
});

test("waits are their own cancellable source while pending, none once settled", () => {
  const { send, recv, flush } = harness();
  const ch = new Channel(0);
  const r = recv(ch);
  assert.equal(r.source, r);
  assert.equal(ch.receivers.size, 1);
  assert.throws(() => {
    r.source = { cancel: () => false };
  });
  const s = send(ch, 5);
  assert.equal(r.state, RESOLVED);
  assert.equal(r.source, null);
  assert.equal(ch.receivers.size, 0);
  const blocked = send(ch, 6);
  assert.equal(blocked.source, blocked);
  assert.equal(blocked.cancel(), true);
  assert.equal(blocked.state, REJECTED);
  assert.equal(blocked.source, null);
  assert.equal(ch.senders.size, 0);
  const r2 = recv(ch);
  assert.equal(r2.cancel(), true);
  assert.equal(ch.receivers.size, 0);
  assert.equal(r2.cancel(), false);
  flush();
  assert.equal(s.state, RESOLVED);
});
