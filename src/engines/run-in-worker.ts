// Runs engine work inside a worker_threads Worker with a big stack (design.md "Depth without
// crashes"): Node's main-thread stack (~1 MB) holds far fewer than the 10,000 activations of
// language.md §6.7 in a tree-walker. The worker imports a module exporting `workerMain(data, io)`
// and reports its exit code; output goes to the parent's sinks (postMessage, in order) or
// straight to file descriptors 1/2 (`directFds`, for the CLI).
import { Worker } from "node:worker_threads";

/** Output channel handed to `workerMain` inside the worker. */
export interface WorkerIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What the worker module must export. */
export type WorkerMain = (data: unknown, io: WorkerIO) => Promise<number>;

export interface WorkerRunOptions {
  /** URL (or file path) of an ES module exporting `workerMain: WorkerMain`. */
  readonly module: string | URL;
  /** Structured-cloneable input for workerMain. */
  readonly data?: unknown;
  /** Stack size of the worker thread in MB (default 512: 10,000 activations with headroom). */
  readonly stackSizeMb?: number;
  /** Receives stdout text in program order (ignored with directFds). */
  readonly stdout?: (text: string) => void;
  /** Receives stderr text in program order (ignored with directFds). */
  readonly stderr?: (text: string) => void;
  /** Let the worker write to fds 1 and 2 itself (synchronous, ordered). */
  readonly directFds?: boolean;
}

export const DEFAULT_STACK_MB = 512;

/** Messages from worker-entry to the parent. */
export type WorkerMessage =
  | { readonly t: "out"; readonly s: string }
  | { readonly t: "err"; readonly s: string }
  | { readonly t: "exit"; readonly code: number };

/** Data passed to worker-entry. */
export interface WorkerEntryData {
  readonly module: string;
  readonly data: unknown;
  readonly directFds: boolean;
}

/**
 * Runs `workerMain` in a fresh worker and resolves with its exit code. Output messages are
 * delivered before the exit message (one ordered port). A worker that dies without reporting
 * (resource exhaustion) resolves with exit code 1 after a message on stderr; the promise never
 * rejects.
 */
export function runInWorker(opts: WorkerRunOptions): Promise<number> {
  const moduleUrl = opts.module instanceof URL ? opts.module.href : toUrl(opts.module);
  const entry: WorkerEntryData = { module: moduleUrl, data: opts.data ?? null, directFds: opts.directFds ?? false };
  const out = opts.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = opts.stderr ?? ((s: string) => void process.stderr.write(s));
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(new URL("./worker-entry.js", import.meta.url), {
      workerData: entry,
      resourceLimits: { stackSizeMb: opts.stackSizeMb ?? DEFAULT_STACK_MB },
      stdout: false,
      stderr: false,
    });
    const finish = (code: number): void => {
      if (settled) return;
      settled = true;
      resolve(code);
      void worker.terminate();
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.t === "out") out(m.s);
      else if (m.t === "err") err(m.s);
      else finish(m.code);
    });
    worker.on("error", (e: unknown) => {
      if (settled) return;
      err(`error[AT9995]: Internal error: worker failed: ${e instanceof Error ? e.message : String(e)}\n\n`);
      finish(1);
    });
    worker.on("exit", () => {
      if (settled) return;
      err("error[AT9995]: Internal error: worker exited unexpectedly\n\n");
      finish(1);
    });
  });
}

function toUrl(p: string): string {
  if (/^[a-z]+:/i.test(p)) return p;
  return new URL(`file://${p.startsWith("/") ? "" : process.cwd() + "/"}${p}`).href;
}
