// The channel benchmarks of async.md §A11 (issue 6): B3 ping-pong, B4 fan-in and a select fan-in,
// each run side by side in one invocation on the compiled engine, the interpreter, raw Node
// (bench/async/<b>.js) and Python asyncio (<b>.py), BENCH_RUNS times (default 5). Prints medians,
// ratios and budget status; writes bench/async-channels-results.json.
//   npx tsc -p tsconfig.json && node dist/bench/async-channels-run.js [filter]
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ASYNC_RUNS, ROOT, RUNNERS, asyncCommand, fmt, median, ratio, spawnStdout, type Runner } from "./runner-common.js";

const RUNS = ASYNC_RUNS;

interface Budget {
  /** compiled / raw Node must be at most this. */
  maxVsJs: number | null;
  /** Python / compiled must be at least this. */
  minPythonSpeedup: number | null;
}

/** The channel benchmarks and their budgets (async.md §A11). Exported for a combined runner. */
export const CHANNEL_BENCHMARKS: { name: string; label: string; budget: Budget }[] = [
  { name: "b3_pingpong", label: "B3 channel ping-pong, 200,000 round trips", budget: { maxVsJs: 3, minPythonSpeedup: 3 } },
  { name: "b4_fanin", label: "B4 4 producers → 1 consumer, bounded(64), 1,000,000 messages", budget: { maxVsJs: 3, minPythonSpeedup: null } },
  { name: "b4s_select_fanin", label: "select fan-in, 4 channels → 1 consumer, 400,000 messages", budget: { maxVsJs: null, minPythonSpeedup: null } },
];

interface Sample {
  ms: number;
  output: string;
}

function runOnce(r: Runner, b: string): Sample | null {
  const [cmd, args] = asyncCommand(r, b, "dist/bench/atlas-exec.js");
  const stdout = spawnStdout(cmd, args, `${b} ${r}`);
  if (stdout === null) return null;
  const m = /(?:^|\n)time_ms=([0-9.e+-]+)\n?$/.exec(stdout);
  if (m === null) return null;
  return { ms: Number(m[1]), output: stdout.slice(0, m.index + (m[0].startsWith("\n") ? 1 : 0)) };
}

function measure(b: string): { medians: Record<Runner, number | null>; outputsAgree: boolean } {
  const medians = {} as Record<Runner, number | null>;
  const outputs = new Set<string>();
  // Interleave runners so that machine noise spreads evenly over them.
  const times: Record<Runner, number[]> = { compiled: [], interp: [], js: [], python: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const r of RUNNERS) {
      const s = runOnce(r, b);
      if (s === null) continue;
      times[r].push(s.ms);
      outputs.add(s.output);
    }
  }
  for (const r of RUNNERS) {
    medians[r] = times[r].length === RUNS ? median(times[r]) : null;
    process.stderr.write(`  ${b} ${r}: ${fmt(medians[r])} ms\n`);
  }
  return { medians, outputsAgree: outputs.size === 1 };
}

function budgetText(budget: Budget, cJs: number | null, pyC: number | null, agree: boolean): [string, boolean] {
  const parts: string[] = [];
  let ok = agree;
  if (budget.maxVsJs !== null) {
    parts.push(`≤${budget.maxVsJs}× Node`);
    ok &&= cJs !== null && cJs <= budget.maxVsJs;
  }
  if (budget.minPythonSpeedup !== null) {
    parts.push(`≥${budget.minPythonSpeedup}× asyncio`);
    ok &&= pyC !== null && pyC >= budget.minPythonSpeedup;
  }
  if (parts.length === 0) return [agree ? "reported" : "outputs differ!", agree];
  return [`${parts.join(", ")}: ${ok ? "met" : "MISSED"}${agree ? "" : " (outputs differ!)"}`, ok];
}

function main(): number {
  const filter = process.argv[2] ?? null;
  const benches = CHANNEL_BENCHMARKS.filter((b) => filter === null || b.name.includes(filter));
  process.stderr.write(`async channel bench: ${RUNS} runs per benchmark and runner\n`);
  const lines = [
    "| benchmark | compiled ms | interp ms | Node ms | asyncio ms | compiled/Node | interp/Node | asyncio/compiled | budget |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  let allOk = true;
  const results = benches.map((b) => {
    const { medians: m, outputsAgree } = measure(b.name);
    const cJs = ratio(m.compiled, m.js);
    const iJs = ratio(m.interp, m.js);
    const pyC = ratio(m.python, m.compiled);
    const [text, ok] = budgetText(b.budget, cJs, pyC, outputsAgree);
    allOk &&= ok;
    lines.push(`| ${b.label} | ${fmt(m.compiled)} | ${fmt(m.interp)} | ${fmt(m.js)} | ${fmt(m.python)} | ${fmt(cJs, 2)} | ${fmt(iJs, 2)} | ${fmt(pyC, 2)} | ${text} |`);
    return { name: b.name, label: b.label, medians: m, ratios: { compiledVsJs: cJs, interpVsJs: iJs, pythonVsCompiled: pyC }, outputsAgree, budgetMet: ok };
  });
  process.stdout.write(lines.join("\n") + "\n");
  const json = { date: new Date().toISOString(), runs: RUNS, node: process.version, benchmarks: results, allBudgetsMet: allOk };
  if (filter === null) writeFileSync(path.join(ROOT, "bench", "async-channels-results.json"), JSON.stringify(json, null, 2) + "\n");
  return allOk ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) process.exit(main());
