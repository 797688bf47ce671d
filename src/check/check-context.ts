// The type checker's mutable state shared by check-*.ts: side tables (expression and binding
// types), diagnostics with speculative marks and replay journals, the current function context,
// type-parameter scopes and narrowing frames (language.md §5.4, §5.6 overloads, §5.12).
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/span.js";
import type * as ast from "../syntax/ast.js";
import type { BuiltinTable } from "./builtin-types.js";
import type { Binding, CheckedModule, CheckedProgram, Ref } from "./program.js";
import { AliasTable, resolveTypeExpr, type TypeNameEnv } from "./type-expr.js";
import { type FnType, type Type, type TypeParamDef, mentionsParams } from "./types.js";

/** Types carried across REPL inputs: binding types and bindings that are never narrowed. */
export interface SessionTypes {
  readonly bindings: Map<Binding, Type>;
  readonly neverNarrow: Set<Binding>;
}

export function newSessionTypes(): SessionTypes {
  return { bindings: new Map(), neverNarrow: new Set() };
}

export interface CheckInput {
  readonly modules: CheckedModule[];
  readonly refs: Map<ast.Ident, Ref>;
  readonly decls: CheckedProgram["decls"];
  readonly scopes: CheckedProgram["scopes"];
  /**
   * REPL (front-phases.ts ReplCheckContext): types of module-scope bindings of earlier inputs;
   * the checker adds those the input declares (the session keeps the copy only on success).
   */
  readonly repl?: { readonly bindingTypes: Map<Binding, Type> };
}

/** `var`s assigned inside nested functions, across REPL inputs (bindings are session-unique). */
export const NEVER_NARROWED = new WeakSet<Binding>();

/** A function body whose checking is deferred to the end of the enclosing body (§5.4, §13.2.4). */
export interface Deferred {
  readonly node: ast.FnDecl | ast.FnExpr;
  readonly params: readonly Type[];
  /** The body's result type (T of Future<T> for async). */
  readonly bodyReturn: Type;
  readonly isAsync: boolean;
  /** Narrowings of lets and parameters at the declaration point. */
  readonly narrow: Map<Binding, Type>;
  readonly typeScopes: Map<string, TypeParamDef>[];
}

/** The function (or module top level, node null) whose body is being checked. */
export interface FnCtx {
  readonly node: ast.FnDecl | ast.FnExpr | null;
  readonly isAsync: boolean;
  /** The declared result of the body (T for async); null while inferring (§5.7). */
  readonly returnType: Type | null;
  /** Types of `return e;` (and `Result<never, E>` per `?`) while inferring. */
  readonly inferred: Type[];
  /** `?` expressions, while inferring. */
  readonly tries: ast.Try[];
  loopDepth: number;
  readonly deferred: Deferred[];
  readonly deferredNodes: Set<ast.Node>;
}

export function newFnCtx(
  node: ast.FnDecl | ast.FnExpr | null,
  isAsync: boolean,
  returnType: Type | null,
): FnCtx {
  return {
    node,
    isAsync,
    returnType,
    inferred: [],
    tries: [],
    loopDepth: 0,
    deferred: [],
    deferredNodes: new Set(),
  };
}

interface NarrowFrame {
  readonly map: Map<Binding, Type>;
  /** A function boundary: narrowings of `var`s below it do not apply (§5.12). */
  readonly boundary: boolean;
}

/**
 * The side-table writes of one cached check. Maps, not lists: a check that replays a cached
 * sub-check several times (overload attempts) records each write once, so journals stay as
 * small as the subtree instead of growing with the number of attempts.
 */
interface Journal {
  readonly types: Map<ast.Expr, Type>;
  readonly bindings: Map<Binding, Type>;
}

/** A checked callback body, replayed on reuse (§5.6 overloads: cache per contextual types). */
export interface CachedBody {
  readonly type: Type;
  readonly diagnostics: Diagnostic[];
  readonly journal: Journal;
}

export class Checker {
  readonly types = new Map<ast.Expr, Type>();
  readonly bag = new DiagnosticBag();
  readonly bindingTypes = new Map<Binding, Type>();
  readonly neverNarrow: Set<Binding>;
  readonly aliases: AliasTable;
  /** Signatures of declared functions (computed when their block is entered). */
  readonly fnSigs = new Map<ast.FnDecl, { type: FnType; bodyReturn: Type; typeScopes: Map<string, TypeParamDef>[] }>();
  /** Resolved annotations of variable declarations. */
  readonly annotations = new Map<ast.VarDecl, Type>();
  /** Type parameters of calls being inferred (fresh per call site). */
  readonly openParams = new Set<TypeParamDef>();
  readonly bodyCache = new Map<ast.FnExpr, Map<string, CachedBody>>();
  /** Checked call arguments, keyed like bodyCache (see checkArg in check-call.ts). */
  readonly argCache = new Map<ast.Expr, Map<string, CachedBody>>();
  /**
   * One id per in-place body check in progress, outermost first. A nested callback's cached
   * result is valid only within the same enclosing checks (it may read their parameters).
   */
  readonly bodyChecks: number[] = [];
  nextBodyCheck = 1;

  moduleIndex = 0;
  fn: FnCtx = newFnCtx(null, false, null);
  frames: NarrowFrame[] = [];
  typeScopes: Map<string, TypeParamDef>[] = [];
  private readonly journals: Journal[] = [];

  constructor(
    readonly input: CheckInput,
    readonly builtins: BuiltinTable,
    readonly session: SessionTypes | undefined,
  ) {
    this.neverNarrow = new Set(session?.neverNarrow ?? []);
    this.aliases = new AliasTable(input.modules, (d) => this.report(d));
  }

  get module(): CheckedModule {
    return this.input.modules[this.moduleIndex];
  }

  report(d: Diagnostic): void {
    this.bag.add(d);
  }

  setType(e: ast.Expr, t: Type): void {
    this.types.set(e, t);
    const j = this.journals[this.journals.length - 1];
    if (j) j.types.set(e, t);
  }

  setBinding(b: Binding, t: Type): void {
    this.bindingTypes.set(b, t);
    const j = this.journals[this.journals.length - 1];
    if (j) j.bindings.set(b, t);
  }

  bindingType(b: Binding): Type | undefined {
    return this.bindingTypes.get(b) ?? this.input.repl?.bindingTypes.get(b) ?? this.session?.bindings.get(b);
  }

  // ───────────────────────────── journals (callback cache replay) ─────────────────────────────

  beginJournal(): void {
    this.journals.push({ types: new Map(), bindings: new Map() });
  }

  endJournal(): Journal {
    const j = this.journals.pop()!;
    const parent = this.journals[this.journals.length - 1];
    if (parent) {
      for (const [e, t] of j.types) parent.types.set(e, t);
      for (const [b, t] of j.bindings) parent.bindings.set(b, t);
    }
    return j;
  }

  replay(body: CachedBody): void {
    for (const d of body.diagnostics) this.bag.add(d);
    for (const [e, t] of body.journal.types) this.setType(e, t);
    for (const [b, t] of body.journal.bindings) this.setBinding(b, t);
  }

  /**
   * Runs `check` once per (node, key) and records its diagnostics and side-table writes;
   * a later call with the same node and key replays them instead (bodyCache, argCache).
   */
  cachedCheck<N>(cache: Map<N, Map<string, CachedBody>>, node: N, key: string, check: () => Type): Type {
    let perNode = cache.get(node);
    const hit = perNode?.get(key);
    if (hit) {
      this.replay(hit);
      return hit.type;
    }
    const mark = this.bag.size;
    this.beginJournal();
    const type = check();
    const journal = this.endJournal();
    if (!perNode) {
      perNode = new Map();
      cache.set(node, perNode);
    }
    perNode.set(key, { type, diagnostics: this.bag.items.slice(mark), journal });
    return type;
  }

  // ───────────────────────────── written types ─────────────────────────────

  typeEnv(): TypeNameEnv {
    const scopes = this.typeScopes;
    const moduleIndex = this.moduleIndex;
    return {
      param: (n) => {
        for (let i = scopes.length - 1; i >= 0; i--) {
          const d = scopes[i].get(n);
          if (d) return d;
        }
        return undefined;
      },
      alias: (n, at) => this.aliases.lookup(moduleIndex, n, at),
      report: (d) => this.report(d),
    };
  }

  resolveType(te: ast.TypeExpr): Type {
    return resolveTypeExpr(te, this.typeEnv());
  }

  mentionsOpen(t: Type): boolean {
    return this.openParams.size > 0 && mentionsParams(t, this.openParams);
  }

  // ───────────────────────────── narrowing frames ─────────────────────────────

  /** Whether references to `b` through `ref` may be narrowed (§5.12). */
  narrowable(b: Binding, ref: Ref): boolean {
    if (b.kind === "fn") return false;
    if (ref.kind === "global" && ref.moduleIndex !== this.moduleIndex) return false;
    if (this.module.imports.get(b.name)?.binding === b) return false;
    return !(b.kind === "var" && (this.neverNarrow.has(b) || NEVER_NARROWED.has(b)));
  }

  /** The narrowed type of `b` in effect here, if any. */
  narrowed(b: Binding): Type | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      const t = f.map.get(b);
      if (t) return t;
      if (f.boundary && b.kind === "var") return undefined;
    }
    return undefined;
  }

  pushNarrowing(map: Map<Binding, Type> | null, boundary = false): void {
    this.frames.push({ map: map ?? new Map(), boundary });
  }

  popNarrowing(): void {
    this.frames.pop();
  }

  /** An assignment ends `b`'s narrowing for the rest of every enclosing region (§5.12). */
  endNarrowing(b: Binding): void {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      f.map.delete(b);
      if (f.boundary) return;
    }
  }

  /** Narrowings of lets and parameters in effect here (captured by deferred function bodies). */
  snapshotNarrowing(): Map<Binding, Type> {
    const out = new Map<Binding, Type>();
    for (const f of this.frames) {
      for (const [b, t] of f.map) if (b.kind !== "var") out.set(b, t);
    }
    return out;
  }

  spanOfImport(name: string): Span | null {
    return this.module.imports.get(name)?.name.span ?? null;
  }
}
