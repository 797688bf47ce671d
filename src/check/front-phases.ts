// Shared tail of the front end (language.md §8.5 stages 2–3): run the type checker on a resolved
// program, merge resolver warnings, sort, and assemble the CheckedProgram. Also the AT9995 guard.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sortDiagnostics } from "../diagnostics/render.js";
import type * as ast from "../syntax/ast.js";
import type { BuiltinTable } from "./builtin-types.js";
import { checkProgram, type SessionTypes } from "./checker.js";
import * as msg from "./messages-resolve.js";
import type { CheckedProgram } from "./program.js";
import type { ResolveResult } from "./resolver.js";
import type { Type } from "./types.js";

export interface CompileResult {
  /** Null when any error was reported. */
  readonly program: CheckedProgram | null;
  /** Every error and warning, sorted (§8.5); with a program, exactly its warnings. */
  readonly diagnostics: Diagnostic[];
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

/**
 * Stage 2 → 3: resolution errors stop; else type-check and assemble the program. A REPL input
 * is checked against `session` (types of earlier inputs' bindings), which the checker extends
 * with the input's top-level bindings only when the input has no errors.
 */
export function finishProgram(
  resolved: ResolveResult,
  builtins: BuiltinTable,
  session?: SessionTypes,
): CompileResult & { types?: Map<ast.Expr, Type> } {
  if (resolved.errors.length > 0) return { program: null, diagnostics: sortDiagnostics(resolved.errors) };
  const { modules, refs, decls, scopes } = resolved;
  const checked = checkProgram({ modules, refs, decls, scopes }, builtins, session);
  const all = [...resolved.warnings, ...checked.diagnostics];
  const sorted = sortDiagnostics(all);
  if (hasErrors(all)) return { program: null, diagnostics: sorted };
  const program: CheckedProgram = { modules, types: checked.types, refs, decls, scopes, warnings: sorted };
  return { program, diagnostics: sorted, types: checked.types };
}

/** No JS exception may reach a user: an internal failure becomes AT9995 (CONTRACTS.md). */
export function guarded<T extends CompileResult>(run: () => T): T | CompileResult {
  try {
    return run();
  } catch (e: unknown) {
    const detail = e instanceof Error ? e.message : String(e);
    return { program: null, diagnostics: [msg.internalError(detail)] };
  }
}
