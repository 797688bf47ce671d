// Test harness for the async runtime (async.md): compiles an in-memory program `t.atl` with the
// real front end and runs it on either engine (or both, checking they agree) with captured output
// on a VirtualClock (auto-jumping by default, so timer-heavy programs run instantly).
import { compileProgram as frontEnd } from "../../../src/check/frontend.js";
import type { CheckedProgram } from "../../../src/check/program.js";
import { builtinTableWith } from "../../../src/api/frontend-host.js";
import { renderHuman } from "../../../src/diagnostics/render.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import type { Engine } from "../../../src/engines/engine.js";
import { compiledEngine } from "../../../src/engines/compiler/engine.js";
import { interpreterEngine } from "../../../src/engines/interpreter/interpreter.js";
import { VirtualClock, type Clock } from "../../../src/runtime/clock.js";
import { RuntimeContext } from "../../../src/runtime/runtime-context.js";
import { instantiateBuiltins } from "../../../src/stdlib/registry.js";

export interface Run {
  stdout: string;
  stderr: string;
  exit: number;
  /** Runtime diagnostics as `CODE L:C message` (or `CODE - message` without a location). */
  errors: string[];
  /** Notes of the runtime diagnostics, in order. */
  notes: string[];
}

export const ENGINES: readonly [string, Engine][] = [
  ["interp", interpreterEngine],
  ["compiled", compiledEngine],
];

export function compile(src: string): CheckedProgram {
  const host = {
    readFile: (p: string) => (p === "/m/t.atl" ? new TextEncoder().encode(src) : null),
    realpath: (p: string) => (p === "/m/t.atl" ? p : null),
    displayPath: (p: string) => p.replace(/^\/m\//, ""),
  };
  const r = frontEnd("/m/t.atl", host, builtinTableWith([]));
  if (r.program === null) throw new Error("compile errors:\n" + r.diagnostics.map((d) => renderHuman(d)).join(""));
  return r.program;
}

export function brief(d: Diagnostic): string {
  if (d.span === null) return `${d.code} - ${d.message}`;
  const p = d.span.file.position(d.span.start);
  return `${d.code} ${p.line}:${p.column} ${d.message}`;
}

export interface RunOptions {
  clock?: Clock;
  maxCallDepth?: number;
}

export function newContext(out: { stdout: string; stderr: string }, opts: RunOptions = {}): RuntimeContext {
  return new RuntimeContext({
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    clock: opts.clock ?? new VirtualClock({ autoJump: true }),
    ...(opts.maxCallDepth !== undefined ? { maxCallDepth: opts.maxCallDepth } : {}),
    builtins: (c) => instantiateBuiltins(c),
  });
}

export async function runOn(engine: Engine, program: CheckedProgram, opts: RunOptions = {}): Promise<Run> {
  const out = { stdout: "", stderr: "" };
  const r = await engine.run(program, newContext(out, opts));
  return { ...out, exit: r.exitCode, errors: r.diagnostics.map(brief), notes: r.diagnostics.flatMap((d) => [...d.notes]) };
}

/** Runs `src` on both engines (virtual clock); throws unless they agree; returns the run. */
export async function runBoth(src: string, opts: RunOptions = {}): Promise<Run> {
  const program = compile(src);
  const runs: Run[] = [];
  for (const [, engine] of ENGINES) runs.push(await runOn(engine, program, opts));
  const [a, b] = runs;
  if (a.stdout !== b.stdout || a.stderr !== b.stderr || a.exit !== b.exit) {
    throw new Error(`engines disagree:\n--- interp ---\n${a.stdout}${a.stderr}exit ${a.exit}\n--- compiled ---\n${b.stdout}${b.stderr}exit ${b.exit}`);
  }
  return a;
}

/** `lines("a", "b")` = "a\nb\n". */
export function lines(...ls: string[]): string {
  return ls.map((l) => l + "\n").join("");
}
