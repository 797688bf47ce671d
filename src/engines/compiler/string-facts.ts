// Compile-time "surrogate-free string" facts: which let/var bindings (and so which expressions)
// can never hold a string with a surrogate code unit, so codegen may use UTF-16 `length`/`s[i]`
// for Atlas's code-point `len`/indexing. A greatest fixpoint over every store in the program.
import type { Binding, CheckedProgram } from "../../check/program.js";
import type * as ast from "../../syntax/ast.js";
import { walk } from "../../check/flow.js";

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
    for (const m of this.program.modules) collectStores(m.ast, this, stores);
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

/** Every store into a binding in a module: nested blocks, functions and match arms included. */
function collectStores(root: ast.Program, facts: StringFacts, out: Store[]): void {
  const NUMERIC: Need = { ok: true, deps: [] };
  walk(root, (n) => {
    if (n.kind === "VarDecl") {
      const b = facts.program.decls.get(n);
      if (b !== undefined) out.push({ target: b, need: facts.need(n.init) });
    } else if (n.kind === "Assign" || n.kind === "CompoundAssign" || n.kind === "IncDec") {
      const b = facts.targetBinding(n.target);
      // `x op= v` / `x++` store a number, except `+=` (treated as `x = x + v`, to stay safe).
      if (b !== null) out.push({ target: b, need: n.kind === "IncDec" || (n.kind === "CompoundAssign" && n.op !== "+=") ? NUMERIC : facts.need(n.value) });
    }
    return true;
  });
}

function pushTo(m: Map<Binding, Binding[]>, k: Binding, v: Binding): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}
