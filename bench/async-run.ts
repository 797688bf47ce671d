// The task/timer benchmarks of async.md §A11 (issue 5): B1 sequential awaits, B2 spawn + join,
// B5 concurrent sleeps, B6 cancellation, B10 memory of blocked tasks. Each runs side by side in
// one invocation on the compiled engine, the interpreter, raw Node (bench/async/<b>.js) and
// Python asyncio (<b>.py), BENCH_RUNS times (default 5), runners interleaved. Every program
// times its own workload (`time_ms=`); peak RSS (`rss_mb=`) is reported too. Prints medians,
// ratios and budget status; writes bench/async-results.json. (The channel benchmarks B3/B4 have
// their own runner, bench/async-channels-run.ts.)
//   npx tsc -p tsconfig.json && node dist/bench/async-run.js [filter]
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ASYNC_RUNS, ROOT, RUNNERS, asyncCommand, fmt, median as medianOrNaN, ratio, spawnStdout, type Runner } from "./runner-common.js";

const RUNS = ASYNC_RUNS;

interface Budget {
  /** compiled time / raw Node time must be at most this. */
  maxVsJs?: number;
  /** asyncio time / compiled time must be at least this. */
  minPythonSpeedup?: number;
  /** compiled peak RSS in MB must be at most this. */
  maxRssMb?: number;
}

export const TASK_BENCHMARKS: { name: string; label: string; budget: Budget }[] = [
  { name: "b1_await_resolved", label: "B1 1,000,000 sequential awaits of resolved futures", budget: { maxVsJs: 2 } },
  { name: "b2_spawn_join", label: "B2 spawn + join 100,000 tasks", budget: { maxVsJs: 2, minPythonSpeedup: 3 } },
  { name: "b5_sleeps", label: "B5 10,000 concurrent sleep(10), wall time", budget: { maxVsJs: 1.5 } },
  { name: "b6_cancel", label: "B6 cancel 100,000 suspended tasks", budget: { maxVsJs: 2 } },
  { name: "b10_blocked_tasks", label: "B10 100,000 blocked tasks, peak RSS", budget: { maxRssMb: 150 } },
];

interface Sample {
  ms: number;
  rss: number | null;
  output: string;
}

function runOnce(r: Runner, b: string): Sample | null {
  const [cmd, args] = asyncCommand(r, b, "dist/bench/atlas-exec.js");
  if (r === "compiled" || r === "interp") args.push("--rss");
  const stdout = spawnStdout(cmd, args, `${b} ${r}`);
  if (stdout === null) return null;
  const t = /(?:^|\n)time_ms=([0-9.e+-]+)\n/.exec(stdout);
  if (t === null) return null;
  const m = /(?:^|\n)rss_mb=([0-9.e+-]+)\n/.exec(stdout);
  return { ms: Number(t[1]), rss: m === null ? null : Number(m[1]), output: stdout.slice(0, t.index) };
}

/** The median; null for no samples (no RSS reported). */
function median(xs: number[]): number | null {
  return xs.length === 0 ? null : medianOrNaN(xs);
}

interface Measured {
  ms: Record<Runner, number | null>;
  /** Best run per runner (least disturbed by other load on the machine). */
  best: Record<Runner, number | null>;
  rss: Record<Runner, number | null>;
  outputsAgree: boolean;
}

function measure(b: string): Measured {
  const times: Record<Runner, number[]> = { compiled: [], interp: [], js: [], python: [] };
  const rsses: Record<Runner, number[]> = { compiled: [], interp: [], js: [], python: [] };
  const outputs = new Set<string>();
  for (let i = 0; i < RUNS; i++) {
    for (const r of RUNNERS) {
      const s = runOnce(r, b);
      if (s === null) continue;
      times[r].push(s.ms);
      if (s.rss !== null) rsses[r].push(s.rss);
      outputs.add(s.output);
    }
  }
  const ms = {} as Record<Runner, number | null>;
  const best = {} as Record<Runner, number | null>;
  const rss = {} as Record<Runner, number | null>;
  for (const r of RUNNERS) {
    ms[r] = times[r].length === RUNS ? median(times[r]) : null;
    best[r] = times[r].length === RUNS ? Math.min(...times[r]) : null;
    rss[r] = median(rsses[r]);
    process.stderr.write(`  ${b} ${r}: ${fmt(ms[r])} ms, ${fmt(rss[r])} MB\n`);
  }
  return { ms, best, rss, outputsAgree: outputs.size === 1 };
}

function judge(budget: Budget, m: Measured): [string, boolean] {
  const parts: string[] = [];
  let ok = m.outputsAgree;
  if (budget.maxVsJs !== undefined) {
    const r = ratio(m.ms.compiled, m.ms.js);
    parts.push(`≤${budget.maxVsJs}× Node`);
    ok &&= r !== null && r <= budget.maxVsJs;
  }
  if (budget.minPythonSpeedup !== undefined) {
    const r = ratio(m.ms.python, m.ms.compiled);
    parts.push(`≥${budget.minPythonSpeedup}× asyncio`);
    ok &&= r !== null && r >= budget.minPythonSpeedup;
  }
  if (budget.maxRssMb !== undefined) {
    parts.push(`≤${budget.maxRssMb} MB`);
    ok &&= m.rss.compiled !== null && m.rss.compiled <= budget.maxRssMb;
  }
  return [`${parts.join(", ")}: ${ok ? "met" : "MISSED"}${m.outputsAgree ? "" : " (outputs differ!)"}`, ok];
}

function main(): number {
  const filter = process.argv[2] ?? null;
  const benches = TASK_BENCHMARKS.filter((b) => filter === null || b.name.includes(filter));
  process.stderr.write(`async task/timer bench: ${RUNS} runs per benchmark and runner\n`);
  const lines = [
    "| benchmark | compiled ms | interp ms | Node ms | asyncio ms | compiled/Node | interp/Node | asyncio/compiled | peak RSS MB (compiled / interp / Node / asyncio) | budget |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
  ];
  let allOk = true;
  const results = benches.map((b) => {
    const m = measure(b.name);
    const cJs = ratio(m.ms.compiled, m.ms.js);
    const iJs = ratio(m.ms.interp, m.ms.js);
    const pyC = ratio(m.ms.python, m.ms.compiled);
    const [text, ok] = judge(b.budget, m);
    allOk &&= ok;
    const rss = `${fmt(m.rss.compiled, 0)} / ${fmt(m.rss.interp, 0)} / ${fmt(m.rss.js, 0)} / ${fmt(m.rss.python, 0)}`;
    lines.push(`| ${b.label} | ${fmt(m.ms.compiled)} | ${fmt(m.ms.interp)} | ${fmt(m.ms.js)} | ${fmt(m.ms.python)} | ${fmt(cJs, 2)} | ${fmt(iJs, 2)} | ${fmt(pyC, 2)} | ${rss} | ${text} |`);
    const bestRatios = { compiledVsJs: ratio(m.best.compiled, m.best.js), pythonVsCompiled: ratio(m.best.python, m.best.compiled) };
    return { name: b.name, label: b.label, medians: m.ms, best: m.best, rssMb: m.rss, ratios: { compiledVsJs: cJs, interpVsJs: iJs, pythonVsCompiled: pyC }, bestRatios, outputsAgree: m.outputsAgree, budgetMet: ok };
  });
  process.stdout.write(lines.join("\n") + "\n");
  process.stdout.write("\nbest-run ratios (compiled/Node, asyncio/compiled): " + results.map((r) => `${r.name} ${fmt(r.bestRatios.compiledVsJs, 2)} / ${fmt(r.bestRatios.pythonVsCompiled, 2)}`).join("; ") + "\n");
  const json = { date: new Date().toISOString(), runs: RUNS, node: process.version, benchmarks: results, allBudgetsMet: allOk };
  if (filter === null) writeFileSync(path.join(ROOT, "bench", "async-results.json"), JSON.stringify(json, null, 2) + "\n");
  return allOk ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exit(main());
