// Worker entry when the start-up bundle is usable (bundle.ts): evaluates the bundle with its
// V8 code cache and starts cli/worker-main.js from it. When there was no cache, it is written
// after the job (worker-main calls the hook below), so that it holds the code the job used.
import { workerData } from "node:worker_threads";
import { loadBundle } from "./bundle.js";

const { bundle } = workerData as { bundle: { file: string; cache: string; entry: string } };
const loaded = loadBundle(bundle.file, bundle.cache);
(globalThis as Record<symbol, unknown>)[Symbol.for("atlas.beforeExit")] = (): void => loaded.saveCache();
loaded.load(bundle.entry);
