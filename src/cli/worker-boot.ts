// Worker entry when the start-up bundle is usable (bundle.ts): evaluates the bundle with a V8
// code cache and starts cli/worker-main.js from it. The first run after a build writes the
// cache, after its job (so that it holds the code the job compiled).
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Script } from "node:vm";
import { workerData } from "node:worker_threads";

const { bundle } = workerData as { bundle: { file: string; cache: string; entry: string } };

function readCache(): Buffer | undefined {
  try {
    return readFileSync(bundle.cache);
  } catch {
    return undefined;
  }
}

const code = readFileSync(bundle.file, "utf8");
const cachedData = readCache();
const script = new Script(code, { filename: bundle.file, ...(cachedData !== undefined ? { cachedData } : {}) });
if (cachedData === undefined || script.cachedDataRejected === true) {
  // worker-main calls this hook right before it reports the job's exit status.
  (globalThis as Record<symbol, unknown>)[Symbol.for("atlas.beforeExit")] = (): void => {
    try {
      const tmp = `${bundle.cache}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, bundle.cache);
    } catch {
      // the cache is an optimisation only
    }
  };
}
const rootUrl = pathToFileURL(path.dirname(bundle.file) + path.sep).href;
const factory = script.runInThisContext() as (req: NodeJS.Require, root: string) => (id: string) => unknown;
factory(createRequire(bundle.file), rootUrl)(bundle.entry);
