// Name resolution (language.md §5.1–§5.3, §9.1): scopes, bindings, refs, imports/exports,
// AT1012/AT2002/AT2003/AT5006/AT5007/AT5009, and the name-based warnings AT2001/AT2002
// (§5.14, §13.2.5). Types are not looked at here; type expressions are left to the checker.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/span.js";
import * as ast from "../syntax/ast.js";
import type { Binding, BindingKind, CheckedModule, ImportedName, Ref, ScopeInfo } from "./program.js";
import * as msg from "./messages-resolve.js";
import {
  BUILTIN_TYPE_NAMES,
  PREDEFINED_CONSTANTS,
  Scope,
  lookup,
  newScopeInfo,
  refFor,
  type BuiltinNames,
  type DeclNode,
  type Entry,
  type ScopeNode,
} from "./resolve-scope.js";

export type { BuiltinNames } from "./resolve-scope.js";

/** A loaded and parsed module, in execution order (loader.ts). */
export interface ResolveInputModule {
  readonly file: SourceFile;
  readonly ast: ast.Program;
  /** Index (in the module list) of each import declaration's target module. */
  readonly importTargets: Map<ast.Import, number>;
}

export interface ResolveResult {
  readonly modules: CheckedModule[];
  readonly refs: Map<ast.Ident, Ref>;
  readonly decls: Map<DeclNode, Binding>;
  readonly scopes: Map<ScopeNode, ScopeInfo>;
  readonly errors: Diagnostic[];
  /** AT2001/AT2002 warnings (check-phase warnings, meaningful only when there are no errors). */
  readonly warnings: Diagnostic[];
}

/** Top-level state carried across the inputs of a REPL session (§10.2). Immutable once built. */
export interface ReplScopeState {
  /** The visible top-level value names of committed inputs. */
  readonly names: ReadonlyMap<string, Entry>;
  /** Every module slot so far, in slot order. */
  readonly bindings: readonly Binding[];
  /** Visible type aliases of committed inputs. */
  readonly typeAliases: ReadonlyMap<string, ast.TypeAlias>;
  readonly nextId: number;
}

export const EMPTY_REPL_STATE: ReplScopeState = { names: new Map(), bindings: [], typeAliases: new Map(), nextId: 0 };

interface AliasEntry {
  readonly alias: ast.TypeAlias;
  readonly moduleIndex: number;
  readonly declSpan: Span;
  readonly earlier: boolean;
}

/** Per-module state while resolving. */
interface ModState {
  readonly index: number;
  readonly file: SourceFile;
  readonly ast: ast.Program;
  readonly scope: Scope;
  readonly exports: Map<string, Binding>;
  readonly typeExports: Map<string, ast.TypeAlias>;
  readonly aliases: Map<string, AliasEntry>;
  readonly imports: Map<string, ImportedName>;
  readonly importTargets: Map<ast.Import, number> | null;
  /** Names whose import failed: references to them are not reported again as AT2002. */
  readonly poisoned: Set<string>;
}

/** Resolves all modules of a program (in execution order: importers after their imports). */
export function resolveModules(mods: readonly ResolveInputModule[], builtins: BuiltinNames): ResolveResult {
  const r = new Resolver(builtins, 0);
  const states: ModState[] = [];
  mods.forEach((m, i) => {
    const info = newScopeInfo(m.ast, i);
    r.scopes.set(m.ast, info);
    const st = newModState(i, m.file, m.ast, new Scope(info, null, false, false), m.importTargets);
    states.push(st);
    r.resolveModule(st, states);
  });
  return r.result(states);
}

/**
 * Resolves one REPL input against the committed state. On success (no errors) the caller adopts
 * `next`; on failure it keeps the old state, so a failed input changes nothing.
 */
export function resolveReplInput(
  state: ReplScopeState,
  file: SourceFile,
  program: ast.Program,
  builtins: BuiltinNames,
): { result: ResolveResult; next: ReplScopeState } {
  const r = new Resolver(builtins, state.nextId);
  const info = newScopeInfo(program, 0, [...state.bindings]);
  r.scopes.set(program, info);
  const scope = new Scope(info, null, false, false);
  for (const [name, e] of state.names) scope.names.set(name, e);
  const st = newModState(0, file, program, scope, null);
  for (const [name, alias] of state.typeAliases) {
    st.aliases.set(name, { alias, moduleIndex: 0, declSpan: alias.name.span, earlier: true });
  }
  r.resolveModule(st, [st]);
  const result = r.result([st]);
  const names = new Map<string, Entry>();
  for (const [name, e] of scope.names) {
    names.set(name, e.earlier ? e : { ...e, visible: true, earlier: true, previous: null });
  }
  const typeAliases = new Map<string, ast.TypeAlias>();
  for (const [name, a] of st.aliases) typeAliases.set(name, a.alias);
  return { result, next: { names, bindings: [...info.bindings], typeAliases, nextId: r.nextId } };
}

function newModState(
  index: number,
  file: SourceFile,
  program: ast.Program,
  scope: Scope,
  importTargets: Map<ast.Import, number> | null,
): ModState {
  return {
    index,
    file,
    ast: program,
    scope,
    exports: new Map(),
    typeExports: new Map(),
    aliases: new Map(),
    imports: new Map(),
    importTargets,
    poisoned: new Set(),
  };
}

/** Binary operands, callees, index and member targets and `?` operands: the left spine. */
type SpineNode = ast.Binary | ast.Call | ast.Index | ast.Member | ast.Try;

class Resolver {
  readonly refs = new Map<ast.Ident, Ref>();
  readonly decls = new Map<DeclNode, Binding>();
  readonly scopes = new Map<ScopeNode, ScopeInfo>();
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];
  /** Entries of declaring nodes (to mark a VarDecl visible once it ends). */
  private readonly entryOf = new Map<DeclNode, Entry>();
  private mod!: ModState;

  constructor(
    private readonly builtins: BuiltinNames,
    public nextId: number,
  ) {}

  result(states: ModState[]): ResolveResult {
    const modules: CheckedModule[] = states.map((st) => {
      const typeAliases = new Map<string, { alias: ast.TypeAlias; moduleIndex: number }>();
      for (const [name, a] of st.aliases) typeAliases.set(name, { alias: a.alias, moduleIndex: a.moduleIndex });
      return {
        index: st.index,
        file: st.file,
        ast: st.ast,
        scope: st.scope.info,
        exports: st.exports,
        typeExports: st.typeExports,
        typeAliases,
        imports: st.imports,
      };
    });
    return {
      modules,
      refs: this.refs,
      decls: this.decls,
      scopes: this.scopes,
      errors: this.errors,
      warnings: this.warnings,
    };
  }

  // ───────────────────────────── modules ─────────────────────────────

  resolveModule(st: ModState, all: readonly ModState[]): void {
    this.mod = st;
    this.declareList(st.ast.body, st.scope, all);
    this.stmts(st.ast.body, st.scope);
  }

  private declareImport(imp: ast.Import, scope: Scope, all: readonly ModState[]): void {
    const st = this.mod;
    const poison = (): void => {
      for (const n of imp.names) st.poisoned.add(n.name);
      if (imp.namespace) st.poisoned.add(imp.namespace.name);
    };
    if (st.importTargets === null) {
      this.errors.push(msg.replImport(imp.span));
      return poison();
    }
    if (imp.namespace !== null) {
      this.errors.push(msg.namespaceImport(imp.span));
      return poison();
    }
    const target = st.importTargets.get(imp);
    const exporter = target === undefined ? undefined : all[target];
    if (target === undefined || exporter === undefined) return poison(); // load failed (already reported)
    for (const n of imp.names) {
      const binding = exporter.exports.get(n.name) ?? null;
      const typeAlias = exporter.typeExports.get(n.name) ?? null;
      if (binding === null && typeAlias === null) {
        this.errors.push(msg.notExported(imp.source.value, n.name, n.span));
        st.poisoned.add(n.name);
        continue;
      }
      if (!this.importClashes(n, binding !== null, typeAlias !== null, scope)) {
        if (binding !== null) {
          const entry: Entry = {
            binding,
            visible: true,
            reads: 0,
            warn: null,
            declSpan: n.span,
            isImport: true,
            earlier: false,
            previous: null,
          };
          scope.names.set(n.name, entry);
        }
        if (typeAlias !== null) {
          st.aliases.set(n.name, { alias: typeAlias, moduleIndex: target, declSpan: n.span, earlier: false });
        }
        st.imports.set(n.name, { name: n, decl: imp, moduleIndex: target, binding, typeAlias });
      } else {
        st.poisoned.add(n.name);
      }
    }
  }

  /** AT2003 when an imported name clashes with a declaration of the same namespace. */
  private importClashes(n: ast.Name, isValue: boolean, isType: boolean, scope: Scope): boolean {
    const prevValue = isValue ? scope.names.get(n.name) : undefined;
    const prevType = isType ? this.mod.aliases.get(n.name) : undefined;
    const first = prevValue && !prevValue.earlier ? prevValue.declSpan : prevType && !prevType.earlier ? prevType.declSpan : null;
    if (first !== null || this.mod.imports.has(n.name)) {
      this.errors.push(msg.redeclared(false, n.name, n.span, first ?? this.mod.imports.get(n.name)?.name.span ?? null));
      return true;
    }
    return false;
  }

  private declareAlias(alias: ast.TypeAlias, exported: boolean): void {
    const st = this.mod;
    this.checkTypeParams(alias.typeParams);
    const name = alias.name.name;
    if (BUILTIN_TYPE_NAMES.has(name)) {
      this.errors.push(msg.duplicateTypeAlias(name, alias.name.span, null));
      return;
    }
    const prev = st.aliases.get(name);
    if (prev !== undefined && !prev.earlier) {
      this.errors.push(msg.duplicateTypeAlias(name, alias.name.span, prev.declSpan));
      return;
    }
    st.aliases.set(name, { alias, moduleIndex: st.index, declSpan: alias.name.span, earlier: false });
    if (exported) st.typeExports.set(name, alias);
  }

  private checkTypeParams(tps: ast.TypeParam[]): void {
    const seen = new Map<string, Span>();
    for (const tp of tps) {
      const first = seen.get(tp.name.name);
      if (first !== undefined) this.errors.push(msg.duplicateTypeParam(tp.name.name, tp.name.span, first));
      else seen.set(tp.name.name, tp.name.span);
    }
  }

  // ───────────────────────────── declarations ─────────────────────────────

  /** Enters the declarations of a statement list into `scope` (§5.1: before its statements run). */
  private declareList(list: readonly ast.Stmt[], scope: Scope, all: readonly ModState[] = []): void {
    for (const s of list) {
      switch (s.kind) {
        case "VarDecl":
          this.declareVar(s, scope);
          break;
        case "FnDecl":
          this.declareFn(s, scope);
          break;
        case "Export": {
          const d = s.decl;
          if (d.kind === "TypeAlias") {
            if (scope.isModule) this.declareAlias(d, true);
            break;
          }
          const b = d.kind === "VarDecl" ? this.declareVar(d, scope) : this.declareFn(d, scope);
          if (b !== null && scope.isModule) this.mod.exports.set(b.name, b);
          break;
        }
        case "TypeAlias":
          if (scope.isModule) this.declareAlias(s, false);
          break;
        case "Import":
          if (scope.isModule) this.declareImport(s, scope, all);
          break;
        default:
          break;
      }
    }
  }

  private declareVar(d: ast.VarDecl, scope: Scope): Binding | null {
    const kind: BindingKind = d.mutable ? "var" : "let";
    const warn = scope.inFunction ? "variable" : null;
    return this.declare(scope, d.name, kind, d, warn, false);
  }

  private declareFn(d: ast.FnDecl, scope: Scope): Binding | null {
    const b = this.declare(scope, d.name, "fn", d, null, true);
    if (b !== null) scope.info.hoisted.push(d);
    return b;
  }

  /**
   * Declares a value name in `scope` (§5.2): AT1012 for protected builtins and AT2003 for the
   * predefined constants at top level, AT2003 for a second declaration in the same scope. In the
   * REPL a name of an earlier input is replaced (a new binding; the old one stays visible until
   * the new declaration ends).
   */
  private declare(
    scope: Scope,
    name: ast.Name,
    kind: BindingKind,
    node: DeclNode,
    warn: Entry["warn"],
    visible: boolean,
  ): Binding | null {
    const isFn = kind === "fn";
    if (scope.isModule) {
      if ((kind === "let" || kind === "var" || isFn) && this.builtins.isProtected(name.name)) {
        this.errors.push(msg.shadowsProtectedBuiltin(name.name, name.span));
        return null;
      }
      if (PREDEFINED_CONSTANTS.has(name.name)) {
        this.errors.push(msg.redeclared(isFn, name.name, name.span, null));
        return null;
      }
    }
    const prev = scope.names.get(name.name);
    if (prev !== undefined && !prev.earlier) {
      this.errors.push(msg.redeclared(isFn, name.name, name.span, prev.declSpan));
      return null;
    }
    const info = scope.info;
    const binding: Binding = {
      id: this.nextId++,
      name: name.name,
      kind,
      mutable: kind === "var",
      span: name.span,
      scope: info,
      slot: info.bindings.length,
      ...(node.kind === "FnDecl" ? { fn: node } : {}),
    };
    info.bindings.push(binding);
    info.size = info.bindings.length;
    const entry: Entry = {
      binding,
      visible,
      reads: 0,
      warn,
      declSpan: name.span,
      isImport: false,
      earlier: false,
      previous: prev ?? null,
    };
    scope.names.set(name.name, entry);
    this.decls.set(node, binding);
    this.entryOf.set(node, entry);
    return binding;
  }

  /** Pattern bindings of a match arm (§5.10): OR alternatives share one binding per name. */
  private declarePattern(p: ast.Pattern, scope: Scope): Entry[] {
    const entries: Entry[] = [];
    for (const [, nodes] of this.patternNames(p)) {
      const b = this.declare(scope, nodes[0].name, "pattern", nodes[0], null, false);
      if (b === null) continue;
      const entry = this.entryOf.get(nodes[0]);
      if (entry !== undefined) entries.push(entry);
      for (const n of nodes.slice(1)) {
        this.decls.set(n, b);
        if (entry !== undefined) this.entryOf.set(n, entry);
      }
    }
    return entries;
  }

  /** Names bound by a pattern, in order; a name bound twice in one alternative is AT2003. */
  private patternNames(p: ast.Pattern): Map<string, ast.BindingPattern[]> {
    switch (p.kind) {
      case "LiteralPattern":
      case "WildcardPattern":
        return new Map();
      case "BindingPattern":
        return new Map([[p.name.name, [p]]]);
      case "ConstructorPattern":
      case "ArrayPattern": {
        const out = new Map<string, ast.BindingPattern[]>();
        const parts = p.kind === "ArrayPattern" ? p.elements : p.args;
        for (const part of parts) {
          for (const [name, nodes] of this.patternNames(part)) {
            const first = out.get(name);
            if (first !== undefined) this.errors.push(msg.redeclared(false, name, nodes[0].name.span, first[0].name.span));
            else out.set(name, nodes);
          }
        }
        return out;
      }
      case "OrPattern": {
        const out = new Map<string, ast.BindingPattern[]>();
        for (const alt of p.alternatives) {
          for (const [name, nodes] of this.patternNames(alt)) out.set(name, [...(out.get(name) ?? []), ...nodes]);
        }
        return out;
      }
      default:
        return ast.assertNever(p);
    }
  }

  // ───────────────────────────── scopes ─────────────────────────────

  private openScope(node: ScopeNode, parent: Scope, isFunction: boolean): Scope {
    const info = newScopeInfo(node, -1);
    this.scopes.set(node, info);
    return new Scope(info, parent, isFunction, isFunction || parent.inFunction);
  }

  /** AT2001 for the never-read let/var/params of a closing scope (§5.14, §13.2.5). */
  private closeScope(scope: Scope): void {
    for (const [name, e] of scope.names) {
      if (e.warn === null || e.reads > 0 || e.isImport || name.startsWith("_")) continue;
      this.warnings.push(msg.unusedBinding(e.warn === "parameter", name, e.binding.span));
    }
  }

  private block(b: ast.Block, parent: Scope): void {
    const scope = this.openScope(b, parent, false);
    this.declareList(b.body, scope);
    this.stmts(b.body, scope);
    this.closeScope(scope);
  }

  private fn(node: ast.FnDecl | ast.FnExpr, parent: Scope): void {
    if (node.kind === "FnDecl") this.checkTypeParams(node.typeParams);
    const scope = this.openScope(node, parent, true);
    for (const p of node.params) this.declare(scope, p.name, "param", p, "parameter", true);
    this.declareList(node.body.body, scope);
    this.stmts(node.body.body, scope);
    this.closeScope(scope);
  }

  // ───────────────────────────── statements ─────────────────────────────

  /** A statement list; statements after a `return` are AT2002 warnings (except fn and `;`). */
  private stmts(list: readonly ast.Stmt[], scope: Scope): void {
    let afterReturn = false;
    for (const s of list) {
      if (afterReturn && s.kind !== "FnDecl" && s.kind !== "Empty" && !(s.kind === "Export" && s.decl.kind === "FnDecl")) {
        this.warnings.push(msg.unreachableCode(s.span));
      }
      this.stmt(s, scope);
      if (s.kind === "Return") afterReturn = true;
    }
  }

  private stmt(s: ast.Stmt, scope: Scope): void {
    switch (s.kind) {
      case "VarDecl": {
        this.expr(s.init, scope);
        const e = this.entryOf.get(s);
        if (e !== undefined) e.visible = true;
        return;
      }
      case "FnDecl":
        return this.fn(s, scope);
      case "If":
        return this.ifChain(s, scope);
      case "While":
        this.expr(s.cond, scope);
        return this.block(s.body, scope);
      case "For":
        return this.forLoop(s, scope);
      case "ForIn": {
        this.expr(s.iterable, scope);
        const inner = this.openScope(s, scope, false);
        this.declare(inner, s.name, "forin", s, null, true);
        this.block(s.body, inner);
        return this.closeScope(inner);
      }
      case "Return":
        if (s.value !== null) this.expr(s.value, scope);
        return;
      case "Break":
      case "Continue":
      case "Empty":
      case "Import":
      case "TypeAlias":
        return;
      case "Block":
        return this.block(s, scope);
      case "ExprStmt":
        return this.expr(s.expr, scope);
      case "Assign":
      case "CompoundAssign":
        this.expr(s.value, scope);
        return this.target(s.target, scope);
      case "IncDec":
        return this.target(s.target, scope);
      case "Export":
        return this.stmt(s.decl, scope);
      default:
        return ast.assertNever(s);
    }
  }

  /** `if … else if … else …`: iterative over the chain (10,000 `else if`s do not nest). */
  private ifChain(s: ast.If, scope: Scope): void {
    let cur = s;
    for (;;) {
      this.expr(cur.cond, scope);
      this.block(cur.then, scope);
      const alt = cur.else;
      if (alt === null) return;
      if (alt.kind === "Block") return this.block(alt, scope);
      cur = alt;
    }
  }

  private forLoop(s: ast.For, scope: Scope): void {
    const header = this.openScope(s, scope, false);
    if (s.init !== null) {
      if (s.init.kind === "VarDecl") this.declareVar(s.init, header);
      this.stmt(s.init, header);
    }
    if (s.cond !== null) this.expr(s.cond, header);
    if (s.step !== null) this.stmt(s.step, header);
    this.block(s.body, header);
    this.closeScope(header);
  }

  /** An assignment target: a plain name is written, not read (§13.2.5). */
  private target(t: ast.Target, scope: Scope): void {
    if (t.kind === "Ident") this.ident(t, scope, false);
    else this.expr(t, scope);
  }

  // ───────────────────────────── expressions ─────────────────────────────

  /**
   * Resolves an expression. Left-nested chains (binary operators, calls, indexing, members, `?`)
   * are walked iteratively down their left spine, so 10,000-term chains use constant stack;
   * every other form nests at most 256 levels (the parser's limit).
   */
  private expr(e: ast.Expr, scope: Scope): void {
    const spine: SpineNode[] = [];
    let cur: ast.Expr = e;
    for (;;) {
      if (cur.kind === "Binary") cur = (spine.push(cur), cur.left);
      else if (cur.kind === "Call") cur = (spine.push(cur), cur.callee);
      else if (cur.kind === "Index" || cur.kind === "Member") cur = (spine.push(cur), cur.target);
      else if (cur.kind === "Try") cur = (spine.push(cur), cur.operand);
      else break;
    }
    this.leaf(cur, scope);
    for (let i = spine.length - 1; i >= 0; i--) {
      const n = spine[i];
      switch (n.kind) {
        case "Binary":
          this.expr(n.right, scope);
          break;
        case "Call":
          for (const a of n.args) this.expr(a, scope);
          break;
        case "Index":
          this.expr(n.index, scope);
          break;
        case "Member":
          if (n.args !== null) for (const a of n.args) this.expr(a, scope);
          break;
        case "Try":
          break;
        default:
          ast.assertNever(n);
      }
    }
  }

  private leaf(e: ast.Expr, scope: Scope): void {
    switch (e.kind) {
      case "NumberLit":
      case "StringLit":
      case "BoolLit":
      case "NullLit":
        return;
      case "Ident":
        return this.ident(e, scope, true);
      case "ArrayLit":
        for (const el of e.elements) this.expr(el, scope);
        return;
      case "Paren":
        return this.expr(e.expr, scope);
      case "Unary":
      case "Await":
        return this.expr(e.operand, scope);
      case "Match":
        return this.match(e, scope);
      case "FnExpr":
        return this.fn(e, scope);
      case "Binary":
      case "Call":
      case "Index":
      case "Member":
      case "Try":
        return this.expr(e, scope);
      default:
        return ast.assertNever(e);
    }
  }

  private match(m: ast.Match, scope: Scope): void {
    this.expr(m.scrutinee, scope);
    for (const arm of m.arms) {
      const inner = this.openScope(arm, scope, false);
      const bound = this.declarePattern(arm.pattern, inner);
      if (arm.body.kind === "Block") this.declareList(arm.body.body, inner);
      for (const e of bound) e.visible = true;
      if (arm.guard !== null) this.expr(arm.guard, inner);
      if (arm.body.kind === "Block") this.stmts(arm.body.body, inner);
      else this.expr(arm.body, inner);
      this.closeScope(inner);
    }
  }

  private ident(id: ast.Ident, scope: Scope, read: boolean): void {
    const found = lookup(scope, id.name);
    if (found !== null) {
      if (read) found.entry.reads++;
      this.refs.set(id, refFor(found.entry, found.hops));
      return;
    }
    if (this.builtins.has(id.name) || PREDEFINED_CONSTANTS.has(id.name)) {
      this.refs.set(id, { kind: "builtin", name: id.name });
      return;
    }
    if (!this.mod.poisoned.has(id.name)) this.errors.push(msg.unknownSymbol(id.name, id.span));
  }
}
