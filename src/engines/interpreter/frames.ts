// Slot-indexed environments and the interpreter's side tables, built once from the
// CheckedProgram contract (check/program.ts): a Frame per runtime scope with size > 0, the
// uninitialised-slot sentinel (AT0002), resolved identifier locations (no name lookups at run
// time), per-scope hoisting info, per-function info, and the set of nodes containing `await`.
import type { Span } from "../../diagnostics/span.js";
import type { Binding, CheckedProgram, Ref, ScopeInfo } from "../../check/program.js";
import type * as ast from "../../syntax/ast.js";
import { InternalBug, RuntimeError } from "../../runtime/errors.js";
import type { Value } from "../../runtime/values.js";

/** The value of a declared but not yet initialised variable (language.md §6.6). */
export class Uninit {
  readonly uninit = true;
}
export const UNINIT = new Uninit();
export type Slot = Value | Uninit;

/** One runtime scope: its slots and the enclosing frame (closures keep the chain alive). */
export class Frame {
  constructor(
    readonly parent: Frame | null,
    readonly slots: Slot[],
  ) {}
}

export function newFrame(parent: Frame | null, size: number): Frame {
  const slots = new Array<Slot>(size);
  for (let i = 0; i < size; i++) slots[i] = UNINIT;
  return new Frame(parent, slots);
}

/** A fresh copy of a frame (per-iteration loop bindings, §6.9). */
export function copyFrame(f: Frame): Frame {
  return new Frame(f.parent, f.slots.slice());
}

/** Grows a frame whose scope gained bindings (the REPL module scope, §10.2). */
export function growFrame(f: Frame, size: number): void {
  while (f.slots.length < size) f.slots.push(UNINIT);
}

export function uninitError(name: string, span: Span): RuntimeError {
  return new RuntimeError("AT0002", `Cannot access '${name}' before its declaration`, span);
}

// ---- resolved identifier locations ---------------------------------------------------------

export const LOCAL = 0;
export const GLOBAL = 1;
export const BUILTIN = 2;

/** Where an identifier lives: `hops` frames up + slot, a module slot, or a builtin value. */
export class Loc {
  constructor(
    readonly k: typeof LOCAL | typeof GLOBAL | typeof BUILTIN,
    readonly hops: number,
    readonly slot: number,
    readonly module: number,
    readonly name: string,
    readonly value: Value | undefined,
  ) {}
}

function toLoc(ref: Ref, builtins: Map<string, Value>): Loc {
  switch (ref.kind) {
    case "local":
      return new Loc(LOCAL, ref.hops, ref.binding.slot, -1, ref.binding.name, undefined);
    case "global":
      return new Loc(GLOBAL, 0, ref.binding.slot, ref.moduleIndex, ref.binding.name, undefined);
    case "builtin":
      return new Loc(BUILTIN, 0, -1, -1, ref.name, builtins.get(ref.name));
  }
}

// ---- scopes and functions -------------------------------------------------------------------

export type ScopeNode = ScopeInfo["node"];
export type DeclNode = ast.VarDecl | ast.FnDecl | ast.Param | ast.ForIn | ast.BindingPattern;
export type FnNode = ast.FnDecl | ast.FnExpr;

/** What entering a scope needs: its size and the functions to hoist into which slots. */
export class ScopeRt {
  constructor(
    readonly size: number,
    readonly hoisted: readonly ast.FnDecl[],
    readonly hoistSlots: readonly number[],
  ) {}
}

const EMPTY_SCOPE = new ScopeRt(0, [], []);

/** Per-function facts, computed once. */
export class FnInfo {
  constructor(
    readonly node: FnNode,
    readonly name: string | null,
    readonly isAsync: boolean,
    /** Size of the function scope (parameters + top-level body declarations). */
    readonly size: number,
    readonly paramSlots: readonly number[],
    readonly scope: ScopeRt,
    readonly body: readonly ast.Stmt[],
    /** The body contains an `await` (outside nested functions). */
    readonly hasAwait: boolean,
  ) {}
}

/**
 * The interpreter's view of one or more CheckedPrograms (REPL inputs accumulate: closures made
 * by earlier inputs still refer to their own nodes).
 */
export class Tables {
  private readonly locs = new Map<ast.Ident, Loc>();
  private readonly scopes = new Map<ScopeNode, ScopeInfo>();
  private readonly decls = new Map<DeclNode, Binding>();
  private readonly scopeRts = new Map<ScopeNode, ScopeRt>();
  private readonly fnInfos = new Map<FnNode, FnInfo>();
  /** Nodes that contain an `await` evaluated by their own activation. */
  readonly awaits = new Set<ast.Node>();
  private readonly fnAwait = new Set<FnNode>();

  add(program: CheckedProgram, builtins: Map<string, Value>): void {
    for (const [id, ref] of program.refs) this.locs.set(id, toLoc(ref, builtins));
    for (const [node, sc] of program.scopes) this.scopes.set(node, sc);
    for (const [node, b] of program.decls) this.decls.set(node, b);
    for (const m of program.modules) analyzeAwait(m.ast, this.awaits, this.fnAwait);
  }

  loc(id: ast.Ident): Loc {
    const l = this.locs.get(id);
    if (l === undefined) throw new InternalBug(`unresolved identifier '${id.name}'`);
    return l;
  }

  slot(node: DeclNode): number {
    const b = this.decls.get(node);
    if (b === undefined) throw new InternalBug(`no binding for ${node.kind}`);
    return b.slot;
  }

  scopeInfo(node: ScopeNode): ScopeInfo | undefined {
    return this.scopes.get(node);
  }

  /** Runtime info of a non-module scope (size 0 when it has no bindings). */
  scope(node: ScopeNode): ScopeRt {
    let r = this.scopeRts.get(node);
    if (r !== undefined) return r;
    const sc = this.scopes.get(node);
    r = sc === undefined || sc.size === 0 ? EMPTY_SCOPE : this.makeScopeRt(sc.size, sc.hoisted);
    this.scopeRts.set(node, r);
    return r;
  }

  makeScopeRt(size: number, hoisted: readonly ast.FnDecl[]): ScopeRt {
    return new ScopeRt(
      size,
      hoisted,
      hoisted.map((f) => this.slot(f)),
    );
  }

  fn(node: FnNode): FnInfo {
    let info = this.fnInfos.get(node);
    if (info !== undefined) return info;
    const scope = this.scope(node);
    info = new FnInfo(
      node,
      node.kind === "FnDecl" ? node.name.name : null,
      node.isAsync,
      scope.size,
      node.params.map((p) => this.slot(p)),
      scope,
      node.body.body,
      this.fnAwait.has(node),
    );
    this.fnInfos.set(node, info);
    return info;
  }
}

// ---- await analysis -------------------------------------------------------------------------

/** Pushes the evaluation-relevant children of `n` (types and names are skipped). */
function pushChildren(n: ast.Node, out: ast.Node[]): void {
  switch (n.kind) {
    case "Program":
    case "Block":
      for (const s of n.body) out.push(s);
      return;
    case "VarDecl":
      out.push(n.init);
      return;
    case "FnDecl":
    case "FnExpr":
      out.push(n.body);
      return;
    case "If":
      out.push(n.cond, n.then);
      if (n.else !== null) out.push(n.else);
      return;
    case "While":
      out.push(n.cond, n.body);
      return;
    case "For":
      if (n.init !== null) out.push(n.init);
      if (n.cond !== null) out.push(n.cond);
      if (n.step !== null) out.push(n.step);
      out.push(n.body);
      return;
    case "ForIn":
      out.push(n.iterable, n.body);
      return;
    case "Return":
      if (n.value !== null) out.push(n.value);
      return;
    case "ExprStmt":
      out.push(n.expr);
      return;
    case "Assign":
    case "CompoundAssign":
      out.push(n.target, n.value);
      return;
    case "IncDec":
      out.push(n.target);
      return;
    case "Export":
      out.push(n.decl);
      return;
    case "ArrayLit":
      for (const e of n.elements) out.push(e);
      return;
    case "Paren":
      out.push(n.expr);
      return;
    case "Unary":
    case "Await":
    case "Try":
      out.push(n.operand);
      return;
    case "Binary":
      out.push(n.left, n.right);
      return;
    case "Call":
      out.push(n.callee);
      for (const a of n.args) out.push(a);
      return;
    case "Index":
      out.push(n.target, n.index);
      return;
    case "Member":
      out.push(n.target);
      if (n.args !== null) for (const a of n.args) out.push(a);
      return;
    case "Match":
      out.push(n.scrutinee);
      for (const a of n.arms) out.push(a);
      return;
    case "MatchArm":
      if (n.guard !== null) out.push(n.guard);
      out.push(n.body);
      return;
    default:
      return;
  }
}

/**
 * Marks every node that contains an `await` belonging to its own activation (nested function
 * bodies belong to their function, recorded in `fnAwait`). Iterative: long chains are fine.
 */
export function analyzeAwait(root: ast.Program, awaits: Set<ast.Node>, fnAwait: Set<FnNode>): void {
  const nodes: ast.Node[] = [root];
  const parents: number[] = [-1];
  const kids: ast.Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    kids.length = 0;
    pushChildren(nodes[i], kids);
    for (const k of kids) {
      nodes.push(k);
      parents.push(i);
    }
  }
  const has = new Uint8Array(nodes.length);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (n.kind === "Await") has[i] = 1;
    if (has[i] === 0) continue;
    awaits.add(n);
    const p = parents[i];
    if (p < 0) continue;
    const pn = nodes[p];
    if (pn.kind === "FnDecl" || pn.kind === "FnExpr") fnAwait.add(pn);
    else has[p] = 1;
  }
}
