// The `atlas` commands (language.md §10): run and eval execute in a Worker with a big stack
// (worker-host.ts); check and ast need no execution and run on the main thread; repl is an
// interactive front end (repl.ts) over a worker-side session.
import * as path from "node:path";
import type { Command } from "./args.js";
import { useColour, writeAllSync, formatDiagnostic } from "./output.js";
import { runInWorker } from "./worker-host.js";

export async function runCommand(cmd: Command): Promise<number> {
  switch (cmd.kind) {
    case "run":
      return runInWorker({ kind: "run", file: cmd.file, options: cmd.options, cwd: process.cwd(), colour: useColour() });
    case "eval":
      return runInWorker({ kind: "eval", source: cmd.source, options: cmd.options, cwd: process.cwd(), colour: useColour() });
    case "check":
      return checkCommand(cmd.file, cmd.json);
    case "ast":
      return astCommand(cmd.file);
    case "repl": {
      const { runRepl } = await import("./repl.js");
      return runRepl(cmd.options);
    }
    case "help":
    case "version":
      return 0;
  }
}

async function checkCommand(file: string, json: boolean): Promise<number> {
  const { checkFile } = await import("../api/pipeline.js");
  const fmt = { json, colour: !json && useColour() };
  const cwd = process.cwd();
  const result = checkFile(path.resolve(cwd, file), cwd);
  for (const d of result.diagnostics) writeAllSync(2, formatDiagnostic(d, fmt));
  if (result.ok) writeAllSync(1, `${result.displayName}: No errors found\n`);
  return result.ok ? 0 : 1;
}

async function astCommand(file: string): Promise<number> {
  const { parseFileForDump } = await import("../api/pipeline.js");
  const cwd = process.cwd();
  const result = parseFileForDump(path.resolve(cwd, file), cwd);
  const fmt = { json: false, colour: useColour() };
  for (const d of result.diagnostics) writeAllSync(2, formatDiagnostic(d, fmt));
  if (result.dump === null) return 1;
  writeAllSync(1, result.dump.endsWith("\n") ? result.dump : result.dump + "\n");
  return 0;
}
