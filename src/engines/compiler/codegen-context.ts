// Codegen state shared by codegen-expr.ts and codegen-stmt.ts: the checked program's side
// tables, binding names, the span table, per-function state (temporaries, whether it makes
// calls or needs the return signal), the scope stack used to decide where an AT0002 check is
// needed, and statement-level pending declarations.
import type { Span } from "../../diagnostics/span.js";
import type { Binding, CheckedProgram, Ref, ScopeInfo } from "../../check/program.js";
import type * as ast from "../../syntax/ast.js";
import type { Type } from "../../check/types.js";
import { InternalBug } from "../../runtime/errors.js";
import { asciiIdent, NameTable } from "./names.js";
import { HelperUsage, type HelperName } from "./helper-usage.js";
import { StringFacts } from "./string-facts.js";
import { id, index, num, type JSExpr, type JSStmt } from "./js-ast.js";

export type FnNode = ast.FnDecl | ast.FnExpr;

/** One entry of the scope stack: a scope-opening node; function nodes mark a boundary. */
interface ScopeEntry {
  readonly node: ScopeInfo["node"];
  /** For a function: where its value can first exist (hoisting position), else -1. */
  readonly fnPos: number;
}

/** Per-JS-function state (an Atlas function, an async body, a module's top-level code). */
export class FnState {
  readonly temps = new Set<string>();
  depth = 0;
  /** Makes calls (so it tracks `$s` and fills spans on the way out). */
  usesCalls = false;
  /** Contains `e?` or control leaving an arm block (catches the return signal). */
  usesRet = false;
  /** Inside an arm block compiled as a nested function (control flow becomes signals). */
  iife = 0;
  /** Loops being generated (innermost last); `signals` set when an arm block breaks out. */
  readonly loops: { signals: boolean; iife: number }[] = [];
  constructor(readonly generator: boolean) {}
}

export class Gen {
  readonly names: NameTable;
  readonly usage = new HelperUsage();
  readonly spans: Span[] = [];
  private readonly spanIndex = new Map<Span, number>();
  private readonly scopeStack: ScopeEntry[] = [];
  /** let/var bindings whose reads and writes check for the uninitialised sentinel (AT0002). */
  readonly checked = new Set<Binding>();
  /** End offset of each let/var binding's declaration statement. */
  private readonly declEnd = new Map<Binding, number>();
  fn: FnState = new FnState(true);
  /** Declarations to emit before the statement being generated (expression-match bindings). */
  pending: JSStmt[] = [];
  /** Program-level declarations emitted by nested code (async bodies' generator functions). */
  readonly lifted: JSStmt[] = [];
  private counter = 0;
  private stringFacts: StringFacts | null = null;

  constructor(
    readonly program: CheckedProgram,
    /** REPL / eval input: module-level bindings live in `$G[slot]` and are always checked. */
    readonly repl: boolean,
  ) {
    this.names = new NameTable(repl);
    const seen = new Set<Binding>();
    for (const [node, b] of program.decls) {
      if (!seen.has(b)) {
        seen.add(b);
        this.names.declare(b.name);
      }
      if (node.kind === "VarDecl") this.declEnd.set(b, node.span.end);
    }
  }

  /** Which expressions can never hold a string with a surrogate pair (string-facts.ts; on first use). */
  get strings(): StringFacts {
    return (this.stringFacts ??= new StringFacts(this.program, this.repl));
  }

  // ---- names --------------------------------------------------------------------------------

  /** A fresh compiler name (`$m3`). */
  fresh(prefix: string): string {
    return `$${prefix}${++this.counter}`;
  }

  /** JS name of a binding (module-level REPL bindings have none: use `bindingRef`). */
  bindingName(b: Binding): string {
    return this.names.name(b.id, b.name);
  }

  /** True when `b` is a module-level binding stored in the REPL globals array. */
  isReplGlobal(b: Binding): boolean {
    return this.repl && b.scope.moduleIndex >= 0;
  }

  /** The JS expression denoting a binding's storage (an identifier or `$G[slot]`). */
  bindingRef(b: Binding): JSExpr {
    if (this.isReplGlobal(b)) return index(id("$G"), num(b.slot));
    return id(this.bindingName(b));
  }

  builtinName(name: string): string {
    return this.usage.builtin(name, `$b_${asciiIdent(name)}`);
  }

  helper(h: HelperName): JSExpr {
    return id(this.usage.helper(h));
  }

  ref(e: ast.Ident): Ref {
    const r = this.program.refs.get(e);
    if (r === undefined) throw new InternalBug(`unresolved identifier '${e.name}'`);
    return r;
  }

  decl(node: ast.VarDecl | ast.FnDecl | ast.Param | ast.ForIn | ast.BindingPattern): Binding {
    const b = this.program.decls.get(node);
    if (b === undefined) throw new InternalBug(`no binding for ${node.kind}`);
    return b;
  }

  scopeInfo(node: ScopeInfo["node"]): ScopeInfo | undefined {
    return this.program.scopes.get(node);
  }

  type(e: ast.Expr): Type | undefined {
    return this.program.types.get(e);
  }

  // ---- spans --------------------------------------------------------------------------------

  /** `$S[i]` for a span (interned in the span table). */
  span(s: Span): JSExpr {
    return index(id("$S"), num(this.spanIdx(s)));
  }

  spanIdx(s: Span): number {
    let i = this.spanIndex.get(s);
    if (i === undefined) {
      i = this.spans.length;
      this.spans.push(s);
      this.spanIndex.set(s, i);
    }
    return i;
  }

  // ---- temporaries --------------------------------------------------------------------------

  /** Allocates a temporary for the duration of `body` (nested allocations get other names). */
  withTemp<T>(prefix: string, body: (name: string) => T): T {
    const f = this.fn;
    const name = `$${prefix}${f.depth}`;
    f.temps.add(name);
    f.depth++;
    try {
      return body(name);
    } finally {
      f.depth--;
    }
  }

  /** Runs `body` with a fresh per-function state (a nested JS function). */
  inFunction<T>(state: FnState, body: () => T): T {
    const saved = this.fn;
    const savedPending = this.pending;
    this.fn = state;
    this.pending = [];
    try {
      return body();
    } finally {
      this.fn = saved;
      this.pending = savedPending;
    }
  }

  // ---- scopes and AT0002 checks -------------------------------------------------------------

  pushScope(node: ScopeInfo["node"], fnPos = -1): void {
    this.scopeStack.push({ node, fnPos });
  }

  popScope(): void {
    this.scopeStack.pop();
  }

  /** Start offset of the innermost scope node (where a FnDecl declared in it is hoisted to). */
  currentScopeStart(): number {
    const top = this.scopeStack[this.scopeStack.length - 1];
    return top === undefined ? 0 : top.node.span.start;
  }

  /**
   * Whether an access to `b` from the current position may find it uninitialised (§6.6): only
   * let/var bindings read from inside a function whose value may exist before the declaration
   * has run (a hoisted declaration, or a function expression before or inside the declaration).
   * REPL module bindings are always checked (an earlier input may have failed before one).
   */
  needsCheck(b: Binding): boolean {
    if (b.kind !== "let" && b.kind !== "var") return false;
    if (this.checked.has(b)) return true;
    if (this.isReplGlobal(b)) return true;
    let crossed = -1;
    let found = false;
    for (let i = this.scopeStack.length - 1; i >= 0; i--) {
      const e = this.scopeStack[i];
      if (e.node === b.scope.node) {
        found = true;
        break;
      }
      if (e.fnPos >= 0) crossed = e.fnPos;
    }
    if (!found) return b.scope.moduleIndex < 0; // another module's binding: it has finished
    if (crossed < 0) return false;
    const end = this.declEnd.get(b);
    if (end !== undefined && crossed >= end) return false;
    this.checked.add(b);
    return true;
  }
}
