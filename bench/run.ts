// The benchmark report (issue 3 item 5, `npm run bench`): runs every bench/programs/<p>.atl on
// the compiled engine and the interpreter, next to the hand-written bench/baselines/<p>.js
// (node) and <p>.py (python3), BENCH_RUNS times each (default 5), all in one invocation. Runs
// are interleaved (one of each runner per round), so a change in machine load hits every
// runner alike. Each run reports its own execution time (`time_ms=`): the baselines time
// themselves after V8 / CPython compiled them; for Atlas the front end is excluded too, and on
// the compiled engine so is Atlas → JS code generation, timed apart and shown in its own
// column (bench/exec-compiled.ts; the interpreter runs through bench/atlas-exec.ts). Outputs
// must agree. Also times `atlas run` on a hello-world against bare `node -e ''` (whole
// processes, alternating). Prints machine info, medians, ratios and budget verdicts, and writes
// bench/results.json (with every sample). BENCH_PROGRAMS=fib,loops limits the programs.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, RUNNERS, fmt, median, ratio, type Runner } from "./runner-common.js";

const BENCH = path.join(ROOT, "bench");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? "5"));
const ALL_PROGRAMS = ["fib", "loops", "strings", "sort", "json_roundtrip", "closures"];
const PROGRAMS = process.env.BENCH_PROGRAMS === undefined ? ALL_PROGRAMS : process.env.BENCH_PROGRAMS.split(",").filter((p) => ALL_PROGRAMS.includes(p));
/** Programs whose Python baseline runs Python code (budget: compiled ≥ 5× faster than CPython). */
const PYTHON_CODE = new Set(["fib", "loops", "strings", "closures"]);

interface Sample {
  ms: number;
  /** Atlas → JS code generation (compiled runner only). */
  codegenMs: number | null;
  output: string;
}

function command(r: Runner, p: string): [string, string[]] {
  switch (r) {
    case "compiled":
      return [process.execPath, [path.join(ROOT, "dist/bench/exec-compiled.js"), path.join(BENCH, "programs", `${p}.atl`)]];
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
  const m = /(?:^|\n)(?:codegen_ms=([0-9.e+-]+)\n)?time_ms=([0-9.e+-]+)\n?$/.exec(res.stdout);
  if (m === null) return null;
  const codegenMs = m[1] === undefined ? null : Number(m[1]);
  return { ms: Number(m[2]), codegenMs, output: res.stdout.slice(0, m.index + (m[0].startsWith("\n") ? 1 : 0)) };
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
  samples: Record<Runner, number[]>;
  medians: Record<Runner, number | null>;
  /** Median Atlas → JS code generation time of the compiled runs. */
  codegenMs: number | null;
  outputsAgree: boolean;
}

function measure(p: string): Row {
  const samples = { compiled: [], interp: [], js: [], python: [] } as Record<Runner, number[]>;
  const failed = new Set<Runner>();
  const outputs = new Set<string>();
  const codegen: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const r of RUNNERS) {
      if (failed.has(r)) continue;
      const s = runOnce(r, p);
      if (s === null) {
        failed.add(r);
        continue;
      }
      samples[r].push(s.ms);
      if (s.codegenMs !== null) codegen.push(s.codegenMs);
      outputs.add(s.output);
    }
  }
  const medians = {} as Record<Runner, number | null>;
  for (const r of RUNNERS) {
    medians[r] = failed.has(r) ? null : median(samples[r]);
    process.stderr.write(`  ${p} ${r}: ${medians[r] === null ? "failed" : (medians[r] as number).toFixed(1) + " ms"}\n`);
  }
  return { program: p, samples, medians, codegenMs: codegen.length > 0 ? median(codegen) : null, outputsAgree: outputs.size === 1 };
}

function pythonVersion(): string {
  const r = spawnSync("python3", ["--version"], { encoding: "utf8" });
  return (r.stdout || r.stderr || "python3: not found").trim();
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cpus: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python: pythonVersion(),
  };
}

function helloWorld(): { atlasRunMs: number; nodeEmptyMs: number; samples: { atlas: number[]; node: number[] } } {
  const hello = path.join(BENCH, "programs", "hello.atl");
  const atlasBin = path.join(ROOT, "bin", "atlas.js");
  // `atlas run` as installed and used: its start-up bundle built (the CLI otherwise builds it in
  // the background after each `tsc`, which other work may just have run) and its code cache
  // written by a first run; then alternate with `node -e ''`.
  spawnSync(process.execPath, [path.join(ROOT, "dist/src/cli/bundle.js"), "--build"], { encoding: "utf8" });
  for (let i = 0; i < 3; i++) wallMs(process.execPath, [atlasBin, "run", hello]);
  const atlas: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < Math.max(RUNS, 5) * 2; i++) {
    node.push(wallMs(process.execPath, ["-e", ""]));
    atlas.push(wallMs(process.execPath, [atlasBin, "run", hello]));
  }
  return { atlasRunMs: median(atlas), nodeEmptyMs: median(node), samples: { atlas, node } };
}

function main(): number {
  const info = machine();
  const loadBefore = os.loadavg();
  process.stderr.write(`bench: ${RUNS} runs per program and runner; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")}\n`);
  const rows = PROGRAMS.map(measure);
  const hw = helloWorld();
  const loadAfter = os.loadavg();

  const lines: string[] = [];
  lines.push(`machine: ${String(info.cpu)} × ${String(info.cpus)}, ${String(info.memoryGiB)} GiB, ${String(info.platform)}; node ${String(info.node)}, ${String(info.python)}`);
  lines.push(`runs: ${RUNS} per program and runner (median); load average before ${loadBefore[0].toFixed(2)}, after ${loadAfter[0].toFixed(2)}`);
  lines.push("");
  lines.push("| program | compiled ms | (codegen ms) | interp ms | JS ms | CPython ms | compiled/JS | interp/JS | CPython/compiled | CPython/interp | budget |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
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
    lines.push(`| ${r.program} | ${fmt(m.compiled)} | ${fmt(r.codegenMs)} | ${fmt(m.interp)} | ${fmt(m.js)} | ${fmt(m.python)} | ${fmt(cJs, 2)} | ${fmt(iJs, 2)} | ${fmt(pyC, 2)} | ${fmt(pyI, 2)} | ${budget} |`);
    return { ...r, ratios: { compiledVsJs: cJs, interpVsJs: iJs, pythonVsCompiled: pyC, pythonVsInterp: pyI }, budgetMet: ok };
  });
  const helloOk = hw.atlasRunMs <= hw.nodeEmptyMs + 80;
  allOk &&= helloOk;
  lines.push("");
  lines.push(
    `hello-world: \`atlas run\` ${hw.atlasRunMs.toFixed(1)} ms, bare \`node -e ''\` ${hw.nodeEmptyMs.toFixed(1)} ms ` +
      `(+${(hw.atlasRunMs - hw.nodeEmptyMs).toFixed(1)} ms; budget +80 ms: ${helloOk ? "met" : "MISSED"})`,
  );
  process.stdout.write(lines.join("\n") + "\n");
  const json = {
    date: new Date().toISOString(),
    runs: RUNS,
    machine: info,
    loadAverage: { before: loadBefore, after: loadAfter },
    programs: results,
    helloWorld: { ...hw, budgetMet: helloOk },
    allBudgetsMet: allOk,
  };
  writeFileSync(path.join(BENCH, "results.json"), JSON.stringify(json, null, 2) + "\n");
  return 0;
}

process.exit(main());
