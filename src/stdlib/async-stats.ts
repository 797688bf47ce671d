// asyncStats (async.md §A10.1): a json snapshot of the runtime — tasks by state (running,
// blocked, completed, failed, cancelled), live timers, host I/O in flight, open pooled HTTP
// connections and the event-loop delay percentiles. Registered by async-tasks.ts.
import { startLoopDelayMonitor, loopDelay } from "../runtime/loop-delay.js";
import type { RuntimeContext } from "../runtime/runtime-context.js";
import { isBlocked } from "../runtime/task.js";
import { JsonObject, JsonValue, type JsonData, type Value } from "../runtime/values.js";
import { httpConnectionCount } from "./async-http-client.js";
import { runtimeOf } from "./async-common.js";
import type { BuiltinContext } from "./define.js";

function obj(entries: [string, JsonData][]): JsonObject {
  return new JsonObject(new Map(entries));
}

/**
 * The snapshot. A live task is *blocked* when it has started and its innermost await waits on a
 * pending future; the running task and tasks not yet started count as *running*.
 */
export function asyncStatsValue(ctx: RuntimeContext): JsonValue {
  const sched = ctx.scheduler;
  let blocked = 0;
  const live = sched.liveTasks();
  for (const t of live) {
    if (t === sched.current || !t.started) continue;
    if (isBlocked(t)) blocked++;
  }
  const s = sched.stats;
  const d = loopDelay();
  return new JsonValue(
    obj([
      ["tasks", obj([["running", live.length - blocked], ["blocked", blocked], ["completed", s.completed], ["failed", s.failed], ["cancelled", s.cancelled]])],
      ["timers", sched.liveTimers],
      ["pendingIo", sched.pendingIo],
      ["httpConnections", httpConnectionCount(ctx)],
      ["eventLoopDelayMs", obj([["p50", d.p50], ["p99", d.p99], ["max", d.max]])],
    ]),
  );
}

/** The builtin's factory (per runtime): event-loop delay is measured from the runtime's start. */
export function asyncStatsBuiltin(bctx: BuiltinContext): (...args: Value[]) => Value {
  startLoopDelayMonitor();
  let rt: RuntimeContext | null = null;
  return () => asyncStatsValue((rt ??= runtimeOf(bctx)));
}
