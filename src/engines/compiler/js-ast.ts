// The minimal JavaScript output AST (design.md §2): codegen builds these plain records and the
// printer (js-printer.ts) turns them into source. Only the forms the compiler emits exist.

export type JSExpr =
  | { readonly k: "id"; readonly name: string }
  | { readonly k: "num"; readonly value: number }
  | { readonly k: "str"; readonly value: string }
  | { readonly k: "lit"; readonly value: boolean | null | undefined }
  | { readonly k: "bin"; readonly op: BinOp; readonly l: JSExpr; readonly r: JSExpr }
  | { readonly k: "un"; readonly op: "!" | "-" | "typeof" | "void"; readonly e: JSExpr }
  | { readonly k: "assign"; readonly target: JSExpr; readonly e: JSExpr }
  | { readonly k: "update"; readonly op: "++" | "--"; readonly target: JSExpr }
  | { readonly k: "cond"; readonly test: JSExpr; readonly then: JSExpr; readonly else: JSExpr }
  | { readonly k: "call"; readonly callee: JSExpr; readonly args: readonly JSExpr[] }
  | { readonly k: "dot"; readonly obj: JSExpr; readonly name: string }
  | { readonly k: "index"; readonly obj: JSExpr; readonly index: JSExpr }
  | { readonly k: "seq"; readonly items: readonly JSExpr[] }
  | { readonly k: "array"; readonly items: readonly JSExpr[] }
  | { readonly k: "fn"; readonly fn: JSFunction }
  | { readonly k: "yield"; readonly e: JSExpr; readonly delegate: boolean };

export type BinOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "<"
  | "<="
  | ">"
  | ">="
  | "==="
  | "!=="
  | "&&"
  | "||"
  | ">>>"
  | "instanceof";

export interface JSFunction {
  readonly name: string | null;
  readonly params: readonly string[];
  readonly body: readonly JSStmt[];
  readonly generator: boolean;
  /** `() => { … }` (no own `this`/`arguments`; used for arm blocks in expression position). */
  readonly arrow: boolean;
  /**
   * Runs in place as part of the enclosing activation (an arm block or a scoped loop condition
   * invoked at once): it uses the enclosing function's temporaries, not its own.
   */
  readonly inline?: boolean;
}

export type JSStmt =
  | { readonly k: "expr"; readonly e: JSExpr }
  | { readonly k: "decl"; readonly kind: "let" | "const"; readonly decls: readonly { name: string; init: JSExpr | null }[] }
  | { readonly k: "fndecl"; readonly fn: JSFunction }
  | { readonly k: "return"; readonly e: JSExpr | null }
  | { readonly k: "throw"; readonly e: JSExpr }
  | { readonly k: "if"; readonly test: JSExpr; readonly then: readonly JSStmt[]; readonly else: readonly JSStmt[] | null }
  | { readonly k: "while"; readonly test: JSExpr; readonly body: readonly JSStmt[]; readonly label?: string }
  | {
      readonly k: "for";
      readonly init: JSStmt | null;
      readonly test: JSExpr | null;
      readonly update: JSExpr | null;
      readonly body: readonly JSStmt[];
    }
  | { readonly k: "forof"; readonly name: string; readonly iterable: JSExpr; readonly body: readonly JSStmt[] }
  | { readonly k: "block"; readonly body: readonly JSStmt[]; readonly label?: string }
  | { readonly k: "break"; readonly label?: string }
  | { readonly k: "continue" }
  | {
      readonly k: "try";
      readonly body: readonly JSStmt[];
      readonly param: string | null;
      readonly handler: readonly JSStmt[] | null;
      readonly finalizer: readonly JSStmt[] | null;
    }
  | { readonly k: "comment"; readonly text: string };

// ---- constructors (short names keep codegen readable) --------------------------------------

export const id = (name: string): JSExpr => ({ k: "id", name });
export const num = (value: number): JSExpr => ({ k: "num", value });
export const str = (value: string): JSExpr => ({ k: "str", value });
export const lit = (value: boolean | null | undefined): JSExpr => ({ k: "lit", value });
export const bin = (op: BinOp, l: JSExpr, r: JSExpr): JSExpr => ({ k: "bin", op, l, r });
export const un = (op: "!" | "-" | "typeof" | "void", e: JSExpr): JSExpr => ({ k: "un", op, e });
export const assign = (target: JSExpr, e: JSExpr): JSExpr => ({ k: "assign", target, e });
export const cond = (test: JSExpr, then: JSExpr, otherwise: JSExpr): JSExpr => ({ k: "cond", test, then, else: otherwise });
export const call = (callee: JSExpr, args: readonly JSExpr[]): JSExpr => ({ k: "call", callee, args });
export const dot = (obj: JSExpr, name: string): JSExpr => ({ k: "dot", obj, name });
export const index = (obj: JSExpr, i: JSExpr): JSExpr => ({ k: "index", obj, index: i });
export const array = (items: readonly JSExpr[]): JSExpr => ({ k: "array", items });
export const exprStmt = (e: JSExpr): JSStmt => ({ k: "expr", e });
export const ret = (e: JSExpr | null): JSStmt => ({ k: "return", e });

/** `a, b, c` (a single item is returned as is; nested sequences are flattened). */
export function seq(items: readonly JSExpr[]): JSExpr {
  const flat: JSExpr[] = [];
  for (const it of items) {
    if (it.k === "seq") flat.push(...it.items);
    else flat.push(it);
  }
  return flat.length === 1 ? flat[0] : { k: "seq", items: flat };
}

/** `typeof e === "<t>"` (folded to a constant for literals). */
export function typeIs(e: JSExpr, t: string): JSExpr {
  if (e.k === "num") return lit(t === "number");
  if (e.k === "str") return lit(t === "string");
  return bin("===", un("typeof", e), str(t));
}

/** `a && b`, folding constant `true` operands. */
export function and(a: JSExpr, b: JSExpr): JSExpr {
  if (a.k === "lit" && a.value === true) return b;
  if (b.k === "lit" && b.value === true) return a;
  return bin("&&", a, b);
}

/** True for expressions that can be evaluated twice with no effect and no cost. */
export function isTrivial(e: JSExpr): boolean {
  return e.k === "id" || e.k === "num" || e.k === "str" || e.k === "lit";
}

/**
 * Which of `candidates` occur as identifiers in `body` (nested functions excluded unless
 * `inline`). Iterative, so 10,000-term chains are fine. Used to declare only the temporaries
 * an activation actually uses.
 */
export function usedNames(body: readonly JSStmt[], candidates: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  if (candidates.size === 0) return used;
  const exprs: JSExpr[] = [];
  const stmts: JSStmt[] = [];
  pushAll(stmts, body);
  const fn = (f: JSFunction): void => {
    if (f.inline === true) pushAll(stmts, f.body);
  };
  for (;;) {
    const e = exprs.pop();
    if (e !== undefined) {
      switch (e.k) {
        case "id":
          if (candidates.has(e.name)) used.add(e.name);
          break;
        case "num":
        case "str":
        case "lit":
          break;
        case "bin":
          exprs.push(e.l, e.r);
          break;
        case "un":
        case "yield":
          exprs.push(e.e);
          break;
        case "assign":
          exprs.push(e.target, e.e);
          break;
        case "update":
          exprs.push(e.target);
          break;
        case "cond":
          exprs.push(e.test, e.then, e.else);
          break;
        case "call":
          exprs.push(e.callee);
          pushAll(exprs, e.args);
          break;
        case "dot":
          exprs.push(e.obj);
          break;
        case "index":
          exprs.push(e.obj, e.index);
          break;
        case "seq":
        case "array":
          pushAll(exprs, e.items);
          break;
        case "fn":
          fn(e.fn);
          break;
      }
      continue;
    }
    const s = stmts.pop();
    if (s === undefined) return used;
    switch (s.k) {
      case "expr":
      case "throw":
        exprs.push(s.e);
        break;
      case "return":
        if (s.e !== null) exprs.push(s.e);
        break;
      case "decl":
        for (const d of s.decls) if (d.init !== null) exprs.push(d.init);
        break;
      case "fndecl":
        fn(s.fn);
        break;
      case "if":
        exprs.push(s.test);
        pushAll(stmts, s.then);
        pushAll(stmts, s.else ?? []);
        break;
      case "while":
        exprs.push(s.test);
        pushAll(stmts, s.body);
        break;
      case "for":
        if (s.init !== null) stmts.push(s.init);
        if (s.test !== null) exprs.push(s.test);
        if (s.update !== null) exprs.push(s.update);
        pushAll(stmts, s.body);
        break;
      case "forof":
        exprs.push(s.iterable);
        pushAll(stmts, s.body);
        break;
      case "block":
        pushAll(stmts, s.body);
        break;
      case "try":
        pushAll(stmts, s.body);
        pushAll(stmts, s.handler ?? []);
        pushAll(stmts, s.finalizer ?? []);
        break;
      case "break":
      case "continue":
      case "comment":
        break;
    }
  }
}

function pushAll<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}
