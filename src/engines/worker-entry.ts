// Worker-thread side of run-in-worker.ts: imports the requested module, runs its
// `workerMain(data, io)` and posts the exit code. Output is posted in order, or written straight
// to fds 1/2 with `directFds`. Nothing thrown here may escape as a JS stack trace.
import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerEntryData, WorkerIO, WorkerMain, WorkerMessage } from "./run-in-worker.js";

const entry = workerData as WorkerEntryData;

function post(m: WorkerMessage): void {
  parentPort?.postMessage(m);
}

function writeFd(fd: number, s: string): void {
  let buf = Buffer.from(s, "utf8");
  while (buf.length > 0) {
    try {
      const n = writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN") throw e;
    }
  }
}

const io: WorkerIO = entry.directFds
  ? { stdout: (s) => writeFd(1, s), stderr: (s) => writeFd(2, s) }
  : { stdout: (s) => post({ t: "out", s }), stderr: (s) => post({ t: "err", s }) };

async function main(): Promise<number> {
  const mod = (await import(entry.module)) as { workerMain?: WorkerMain };
  if (typeof mod.workerMain !== "function") throw new Error(`${entry.module} does not export workerMain`);
  return mod.workerMain(entry.data, io);
}

main().then(
  (code) => post({ t: "exit", code }),
  (e: unknown) => {
    const detail = e instanceof Error ? e.message : String(e);
    try {
      io.stderr(`error[AT9995]: Internal error: ${detail}\n\n`);
    } catch {
      // nothing left to report to
    }
    post({ t: "exit", code: 1 });
  },
);
