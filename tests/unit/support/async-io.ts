// Shared helpers for the async file and HTTP tests (async.md §A7, §A8): a real-clock runtime with
// a permission policy whose builtins are called directly, waiting for futures and channels to
// settle, waiting for I/O to drain, open file descriptors of this process, and running whole
// Atlas programs on both engines through the CLI pipeline.
import assert from "node:assert/strict";
import { readdirSync, readlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { channelReceive, type Channel } from "../../../src/runtime/channel.js";
import { Future, PENDING } from "../../../src/runtime/future.js";
import { RuntimeContext } from "../../../src/runtime/runtime-context.js";
import { display } from "../../../src/runtime/display.js";
import { ErrorValue, OptionValue, type Value } from "../../../src/runtime/values.js";
import { instantiateBuiltins } from "../../../src/stdlib/registry.js";
import { createPolicy, type Grants, type IoLimits, type Policy } from "../../../src/security/policy.js";
import { parseGrantFlags } from "../../../src/security/flags.js";
import { MemorySinks } from "../../../src/cli/sinks.js";
import type { EngineName } from "../../../src/cli/args.js";

export interface Rt {
  rt: RuntimeContext;
  policy: Policy;
  /** Calls a builtin as an engine would (callSpan null). */
  call(name: string, ...args: Value[]): Value;
  /** Ends the runtime (scheduler shutdown: I/O aborted, pool closed). */
  close(): void;
}

/** A runtime on the real clock with the given grants and working directory. */
export function runtime(grants: Grants, cwd: string = process.cwd(), limits: Partial<IoLimits> = {}): Rt {
  const policy = createPolicy(grants, cwd, limits);
  const rt = new RuntimeContext({
    policy,
    stdout: () => undefined,
    stderr: () => undefined,
    builtins: (c) => instantiateBuiltins(c),
  });
  return {
    rt,
    policy,
    call(name: string, ...args: Value[]): Value {
      const f = rt.builtins.get(name);
      assert.ok(typeof f === "function", `no builtin ${name}`);
      rt.callSpan = null;
      return f(...args);
    },
    close(): void {
      rt.scheduler.shutdown();
    },
  };
}

/** Resolves once `f` (a Future) has settled. */
export function settled(f: Value): Promise<Future> {
  assert.ok(f instanceof Future, `expected a Future, got ${display(f)}`);
  f.observed = true;
  return new Promise((resolve) => f.onSettle(() => resolve(f)));
}

/** The resolution value of `f` (fails the test if it rejects). */
export async function valueOf(f: Value): Promise<Value> {
  const g = await settled(f);
  assert.equal(g.error, null, g.error === null ? "" : `rejected with ${g.error.code}: ${g.error.message}`);
  return g.value;
}

/** The rejection of `f` (fails the test if it resolves). */
export async function rejectionOf(f: Value): Promise<ErrorValue> {
  const g = await settled(f);
  assert.ok(g.error !== null, `expected a rejection, got ${display(g.value)}`);
  return g.error;
}

/** Asserts a rejection with `code` and exactly `message` (or matching a RegExp). */
export async function rejects(f: Value, code: string, message: string | RegExp): Promise<void> {
  const e = await rejectionOf(f);
  assert.equal(e.code, code, e.message);
  if (typeof message === "string") assert.equal(e.message, message);
  else assert.match(e.message, message);
}

/** Everything a channel yields until it is closed, and the Error it was closed with (if any). */
export async function drain(rt: RuntimeContext, ch: Value, max = Infinity): Promise<{ items: Value[]; error: ErrorValue | null }> {
  const items: Value[] = [];
  while (items.length < max) {
    const g = await settled(channelReceive(rt.scheduler, ch as Channel));
    if (g.error !== null) return { items, error: g.error };
    const o = g.value as OptionValue;
    if (!o.isSome) return { items, error: null };
    items.push(o.value);
  }
  return { items, error: null };
}

/** Waits until no host I/O of the runtime is in flight (cleanups included). */
export async function ioDrained(rt: RuntimeContext, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (rt.scheduler.pendingIo > 0) {
    if (Date.now() - start > timeoutMs) assert.fail(`I/O still in flight after ${timeoutMs} ms (${rt.scheduler.pendingIo} ops)`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Waits until `cond()` holds (polling), failing after `timeoutMs`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Open file descriptors of this process (Linux). */
export function openFds(): number {
  return readdirSync("/proc/self/fd").length;
}

/** Descriptors of this process open on paths below `dir`. */
export function fdsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    const target = readlinkSafe(`/proc/self/fd/${fd}`);
    if (target !== null && target.startsWith(dir)) out.push(target);
  }
  return out;
}

function readlinkSafe(p: string): string | null {
  try {
    return readlinkSync(p);
  } catch {
    return null; // closed meanwhile
  }
}

export function isPending(f: Value): boolean {
  return f instanceof Future && f.state === PENDING;
}

export const ENGINES: EngineName[] = ["compiled", "interp"];

/**
 * Runs `source` as `<dir>/<name>` on `engine` through the CLI pipeline (`cd dir && atlas run
 * name ARGS`, real clock), with grant flags in `args`.
 */
export async function runAtlas(
  dir: string,
  source: string,
  args: string[],
  engine: EngineName,
  name = "main.atl",
  httpConnections?: number,
): Promise<{ stdout: string; stderr: string; exit: number }> {
  writeFileSync(path.join(dir, name), source);
  const { grants } = parseGrantFlags(args);
  const sinks = new MemorySinks();
  const { runFile } = await import("../../../src/api/pipeline.js");
  const opts = { engine, grants, ...(httpConnections !== undefined ? { httpConnections } : {}) };
  const r = await runFile(path.join(dir, name), opts, { sinks, baseDir: dir, json: false, colour: false });
  return { stdout: sinks.out, stderr: sinks.err, exit: r.exitCode };
}
