// The `atlas` commands that do not execute a program directly (language.md §10): check and ast
// run on the main thread; repl is an interactive front end (repl.ts) over a worker-side
// session. run and eval go straight from main.ts to a Worker (worker-host.ts).
import * as path from "node:path";
import type { Command } from "./args.js";
import { useColour, writeAllSync, formatDiagnostic } from "./output.js";

export async function runCommand(cmd: Command): Promise<number> {
  switch (cmd.kind) {
    case "check":
      return checkCommand(cmd.file, cmd.json);
    case "ast":
      return astCommand(cmd.file);
    case "build": {
      const { buildCommand } = await import("./build-command.js");
      return buildCommand(cmd.args);
    }
    case "test": {
      const { testCommand } = await import("./test-command.js");
      return testCommand(cmd.args);
    }
    case "repl": {
      const { runRepl } = await import("./repl.js");
      return runRepl(cmd.options);
    }
    default:
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
