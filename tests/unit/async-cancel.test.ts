// Cancellation (async.md §A3 cancellable futures, §A4.2, §A4.3, §A5): while sleeping, while
// awaiting a task, inside groups, through chains of async calls, timeouts, retry and
// mapConcurrent; what is and is not cancelled; and, on the real clock, that a cancelled program
// exits promptly with no timer left keeping Node alive and no Node warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { lines, runBoth } from "./support/async-harness.js";
import { scratchDir } from "../scratch-dir.js";

interface Row {
  name: string;
  src: string;
  out: string;
}

const ROWS: Row[] = [
  {
    name: "cancelling a sleeping task clears its timer (time does not advance to it)",
    src: `let t = spawn(async fn() -> Future<null> { await sleep(60000); print("never"); });
await yieldNow();
print(taskCancel(t));
print(taskStatus(t));
print(monotonicMs());`,
    out: lines("true", "Cancelled", "0"),
  },
  {
    name: "cancelling a task that awaits another task leaves the other running",
    src: `let inner = spawn(async fn() -> Future<string> { await sleep(10); return "inner done"; });
let outer = spawn(async fn() -> Future<string> { return await inner; });
await sleep(1);
taskCancel(outer);
print([taskStatus(outer), taskStatus(inner)]);
print(await inner);`,
    out: lines("[Cancelled, Running]", "inner done"),
  },
  {
    name: "the joiner of a cancelled task fails with AT0171 (Failed, not Cancelled)",
    src: `let inner = spawn(async fn() -> Future<number> { await sleep(10); return 1; }, "inner");
let outer = spawn(async fn() -> Future<number> { return await inner; }, "outer");
await sleep(1);
taskCancel(inner);
print(await futureResult(outer));
print([taskStatus(inner), taskStatus(outer)]);`,
    out: lines("Err(AT0171: Task 'inner' (#2) was cancelled)", "[Cancelled, Failed]"),
  },
  {
    name: "cancel while in a group: members and body are cancelled, group rejects AT0171",
    src: `var kids: Task<null>[] = [];
let t = spawn(async fn() -> Future<null> {
    await taskGroup(async fn(g: TaskGroup) -> Future<null> {
        push(kids, groupSpawn(g, async fn() -> Future<null> { await sleep(50); print("never"); }));
        push(kids, groupSpawn(g, async fn() -> Future<null> { await sleep(60); print("never"); }));
        await sleep(70);
        print("never");
    });
});
await sleep(5);
taskCancel(t);
print(map(kids, taskStatus));
print(await futureResult(t));
print(monotonicMs());`,
    out: lines("[Cancelled, Cancelled]", "Err(AT0171: Task #2 was cancelled)", "5"),
  },
  {
    name: "futureCancel on a group future cancels its members",
    src: `var kids: Task<null>[] = [];
let g = taskGroup(fn(grp: TaskGroup) -> Future<null> {
    push(kids, groupSpawn(grp, async fn() -> Future<null> { await sleep(50); }));
    return sleep(100);
});
await yieldNow();
print(futureCancel(g));
print(await futureResult(g));
print(map(kids, taskStatus));`,
    out: lines("true", "Err(AT0171: Task group was cancelled)", "[Cancelled]"),
  },
  {
    name: "cancelling a chain of async calls unwinds every level",
    src: `async fn c() -> Future<null> { await sleep(100); print("c never"); }
async fn b() -> Future<null> { await c(); print("b never"); }
async fn a() -> Future<null> { await b(); print("a never"); }
let f = a();
await sleep(1);
print(futureCancel(f));
print(await futureResult(f));
print(monotonicMs());`,
    out: lines("true", "Err(AT0171: Call to 'a' was cancelled)", "1"),
  },
  {
    name: "an async call cancelled while its task keeps running",
    src: `async fn slow() -> Future<string> { await sleep(100); return "slow"; }
let t = spawn(async fn() -> Future<string> {
    let f = slow();
    futureCancel(f);
    let r = await futureResult(f);
    return "task still running: " + str(r);
});
print(await t);`,
    out: lines("task still running: Err(AT0171: Call to 'slow' was cancelled)"),
  },
  {
    name: "a task cancelling itself runs to its next await",
    src: `let t = spawn(async fn() -> Future<null> {
    taskCancel(taskCurrent());
    print("until the next await");
    await yieldNow();
    print("never");
});
await sleep(1);
print(taskStatus(t));`,
    out: lines("until the next await", "Cancelled"),
  },
  {
    name: "a task cancelled before it starts never runs",
    src: `let t = spawn(fn() -> null { print("never"); return null; });
print(taskCancel(t));
await sleep(1);
print(taskStatus(t));`,
    out: lines("true", "Cancelled"),
  },
  {
    name: "descendants are cancelled, even through a finished child",
    src: `var deep: Task<null>[] = [];
let top = spawn(async fn() -> Future<null> {
    let mid = spawn(fn() -> null {
        push(deep, spawn(async fn() -> Future<null> { await sleep(100); }));
        return null;
    });
    await mid;
    await sleep(100);
});
await sleep(1);
taskCancel(top);
print(taskStatus(deep[0]));`,
    out: lines("Cancelled"),
  },
  {
    name: "timeout cancels a cancellable input and keeps a shared one",
    src: `async fn slow(n: string) -> Future<string> { await sleep(50); print(n + " finished"); return n; }
let own = slow("own");
print(await futureResult(timeout(own, 5)));
let shared = slow("shared");
let other = futureThen(shared, fn(v: string) -> string { return v; });
print(await futureResult(timeout(futureAll([shared]), 5)));
print(await other);`,
    out: lines("Err(AT0170: Operation timed out after 5 ms)", "Err(AT0170: Operation timed out after 5 ms)", "shared finished", "shared"),
  },
  {
    name: "futureCancel on a timeout cancels it and its input",
    src: `async fn slow() -> Future<number> { await sleep(50); return 1; }
let inner = slow();
let t = timeout(inner, 100);
print(futureCancel(t));
print(await futureResult(t));
print(await futureResult(inner));`,
    out: lines("true", "Err(AT0171: timeout was cancelled)", "Err(AT0171: Call to 'slow' was cancelled)"),
  },
  {
    name: "futureCancel on retry stops its backoff timer",
    src: `let r = retry(fn() -> Future<number> { let e: Future<number> = futureReject("x"); return e; }, 5, 1000);
await yieldNow();
print(futureCancel(r));
print(await futureResult(r));
print(monotonicMs());`,
    out: lines("true", "Err(AT0171: retry was cancelled)", "0"),
  },
  {
    name: "futureCancel on mapConcurrent cancels the calls in flight",
    src: `var started = 0;
let m = mapConcurrent([1, 2, 3], 2, async fn(x: number) -> Future<number> { started++; await sleep(10); print("never"); return x; });
await yieldNow();
print(futureCancel(m));
print(await futureResult(m));
print(started);
print(monotonicMs());`,
    out: lines("true", "Err(AT0171: mapConcurrent was cancelled)", "2", "0"),
  },
  {
    name: "cancelTimer suppresses an interval",
    src: `var n = 0;
let iv = interval(5, fn() { n++; });
await sleep(12);
print(cancelTimer(iv));
await sleep(50);
print(n);
print(cancelTimer(iv));`,
    out: lines("true", "2", "false"),
  },
  {
    name: "a cancelled task's timers and intervals stop",
    src: `let t = spawn(async fn() -> Future<null> {
    interval(5, fn() { print("tick"); });
    await sleep(1000);
});
await sleep(7);
taskCancel(t);
await sleep(20);
print("end");`,
    out: lines("tick", "end"),
  },
  {
    name: "futureCancel(task) is taskCancel",
    src: `let t = spawn(async fn() -> Future<null> { await sleep(10); });
await yieldNow();
print(futureCancel(t));
print(taskStatus(t));
print(futureCancel(t));`,
    out: lines("true", "Cancelled", "false"),
  },
  {
    name: "cancelling main from a task ends the program at the cancel call",
    src: `let m = taskCurrent();
spawn(async fn() -> Future<null> { await sleep(1); print("cancel"); taskCancel(m); print("never"); });
await sleep(100);
print("never");`,
    out: lines("cancel"),
  },
];

for (const row of ROWS) {
  test(`cancel: ${row.name}`, async () => {
    const r = await runBoth(row.src);
    assert.equal(r.stdout, row.out);
    if (row.name.startsWith("cancelling main")) {
      assert.deepEqual(r.errors, ["AT0171 2:69 Task 'main' (#1) was cancelled"]);
      assert.equal(r.exit, 1);
    } else {
      assert.equal(r.stderr, "");
      assert.equal(r.exit, 0);
    }
  });
}

// ---- real clock, real process ------------------------------------------------------------------

const ATLAS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/atlas.js");

function atlasRun(src: string): { stdout: string; stderr: string; status: number | null; ms: number } {
  const dir = scratchDir("atlas-async-");
  writeFileSync(path.join(dir, "p.atl"), src);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [ATLAS, "run", "p.atl"], { cwd: dir, encoding: "utf8", timeout: 30_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: performance.now() - t0 };
}

test("real clock: a program whose long sleeps were cancelled exits promptly", () => {
  // 1e12 ms is beyond Node's setTimeout range: no TimeoutOverflowWarning, no early wake-up.
  const r = atlasRun(`let ts = [spawn(async fn() -> Future<null> { await sleep(60000); }), spawn(async fn() -> Future<null> { await sleep(1000000000000); })];
let iv = interval(1000, fn() { print("tick"); });
await sleep(20);
for t in ts { taskCancel(t); }
cancelTimer(iv);
print("cancelled");
`);
  assert.equal(r.stdout, "cancelled\n");
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
});

test("real clock: main failing with timers pending exits at once, exit 1, no Node warning", () => {
  const r = atlasRun(`timer(60000, fn() { print("never"); });
let t = spawn(async fn() -> Future<null> { await sleep(60000); });
await sleep(5);
let xs = [1];
print(xs[2]);
`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error\[AT0006\]/);
  assert.doesNotMatch(r.stderr, /Warning|UnhandledPromiseRejection|node:/);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
});

test("real clock: cancelling main ends the program promptly", () => {
  const r = atlasRun(`let m = taskCurrent();
timer(30, fn() { taskCancel(m); });
await sleep(60000);
`);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error\[AT0171\]: Task 'main' \(#1\) was cancelled\n/);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
});

test("real clock: sleeps and timeouts take real time, in order", () => {
  const r = atlasRun(`async fn work(name: string, ms: number) -> Future<string> { await sleep(ms); print(name); return name; }
let t0 = monotonicMs();
print(await futureAll([work("slow", 60), work("fast", 20)]));
print(await futureResult(timeout(work("late", 500), 30)));
print(monotonicMs() - t0 >= 90);
`);
  assert.equal(r.stdout, lines("fast", "slow", "[slow, fast]", "Err(AT0170: Operation timed out after 30 ms)", "true"));
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
});
