// Incremental front end for the REPL, `atlas eval` and `rt.eval` (language.md §10.2–§10.3):
// each input is parsed (final `;` optional), resolved and checked against the declarations of
// earlier inputs, as top-level code of one growing module. A failed input changes nothing.
import { sortDiagnostics } from "../diagnostics/render.js";
import { SourceFile } from "../diagnostics/span.js";
import { parseProgram } from "../syntax/parser.js";
import type { BuiltinTable } from "./builtin-types.js";
import { newSessionTypes, type SessionTypes } from "./checker.js";
import { finishProgram, guarded, hasErrors, type CompileResult } from "./front-phases.js";
import type { Binding } from "./program.js";
import { EMPTY_REPL_STATE, resolveReplInput, type ReplScopeState } from "./resolver.js";
import type { Type } from "./types.js";

export interface InputOptions {
  /** Parse as a REPL input, where the final simple statement may omit `;` (default true). */
  repl?: boolean;
}

export interface InputResult extends CompileResult {
  /** Type of the input's last statement when it is an expression statement (echo, `:type`). */
  lastExprType?: Type;
}

/** A visible top-level name of the session (`:vars`). */
export interface SessionGlobal {
  readonly name: string;
  readonly binding: Binding;
  /** Null only if the checker recorded no type for it. */
  readonly type: Type | null;
}

/**
 * One REPL (or embedding runtime) front end. Every successful input yields a CheckedProgram with
 * ONE module (index 0) whose `ast` is that input only. Its module ScopeInfo lists every slot so
 * far (earlier inputs' first); a redeclared name gets a new binding and slot, and closures of
 * earlier inputs keep the binding they captured (§13.3.7). `hoisted` holds only this input's
 * function declarations. Binding ids are unique across the whole session.
 *
 * Type checking against earlier inputs goes through the checker's SessionTypes: the session
 * keeps the types of visible top-level bindings and hands the checker a copy, which the checker
 * extends with the input's bindings; the copy is adopted only when the input is committed.
 */
export class FrontendSession {
  private state: ReplScopeState = EMPTY_REPL_STATE;
  private types: SessionTypes = newSessionTypes();

  constructor(private readonly builtins: BuiltinTable) {}

  /** Compiles an input and, if it has no errors, makes its declarations visible to later inputs. */
  addInput(source: string, name: string, opts: InputOptions = {}): InputResult {
    return this.compile(source, name, opts, true);
  }

  /** Compiles an input without committing anything (`:type <expr>`). */
  checkInput(source: string, name: string, opts: InputOptions = {}): InputResult {
    return this.compile(source, name, opts, false);
  }

  /** Forgets every declaration (`:reset`). Binding ids keep increasing. */
  reset(): void {
    this.state = { ...EMPTY_REPL_STATE, nextId: this.state.nextId };
    this.types = newSessionTypes();
  }

  /** The visible top-level names, in slot (declaration) order. */
  globals(): SessionGlobal[] {
    return [...this.state.names.values()]
      .map((e) => e.binding)
      .sort((a, b) => a.slot - b.slot)
      .map((binding) => ({ name: binding.name, binding, type: this.types.bindings.get(binding) ?? null }));
  }

  private compile(source: string, name: string, opts: InputOptions, commit: boolean): InputResult {
    return guarded((): InputResult => {
      const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
      const file = new SourceFile(name, text, null);
      const parsed = parseProgram(file, { repl: opts.repl ?? true });
      if (hasErrors(parsed.diagnostics)) return { program: null, diagnostics: sortDiagnostics(parsed.diagnostics) };
      const { result, next } = resolveReplInput(this.state, file, parsed.program, this.builtins);
      const types: SessionTypes = {
        bindings: new Map(this.types.bindings),
        neverNarrow: new Set(this.types.neverNarrow),
      };
      const out = finishProgram(result, this.builtins, types);
      if (out.program === null) return { program: null, diagnostics: out.diagnostics };
      if (commit) this.commit(next, types);
      const last = parsed.program.body.at(-1);
      const lastExprType = last?.kind === "ExprStmt" ? out.types?.get(last.expr) : undefined;
      return {
        program: out.program,
        diagnostics: out.diagnostics,
        ...(lastExprType !== undefined ? { lastExprType } : {}),
      };
    });
  }

  /** Adopts the new top-level state, keeping types only for names that are still visible. */
  private commit(next: ReplScopeState, types: SessionTypes): void {
    this.state = next;
    const visible = new Set([...next.names.values()].map((e) => e.binding));
    const kept = newSessionTypes();
    for (const [b, t] of types.bindings) if (visible.has(b)) kept.bindings.set(b, t);
    for (const b of types.neverNarrow) if (visible.has(b)) kept.neverNarrow.add(b);
    this.types = kept;
  }
}
