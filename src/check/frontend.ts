// The front end's entry points (language.md §8.5): load + parse every module, resolve names,
// type-check, with phase gating; diagnostics sorted. In-memory sources go through session.ts.
import { sortDiagnostics } from "../diagnostics/render.js";
import type { BuiltinTable } from "./builtin-types.js";
import { finishProgram, guarded, hasErrors, type CompileResult } from "./front-phases.js";
import { loadProgram, type FrontendHost } from "./loader.js";
import { resolveModules } from "./resolver.js";
import { FrontendSession, type InputOptions, type InputResult } from "./session.js";

export type { FrontendHost } from "./loader.js";
export type { CompileResult } from "./front-phases.js";
export { FrontendSession } from "./session.js";

/**
 * Compiles the program whose entry file is the absolute path `entry` (`atlas run/check/test`,
 * `rt.runFile`). Stage 1 (decode, lex, parse, module paths) errors stop; then resolution
 * errors stop; then the type checker runs. With no errors, `program` is set and `diagnostics`
 * holds its warnings.
 */
export function compileProgram(entry: string, host: FrontendHost, builtins: BuiltinTable): CompileResult {
  return guarded(() => {
    const loaded = loadProgram(entry, host);
    if (hasErrors(loaded.diagnostics)) return { program: null, diagnostics: sortDiagnostics(loaded.diagnostics) };
    const resolved = resolveModules(loaded.modules, builtins);
    const { program, diagnostics } = finishProgram(resolved, builtins);
    return { program, diagnostics };
  });
}

/**
 * Compiles an in-memory program as one fresh REPL-like input named `name` (`atlas eval` uses
 * `<eval>`): the final `;` may be omitted (unless `opts.repl` is false), imports are AT5009.
 * `lastExprType` is the type of the final expression statement, if the input ends with one.
 */
export function compileSource(source: string, name: string, builtins: BuiltinTable, opts: InputOptions = {}): InputResult {
  return new FrontendSession(builtins).addInput(source, name, opts);
}
