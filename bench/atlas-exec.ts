// Runs one Atlas benchmark program in this process, the way `atlas run` does (real clock), and
// reports the execution time of the engine (front end and compilation excluded; they are
// measured by the hello-world start-up row): `node dist/bench/atlas-exec.js <compiled|interp> <file.atl> [--rss]`.
// Prints the program's stdout, then (with --rss) the process's peak RSS as `rss_mb=<n>`, and last
// `time_ms=<n>`; exit status as `atlas run`. Async benchmarks time their own workload (they print their own
// `time_ms=` first, read by bench/async-run.ts); the compute and channel runners read the last line.
import * as path from "node:path";
import { compileProgram } from "../src/check/frontend.js";
import { NodeFrontendHost, builtinTableWith } from "../src/api/frontend-host.js";
import { RuntimeContext } from "../src/runtime/runtime-context.js";
import { instantiateBuiltins } from "../src/stdlib/registry.js";
import { loadEngine } from "../src/api/engines.js";
import { renderHuman } from "../src/diagnostics/render.js";
import type { EngineName } from "../src/cli/args.js";

async function main(): Promise<number> {
  const [engineName, file, flag] = process.argv.slice(2);
  if ((engineName !== "compiled" && engineName !== "interp") || file === undefined || (flag !== undefined && flag !== "--rss")) {
    process.stderr.write("usage: atlas-exec <compiled|interp> FILE [--rss]\n");
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
  if (flag === "--rss") process.stdout.write(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
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
