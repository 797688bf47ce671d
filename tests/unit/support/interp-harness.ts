// Test harness for the interpreter: compiles an in-memory program with the real front end and
// runs it on the interpreter with captured output, a virtual clock and a few test-only async
// builtins (named test*, so they never collide with the stdlib). Also the worker entry used by
// the deep-recursion tests (run in a big-stack Worker through src/engines/run-in-worker.ts).
import { compileSource, FrontendSession } from "../../../src/check/frontend.js";
import { buildBuiltinTable, type BuiltinDefLike } from "../../../src/check/builtin-types.js";
import { renderHuman } from "../../../src/diagnostics/render.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { interpreterEngine } from "../../../src/engines/interpreter/interpreter.js";
import type { WorkerIO } from "../../../src/engines/run-in-worker.js";
import { VirtualClock } from "../../../src/runtime/clock.js";
import type { Future } from "../../../src/runtime/future.js";
import { RuntimeContext } from "../../../src/runtime/runtime-context.js";
import { ErrorValue, tagFunction, type Value } from "../../../src/runtime/values.js";
import { BUILTINS, instantiateBuiltins } from "../../../src/stdlib/registry.js";
import type { InputResult } from "../../../src/runtime/outcome.js";

type Make = (ctx: RuntimeContext) => (...args: Value[]) => Value;

const TEST_BUILTINS: { name: string; signature: string; make: Make }[] = [
  {
    name: "testSleep",
    signature: "(ms: number) -> Future<null>",
    make: (ctx) => (ms) => {
      const f = ctx.newFuture();
      ctx.scheduler.addTimer(ms as number, () => f.resolve(null));
      return f;
    },
  },
  {
    name: "testResolve",
    signature: "<T>(v: T) -> Future<T>",
    make: (ctx) => (v) => {
      const f = ctx.newFuture();
      f.resolve(v);
      return f;
    },
  },
  {
    name: "testReject",
    signature: "<T>(reason: string) -> Future<T>",
    make: (ctx) => (m) => {
      const f = ctx.newFuture();
      f.reject(new ErrorValue("AT0160", m as string, ctx.callSpan));
      return f;
    },
  },
  {
    name: "testNever",
    signature: "<T>() -> Future<T>",
    make: (ctx) => () => ctx.newFuture(),
  },
  {
    name: "testAll",
    signature: "<T>(fs: Future<T>[]) -> Future<T[]>",
    make: (ctx) => (fs) => {
      const list = fs as Future[];
      const out = ctx.newFuture();
      const res = new Array<Value>(list.length);
      let n = list.length;
      if (n === 0) out.resolve([]);
      list.forEach((f, i) => {
        f.observed = true;
        f.onSettle(() => {
          if (f.error !== null) out.reject(f.error);
          else {
            res[i] = f.value;
            if (--n === 0) out.resolve(res);
          }
        });
      });
      return out;
    },
  },
  {
    name: "testNow",
    signature: "() -> number",
    make: (ctx) => () => ctx.clock.now(),
  },
];

const DEFS: BuiltinDefLike[] = [...BUILTINS, ...TEST_BUILTINS.map((b) => ({ name: b.name, signature: b.signature, protected: false }))];
export const TABLE = buildBuiltinTable(DEFS);

export interface Captured {
  stdout: string;
  stderr: string;
  exit: number;
  /** Runtime diagnostics as "CODE L:C message". */
  errors: string[];
  value: Value;
}

export function newContext(out: { stdout: string; stderr: string }, maxCallDepth?: number): RuntimeContext {
  return new RuntimeContext({
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    clock: new VirtualClock({ autoJump: true }),
    ...(maxCallDepth !== undefined ? { maxCallDepth } : {}),
    builtins: (ctx) => {
      const m = instantiateBuiltins(ctx);
      for (const b of TEST_BUILTINS) m.set(b.name, tagFunction(b.make(ctx), "builtin", b.name));
      return m;
    },
  });
}

export function brief(d: Diagnostic): string {
  if (d.span === null) return `${d.code} - ${d.message}`;
  const p = d.span.file.position(d.span.start);
  return `${d.code} ${p.line}:${p.column} ${d.message}`;
}

/** Compiles `src` as program `t.atl` and runs it; compile errors throw. */
export async function runSource(src: string, opts: { maxCallDepth?: number } = {}): Promise<Captured> {
  const compiled = compileSource(src, "t.atl", TABLE, { repl: false });
  if (compiled.program === null) {
    throw new Error("compile errors:\n" + compiled.diagnostics.map((d) => renderHuman(d)).join(""));
  }
  const out = { stdout: "", stderr: "" };
  const ctx = newContext(out, opts.maxCallDepth);
  const r = await interpreterEngine.run(compiled.program, ctx, { captureValue: true });
  return { ...out, exit: r.exitCode, errors: r.diagnostics.map(brief), value: r.value };
}

/** A REPL-like session over the front-end session and the engine session. */
export function newSession(): { out: { stdout: string; stderr: string }; input(src: string): Promise<InputResult> } {
  const out = { stdout: "", stderr: "" };
  const front = new FrontendSession(TABLE);
  const engine = interpreterEngine.session(newContext(out));
  return {
    out,
    async input(src: string): Promise<InputResult> {
      const c = front.addInput(src, "<repl>");
      if (c.program === null) throw new Error("compile errors:\n" + c.diagnostics.map((d) => renderHuman(d)).join(""));
      return engine.runInput(c.program);
    },
  };
}

/** Worker entry (run-in-worker.ts): runs `data.src`, writes its output, returns the exit code. */
export async function workerMain(data: unknown, io: WorkerIO): Promise<number> {
  const { src } = data as { src: string };
  const r = await runSource(src);
  io.stdout(r.stdout);
  io.stderr(r.stderr);
  return r.exit;
}
