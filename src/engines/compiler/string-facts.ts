// Compile-time "surrogate-free string" facts: which let/var bindings (and so which expressions)
// can never hold a string with a surrogate code unit, so codegen may use UTF-16 `length`/`s[i]`
// for Atlas's code-point `len`/indexing. A greatest fixpoint over every store in the program.
import type { Binding, CheckedProgram } from "../../check/program.js";
import type * as ast from "../../syntax/ast.js";

const SURROGATE = /[\uD800-\uDFFF]/;

/** What one expression's freedom depends on: `ok` false = never free; else free iff all `deps` are. */
interface Need {
  ok: boolean;
  readonly deps: Binding[];
}

/**
 * The facts for one checked program. A value is "free" when it is not a string or is a string
 * without surrogate code units. Free expressions: string literals without surrogates; number,
 * bool and null literals; identifiers of free bindings; `a + b` with both free (runtime `add`
 * only concatenates two strings, else yields a number or fails); every other unary or binary
 * operator (a number or a bool, or an error, whatever the operands); `s[i]` with `s` free (a code
 * point of `s`, or an error); `str(x)` of the builtin with `x` free (digits, `true`, `null` or
 * `x` itself); parentheses. A let/var binding is free when every value stored in it (initialiser,
 * `=`, `+=` with a free operand; other compound assignments and `++`/`--` store numbers) is.
 * Other bindings (parameters, for-in variables, pattern bindings, functions) are never free.
 * In REPL/eval mode later inputs may store into module bindings: no binding is free there.
 */
export class StringFacts {
  private readonly free = new Set<Binding>();

  constructor(
    readonly program: CheckedProgram,
    repl: boolean,
  ) {
    if (!repl) this.solve();
  }

  /** True when `b` provably never holds a string with a surrogate code unit. */
  isFreeBinding(b: Binding): boolean {
    return this.free.has(b);
  }

  /** True when `e`, if it evaluates to a string, evaluates to one without surrogate code units. */
  isFree(e: ast.Expr): boolean {
    const need = this.need(e);
    return need.ok && need.deps.every((b) => this.free.has(b));
  }

  /** Every binding starts free; a store that is not free removes its binding, transitively. */
  private solve(): void {
    const stores: Store[] = [];
    for (const [node, b] of this.program.decls) {
      if (node.kind === "VarDecl" && (b.kind === "let" || b.kind === "var")) this.free.add(b);
    }
    for (const m of this.program.modules) collectStores(m.ast.body, this, stores);
    const users = new Map<Binding, Binding[]>();
    const dead: Binding[] = [];
    for (const s of stores) {
      // A dependency that is not a candidate (never free) makes the store non-free at once.
      if (!s.need.ok || s.need.deps.some((d) => !this.free.has(d))) dead.push(s.target);
      else for (const d of s.need.deps) pushTo(users, d, s.target);
    }
    while (dead.length > 0) {
      const b = dead.pop() as Binding;
      if (!this.free.delete(b)) continue;
      for (const u of users.get(b) ?? []) dead.push(u);
    }
  }

  /** The binding an assignment target names, or null (an index target, a builtin). */
  targetBinding(t: ast.Target): Binding | null {
    if (t.kind !== "Ident") return null;
    const r = this.program.refs.get(t);
    return r === undefined || r.kind === "builtin" ? null : r.binding;
  }

  /** The conditions under which `e` is free (independent of the current set). */
  need(e: ast.Expr): Need {
    const need: Need = { ok: true, deps: [] };
    const stack: ast.Expr[] = [e];
    while (need.ok && stack.length > 0) {
      const n = stack.pop() as ast.Expr;
      switch (n.kind) {
        case "NumberLit":
        case "BoolLit":
        case "NullLit":
          break;
        case "StringLit":
          if (SURROGATE.test(n.value)) need.ok = false;
          break;
        case "Paren":
          stack.push(n.expr);
          break;
        case "Binary":
          // Every other operator yields a number or a bool, or fails (runtime/ops.ts).
          if (n.op === "+") stack.push(n.left, n.right);
          break;
        case "Unary":
          break;
        case "Index":
          stack.push(n.target);
          break;
        case "Ident":
          this.identNeed(n, need);
          break;
        case "Call":
          if (this.isStrCall(n)) stack.push(n.args[0]);
          else need.ok = false;
          break;
        default:
          need.ok = false;
      }
    }
    return need;
  }

  private identNeed(e: ast.Ident, need: Need): void {
    const r = this.program.refs.get(e);
    if (r === undefined || r.kind === "builtin" || (r.binding.kind !== "let" && r.binding.kind !== "var")) need.ok = false;
    else need.deps.push(r.binding);
  }

  /** `str(x)` calling the (protected, never shadowed) builtin with one argument. */
  private isStrCall(e: ast.Call): boolean {
    if (e.args.length !== 1 || e.callee.kind !== "Ident") return false;
    const r = this.program.refs.get(e.callee);
    return r !== undefined && r.kind === "builtin" && r.name === "str";
  }
}

type Store = { target: Binding; need: Need };

/** Every store into a binding in `stmts`, nested blocks, functions and match arms included. */
function collectStores(stmts: readonly ast.Stmt[], facts: StringFacts, out: Store[]): void {
  const exprs: ast.Expr[] = [];
  const stack: (ast.Stmt | ast.Block)[] = [...stmts];
  const visitExprs = (): void => {
    while (exprs.length > 0) {
      const e = exprs.pop() as ast.Expr;
      for (const b of exprChildren(e)) {
        if (b.kind === "Block") stack.push(b);
        else exprs.push(b);
      }
    }
  };
  while (stack.length > 0) {
    const s = stack.pop() as ast.Stmt | ast.Block;
    stmtStores(s, facts, out, stack, exprs);
    visitExprs();
  }
}

/** One statement: records its own store, queues nested statements and expressions. */
function stmtStores(s: ast.Stmt | ast.Block, facts: StringFacts, out: Store[], stmts: (ast.Stmt | ast.Block)[], exprs: ast.Expr[]): void {
  const NUMERIC: Need = { ok: true, deps: [] };
  switch (s.kind) {
    case "VarDecl": {
      const b = facts.program.decls.get(s);
      if (b !== undefined) out.push({ target: b, need: facts.need(s.init) });
      exprs.push(s.init);
      return;
    }
    case "Assign":
    case "CompoundAssign":
    case "IncDec": {
      const b = facts.targetBinding(s.target);
      // `x op= v` / `x++` store a number, except `+=` (treated as `x = x + v`, to stay safe).
      if (b !== null) out.push({ target: b, need: s.kind === "IncDec" || (s.kind === "CompoundAssign" && s.op !== "+=") ? NUMERIC : facts.need(s.value) });
      exprs.push(s.target);
      if (s.kind !== "IncDec") exprs.push(s.value);
      return;
    }
    default:
      stmtChildren(s, stmts, exprs);
  }
}

function pushTo(m: Map<Binding, Binding[]>, k: Binding, v: Binding): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

function stmtChildren(s: ast.Stmt | ast.Block, stmts: (ast.Stmt | ast.Block)[], exprs: ast.Expr[]): void {
  switch (s.kind) {
    case "Block":
      stmts.push(...s.body);
      return;
    case "FnDecl":
      stmts.push(s.body);
      return;
    case "If":
      exprs.push(s.cond);
      stmts.push(s.then);
      if (s.else !== null) stmts.push(s.else);
      return;
    case "While":
      exprs.push(s.cond);
      stmts.push(s.body);
      return;
    case "For":
      if (s.init !== null) stmts.push(s.init);
      if (s.cond !== null) exprs.push(s.cond);
      if (s.step !== null) stmts.push(s.step);
      stmts.push(s.body);
      return;
    case "ForIn":
      exprs.push(s.iterable);
      stmts.push(s.body);
      return;
    case "Return":
      if (s.value !== null) exprs.push(s.value);
      return;
    case "ExprStmt":
      exprs.push(s.expr);
      return;
    case "Export":
      stmts.push(s.decl);
      return;
    default:
      return;
  }
}

/** Sub-expressions and blocks (function bodies, arm blocks) of an expression. */
function exprChildren(e: ast.Expr): (ast.Expr | ast.Block)[] {
  switch (e.kind) {
    case "ArrayLit":
      return e.elements;
    case "Paren":
      return [e.expr];
    case "Unary":
    case "Await":
    case "Try":
      return [e.operand];
    case "Binary":
      return [e.left, e.right];
    case "Call":
      return [e.callee, ...e.args];
    case "Index":
      return [e.target, e.index];
    case "Member":
      return [e.target, ...(e.args ?? [])];
    case "Match":
      return [e.scrutinee, ...e.arms.flatMap((a) => (a.guard === null ? [a.body] : [a.guard, a.body]))];
    case "FnExpr":
      return [e.body];
    default:
      return [];
  }
}
