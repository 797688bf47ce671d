// Helpers shared by the benchmark runners (bench/run.ts, async-run.ts, async-channels-run.ts,
// async-io-run.ts): paths, the four runners, median/ratio/format, and a child run's stdout.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from dist/bench/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The async benchmark programs. */
export const ASYNC_DIR = path.join(ROOT, "bench", "async");
/** Runs per benchmark and runner for the async runners (BENCH_RUNS, default 5). */
export const ASYNC_RUNS = Number(process.env.BENCH_RUNS ?? "5");

export const RUNNERS = ["compiled", "interp", "js", "python"] as const;
export type Runner = (typeof RUNNERS)[number];

/** The median; NaN for no samples. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

export function fmt(x: number | null, digits = 1): string {
  return x === null || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

/**
 * The command running async benchmark `b` (bench/async/<b>.atl|.js|.py) on runner `r`; Atlas
 * programs run through `execScript` (relative to ROOT) with the engine name and the path.
 */
export function asyncCommand(r: Runner, b: string, execScript: string): [string, string[]] {
  switch (r) {
    case "compiled":
    case "interp":
      return [process.execPath, [path.join(ROOT, execScript), r, path.join(ASYNC_DIR, `${b}.atl`)]];
    case "js":
      return [process.execPath, [path.join(ASYNC_DIR, `${b}.js`)]];
    case "python":
      return ["python3", [path.join(ASYNC_DIR, `${b}.py`)]];
  }
}

/** Runs `cmd args` to completion; its stdout, or null (reported on stderr as `label failed`). */
export function spawnStdout(cmd: string, args: string[], label: string): string | null {
  const res = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 || typeof res.stdout !== "string") {
    process.stderr.write(`  ${label} failed: ${String(res.stderr ?? res.error)}\n`);
    return null;
  }
  return res.stdout;
}
