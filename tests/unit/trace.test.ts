// `atlas run --trace=FILE` and `--async-report` (async.md §A10.2–§A10.3): runs a known program
// on both engines (virtual clock, through the CLI pipeline; once through the real CLI), parses
// the Chrome Trace Event file and checks its structure: one track per task with its lifetime,
// awaits as slices named with the awaited operation and its location, properly nested on every
// track, spawn/cancel/failure instants; and the report's table on stderr after stdout.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runFile } from "../../src/api/pipeline.js";
import { MemorySinks } from "../../src/cli/sinks.js";
import { VirtualClock } from "../../src/runtime/clock.js";
import { RuntimeContext } from "../../src/runtime/runtime-context.js";
import type { EngineName } from "../../src/cli/args.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The known program: a nested call chain, a rendezvous channel, a cancelled and a failing task. */
const PROGRAM = `async fn fetchData(ms: number) -> Future<string> {
    await sleep(ms);
    return "data";
}
async fn outer() -> Future<string> {
    return await fetchData(10);
}
let ch: Channel<number> = channelBounded(0);
let consumer = spawn(async fn() -> Future<number> {
    var sum = 0;
    while (true) {
        match await channelReceive(ch) {
            Some(v) => { sum += v; },
            None => { break; },
        }
    }
    return sum;
}, "consumer");
let sleeper = spawn(async fn() -> Future<null> {
    await sleep(1000);
    return null;
}, "sleeper");
let failing = spawn(fn() -> number {
    let zero = 0;
    return 1 / zero;
}, "failing");
for (var i = 1; i <= 3; i++) {
    await channelSend(ch, i);
}
channelClose(ch);
print(await outer());
print(await consumer);
taskCancel(sleeper);
print(await futureResult(failing));
`;

interface Event {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: string;
  args?: Record<string, unknown>;
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "atlas-trace-"));
}

async function traced(engine: EngineName, src: string, extra: { asyncReport?: boolean } = {}): Promise<{ events: Event[]; out: string; err: string; both: string; exit: number }> {
  const dir = tempDir();
  try {
    writeFileSync(path.join(dir, "prog.atl"), src);
    const sinks = new MemorySinks();
    const io = { sinks, baseDir: dir, json: false, colour: false };
    const opts = { engine, grants: {}, trace: "out/trace.json", clock: new VirtualClock({ autoJump: true }), ...extra };
    const r = await runFile("prog.atl", opts, io);
    const file = JSON.parse(readFileSync(path.join(dir, "out", "trace.json"), "utf8")) as { traceEvents: Event[]; displayTimeUnit: string };
    assert.equal(file.displayTimeUnit, "ms");
    return { events: file.traceEvents, out: sinks.out, err: sinks.err, both: sinks.both, exit: r.exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every X slice on a track nests properly within the others (no partial overlap). */
function assertWellFormed(events: Event[]): void {
  const tracks = new Map<number, Event[]>();
  for (const e of events) {
    assert.ok(["X", "i", "M", "b", "e"].includes(e.ph), `unexpected phase ${e.ph}`);
    assert.equal(e.pid, 1);
    if (e.ph === "M") continue;
    assert.ok(typeof e.ts === "number" && e.ts >= 0, `bad ts in ${e.name}`);
    if (e.ph === "i") assert.equal(e.s, "t");
    if (e.ph !== "X") continue;
    assert.ok(typeof e.dur === "number" && e.dur >= 0, `bad dur in ${e.name}`);
    let list = tracks.get(e.tid);
    if (list === undefined) tracks.set(e.tid, (list = []));
    list.push(e);
  }
  for (const [tid, list] of tracks) {
    const sorted = [...list].sort((a, b) => (a.ts as number) - (b.ts as number) || (b.dur as number) - (a.dur as number));
    const stack: number[] = [];
    for (const e of sorted) {
      const start = Math.round((e.ts as number) * 1000);
      const end = start + Math.round((e.dur as number) * 1000);
      while (stack.length > 0 && stack[stack.length - 1] <= start && !(stack[stack.length - 1] >= end)) stack.pop();
      if (stack.length > 0) assert.ok(end <= stack[stack.length - 1], `slice '${e.name}' overlaps its enclosing slice on track ${tid}`);
      stack.push(end);
    }
  }
}

function names(events: Event[], ph: string, cat?: string): string[] {
  return events.filter((e) => e.ph === ph && (cat === undefined || e.cat === cat)).map((e) => e.name);
}

function slice(events: Event[], name: string): Event {
  const e = events.find((x) => x.ph === "X" && x.name === name);
  assert.ok(e !== undefined, `no slice '${name}' in ${names(events, "X").join(" | ")}`);
  return e;
}

for (const engine of ["interp", "compiled"] as const) {
  test(`trace file structure of a known program (${engine})`, async () => {
    const { events, out, exit } = await traced(engine, PROGRAM);
    assert.equal(exit, 0);
    assert.equal(out, "data\n6\nErr(AT0005: Divide by zero)\n");
    assertWellFormed(events);

    // One named track per task, and its lifetime slice with the final status.
    const threads = events.filter((e) => e.name === "thread_name" && e.tid <= 4).map((e) => [e.tid, e.args?.name]);
    assert.deepEqual(threads, [
      [1, "task #1 'main'"],
      [2, "task #2 'consumer'"],
      [3, "task #3 'sleeper'"],
      [4, "task #4 'failing'"],
    ]);
    const lifetimes = events.filter((e) => e.cat === "task").map((e) => [e.tid, e.name, e.args?.status, e.args?.spawnedAt]);
    assert.deepEqual(lifetimes, [
      [1, "task #1 'main'", "Completed", null],
      [2, "task #2 'consumer'", "Completed", "prog.atl:9:16"],
      [3, "task #3 'sleeper'", "Cancelled", "prog.atl:19:15"],
      [4, "task #4 'failing'", "Failed", "prog.atl:23:15"],
    ]);

    // Awaits: the operation and its location in the name and in args.
    const mainAwaits = events.filter((e) => e.cat === "await" && e.tid === 1).map((e) => e.name);
    assert.deepEqual(mainAwaits, [
      "channel send @ prog.atl:28:5",
      "channel send @ prog.atl:28:5",
      "channel send @ prog.atl:28:5",
      "call outer() @ prog.atl:31:7",
      "call fetchData() @ prog.atl:6:12",
      "sleep(10) @ prog.atl:2:5",
      "join task #2 'consumer' @ prog.atl:32:7",
      "futureResult(failing) @ prog.atl:34:7",
    ]);
    const outerCall = slice(events, "call outer() @ prog.atl:31:7");
    assert.deepEqual(outerCall.args, { operation: "call outer()", location: "prog.atl:31:7", code: "outer()", outcome: "resolved" });
    // The call chain nests on main's track: outer() ⊇ fetchData() ⊇ sleep(10), 10 ms long.
    const fetch = slice(events, "call fetchData() @ prog.atl:6:12");
    const sleep = slice(events, "sleep(10) @ prog.atl:2:5");
    assert.equal(sleep.dur, 10_000);
    for (const [outerE, innerE] of [[outerCall, fetch], [fetch, sleep]]) {
      assert.ok((outerE.ts as number) <= (innerE.ts as number));
      assert.ok((innerE.ts as number) + (innerE.dur as number) <= (outerE.ts as number) + (outerE.dur as number));
    }
    assert.deepEqual(names(events, "X", "await").filter((n) => n.startsWith("channelReceive")), [
      "channelReceive(ch) @ prog.atl:12:15",
      "channelReceive(ch) @ prog.atl:12:15",
      "channelReceive(ch) @ prog.atl:12:15",
      "channelReceive(ch) @ prog.atl:12:15",
    ]);
    const cancelled = slice(events, "sleep(1000) @ prog.atl:20:5");
    assert.equal(cancelled.tid, 3);
    assert.equal(cancelled.args?.outcome, "cancelled");

    // Instants: spawn on the parent's track, cancel at the taskCancel call, failure with its error.
    const spawns = events.filter((e) => e.cat === "spawn").map((e) => [e.tid, e.name, e.args?.location]);
    assert.deepEqual(spawns, [
      [1, "spawn task #2 'consumer'", "prog.atl:9:16"],
      [1, "spawn task #3 'sleeper'", "prog.atl:19:15"],
      [1, "spawn task #4 'failing'", "prog.atl:23:15"],
    ]);
    const cancel = events.filter((e) => e.cat === "cancel");
    assert.deepEqual(cancel.map((e) => [e.tid, e.name, e.args?.location]), [[3, "cancel task #3 'sleeper'", "prog.atl:33:1"]]);
    const failure = events.filter((e) => e.cat === "failure");
    assert.deepEqual(
      failure.map((e) => [e.tid, e.name, e.args?.code, e.args?.message, e.args?.location]),
      [[4, "failure AT0005: Divide by zero", "AT0005", "Divide by zero", "prog.atl:25:12"]],
    );
  });
}

test("concurrent calls inside one task go to extra lanes, still well-formed", async () => {
  const src = `async fn work(ms: number) -> Future<number> {
    await sleep(ms);
    await sleep(ms);
    return ms;
}
print(await futureAll([work(5), work(7), work(3)]));
`;
  for (const engine of ["interp", "compiled"] as const) {
    const { events, out } = await traced(engine, src);
    assert.equal(out, "[5, 7, 3]\n");
    assertWellFormed(events);
    const sleeps = events.filter((e) => e.cat === "await" && e.name.startsWith("sleep("));
    assert.equal(sleeps.length, 6);
    const lanes = events.filter((e) => e.name === "thread_name").map((e) => e.args?.name);
    assert.ok(lanes.includes("task #1 'main' · concurrent awaits 1"), JSON.stringify(lanes));
    assert.ok(slice(events, "futureAll([work(5), work(7), work(3)]) @ prog.atl:6:7").tid === 1);
  }
});

test("main failing is a failure instant on main's track", async () => {
  const src = `async fn boom() -> Future<number> {
    await sleep(1);
    let xs = [1];
    return xs[5];
}
print(await boom());
`;
  const { events, exit } = await traced("interp", src);
  assert.equal(exit, 1);
  assertWellFormed(events);
  const f = events.filter((e) => e.cat === "failure");
  assert.equal(f.length, 1);
  assert.equal(f[0].tid, 1);
  assert.equal(f[0].args?.code, "AT0006");
  assert.equal(events.find((e) => e.cat === "task" && e.tid === 1)?.args?.status, "Failed");
});

test("--async-report prints its table on stderr after the program's output", async () => {
  const { both, err } = await traced("compiled", PROGRAM, { asyncReport: true });
  assert.ok(both.startsWith("data\n6\nErr(AT0005: Divide by zero)\n\natlas: async report\n"), both);
  assert.match(err, /^ {2}tasks {3}4 \(main included\): 2 completed, 1 failed, 1 cancelled$/m);
  assert.match(err, /^ {2}slowest awaits$/m);
  assert.match(err, /sleep\(1000\) +prog\.atl:20:5 +task #3 'sleeper' \(cancelled\)/);
  assert.match(err, /^ {2}longest event-loop stalls/m);
  assert.match(err, /^ {2}event-loop delay {2}p50 [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms$/m);
});

test("the tracer is off unless asked for", () => {
  assert.equal(new RuntimeContext().tracer, null);
});

test("the real CLI writes the trace and the report", () => {
  const dir = tempDir();
  try {
    writeFileSync(path.join(dir, "prog.atl"), PROGRAM);
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "atlas.js"), "run", "--trace=t.json", "--async-report", "prog.atl"], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "data\n6\nErr(AT0005: Divide by zero)\n");
    assert.match(r.stderr, /atlas: async report/);
    const trace = JSON.parse(readFileSync(path.join(dir, "t.json"), "utf8")) as { traceEvents: Event[] };
    assertWellFormed(trace.traceEvents);
    assert.ok(trace.traceEvents.some((e) => e.name === "sleep(10) @ prog.atl:2:5"));
    const bad = spawnSync(process.execPath, [path.join(ROOT, "bin", "atlas.js"), "run", "--trace=prog.atl/x.json", "prog.atl"], { cwd: dir, encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^atlas: cannot write trace file 'prog\.atl\/x\.json': E[A-Z]+$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
