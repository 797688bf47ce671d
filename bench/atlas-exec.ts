// Runs one Atlas benchmark program in this process, the way `atlas run` does, and reports the
// execution time of the engine (front end and compilation excluded; they are measured by the
// hello-world start-up row): `node dist/bench/atlas-exec.js <compiled|interp> <file.atl>`.
// Prints the program's stdout, then `time_ms=<n>`; exit status as `atlas run`.
import * as path from "node:path";
import { compileProgram } from "../src/check/frontend.js";
import { NodeFrontendHost, builtinTableWith } from "../src/api/frontend-host.js";
import { RuntimeContext } from "../src/runtime/runtime-context.js";
import { instantiateBuiltins } from "../src/stdlib/registry.js";
import { loadEngine } from "../src/api/engines.js";
import { renderHuman } from "../src/diagnostics/render.js";
import type { EngineName } from "../src/cli/args.js";

async function main(): Promise<number> {
  const [engineName, file] = process.argv.slice(2);
  if ((engineName !== "compiled" && engineName !== "interp") || file === undefined) {
    process.stderr.write("usage: atlas-exec <compiled|interp> FILE\n");
    return 2;
  }
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const compiled = compileProgram(abs, new NodeFrontendHost(dir), builtinTableWith([]));
  for (const d of compiled.diagnostics) process.stderr.write(renderHuman(d));
  if (compiled.program === null) return 1;
  const out: string[] = [];
  const ctx = new RuntimeContext({
    stdout: (t) => void out.push(t),
    stderr: (t) => void process.stderr.write(t),
    builtins: (c) => instantiateBuiltins(c),
  });
  const engine = await loadEngine(engineName as EngineName);
  const t0 = performance.now();
  const result = await engine.run(compiled.program, ctx);
  const ms = performance.now() - t0;
  process.stdout.write(out.join(""));
  process.stdout.write(`time_ms=${ms}\n`);
  return result.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`atlas-exec failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
