// Worker-thread entry of `atlas test` (test-command.ts starts it with a big stack, like the
// program worker of `atlas run`): runs the job and posts its exit status; no stack traces.
import { parentPort, workerData } from "node:worker_threads";
import { describeException } from "./output.js";
import { runTestJob, type TestJob } from "./test-command.js";

runTestJob(workerData as TestJob).then(
  (code) => parentPort?.postMessage({ type: "exit", code }),
  (e: unknown) => parentPort?.postMessage({ type: "internal", detail: describeException(e) }),
);
