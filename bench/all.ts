// `npm run bench` (issue 8): runs every benchmark runner of bench/ — run.ts (compute programs)
// and each <x>-run.ts (the async benchmarks B1–B10 of async.md §A11) — one after the other,
// each writing its own results file, then regenerates docs/performance.md and
// docs/performance-ratios.svg from those files (bench/report.ts).
//   node dist/bench/all.js                 run everything, then write the report
//   node dist/bench/all.js --report-only   only regenerate the report from the last results
//   node dist/bench/all.js --only=async-io-run,run   run some runners (the report still covers all)
// BENCH_RUNS=N is passed through to the runners.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeReport } from "./report.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH_SRC = path.join(ROOT, "bench");
const BENCH_DIST = path.join(ROOT, "dist", "bench");

/** A runner script and the results file it writes. */
interface RunnerScript {
  name: string;
  script: string;
  results: string;
}

/** Every runner in bench/: `run.ts` → results.json, `<x>-run.ts` → `<x>-results.json`. */
export function discoverRunners(srcDir = BENCH_SRC, distDir = BENCH_DIST): RunnerScript[] {
  return readdirSync(srcDir)
    .filter((f) => /^(run|[a-z0-9-]+-run)\.ts$/.test(f))
    .sort((a, b) => (a === "run.ts" ? 1 : b === "run.ts" ? -1 : a.localeCompare(b)))
    .map((f) => {
      const name = f.replace(/\.ts$/, "");
      return { name, script: path.join(distDir, `${name}.js`), results: name === "run" ? "results.json" : name.replace(/-run$/, "-results.json") };
    });
}

function mtime(file: string): number {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

/** Runs one runner with inherited output; returns a problem description, or null. */
function runRunner(r: RunnerScript): string | null {
  if (!existsSync(r.script)) return `${r.name} (not built: ${path.relative(ROOT, r.script)})`;
  const resultsPath = path.join(BENCH_SRC, r.results);
  const before = mtime(resultsPath);
  process.stderr.write(`\n=== ${r.name} ===\n`);
  const res = spawnSync(process.execPath, [r.script], { cwd: ROOT, stdio: "inherit", env: process.env });
  // Async runners exit 1 when a budget is missed: that is a result, not a failure.
  if (mtime(resultsPath) <= before) return `${r.name} (exit status ${String(res.status ?? res.signal)}, no new ${r.results})`;
  return null;
}

function main(argv: readonly string[]): number {
  const reportOnly = argv.includes("--report-only");
  const onlyArg = argv.find((a) => a.startsWith("--only="));
  const only = onlyArg === undefined ? null : new Set(onlyArg.slice("--only=".length).split(","));
  const started = Date.now();
  const failed: string[] = [];
  if (!reportOnly) {
    for (const r of discoverRunners()) {
      if (only !== null && !only.has(r.name)) continue;
      const problem = runRunner(r);
      if (problem !== null) failed.push(problem);
    }
  }
  const input = writeReport(ROOT, reportOnly ? 0 : started, failed);
  const judged = input.rows.filter((r) => r.budget !== "reported only" && r.budgetMet !== null);
  const met = judged.filter((r) => r.budgetMet === true).length;
  process.stderr.write(`\nwrote docs/performance.md and docs/performance-ratios.svg: ${input.rows.length} benchmarks, ${met} of ${judged.length} budgets met\n`);
  if (failed.length > 0) process.stderr.write(`runners that failed: ${failed.join("; ")}\n`);
  return failed.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exit(main(process.argv.slice(2)));
