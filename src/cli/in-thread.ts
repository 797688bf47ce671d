// The main-thread fast path of `atlas run` / `atlas eval`: compile on the main thread and, when
// the program cannot fail to compile for lack of stack and provably stays shallow
// (depth-bound.ts), run it right here instead of in the big-stack Worker; otherwise hand the job
// to the worker (which compiles again). Programs with compile errors never need the worker.
import type { CompileResult } from "../check/frontend.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { compileEval, compileFile, executeEval, executeFile, type CompiledFile, type ProgramIO } from "../api/pipeline.js";
import { stackBound, type StackBound } from "./depth-bound.js";
import { FdSinks } from "./sinks.js";
import { internalFailureText } from "./output.js";
import type { WorkerJob } from "./worker-host.js";

/**
 * Host stack the main thread may spend on Atlas code: a third of Node's default (~984 KB).
 * Measured costs on the interpreter (the hungrier engine): about 2 KB per activation plus
 * about 320 bytes per level of expression/statement nesting inside each activation.
 */
const STACK_BUDGET = 320 * 1024;
const PER_ACTIVATION = 2048;
const PER_LEVEL = 320;
const MAX_ACTIVATIONS = 64;

/** Whether a program with this bound fits the main thread's stack. */
export function fitsMainThread(b: StackBound): boolean {
  return b.activations <= MAX_ACTIVATIONS && (b.activations + 1) * (PER_ACTIVATION + b.nesting * PER_LEVEL) <= STACK_BUDGET;
}

/** An AT9995 from the front end may be a host stack overflow: the worker must retry. */
function internalError(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.code === "AT9995");
}

type Prepared = { kind: "file"; compiled: CompiledFile } | { kind: "eval"; compiled: CompileResult };

/** Whether `job` would run on the main thread (compiles it; for tests and diagnostics). */
export function runsInThread(job: WorkerJob): boolean {
  return prepare(job) !== null;
}

function prepare(job: WorkerJob): Prepared | null {
  if (job.kind === "run") {
    const compiled = compileFile(job.file, job.options, job.cwd);
    return usable(compiled.result) ? { kind: "file", compiled } : null;
  }
  if (job.kind === "eval") {
    const compiled = compileEval(job.source, job.options);
    return usable(compiled) ? { kind: "eval", compiled } : null;
  }
  return null;
}

function usable(r: CompileResult): boolean {
  if (r.program === null) return !internalError(r.diagnostics);
  const bound = stackBound(r.program);
  return bound !== null && fitsMainThread(bound);
}

/**
 * Runs `job` on this thread if that is safe, returning its exit status, or "worker" (before
 * anything was written) when it must run in the big-stack worker.
 */
export async function tryInThread(job: WorkerJob): Promise<number | "worker"> {
  let prepared: Prepared | null;
  try {
    prepared = prepare(job);
  } catch {
    prepared = null;
  }
  if (prepared === null) return "worker";
  const sinks = new FdSinks();
  const io: ProgramIO = { sinks, baseDir: job.cwd, json: job.options.json, colour: job.colour && !job.options.json };
  // From here on output may have been written: never fall back to the worker.
  try {
    const code =
      prepared.kind === "file"
        ? (await executeFile(prepared.compiled, job.options, io)).exitCode
        : await executeEval(prepared.compiled, job.options, io);
    sinks.flush();
    return code;
  } catch (e) {
    sinks.writeErr(internalFailureText(e, job.options.json));
    return 1;
  }
}
