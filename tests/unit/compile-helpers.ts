// Test helpers for the compiled engine: compile in-memory Atlas programs with the real front
// end and run them on both engines, capturing stdout, stderr and the exit status.
import { compileProgram as frontEnd, type FrontendHost } from "../../src/check/frontend.js";
import { builtinTableWith } from "../../src/api/frontend-host.js";
import type { CheckedProgram } from "../../src/check/program.js";
import { renderHuman } from "../../src/diagnostics/render.js";
import { RuntimeContext } from "../../src/runtime/runtime-context.js";
import { instantiateBuiltins } from "../../src/stdlib/registry.js";
import type { Engine } from "../../src/engines/engine.js";
import { compiledEngine } from "../../src/engines/compiler/engine.js";
import { interpreterEngine } from "../../src/engines/interpreter/interpreter.js";

/** A FrontendHost over in-memory files (`/m/<name>`). */
export function memoryHost(files: Record<string, string>): FrontendHost {
  return {
    readFile: (p) => (p in files ? new TextEncoder().encode(files[p]) : null),
    realpath: (p) => (p in files ? p : null),
    displayPath: (p) => p.replace(/^\/m\//, ""),
  };
}

export function check(source: string, extra: Record<string, string> = {}): CheckedProgram {
  const files: Record<string, string> = { "/m/main.atl": source };
  for (const [k, v] of Object.entries(extra)) files[`/m/${k}`] = v;
  const r = frontEnd("/m/main.atl", memoryHost(files), builtinTableWith([]));
  if (r.program === null) throw new Error(r.diagnostics.map((d) => renderHuman(d)).join(""));
  return r.program;
}

export interface RunOutput {
  stdout: string;
  stderr: string;
  exit: number;
}

export function newContext(out: { stdout: string; stderr: string }): RuntimeContext {
  return new RuntimeContext({
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    builtins: (c) => instantiateBuiltins(c),
  });
}

export async function runOn(engine: Engine, program: CheckedProgram): Promise<RunOutput> {
  const out = { stdout: "", stderr: "" };
  const r = await engine.run(program, newContext(out));
  return { ...out, exit: r.exitCode };
}

/** Runs a program on both engines; returns [interp, compiled]. */
export async function runBoth(source: string, extra: Record<string, string> = {}): Promise<[RunOutput, RunOutput]> {
  const i = await runOn(interpreterEngine, check(source, extra));
  const c = await runOn(compiledEngine, check(source, extra));
  return [i, c];
}
