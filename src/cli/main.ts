// Entry point of the `atlas` command: argv → command → exit status (0 success, 1 program
// error, 2 bad usage). Owns the last line of defence: no JavaScript exception or stack trace
// ever reaches the user; an unexpected one is reported as AT9995 with exit status 1.
import { parseCommandLine, UsageError, USAGE, type Command } from "./args.js";
import { internalFailureText, useColour, writeAllSync } from "./output.js";
import { runProgramCommand, type WorkerJob } from "./worker-host.js";

/** Runs the CLI with `argv` (the arguments after `atlas`) and exits the process when done. */
export function main(argv: readonly string[]): void {
  installLastResort();
  let cmd: Command;
  try {
    cmd = parseCommandLine(argv);
  } catch (e) {
    finish(usageFailure(e));
    return;
  }
  dispatch(cmd).then(finish, (e: unknown) => finish(internalFailure(e)));
}

async function dispatch(cmd: Command): Promise<number> {
  switch (cmd.kind) {
    case "help":
      writeAllSync(1, USAGE);
      return 0;
    case "version":
      writeAllSync(1, `atlas ${await packageVersion()}\n`);
      return 0;
    case "run":
    case "eval":
      // The hot path: start the program worker without loading anything else first.
      return runProgramCommand(workerJob(cmd));
    default: {
      const { runCommand } = await import("./commands.js");
      return runCommand(cmd);
    }
  }
}

function workerJob(cmd: Command & { kind: "run" | "eval" }): WorkerJob {
  const common = { options: cmd.options, cwd: process.cwd(), colour: useColour() };
  return cmd.kind === "run" ? { kind: "run", file: cmd.file, ...common } : { kind: "eval", source: cmd.source, ...common };
}

function usageFailure(e: unknown): number {
  if (!(e instanceof UsageError)) return internalFailure(e);
  const hint = e.hint ? "Run 'atlas --help' for usage.\n" : "";
  writeAllSync(2, `atlas: ${e.message}\n${hint}`);
  return 2;
}

/** Reports an unexpected host exception as AT9995 (language.md §8.6); returns exit status 1. */
export function internalFailure(e: unknown): number {
  if (e instanceof UsageError) return usageFailure(e);
  try {
    writeAllSync(2, internalFailureText(e));
  } catch {
    // nothing left to report to
  }
  return 1;
}

function finish(code: number): void {
  process.exit(code);
}

function installLastResort(): void {
  const fail = (e: unknown): void => finish(internalFailure(e));
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}

async function packageVersion(): Promise<string> {
  const { readFileSync } = await import("node:fs");
  const url = new URL("../../../package.json", import.meta.url);
  const pkg = JSON.parse(readFileSync(url, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
