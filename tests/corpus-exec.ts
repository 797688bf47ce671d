// Runs one corpus program in-process, exactly as `cd <dir> && atlas run <name>.atl [args]`
// would (but on a virtual clock), once per available engine, capturing stdout, stderr and the
// exit status. Loaded only inside the corpus runner's worker (run-corpus.ts).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ENGINES, UsageError, parseRunOptions, type EngineName } from "../src/cli/args.js";
import { internalFailureText } from "../src/cli/output.js";
import { MemorySinks } from "../src/cli/sinks.js";
import { VirtualClock } from "../src/runtime/clock.js";
import type { Expected } from "./run-corpus.js";

const DIRECTIVE = /^\/\/ atlas-args:(.*)$/;

/** Extra CLI arguments from a first-line `// atlas-args: …` directive. */
export function directiveArgs(source: string): string[] {
  const first = source.split("\n", 1)[0].replace(/\r$/, "");
  const m = DIRECTIVE.exec(first);
  return m ? m[1].trim().split(/\s+/).filter((a) => a !== "") : [];
}

export function availableEngines(): EngineName[] {
  return (Object.keys(ENGINES) as EngineName[]).filter((e) => ENGINES[e].available);
}

export async function runCorpusProgram(abs: string): Promise<{ engine: string; actual: Expected }[]> {
  let args: string[] = [];
  try {
    args = directiveArgs(readFileSync(abs, "utf8"));
  } catch {
    // unreadable: the run reports it
  }
  const explicit = args.some((a) => a === "--engine" || a.startsWith("--engine="));
  const engines = explicit ? [null] : availableEngines();
  const out: { engine: string; actual: Expected }[] = [];
  for (const engine of engines) {
    const engineArgs = engine === null ? [] : [`--engine=${engine}`];
    const actual = await runOnce(abs, [...args, ...engineArgs]);
    out.push({ engine: engine ?? directiveEngine(args), actual });
  }
  return out;
}

function directiveEngine(args: string[]): string {
  const a = args.find((x) => x.startsWith("--engine="));
  return a === undefined ? "?" : a.slice("--engine=".length);
}

async function runOnce(abs: string, args: string[]): Promise<Expected> {
  const sinks = new MemorySinks();
  const dir = path.dirname(abs);
  const name = path.basename(abs);
  let exit: number;
  let json = false;
  try {
    const { options, positionals } = parseRunOptions([...args, name], "run");
    json = options.json;
    if (positionals.length !== 1) throw new UsageError(`unexpected argument '${positionals[0]}' for 'run'`);
    const { runFile } = await import("../src/api/pipeline.js");
    const io = { sinks, baseDir: dir, json: options.json, colour: false };
    // Corpus runs use virtual time (async.md §A1.8): timer-heavy programs run instantly and
    // deterministically on every engine; the real clock is covered by end-to-end tests.
    const clock = new VirtualClock({ autoJump: true });
    exit = (await runFile(path.join(dir, name), { ...options, clock }, io)).exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      sinks.writeErr(`atlas: ${e.message}\n${e.hint ? "Run 'atlas --help' for usage.\n" : ""}`);
      exit = 2;
    } else {
      sinks.writeErr(internalFailureText(e, json));
      exit = 1;
    }
  }
  return { stdout: sinks.out, stderr: sinks.err, exit };
}
