// Runs one async benchmark program (bench/async/<b>.atl) in this process the way `atlas run`
// does (real clock), for bench/async-run.ts: `node dist/bench/async-exec.js <compiled|interp> FILE`.
// The program times its own workload (it prints `time_ms=` from monotonicMs(), so start-up and
// compilation are excluded exactly as in the raw Node and asyncio versions); this wrapper
// then prints the process's peak RSS as `rss_mb=`. Exit status as `atlas run`.
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
    process.stderr.write("usage: async-exec <compiled|interp> FILE\n");
    return 2;
  }
  const abs = path.resolve(file);
  const compiled = compileProgram(abs, new NodeFrontendHost(path.dirname(abs)), builtinTableWith([]));
  for (const d of compiled.diagnostics) process.stderr.write(renderHuman(d));
  if (compiled.program === null) return 1;
  const out: string[] = [];
  const ctx = new RuntimeContext({
    stdout: (t) => void out.push(t),
    stderr: (t) => void process.stderr.write(t),
    builtins: (c) => instantiateBuiltins(c),
  });
  const engine = await loadEngine(engineName as EngineName);
  const result = await engine.run(compiled.program, ctx);
  process.stdout.write(out.join(""));
  process.stdout.write(`rss_mb=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`);
  return result.exitCode;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`async-exec failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
