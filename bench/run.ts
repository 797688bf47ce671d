// The benchmark report (issue 3 item 5, `npm run bench`): runs every bench/programs/<p>.atl on
// the compiled engine and the interpreter, next to the hand-written bench/baselines/<p>.js
// (node) and <p>.py (python3), each BENCH_RUNS times (default 5), all in one invocation. Each
// run reports its own execution time (`time_ms=`, start-up excluded; for Atlas: the engine's
// run, front end excluded); outputs must agree. Also times `atlas run` on a hello-world against
// bare `node -e ''` (whole processes). Prints medians and ratios, writes bench/results.json.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BENCH = path.join(ROOT, "bench");
const RUNS = Number(process.env.BENCH_RUNS ?? "5");
const PROGRAMS = ["fib", "loops", "strings", "sort", "json_roundtrip", "closures"] as const;
/** Programs whose Python baseline runs Python code (budget: compiled ≥ 5× faster than CPython). */
const PYTHON_CODE = new Set(["fib", "loops", "strings", "closures"]);

type Runner = "compiled" | "interp" | "js" | "python";

interface Sample {
  ms: number;
  output: string;
}

function command(r: Runner, p: string): [string, string[]] {
  switch (r) {
    case "compiled":
    case "interp":
      return [process.execPath, [path.join(ROOT, "dist/bench/atlas-exec.js"), r, path.join(BENCH, "programs", `${p}.atl`)]];
    case "js":
      return [process.execPath, [path.join(BENCH, "baselines", `${p}.js`)]];
    case "python":
      return ["python3", [path.join(BENCH, "baselines", `${p}.py`)]];
  }
}

function runOnce(r: Runner, p: string): Sample | null {
  const [cmd, args] = command(r, p);
  const res = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0 || typeof res.stdout !== "string") return null;
  const m = /(?:^|\n)time_ms=([0-9.e+-]+)\n?$/.exec(res.stdout);
  if (m === null) return null;
  return { ms: Number(m[1]), output: res.stdout.slice(0, m.index + (m[0].startsWith("\n") ? 1 : 0)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function wallMs(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const res = spawnSync(cmd, args, { encoding: "utf8" });
  const ms = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${res.stderr}`);
  return ms;
}

interface Row {
  program: string;
  medians: Record<Runner, number | null>;
  outputsAgree: boolean;
}

function measure(p: string): Row {
  const runners: Runner[] = ["compiled", "interp", "js", "python"];
  const medians = {} as Record<Runner, number | null>;
  const outputs = new Set<string>();
  for (const r of runners) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = runOnce(r, p);
      if (s === null) break;
      times.push(s.ms);
      outputs.add(s.output);
    }
    medians[r] = times.length === RUNS ? median(times) : null;
    process.stderr.write(`  ${p} ${r}: ${medians[r] === null ? "failed" : medians[r]?.toFixed(1) + " ms"}\n`);
  }
  return { program: p, medians, outputsAgree: outputs.size === 1 };
}

function fmt(x: number | null, digits = 1): string {
  return x === null || !Number.isFinite(x) ? "n/a" : x.toFixed(digits);
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

function main(): number {
  process.stderr.write(`bench: ${RUNS} runs per program and runner\n`);
  const rows = PROGRAMS.map(measure);
  const hello = path.join(BENCH, "programs", "hello.atl");
  const atlasBin = path.join(ROOT, "bin", "atlas.js");
  const startAtlas: number[] = [];
  const startNode: number[] = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    startNode.push(wallMs(process.execPath, ["-e", ""]));
    startAtlas.push(wallMs(process.execPath, [atlasBin, "run", hello]));
  }
  const hw = { atlasRunMs: median(startAtlas), nodeEmptyMs: median(startNode) };

  const lines: string[] = [];
  lines.push("| program | compiled ms | interp ms | JS ms | CPython ms | compiled/JS | interp/JS | CPython/compiled | CPython/interp | budget |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  let allOk = true;
  const results = rows.map((r) => {
    const m = r.medians;
    const cJs = ratio(m.compiled, m.js);
    const iJs = ratio(m.interp, m.js);
    const pyC = ratio(m.python, m.compiled);
    const pyI = ratio(m.python, m.interp);
    const pyNeed = PYTHON_CODE.has(r.program) ? 5 : 1;
    const ok = r.outputsAgree && cJs !== null && cJs <= 3 && pyC !== null && pyC >= pyNeed;
    allOk &&= ok;
    const budget = `≤3× JS, ≥${pyNeed}× CPython: ${ok ? "met" : "MISSED"}${r.outputsAgree ? "" : " (outputs differ!)"}`;
    lines.push(`| ${r.program} | ${fmt(m.compiled)} | ${fmt(m.interp)} | ${fmt(m.js)} | ${fmt(m.python)} | ${fmt(cJs, 2)} | ${fmt(iJs, 2)} | ${fmt(pyC, 2)} | ${fmt(pyI, 2)} | ${budget} |`);
    return { ...r, ratios: { compiledVsJs: cJs, interpVsJs: iJs, pythonVsCompiled: pyC, pythonVsInterp: pyI }, budgetMet: ok };
  });
  const helloOk = hw.atlasRunMs <= hw.nodeEmptyMs + 80;
  allOk &&= helloOk;
  lines.push("");
  lines.push(`hello-world: \`atlas run\` ${hw.atlasRunMs.toFixed(1)} ms, bare \`node -e ''\` ${hw.nodeEmptyMs.toFixed(1)} ms ` + `(+${(hw.atlasRunMs - hw.nodeEmptyMs).toFixed(1)} ms; budget +80 ms: ${helloOk ? "met" : "MISSED"})`);
  process.stdout.write(lines.join("\n") + "\n");
  const json = { date: new Date().toISOString(), runs: RUNS, node: process.version, programs: results, helloWorld: { ...hw, budgetMet: helloOk }, allBudgetsMet: allOk };
  writeFileSync(path.join(BENCH, "results.json"), JSON.stringify(json, null, 2) + "\n");
  return 0;
}

process.exit(main());
