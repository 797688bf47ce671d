// Runs one Atlas benchmark program on the compiled engine in this process, the way `atlas run`
// does, timing code generation and execution separately: `node dist/bench/exec-compiled.js
// FILE` prints the program's stdout, then `codegen_ms=<n>` and `time_ms=<n>`. time_ms covers
// instantiating the generated JS and running the program (run protocol, scheduler, output),
// like the baselines' own timers, which start after V8 / CPython compiled them; the front end
// and Atlas → JS code generation are compile steps, reported apart (bench/run.ts).
import * as path from "node:path";
import { compileProgram as frontEnd } from "../src/check/frontend.js";
import { NodeFrontendHost, builtinTableWith } from "../src/api/frontend-host.js";
import { RuntimeContext } from "../src/runtime/runtime-context.js";
import { instantiateBuiltins } from "../src/stdlib/registry.js";
import { renderHuman } from "../src/diagnostics/render.js";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: exec-compiled FILE\n");
    return 2;
  }
  const abs = path.resolve(file);
  const checked = frontEnd(abs, new NodeFrontendHost(path.dirname(abs)), builtinTableWith([]));
  for (const d of checked.diagnostics) process.stderr.write(renderHuman(d));
  if (checked.program === null) return 1;
  const out: string[] = [];
  const ctx = new RuntimeContext({
    stdout: (t) => void out.push(t),
    stderr: (t) => void process.stderr.write(t),
    builtins: (c) => instantiateBuiltins(c),
  });
  // As `atlas run` (and bench/atlas-exec.ts) does: the engine is loaded after the front end;
  // then one event-loop turn, so the clock starts on a settled process, as a script's does.
  const { compileProgram } = await import("../src/engines/compiler/compile.js");
  const { runCompiled } = await import("../src/engines/compiler/engine.js");
  await new Promise((resolve) => setImmediate(resolve));
  const t0 = performance.now();
  const compiled = compileProgram(checked.program);
  const t1 = performance.now();
  const result = await runCompiled(compiled, ctx);
  const t2 = performance.now();
  process.stdout.write(out.join(""));
  process.stdout.write(`codegen_ms=${t1 - t0}\ntime_ms=${t2 - t1}\n`);
  return result.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`exec-compiled failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
