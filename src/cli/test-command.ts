// `atlas test [options] [DIR|FILE]` (stdlib.md §17.3, docs/testing.md): the options of
// `atlas run`, a big-stack worker that runs the tests (api/test-runner.ts), and the two reports:
// human text (result lines on stdout, diagnostics on stderr) or the `--json` summary.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { toRecord, type DiagnosticRecord } from "../diagnostics/render.js";
import type { FileResult, TestResult, TestSummary } from "../api/test-runner.js";
import { parseRunOptions, UsageError, type RunOptions } from "./args.js";
import { formatDiagnostic, internalFailureText, useColour, writeAllSync } from "./output.js";
import { FdSinks } from "./sinks.js";
import { WORKER_STACK_MB, watchWorker } from "./worker-host.js";

/** What the worker needs (plain data: it crosses the thread boundary). */
export interface TestJob {
  /** The DIR or FILE argument, absolute. */
  readonly target: string;
  /** The argument as typed (for messages). */
  readonly shown: string;
  readonly cwd: string;
  readonly options: RunOptions;
  /** Colour for result words on stdout / diagnostics on stderr (terminal, NO_COLOR unset). */
  readonly colourOut: boolean;
  readonly colourErr: boolean;
}

/** Main thread: parses the arguments and runs the job in a worker; resolves to the exit status. */
export async function testCommand(args: readonly string[]): Promise<number> {
  const { options, positionals } = parseRunOptions(args, "test");
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}' for 'test'`);
  const cwd = process.cwd();
  const shown = positionals[0] ?? ".";
  const target = path.resolve(cwd, shown);
  if (!existsSync(target)) throw new UsageError(`no such file or directory: '${shown}'`, false);
  const colour = !options.json && useColour();
  const colourOut = !options.json && process.env.NO_COLOR === undefined && process.stdout.isTTY === true;
  return runWorker({ target, shown, cwd, options, colourOut, colourErr: colour });
}

function runWorker(job: TestJob): Promise<number> {
  const w = new Worker(new URL("./test-worker.js", import.meta.url), {
    workerData: job,
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    stdout: false,
    stderr: false,
  });
  return watchWorker(w, "test thread", (e) => {
    writeAllSync(2, internalFailureText(e, job.options.json));
    return 1;
  }, false);
}

// ───────────────────────────── worker side ─────────────────────────────

/** Worker thread: discovers and runs the tests, writes the report; returns the exit status. */
export async function runTestJob(job: TestJob): Promise<number> {
  const { discoverTestFiles, runTests } = await import("../api/test-runner.js");
  const sinks = new FdSinks();
  const files = discoverTestFiles(job.target) ?? [];
  const human = job.options.json ? null : new HumanReport(sinks, job);
  const summary = await runTests(
    files,
    {
      ...job.options,
      baseDir: job.cwd,
      ...(human !== null ? { onOutput: (t: string) => sinks.writeOut(t) } : {}),
    },
    human ?? {},
  );
  if (human !== null) human.finish(summary, files.length);
  else sinks.writeOut(JSON.stringify(summaryRecord(summary)) + "\n");
  sinks.flush();
  return summary.failed > 0 || summary.fileErrors > 0 ? 1 : 0;
}

const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const RESET = "\x1b[0m";

/**
 * The human report. For each file: its display path, then `  ok    test_x` / `  FAIL  test_x`
 * per test after the test's own output; a failure's diagnostics follow on stderr. Ends with
 * `test result: ok. 3 passed; 0 failed (2 files)`.
 */
class HumanReport {
  constructor(
    private readonly sinks: FdSinks,
    private readonly job: TestJob,
  ) {}

  private word(text: string, colour: string): string {
    return this.job.colourOut ? `${colour}${text}${RESET}` : text;
  }

  private diagnostics(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.sinks.writeErr(formatDiagnostic(d, { json: false, colour: this.job.colourErr }));
  }

  compiled(file: string, diagnostics: readonly Diagnostic[], testCount: number | null): void {
    this.sinks.writeOut(`${file}\n`);
    if (testCount === null) {
      const n = diagnostics.filter((d) => d.severity === "error").length;
      this.sinks.writeOut(`  ${this.word("ERROR", RED)} ${n === 1 ? "1 compile error" : `${n} compile errors`}; no tests run\n`);
    } else if (testCount === 0) {
      this.sinks.writeOut("  (no test functions)\n");
    }
    this.diagnostics(diagnostics);
  }

  testDone(r: TestResult): void {
    const word = r.status === "passed" ? this.word("ok  ", GREEN) : this.word("FAIL", RED);
    this.sinks.writeOut(`  ${word}  ${r.name}\n`);
    this.diagnostics(r.diagnostics);
  }

  finish(s: TestSummary, fileCount: number): void {
    if (fileCount === 0) this.sinks.writeOut(`no test files (*.test.atl) found in '${this.job.shown}'\n`);
    const ok = s.failed === 0 && s.fileErrors === 0;
    const parts = [`${s.passed} passed`, `${s.failed} failed`];
    if (s.fileErrors > 0) parts.push(`${s.fileErrors} ${s.fileErrors === 1 ? "file" : "files"} with compile errors`);
    const files = `${fileCount} ${fileCount === 1 ? "file" : "files"}`;
    this.sinks.writeOut(`\ntest result: ${ok ? this.word("ok", GREEN) : this.word("FAILED", RED)}. ${parts.join("; ")} (${files})\n`);
  }
}

// ───────────────────────────── the --json summary ─────────────────────────────

/** One test in the `--json` summary (docs/testing.md). */
export interface TestRecord {
  name: string;
  file: string;
  line: number;
  column: number;
  status: "passed" | "failed";
  duration_ms: number;
  output: string;
  error: DiagnosticRecord | null;
  diagnostics: DiagnosticRecord[];
}

/** One test file in the `--json` summary. */
export interface FileRecord {
  file: string;
  status: "passed" | "failed" | "error";
  tests: number;
  passed: number;
  failed: number;
  diagnostics: DiagnosticRecord[];
}

/** The `--json` summary, version 1 (docs/testing.md). */
export interface SummaryRecord {
  test_version: 1;
  ok: boolean;
  tests: number;
  passed: number;
  failed: number;
  file_errors: number;
  files: FileRecord[];
  results: TestRecord[];
}

function testRecord(t: TestResult): TestRecord {
  return {
    name: t.name,
    file: t.file,
    line: t.line,
    column: t.column,
    status: t.status,
    duration_ms: Math.round(t.durationMs * 1000) / 1000,
    output: t.output,
    error: t.error === null ? null : toRecord(t.error),
    diagnostics: t.diagnostics.map(toRecord),
  };
}

function fileRecord(f: FileResult): FileRecord {
  const passed = f.tests.filter((t) => t.status === "passed").length;
  return {
    file: f.file,
    status: f.status,
    tests: f.tests.length,
    passed,
    failed: f.tests.length - passed,
    diagnostics: f.diagnostics.map(toRecord),
  };
}

export function summaryRecord(s: TestSummary): SummaryRecord {
  return {
    test_version: 1,
    ok: s.failed === 0 && s.fileErrors === 0,
    tests: s.tests,
    passed: s.passed,
    failed: s.failed,
    file_errors: s.fileErrors,
    files: s.files.map(fileRecord),
    results: s.files.flatMap((f) => f.tests.map(testRecord)),
  };
}
