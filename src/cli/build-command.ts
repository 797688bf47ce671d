// `atlas build FILE [-o OUT.mjs] [--json]`: checks a program like `atlas check` (diagnostics on
// stderr, exit 1 on errors) and writes it, compiled, as a standalone ES module (default: FILE
// with the extension .mjs) that imports the runtime as "atlas-lang/runtime" and runs with
// `node OUT.mjs [permission flags]` (engines/compiler/build.ts, built-runtime.ts).
import { chmodSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { compileProgram } from "../check/frontend.js";
import { builtinTableWith, NodeFrontendHost } from "../api/frontend-host.js";
import { buildModule } from "../engines/compiler/build.js";
import { UsageError } from "./args.js";
import { formatDiagnostic, useColour, writeAllSync } from "./output.js";

interface BuildArgs {
  file: string;
  out: string | null;
  json: boolean;
}

function parseBuildArgs(args: readonly string[]): BuildArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { output: { type: "string", short: "o" }, json: { type: "boolean" } }, strict: true, allowPositionals: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown !== null) throw new UsageError(`unknown option '${unknown[1]}' for 'build'`);
    if (/argument missing/.test(msg)) throw new UsageError("option '--output' (-o) requires a file name");
    throw new UsageError(msg.split("\n")[0]);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError("'build' requires FILE");
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}' for 'build'`);
  const out = values.output ?? null;
  if (out === "") throw new UsageError("option '--output' (-o) requires a file name");
  return { file: positionals[0], out, json: values.json === true };
}

/** `prog.atl` → `prog.mjs` */
function defaultOutput(file: string): string {
  const ext = path.extname(file);
  return (ext === "" ? file : file.slice(0, -ext.length)) + ".mjs";
}

export async function buildCommand(args: readonly string[]): Promise<number> {
  const a = parseBuildArgs(args);
  const cwd = process.cwd();
  const abs = path.resolve(cwd, a.file);
  const outName = a.out ?? defaultOutput(a.file);
  const outAbs = path.resolve(cwd, outName);
  if (outAbs === abs) throw new UsageError("the output file would overwrite the program");
  const host = new NodeFrontendHost(cwd);
  const compiled = compileProgram(abs, host, builtinTableWith([]));
  const fmt = { json: a.json, colour: !a.json && useColour() };
  for (const d of compiled.diagnostics) writeAllSync(2, formatDiagnostic(d, fmt));
  if (compiled.program === null) return 1;
  const outDir = path.dirname(outAbs);
  const sourceFiles = [...host.sourceFiles].map((f) => path.relative(outDir, f).split(path.sep).join("/"));
  const text = buildModule(compiled.program, { name: host.displayPath(abs), sourceFiles });
  try {
    writeFileSync(outAbs, text);
    chmodSync(outAbs, 0o755);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    writeAllSync(2, `atlas: cannot write '${outName}': ${reason}\n`);
    return 1;
  }
  return 0;
}
