// Worker-thread side of program execution (see worker-host.ts): runs one `run`/`eval` job, or
// serves REPL requests, writing output straight to fd 1/2 through FdSinks.
import { parentPort, workerData } from "node:worker_threads";
import type { ReplRequest, WorkerInput, WorkerJob, WorkerReply } from "./worker-host.js";
import { FdSinks } from "./sinks.js";
import { internalFailureText } from "./output.js";
import { DEFAULT_ENGINE } from "./args.js";

const input = workerData as WorkerInput;
const sinks = new FdSinks();

function post(m: WorkerReply): void {
  if (m.type === "exit") beforeExit();
  parentPort?.postMessage(m);
}

/** Lets worker-boot.ts write its code cache once the job's code has run. */
function beforeExit(): void {
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for("atlas.beforeExit")];
  if (typeof hook === "function") (hook as () => void)();
}

function reportInternal(e: unknown, json: boolean): void {
  try {
    sinks.writeErr(internalFailureText(e, json));
  } catch {
    // nothing left to report to
  }
}

async function runJob(job: WorkerJob): Promise<number> {
  const pipeline = await pipelineReady;
  const io = { sinks, baseDir: job.cwd, json: job.options.json, colour: job.colour && !job.options.json };
  if (job.kind === "run") return (await pipeline.runFile(job.file, job.options, io)).exitCode;
  if (job.kind === "eval") return pipeline.evalCommand(job.source, job.options, io);
  throw new Error("unexpected job");
}

async function serveRepl(job: WorkerJob): Promise<void> {
  const { ReplSession } = await pipelineReady;
  const io = { sinks, baseDir: job.cwd, json: false, colour: job.colour };
  let session = new ReplSession(job.options, io);
  parentPort?.on("message", (req: ReplRequest) => {
    const handle = async (): Promise<WorkerReply> => {
      switch (req.type) {
        case "input":
          await session.input(req.text);
          return { type: "done" };
        case "load":
          await session.load(req.file);
          return { type: "done" };
        case "typeOf":
          session.typeOf(req.text);
          return { type: "done" };
        case "vars":
          await session.vars(req.page);
          return { type: "done" };
        case "reset":
          session = new ReplSession(job.options, io);
          return { type: "done" };
        case "finish":
          await session.finish();
          return { type: "done" };
      }
    };
    handle().then(
      (r) => {
        sinks.flush();
        post(r);
      },
      (e: unknown) => {
        reportInternal(e, false);
        post({ type: "done" });
      },
    );
  });
}

/** The job: from workerData, or (a worker started on standby) the first message. */
function receiveJob(): Promise<WorkerJob> {
  if (input.job !== null) return Promise.resolve(input.job);
  return new Promise((resolve) => {
    parentPort?.once("message", (m: { type: "job"; job: WorkerJob }) => resolve(m.job));
  });
}

/**
 * Loading starts at once: a worker on standby (worker-host.ts) prepares the pipeline and the
 * default engine while the main thread is still deciding whether it needs the worker at all.
 */
const pipelineReady = import("../api/pipeline.js");
if (input.job === null) {
  void pipelineReady.then(async () => (await import("../api/engines.js")).loadEngine(DEFAULT_ENGINE)).catch(() => undefined);
}

async function start(): Promise<void> {
  const job = await receiveJob();
  if (job.kind === "repl") {
    serveRepl(job).catch((e: unknown) => {
      reportInternal(e, false);
      post({ type: "exit", code: 1 });
    });
    return;
  }
  runJob(job).then(
    (code) => {
      sinks.flush();
      post({ type: "exit", code });
    },
    (e: unknown) => {
      reportInternal(e, job.options.json);
      post({ type: "exit", code: 1 });
    },
  );
}

void start();
