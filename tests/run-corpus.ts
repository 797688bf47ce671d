// The golden corpus runner (design.md R9): runs every tests/corpus/**/<name>.atl (names not
// starting with `_`) on every available engine, in-process inside ONE Worker with a big stack,
// and compares stdout, stderr and exit status separately with <name>.out.
//   node dist/tests/run-corpus.js [filter]            check (exit 1 on any mismatch)
//   node dist/tests/run-corpus.js --update [filter]   re-bless the .out files
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

/** tests/corpus in the source tree (this file runs from dist/tests/). */
export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tests/corpus");
const STACK_MB = 512;
/** A program that makes no progress for this long is stopped and reported as a timeout. */
const WATCHDOG_MS = 60_000;

export interface Expected {
  stdout: string;
  stderr: string;
  exit: number;
}

export interface CorpusProgram {
  /** Path relative to CORPUS_DIR, `/` separators. */
  rel: string;
  abs: string;
  outPath: string;
}

export interface CorpusResult {
  rel: string;
  engine: string;
  actual: Expected;
  /** null when the .out file is missing or unreadable. */
  expected: Expected | null;
  pass: boolean;
  /** Human-readable differences, empty when passing. */
  diff: string;
}

// ───────────────────────────── the .out format ─────────────────────────────

const NO_NEWLINE = " (no newline at end)";

/** Serialises an expectation (tests/corpus/README.md). */
export function formatOut(e: Expected): string {
  let s = "";
  const section = (name: string, text: string): void => {
    if (text === "") return;
    if (text.endsWith("\n")) s += `-- ${name} --\n${text}`;
    else s += `-- ${name}${NO_NEWLINE} --\n${text}\n`;
  };
  section("stdout", e.stdout);
  section("stderr", e.stderr);
  return s + `-- exit ${e.exit} --\n`;
}

/** Parses an expectation; null if malformed. */
export function parseOut(text: string): Expected | null {
  const t = text.replace(/\r\n/g, "\n");
  const exitMatch = /(^|\n)-- exit (-?\d+) --\n?$/.exec(t);
  if (!exitMatch) return null;
  const body = t.slice(0, exitMatch.index + exitMatch[1].length);
  const result: Expected = { stdout: "", stderr: "", exit: Number(exitMatch[2]) };
  const header = /^-- (stdout|stderr)( \(no newline at end\))? --\n/;
  let rest = body;
  let m = header.exec(rest);
  if (rest !== "" && !m) return null;
  while (m) {
    const which = m[1] as "stdout" | "stderr";
    rest = rest.slice(m[0].length);
    // The stdout section ends at the stderr header; stderr runs to the exit line.
    const end = which === "stdout" ? findStderrHeader(rest) : rest.length;
    let content = rest.slice(0, end);
    if (m[2] !== undefined) content = content.replace(/\n$/, "");
    result[which] = content;
    rest = rest.slice(end);
    m = header.exec(rest);
    if (m && m[1] === "stdout") return null;
    if (!m && rest !== "") return null;
  }
  return result;
}

function findStderrHeader(s: string): number {
  if (/^-- stderr( \(no newline at end\))? --\n/.test(s)) return 0;
  const m = /\n-- stderr( \(no newline at end\))? --\n/.exec(s);
  return m ? m.index + 1 : s.length;
}

// ───────────────────────────── discovery and diffs ─────────────────────────────

export function discover(filter: string | null, root = CORPUS_DIR): CorpusProgram[] {
  const found: CorpusProgram[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile() && e.name.endsWith(".atl") && !e.name.startsWith("_")) {
        const rel = path.relative(root, abs).split(path.sep).join("/");
        if (filter === null || rel.includes(filter)) found.push({ rel, abs, outPath: abs.slice(0, -4) + ".out" });
      }
    }
  };
  if (existsSync(root)) walk(root);
  return found;
}

/** A line diff (expected vs actual) of one section, with `-`/`+` markers. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  // LCS table; corpus outputs are small.
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return `  (too large to diff: ${n} vs ${m} lines)`;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`   ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(` - ${a[i++]}`);
    } else {
      out.push(` + ${b[j++]}`);
    }
  }
  return out.join("\n");
}

export function compare(actual: Expected, expected: Expected | null): { pass: boolean; diff: string } {
  if (expected === null) return { pass: false, diff: "  missing or malformed .out file" };
  const parts: string[] = [];
  for (const k of ["stdout", "stderr"] as const) {
    if (actual[k] !== expected[k]) parts.push(`  ${k} differs (- expected, + actual):\n${lineDiff(expected[k], actual[k])}`);
  }
  if (actual.exit !== expected.exit) parts.push(`  exit status: expected ${expected.exit}, got ${actual.exit}`);
  return { pass: parts.length === 0, diff: parts.join("\n") };
}

// ───────────────────────────── running (worker side) ─────────────────────────────

interface WorkerInput {
  programs: CorpusProgram[];
}

type WorkerMessage =
  | { type: "start"; index: number }
  | { type: "result"; index: number; results: { engine: string; actual: Expected }[] }
  | { type: "chdir"; dir: string }
  | { type: "finished" };

let chdirAck: (() => void) | null = null;

/** Worker threads cannot chdir: the main thread does it for us (the cwd is process-wide). */
function chdirViaMain(dir: string): Promise<void> {
  return new Promise((resolve) => {
    chdirAck = resolve;
    parentPort?.postMessage({ type: "chdir", dir } satisfies WorkerMessage);
  });
}

async function workerMain(input: WorkerInput): Promise<void> {
  parentPort?.on("message", () => {
    const ack = chdirAck;
    chdirAck = null;
    ack?.();
  });
  const { runCorpusProgram } = await import("./corpus-exec.js");
  for (let index = 0; index < input.programs.length; index++) {
    const p = input.programs[index];
    parentPort?.postMessage({ type: "start", index } satisfies WorkerMessage);
    await chdirViaMain(path.dirname(p.abs));
    const results = await runCorpusProgram(p.abs);
    parentPort?.postMessage({ type: "result", index, results } satisfies WorkerMessage);
  }
  parentPort?.postMessage({ type: "finished" } satisfies WorkerMessage);
}

// ───────────────────────────── running (main side) ─────────────────────────────

/** Runs programs in one worker (restarted after a timeout) and returns one result per engine run. */
export async function runCorpus(programs: CorpusProgram[]): Promise<CorpusResult[]> {
  const results: CorpusResult[] = [];
  const originalCwd = process.cwd();
  let next = 0;
  try {
    while (next < programs.length) {
      next = await runBatch(programs, next, results);
    }
  } finally {
    process.chdir(originalCwd);
  }
  return results;
}

/** Runs programs[from…] until done or a timeout; returns the index to continue from. */
function runBatch(programs: CorpusProgram[], from: number, results: CorpusResult[]): Promise<number> {
  return new Promise((resolve) => {
    const w = new Worker(new URL(import.meta.url), {
      workerData: { programs: programs.slice(from) } satisfies WorkerInput,
      resourceLimits: { stackSizeMb: STACK_MB },
    });
    let current = -1;
    let done = false;
    let timer: NodeJS.Timeout | null = null;
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        fail(`timed out (no result after ${WATCHDOG_MS / 1000} s)`);
        void w.terminate();
      }, WATCHDOG_MS);
    };
    const finish = (nextIndex: number): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      resolve(nextIndex);
    };
    const fail = (why: string): void => {
      if (done) return;
      const idx = current < 0 ? 0 : current;
      const p = programs[from + idx];
      if (p !== undefined) {
        const actual = { stdout: "", stderr: `corpus runner: ${why}\n`, exit: -1 };
        results.push({ rel: p.rel, engine: "?", actual, expected: readExpected(p), pass: false, diff: `  ${why}` });
      }
      finish(from + idx + 1);
    };
    arm();
    w.on("message", (m: WorkerMessage) => {
      arm();
      if (m.type === "start") current = m.index;
      else if (m.type === "chdir") {
        process.chdir(m.dir);
        w.postMessage("ok");
      } else if (m.type === "result") {
        const p = programs[from + m.index];
        const expected = readExpected(p);
        for (const r of m.results) {
          const c = compare(r.actual, expected);
          results.push({ rel: p.rel, engine: r.engine, actual: r.actual, expected, ...c });
        }
      } else {
        void w.terminate();
        finish(programs.length);
      }
    });
    w.on("error", (e) => fail(`worker crashed: ${e instanceof Error ? e.message : String(e)}`));
    w.on("exit", () => fail("worker exited unexpectedly"));
  });
}

function readExpected(p: CorpusProgram): Expected | null {
  try {
    return parseOut(readFileSync(p.outPath, "utf8"));
  } catch {
    return null;
  }
}

function report(results: CorpusResult[], update: boolean): number {
  let failed = 0;
  for (const r of results) {
    if (r.pass) continue;
    failed++;
    process.stdout.write(`FAIL ${r.rel} [${r.engine}]\n${r.diff}\n\n`);
  }
  if (update) {
    process.stdout.write(`corpus: expectations updated${failed > 0 ? `, ${failed} problem(s) above` : ""}\n`);
    return failed === 0 ? 0 : 1;
  }
  const passed = results.length - failed;
  process.stdout.write(`corpus: ${passed} passed, ${failed} failed, ${results.length} total\n`);
  return failed === 0 ? 0 : 1;
}

async function cli(argv: string[]): Promise<number> {
  const update = argv.includes("--update");
  const rest = argv.filter((a) => a !== "--update");
  const filter = rest[0] ?? null;
  const programs = discover(filter);
  if (programs.length === 0) {
    process.stdout.write("corpus: no programs found\n");
    return filter === null ? 0 : 1;
  }
  const results = await runCorpus(programs);
  if (update) {
    const byProgram = new Map<string, CorpusResult[]>();
    for (const r of results) byProgram.set(r.rel, [...(byProgram.get(r.rel) ?? []), r]);
    const problems: CorpusResult[] = [];
    for (const p of programs) {
      const runs = byProgram.get(p.rel) ?? [];
      const first = runs[0];
      if (first === undefined || first.actual.exit === -1) {
        problems.push(...runs);
        continue;
      }
      const disagree = runs.filter((r) => compare(r.actual, first.actual).pass === false);
      if (disagree.length > 0) {
        // Engines must agree (language.md §1.2): never bless one engine's output over another's.
        for (const r of disagree) {
          const diff = compare(r.actual, first.actual).diff;
          problems.push({ ...r, pass: false, diff: `  not updated: [${r.engine}] differs from [${first.engine}] (- ${first.engine}, + ${r.engine}):\n${diff}` });
        }
        continue;
      }
      writeFileSync(p.outPath, formatOut(first.actual));
    }
    return report(problems, true);
  }
  return report(results, false);
}

if (!isMainThread && (workerData as WorkerInput | null)?.programs !== undefined) {
  void workerMain(workerData as WorkerInput);
} else if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`corpus runner failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
