// The runtime entry of modules written by `atlas build` (package export "atlas-lang/runtime",
// see build.ts). An application entry point like the CLI, so it sits on top of api/ and cli/:
// `runBuilt` parses the run-time flags (`atlas run`'s permission flags and `--json`), then runs
// the embedded program on the compiled engine in a worker with the CLI's stack size, output
// buffering, colour rule, permission policy and exit status — so `node OUT.mjs` prints what
// `atlas run FILE` prints once the program has been checked (warnings are `atlas build`'s).
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createContext } from "../../api/pipeline.js";
import { parseRunOptions, UsageError, type RunOptions } from "../../cli/args.js";
import { useColour, writeAllSync } from "../../cli/output.js";
import { FdSinks } from "../../cli/sinks.js";
import { SourceFile, type Span } from "../../diagnostics/span.js";
import { DEFAULT_STACK_MB, runInWorker, type WorkerIO } from "../run-in-worker.js";
import { BUILD_FORMAT, type BuiltProgram } from "./build.js";
import { runCompiled } from "./engine.js";

/** What the worker receives. */
interface BuiltJob {
  program: BuiltProgram;
  options: RunOptions;
  cwd: string;
  colour: boolean;
  /** Absolute paths of the program's source files. */
  sourceFiles: string[];
}

function isBuiltProgram(v: unknown): v is BuiltProgram {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return p.format === BUILD_FORMAT && typeof p.js === "string" && Array.isArray(p.spans) && Array.isArray(p.files);
}

/**
 * Runs a built program (called by the generated module with its own URL and argv); resolves
 * with the exit status: 0, 1 (program error), 2 (bad flags). Never rejects.
 */
export async function runBuilt(program: unknown, moduleUrl: string, argv: readonly string[]): Promise<number> {
  const name = path.basename(fileURLToPath(moduleUrl));
  if (!isBuiltProgram(program)) {
    const format = typeof program === "object" && program !== null ? String((program as { format?: unknown }).format) : "?";
    writeAllSync(2, `error[AT9995]: Internal error: ${name} was built for another Atlas runtime (format ${format}, this runtime reads ${BUILD_FORMAT}); rebuild it with 'atlas build'\n\n`);
    return 1;
  }
  let options: RunOptions;
  try {
    options = runOptions(argv, name);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    writeAllSync(2, `${name}: ${e.message}\n`);
    return 2;
  }
  const dir = path.dirname(fileURLToPath(moduleUrl));
  const job: BuiltJob = {
    program,
    options,
    cwd: process.cwd(),
    colour: useColour() && !options.json,
    sourceFiles: program.sourceFiles.map((f) => path.resolve(dir, f)),
  };
  return runInWorker({ module: import.meta.url, data: job, stackSizeMb: DEFAULT_STACK_MB, directFds: true });
}

/** `atlas run`'s options minus the engine (a built program is compiled) and the file. */
function runOptions(argv: readonly string[], name: string): RunOptions {
  const { options, positionals } = parseRunOptions(argv, name);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (argv.some((a) => a === "--engine" || a.startsWith("--engine="))) throw new UsageError("option '--engine' does not apply to a built program");
  return options;
}

/** Worker side (engines/run-in-worker.ts): rebuilds the span table and runs the program. */
export async function workerMain(data: unknown, _io: WorkerIO): Promise<number> {
  const job = data as BuiltJob;
  const p = job.program;
  const files = p.files.map((f) => new SourceFile(f.path, f.text));
  const spans: Span[] = p.spans.map(([f, start, end]) => ({ file: files[f], start, end }));
  const sinks = new FdSinks();
  const io = { sinks, baseDir: job.cwd, json: job.options.json, colour: job.colour };
  const ctx = createContext(job.options, io, job.sourceFiles);
  try {
    const r = await runCompiled({ js: p.js, spans, moduleCount: p.moduleCount }, ctx);
    return r.exitCode;
  } finally {
    sinks.flush();
  }
}
