// Resolver-internal scope records and the lookup rule of language.md §5.1 (visibility, hops).
// Data shared with engines (Binding, ScopeInfo, Ref) is defined in program.ts; this file only
// holds what the resolver needs while walking.
import type { Span } from "../diagnostics/span.js";
import type * as ast from "../syntax/ast.js";
import type { Binding, Ref, ScopeInfo } from "./program.js";

/** What the resolver needs from the builtin table (the type checker's BuiltinTable has more). */
export interface BuiltinNames {
  has(name: string): boolean;
  isProtected(name: string): boolean;
}

/** Constants predefined in every module scope (§5.2); references resolve as builtins. */
export const PREDEFINED_CONSTANTS: ReadonlySet<string> = new Set(["PI", "E", "SQRT2", "LN2", "LN10"]);

/**
 * Type names resolved before aliases (§4.2 steps 1–3); an alias may not reuse them (AT2003).
 * `null` is a keyword and cannot be an alias name.
 */
export const BUILTIN_TYPE_NAMES: ReadonlySet<string> = new Set([
  "number", "string", "bool", "void", "json", "unknown", "never",
  "Option", "Result", "Future", "Task",
  "HashMap", "HashSet", "Queue", "Stack", "Channel", "Mutex", "SelectCase",
  "Regex", "Semaphore", "Timer", "TaskGroup", "Error", "HttpRequest", "HttpResponse",
  "Array", "Comparable", "Numeric", "Equatable", "Serializable", "Iterable",
]);

/** One name declared in a scope, with the resolver's bookkeeping. */
export interface Entry {
  readonly binding: Binding;
  /** §5.1 rule 1/2: hoisted (fn, import, param) or its declaration has ended. */
  visible: boolean;
  /** Number of reads (writes are not reads, §13.2.5). */
  reads: number;
  /** AT2001 category if never read; null when this binding never warns. */
  readonly warn: "variable" | "parameter" | null;
  /** Location of the declaring name (the import's name for imports), for AT2003 "first defined here". */
  readonly declSpan: Span;
  readonly isImport: boolean;
  /** REPL: declared by an earlier, committed input. */
  readonly earlier: boolean;
  /** REPL: the earlier input's entry this one replaces (visible until this one is). */
  readonly previous: Entry | null;
}

export class Scope {
  readonly names = new Map<string, Entry>();
  constructor(
    readonly info: ScopeInfo,
    readonly parent: Scope | null,
    /** A function scope (FnDecl/FnExpr): enclosing scopes are fully visible from inside it. */
    readonly isFunction: boolean,
    /** Inside some function body (AT2001 applies to let/var declared here). */
    readonly inFunction: boolean,
  ) {}

  get isModule(): boolean {
    return this.info.moduleIndex >= 0;
  }
}

export type ScopeNode = ScopeInfo["node"];

export function newScopeInfo(node: ScopeNode, moduleIndex: number, bindings: Binding[] = []): ScopeInfo {
  return { node, size: bindings.length, bindings, moduleIndex, hoisted: [] };
}

/**
 * §5.1: the innermost scope with a declaration of `name` visible from `from`. Once the walk has
 * left a function scope, every declaration of the enclosing scopes is visible (rule 3).
 * `hops` counts the frame-bearing scopes (size > 0) passed before the binding's scope.
 */
export function lookup(from: Scope, name: string): { entry: Entry; hops: number } | null {
  let crossed = false;
  let hops = 0;
  for (let s: Scope | null = from; s !== null; s = s.parent) {
    let e = s.names.get(name);
    while (e !== undefined && !(e.visible || crossed)) e = e.previous ?? undefined;
    if (e !== undefined) return { entry: e, hops };
    if (s.info.size > 0) hops++;
    if (s.isFunction) crossed = true;
  }
  return null;
}

export function refFor(entry: Entry, hops: number): Ref {
  const b = entry.binding;
  if (b.scope.moduleIndex >= 0) return { kind: "global", binding: b, moduleIndex: b.scope.moduleIndex };
  return { kind: "local", binding: b, hops };
}

/** The declaring nodes recorded in CheckedProgram.decls. */
export type DeclNode = ast.VarDecl | ast.FnDecl | ast.Param | ast.ForIn | ast.BindingPattern;
