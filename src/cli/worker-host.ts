// Main-thread side of program execution: Atlas programs run in a worker_threads Worker whose
// stack is big enough for 10,000 Atlas activations (language.md §6.7), writing straight to
// fd 1/2. A worker failure of any kind becomes AT9995, never a stack trace.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { RunOptions } from "./args.js";
import { CACHE_FILE, ENTRY, IN_THREAD_ENTRY, loadBundle, usableBundle } from "./bundle.js";
import { describeException, internalFailureText, writeAllSync } from "./output.js";

/** Stack for the program thread: far more than 10,000 interpreter activations need. */
export const WORKER_STACK_MB = 512;

export type WorkerJob =
  | { kind: "run"; file: string; options: RunOptions; cwd: string; colour: boolean }
  | { kind: "eval"; source: string; options: RunOptions; cwd: string; colour: boolean }
  | { kind: "repl"; options: RunOptions; cwd: string; colour: boolean };

/** Messages from the worker. */
export type WorkerReply =
  | { type: "exit"; code: number }
  | { type: "done"; text?: string }
  | { type: "internal"; detail: string };

/** REPL requests to the worker. */
export type ReplRequest =
  | { type: "input"; text: string }
  | { type: "load"; file: string }
  | { type: "typeOf"; text: string }
  | { type: "vars"; page: number }
  | { type: "reset" }
  | { type: "finish" };

/** What a worker receives: its job and the start-up bundle to load it from (if any). */
export interface WorkerInput {
  /** null: a worker on standby, which receives its job as the first message. */
  job: WorkerJob | null;
  bundle?: { file: string; cache: string; entry: string };
}

function startWorker(job: WorkerJob | null, bundle: string | null = usableBundle()): Worker {
  const entry = bundle === null ? new URL("./worker-main.js", import.meta.url) : new URL("./worker-boot.js", import.meta.url);
  const data: WorkerInput = bundle === null ? { job } : { job, bundle: { file: bundle, cache: CACHE_FILE, entry: ENTRY } };
  return new Worker(entry, {
    workerData: data,
    resourceLimits: { stackSizeMb: WORKER_STACK_MB },
    stdout: false,
    stderr: false,
  });
}

function internalFailure(e: unknown): number {
  writeAllSync(2, internalFailureText(e));
  return 1;
}

/**
 * `atlas run` / `atlas eval`. With the start-up bundle, the main thread compiles first: a
 * program that provably stays shallow runs right here; anything else goes to a big-stack
 * worker started on standby meanwhile (it compiles again; its start-up, module loading and
 * engine preparation overlap the main thread's compile).
 */
export async function runProgramCommand(job: WorkerJob): Promise<number> {
  const bundle = usableBundle();
  if (bundle === null) return runInWorker(job, null);
  // Started first, so that its start-up overlaps the main thread's compile; if the program can
  // run right here, process.exit discards it. Not for code that declares no function at all
  // (hello world), which always runs here.
  const standby = mayNeedWorker(job) ? startWorker(null, bundle) : null;
  let outcome: number | "worker" = "worker";
  try {
    const loaded = loadBundle(bundle, CACHE_FILE);
    const fast = loaded.load(IN_THREAD_ENTRY) as { tryInThread(job: WorkerJob): Promise<number | "worker"> };
    outcome = await fast.tryInThread(job);
    if (outcome !== "worker") loaded.saveCache();
  } catch {
    // The bundle could not be loaded or evaluated: the worker does everything.
    outcome = "worker";
  }
  if (outcome !== "worker") return outcome;
  if (standby === null) return runInWorker(job, bundle);
  standby.postMessage({ type: "job", job });
  return watchWorker(standby, "program thread");
}

/** False when the job's source has no `fn` and no `import` (so no Atlas function can run). */
function mayNeedWorker(job: WorkerJob): boolean {
  let text: string;
  try {
    text = job.kind === "eval" ? job.source : job.kind === "run" ? readFileSync(path.resolve(job.cwd, job.file), "utf8") : "fn";
  } catch {
    return false; // unreadable: the main thread reports it
  }
  return /\bfn\b|\bimport\b/.test(text);
}

/** Runs a one-shot job (run/eval) in a new worker and resolves with its exit status. */
export function runInWorker(job: WorkerJob, bundle: string | null = usableBundle()): Promise<number> {
  return watchWorker(startWorker(job, bundle), "program thread");
}

/**
 * Resolves once with a one-shot worker's exit status (its "exit" message). An "internal"
 * message, a worker error or a stop without a message (a status-0 stop counts as success only
 * with `cleanStopOk`) goes to `failed`, which reports it and gives the status (default AT9995).
 */
export function watchWorker(w: Worker, what: string, failed: (e: Error) => number = internalFailure, cleanStopOk = true): Promise<number> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (code: number | (() => number)): void => {
      if (!settled) {
        settled = true;
        resolve(typeof code === "number" ? code : code());
      }
    };
    w.on("message", (m: WorkerReply) => {
      if (m.type === "exit") settle(m.code);
      else if (m.type === "internal") settle(() => failed(new Error(m.detail)));
    });
    w.on("error", (e) => settle(() => failed(workerError(e))));
    w.on("exit", (code) => settle(code === 0 && cleanStopOk ? 0 : () => failed(new Error(`${what} stopped (status ${code})`))));
  });
}

function workerError(e: unknown): Error {
  const code = (e as { code?: unknown }).code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY") return new Error("out of memory");
  return new Error(describeException(e));
}

/** A long-lived worker holding one REPL session; one request at a time. */
export class ReplWorker {
  private worker: Worker;
  private pending: ((r: WorkerReply) => void) | null = null;
  private dead: string | null = null;

  constructor(private readonly job: WorkerJob) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    this.dead = null;
    const w = startWorker(this.job);
    w.on("message", (m: WorkerReply) => this.reply(m));
    w.on("error", (e) => this.fail(describeException(workerError(e))));
    w.on("exit", (code) => this.fail(`program thread stopped (status ${code})`));
    return w;
  }

  private reply(m: WorkerReply): void {
    const p = this.pending;
    this.pending = null;
    p?.(m);
  }

  private fail(detail: string): void {
    if (this.dead === null) this.dead = detail;
    this.reply({ type: "internal", detail });
  }

  /** Sends a request and waits for its reply; restarts a dead worker first. */
  request(req: ReplRequest): Promise<WorkerReply> {
    if (this.dead !== null) this.worker = this.spawn();
    return new Promise((resolve) => {
      this.pending = resolve;
      this.worker.postMessage(req);
    });
  }

  /** Stops the worker (an interrupted computation); the next request starts a fresh one. */
  async interrupt(): Promise<void> {
    await this.worker.terminate();
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
