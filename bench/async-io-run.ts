// The I/O benchmarks of async.md §A11 (issue 7): B7 file reads, B8 HTTP latency (with the
// sequential comparison) and B9 keep-alive throughput, each run side by side in one invocation
// on the compiled engine, the interpreter, raw Node (fs/promises, undici: bench/async/<b>.js)
// and Python asyncio (<b>.py), BENCH_RUNS times (default 5) after one warm-up. The runner makes
// B7's 1,000 × 64 KiB files in a temporary directory and serves B8/B9 itself from a node:http
// server on 127.0.0.1 (stopped at the end). Prints medians, ratios and budget status; writes
// bench/async-io-results.json.
//   npx tsc -p tsconfig.json && node dist/bench/async-io-run.js [filter]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ASYNC_DIR, ASYNC_RUNS, ROOT, RUNNERS, fmt, median, ratio, type Runner } from "./runner-common.js";

const DIR = ASYNC_DIR;
const RUNS = ASYNC_RUNS;

interface Bench {
  name: string;
  label: string;
  /** compiled / raw Node must be at most this. */
  maxVsJs: number;
  /** Extra `atlas run` flags. */
  flags: (env: Env) => string[];
  /** Sequential variant (B8): compiled must be at least this many times faster than it. */
  sequential?: { program: string; minSpeedup: number };
}

interface Env {
  dir: string;
  url: string;
}

export const IO_BENCHMARKS: Bench[] = [
  {
    name: "b7_file_reads",
    label: "B7 1,000 × 64 KiB file reads, concurrency 64",
    maxVsJs: 1.25,
    flags: (e) => [`--allow-read=${e.dir}`, "--allow-env=ATLAS_BENCH_DIR"],
  },
  {
    name: "b8_http_latency",
    label: "B8 1,000 GETs, server answers after 20 ms, concurrency 50",
    maxVsJs: 1.25,
    flags: (e) => [`--allow-net=${new URL(e.url).host}`, "--allow-env=ATLAS_BENCH_URL", "--http-connections=50"],
    sequential: { program: "b8_http_latency_seq", minSpeedup: 15 },
  },
  {
    name: "b9_http_keepalive",
    label: "B9 keep-alive GET throughput, 20,000 GETs, 32 connections",
    maxVsJs: 1.3,
    flags: (e) => [`--allow-net=${new URL(e.url).host}`, "--allow-env=ATLAS_BENCH_URL"],
  },
];

interface Sample {
  ms: number;
  output: string;
}

function command(r: Runner, program: string, flags: string[]): [string, string[]] {
  switch (r) {
    case "compiled":
    case "interp":
      return [process.execPath, [path.join(ROOT, "bin/atlas.js"), "run", `--engine=${r}`, ...flags, path.join(DIR, `${program}.atl`)]];
    case "js":
      return [process.execPath, [path.join(DIR, `${program}.js`)]];
    case "python":
      return ["python3", [path.join(DIR, `${program}.py`)]];
  }
}

/** Runs one child asynchronously (the benchmark server lives in this process's event loop). */
function runOnce(r: Runner, program: string, flags: string[], env: Env): Promise<Sample | null> {
  const [cmd, args] = command(r, program, flags);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: DIR,
      env: { ...process.env, ATLAS_BENCH_DIR: env.dir, ATLAS_BENCH_URL: env.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", (e) => {
      process.stderr.write(`  ${program} ${r} failed: ${e.message}\n`);
      resolve(null);
    });
    child.on("close", (code) => {
      const m = /(?:^|\n)time_ms=([0-9.e+-]+)\n?$/.exec(out);
      if (code !== 0 || m === null) {
        process.stderr.write(`  ${program} ${r} failed (exit ${String(code)}): ${err.slice(0, 400)}\n`);
        resolve(null);
        return;
      }
      resolve({ ms: Number(m[1]), output: out.slice(0, m.index + (m[0].startsWith("\n") ? 1 : 0)) });
    });
  });
}

/** B7's input: 1,000 files of 64 KiB of ASCII text. */
function makeFiles(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "atlas-bench-b7-"));
  const line = "the quick brown fox jumps over the lazy dog 0123456789 abcdefghij\n"; // 64 bytes
  const text = line.repeat(1024);
  for (let i = 0; i < 1000; i++) writeFileSync(path.join(dir, `f${i}.txt`), text);
  return dir;
}

/** B8/B9's server: `/delay` answers after 20 ms, `/fast` at once; keep-alive. */
async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/delay") setTimeout(() => res.end("delayed"), 20);
    else res.end("ok");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function measure(b: Bench, env: Env): Promise<{ medians: Record<Runner, number | null>; outputsAgree: boolean }> {
  const flags = b.flags(env);
  const times: Record<Runner, number[]> = { compiled: [], interp: [], js: [], python: [] };
  const outputs = new Set<string>();
  for (const r of RUNNERS) await runOnce(r, b.name, flags, env); // warm-up (page cache, JIT caches)
  // Interleave runners so that machine noise spreads evenly over them.
  for (let i = 0; i < RUNS; i++) {
    for (const r of RUNNERS) {
      const s = await runOnce(r, b.name, flags, env);
      if (s === null) continue;
      times[r].push(s.ms);
      outputs.add(s.output);
    }
  }
  const medians = {} as Record<Runner, number | null>;
  for (const r of RUNNERS) {
    medians[r] = times[r].length === RUNS ? median(times[r]) : null;
    process.stderr.write(`  ${b.name} ${r}: ${fmt(medians[r])} ms  [${times[r].map((t) => fmt(t, 0)).join(", ")}]\n`);
  }
  return { medians, outputsAgree: outputs.size === 1 };
}

async function main(): Promise<number> {
  const filter = process.argv[2] ?? null;
  const benches = IO_BENCHMARKS.filter((b) => filter === null || b.name.includes(filter));
  process.stderr.write(`async I/O bench: ${RUNS} runs per benchmark and runner (+1 warm-up)\n`);
  const dir = makeFiles();
  const server = await startServer();
  const env: Env = { dir, url: server.url };
  const lines = [
    "| benchmark | compiled ms | interp ms | Node ms | asyncio ms | compiled/Node | interp/Node | asyncio/compiled | sequential ms | seq/compiled | budget |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  ];
  let allOk = true;
  const results = [];
  try {
    for (const b of benches) {
      const { medians: m, outputsAgree } = await measure(b, env);
      const cJs = ratio(m.compiled, m.js);
      let seqMs: number | null = null;
      if (b.sequential !== undefined) {
        const s = await runOnce("compiled", b.sequential.program, b.flags(env), env);
        seqMs = s === null ? null : s.ms;
        process.stderr.write(`  ${b.sequential.program} compiled: ${fmt(seqMs)} ms\n`);
      }
      const speedup = ratio(seqMs, m.compiled);
      let ok = outputsAgree && cJs !== null && cJs <= b.maxVsJs;
      let budget = `≤${b.maxVsJs}× Node`;
      if (b.sequential !== undefined) {
        ok &&= speedup !== null && speedup >= b.sequential.minSpeedup;
        budget += `, ≥${b.sequential.minSpeedup}× sequential`;
      }
      budget += `: ${ok ? "met" : "MISSED"}${outputsAgree ? "" : " (outputs differ!)"}`;
      allOk &&= ok;
      lines.push(
        `| ${b.label} | ${fmt(m.compiled)} | ${fmt(m.interp)} | ${fmt(m.js)} | ${fmt(m.python)} | ${fmt(cJs, 2)} | ${fmt(ratio(m.interp, m.js), 2)} | ${fmt(ratio(m.python, m.compiled), 2)} | ${fmt(seqMs)} | ${fmt(speedup, 1)} | ${budget} |`,
      );
      results.push({
        name: b.name,
        label: b.label,
        medians: m,
        sequentialMs: seqMs,
        ratios: { compiledVsJs: cJs, interpVsJs: ratio(m.interp, m.js), pythonVsCompiled: ratio(m.python, m.compiled), sequentialVsCompiled: speedup },
        outputsAgree,
        budgetMet: ok,
      });
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(lines.join("\n") + "\n");
  const json = { date: new Date().toISOString(), runs: RUNS, node: process.version, benchmarks: results, allBudgetsMet: allOk };
  if (filter === null) writeFileSync(path.join(ROOT, "bench", "async-io-results.json"), JSON.stringify(json, null, 2) + "\n");
  return allOk ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`async-io-run failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
