// The checked program: what the front end hands to both engines. This file is the contract
// between check/ and engines/; it holds data only.
//
// Runtime scopes. Exactly these nodes open a scope (language.md §5.1):
//   Program (module scope) · FnDecl / FnExpr (parameters + top-level declarations of the body;
//   the body Block opens no further scope) · Block (a block statement, if/else branch, loop
//   body — but not a function body or a match-arm body) · For (the header: variables of the
//   initializer; copied per iteration) · ForIn (the loop variable; one per iteration) ·
//   MatchArm (pattern bindings + the arm body's declarations when the body is a Block).
// A scope with no bindings (`size === 0`) creates no runtime frame and is not counted in hops.
// Expressions evaluated before a scope's frame exists are resolved in the enclosing scope: the
// iterable of a ForIn and the scrutinee of a Match (each arm's guard and body are in the arm's
// scope). A For's initializer, condition and step are in the For scope.
// REPL (FrontendSession): the one module's scope grows across inputs; each input's Program gets
// its own ScopeInfo whose `bindings`/`size` cover every slot so far (old ones first) and whose
// `hoisted` lists only that input's function declarations.
import type { SourceFile, Span } from "../diagnostics/span.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type * as ast from "../syntax/ast.js";
import type { Type } from "./types.js";

export type BindingKind = "let" | "var" | "param" | "fn" | "forin" | "pattern";

/** One declared name. Identity matters: engines key storage by it. */
export interface Binding {
  /** Unique within a CheckedProgram (also across REPL inputs of one session). */
  readonly id: number;
  readonly name: string;
  readonly kind: BindingKind;
  readonly mutable: boolean;
  /** The declaring name's span. */
  readonly span: Span;
  /** The scope that holds it and its slot there. */
  readonly scope: ScopeInfo;
  readonly slot: number;
  /** The function node for kind "fn". */
  readonly fn?: ast.FnDecl;
}

export interface ScopeInfo {
  readonly node: ast.Program | ast.FnDecl | ast.FnExpr | ast.Block | ast.For | ast.ForIn | ast.MatchArm;
  /** Number of slots (bindings declared directly in this scope). */
  size: number;
  readonly bindings: Binding[];
  /** Index of the owning module in CheckedProgram.modules when this is a module scope, else -1. */
  readonly moduleIndex: number;
  /** Function declarations of this scope, hoisted in source order (§6.6). */
  readonly hoisted: ast.FnDecl[];
}

/**
 * How an identifier (expression, or assignment target) resolves:
 * - local: `hops` runtime frames up from the current one (0 = innermost), then `binding.slot`;
 * - global: a module-scope binding of module `moduleIndex` (also for imports: the exporter's
 *   binding, a live read-only view);
 * - builtin: a prelude builtin or constant (`print`, `PI`, `None`…).
 */
export type Ref =
  | { readonly kind: "local"; readonly binding: Binding; readonly hops: number }
  | { readonly kind: "global"; readonly binding: Binding; readonly moduleIndex: number }
  | { readonly kind: "builtin"; readonly name: string };

export interface CheckedModule {
  readonly index: number;
  readonly file: SourceFile;
  readonly ast: ast.Program;
  /** The module scope. */
  readonly scope: ScopeInfo;
  /** Exported names → their module-scope bindings. */
  readonly exports: Map<string, Binding>;
  // ── Added by the front end (resolver) for the type checker ──
  /** Exported type aliases (a separate namespace from values). */
  readonly typeExports: Map<string, ast.TypeAlias>;
  /**
   * The module's type-alias namespace: aliases declared in the module and imported ones (in the
   * REPL also those of earlier inputs). `moduleIndex` is the declaring module, whose namespace
   * resolves the alias's own body.
   */
  readonly typeAliases: Map<string, { readonly alias: ast.TypeAlias; readonly moduleIndex: number }>;
  /** Names imported by `import { … }`, keyed by name. */
  readonly imports: Map<string, ImportedName>;
}

/**
 * One imported name. It may name a value (`binding`, the exporter's module-scope binding, a
 * live read-only view: assigning through it is AT3003 even when the exporter declared it `var`)
 * and/or a type alias of the exporter (values and types are separate namespaces).
 */
export interface ImportedName {
  /** The name as written in the import declaration (the AT3003 "declared here" location). */
  readonly name: ast.Name;
  readonly decl: ast.Import;
  /** Index of the exporting module. */
  readonly moduleIndex: number;
  readonly binding: Binding | null;
  readonly typeAlias: ast.TypeAlias | null;
}

export interface CheckedProgram {
  /** In execution order: dependencies first, entry module last. */
  readonly modules: CheckedModule[];
  /** Type of every expression node. */
  readonly types: Map<ast.Expr, Type>;
  /** Resolution of every Ident node (expressions and assignment targets). */
  readonly refs: Map<ast.Ident, Ref>;
  /** The binding each declaring node introduces (VarDecl, FnDecl, Param, ForIn, BindingPattern). */
  readonly decls: Map<ast.VarDecl | ast.FnDecl | ast.Param | ast.ForIn | ast.BindingPattern, Binding>;
  /** Scope info for every scope-opening node. */
  readonly scopes: Map<ScopeInfo["node"], ScopeInfo>;
  /** Warnings (errors stop before a CheckedProgram exists). */
  readonly warnings: Diagnostic[];
}
