// Command-line parsing for `atlas` (language.md §10, stdlib.md §11.2): argv → a Command record
// or a UsageError. No I/O and no heavy imports here: this runs on every start-up.
import { parseArgs } from "node:util";
import type { Grants } from "../security/policy.js";
import { GrantError, parseGrantFlag } from "../security/flags.js";

/** The engines a user can name with `--engine=`. Adding one is one line in ENGINES. */
export type EngineName = "interp" | "compiled";

/** Engine table: name → availability. */
export const ENGINES: Record<EngineName, { available: boolean }> = {
  interp: { available: true },
  compiled: { available: true },
};

/** The default engine (language.md §10.1). */
export const DEFAULT_ENGINE: EngineName = "compiled";

export type { Grant, Grants, PermissionKind } from "../security/policy.js";

/** Options shared by the commands that execute Atlas code. */
export interface RunOptions {
  engine: EngineName;
  json: boolean;
  grants: Grants;
  /** async.md §A8: per-origin HTTP connection limit. */
  httpConnections?: number;
  /** async.md §A10.2 */
  trace?: string;
  /** async.md §A10.3 */
  asyncReport: boolean;
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; file: string; options: RunOptions }
  | { kind: "check"; file: string; json: boolean }
  | { kind: "eval"; source: string; options: RunOptions }
  | { kind: "repl"; options: RunOptions }
  | { kind: "ast"; file: string }
  | { kind: "build"; args: string[] }
  | { kind: "test"; args: string[] };

/** A bad command line: printed with the usage hint, exit status 2. */
export class UsageError {
  /** `hint`: whether to point at `atlas --help` (not for a well-formed but unavailable choice). */
  constructor(
    readonly message: string,
    readonly hint = true,
  ) {}
}

export const USAGE = `Usage: atlas <command> [options]

Commands:
  run [options] FILE [options]   Check and run a program
  check FILE [--json]            Type-check a program without running it
  eval [options] SOURCE          Evaluate SOURCE and print the value of its last expression
  repl [options]                 Start the interactive read-eval-print loop
  ast FILE                       Print the syntax tree of a program
  build FILE [-o OUT.mjs]        Compile a program to a JavaScript module (run: node OUT.mjs)
  test [options] [DIR|FILE]      Run the test_* functions of *.test.atl files (also --json)

Options for run, eval, repl and test:
  --engine=compiled|interp       Choose the engine (default: compiled)
  --json                         Diagnostics as JSON Lines (run, eval; eval also prints
                                 its result as {"type": …, "display": …})
  --allow-read[=PATH,…]          Allow reading files (everywhere, or below each PATH)
  --allow-write[=PATH,…]         Allow writing files
  --allow-net[=HOST[:PORT],…]    Allow network connections
  --allow-env[=NAME,…]           Allow access to environment variables
  --allow-run[=COMMAND,…]        Allow running child processes
  -A, --allow-all                Allow everything
  --http-connections=N           Per-origin HTTP connection limit (default 32)
  --trace=FILE                   (run) Write a Chrome trace of tasks and awaits to FILE
  --async-report                 (run) Print task counts, slowest awaits and stalls at exit

General:
  -h, --help                     Show this help
  -v, --version                  Show the version
`;

const COMMANDS = new Set(["run", "check", "eval", "repl", "ast", "build", "test"]);

/** Parses the arguments after `atlas` (process.argv.slice(2)). Throws UsageError. */
export function parseCommandLine(argv: readonly string[]): Command {
  const first = argv[0];
  if (first === undefined) throw new UsageError("missing command");
  if (first === "-h" || first === "--help" || first === "help") return { kind: "help" };
  if (first === "-v" || first === "--version" || first === "version") return { kind: "version" };
  if (!COMMANDS.has(first)) {
    if (first.startsWith("-")) throw new UsageError(`unknown option '${first}'`);
    throw new UsageError(`unknown command '${first}'`);
  }
  const rest = argv.slice(1);
  if (rest.includes("-h") || rest.includes("--help")) return { kind: "help" };
  switch (first) {
    case "run": {
      const { options, positionals } = parseRunOptions(rest, "run");
      return { kind: "run", file: exactlyOne(positionals, "run", "FILE"), options };
    }
    case "eval": {
      const { options, positionals } = parseRunOptions(rest, "eval");
      return { kind: "eval", source: exactlyOne(positionals, "eval", "SOURCE"), options };
    }
    case "repl": {
      const { options, positionals } = parseRunOptions(rest, "repl");
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' for 'repl'`);
      return { kind: "repl", options };
    }
    case "build":
      return { kind: "build", args: rest }; // parsed by build-command.ts
    case "test":
      return { kind: "test", args: rest }; // parsed by test-command.ts
    case "check": {
      const { values, positionals } = strictParse(rest, { json: { type: "boolean" } }, "check");
      return { kind: "check", file: exactlyOne(positionals, "check", "FILE"), json: values.json === true };
    }
    default: {
      const { positionals } = strictParse(rest, {}, "ast");
      return { kind: "ast", file: exactlyOne(positionals, "ast", "FILE") };
    }
  }
}

function exactlyOne(positionals: string[], cmd: string, what: string): string {
  if (positionals.length === 0) throw new UsageError(`'${cmd}' requires ${what}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}' for '${cmd}'`);
  return positionals[0];
}

type OptionSpec = Record<string, { type: "boolean" | "string"; short?: string }>;

function strictParse(
  args: string[],
  spec: OptionSpec,
  cmd: string,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: spec, strict: true, allowPositionals: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    throw new UsageError(describeParseError(e, cmd));
  }
}

/** Turns node:util's parse errors into short, stable messages. */
function describeParseError(e: unknown, cmd: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown option '${unknown[1]}' for '${cmd}'`;
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(msg);
  if (missing) return `option '${missing[1]}' requires a value`;
  const noValue = /Option '(--[\w-]+)' does not take an argument/.exec(msg);
  if (noValue) return `option '${noValue[1]}' does not take a value`;
  return msg.split("\n")[0];
}

const RUN_SPEC: OptionSpec = {
  engine: { type: "string" },
  json: { type: "boolean" },
  "http-connections": { type: "string" },
  trace: { type: "string" },
  "async-report": { type: "boolean" },
};

/** Parses the options of run/eval/repl (before or after the positional argument). */
export function parseRunOptions(args: readonly string[], cmd: string): { options: RunOptions; positionals: string[] } {
  const grants: Grants = {};
  const others: string[] = [];
  let afterDashes = false;
  for (const a of args) {
    if (!afterDashes && a === "--") afterDashes = true;
    if (afterDashes || !grantFlag(a, grants)) others.push(a);
  }
  const { values, positionals } = strictParse(others, RUN_SPEC, cmd);
  const options: RunOptions = {
    engine: parseEngine(values.engine),
    json: values.json === true,
    grants,
    asyncReport: values["async-report"] === true,
  };
  const conns = values["http-connections"];
  if (typeof conns === "string") {
    const n = Number(conns);
    if (!/^[0-9]+$/.test(conns) || n < 1 || n > 65536) {
      throw new UsageError(`invalid value for '--http-connections': '${conns}' (expected a positive integer)`);
    }
    options.httpConnections = n;
  }
  if (typeof values.trace === "string") {
    if (values.trace === "") throw new UsageError("option '--trace' requires a file name");
    options.trace = values.trace;
  }
  // async.md §A10.2–§A10.3 describe a program run: `atlas run` only.
  for (const flag of ["trace", "async-report"]) {
    if (values[flag] !== undefined && cmd !== "run") throw new UsageError(`option '--${flag}' is only supported by 'run'`);
  }
  return { options, positionals };
}

function parseEngine(v: string | boolean | undefined): EngineName {
  if (v === undefined) return DEFAULT_ENGINE;
  const name = String(v);
  if (!Object.prototype.hasOwnProperty.call(ENGINES, name)) {
    throw new UsageError(`unknown engine '${name}' (expected ${Object.keys(ENGINES).join(" or ")})`);
  }
  const engine = name as EngineName;
  if (!ENGINES[engine].available) {
    throw new UsageError(`the ${engine} engine is not available yet; use --engine=interp`, false);
  }
  return engine;
}

/** A permission flag (stdlib.md §11.2, parsed by security/flags.ts); false for other arguments. */
function grantFlag(arg: string, grants: Grants): boolean {
  try {
    return parseGrantFlag(arg, grants);
  } catch (e) {
    if (e instanceof GrantError) throw new UsageError(e.message);
    throw e;
  }
}
