// Prints the JS output AST (js-ast.ts) as source. Parentheses come from precedence levels
// (design.md R8, esbuild's `printExpr(e, level)`: wrap when the node binds looser than the
// context requires). Left-nested binary chains, sequences, `?:` else-chains and `else if`
// chains are printed iteratively, so 10,000-term chains cannot overflow the JS stack.
import type { JSExpr, JSFunction, JSStmt, BinOp } from "./js-ast.js";
import { jsNumber, jsString } from "./names.js";

/** JS binding power, lowest first (only the levels the compiler emits). */
export enum L {
  Lowest = 0,
  Comma = 1,
  Yield = 2,
  Assign = 3,
  Conditional = 4,
  LogicalOr = 5,
  LogicalAnd = 6,
  Equals = 7,
  Compare = 8,
  Shift = 9,
  Add = 10,
  Multiply = 11,
  Prefix = 12,
  Postfix = 13,
  Call = 14,
  Member = 15,
}

/** Operator table (design.md R3): level of every binary operator. */
const BIN_LEVEL: Record<BinOp, L> = {
  "||": L.LogicalOr,
  "&&": L.LogicalAnd,
  "===": L.Equals,
  "!==": L.Equals,
  "<": L.Compare,
  "<=": L.Compare,
  ">": L.Compare,
  ">=": L.Compare,
  instanceof: L.Compare,
  ">>>": L.Shift,
  "+": L.Add,
  "-": L.Add,
  "*": L.Multiply,
  "/": L.Multiply,
  "%": L.Multiply,
};

export function printProgram(body: readonly JSStmt[]): string {
  const p = new Printer();
  p.stmts(body, 0);
  return p.out.join("");
}

export function printExpression(e: JSExpr): string {
  const p = new Printer();
  p.expr(e, L.Lowest);
  return p.out.join("");
}

class Printer {
  readonly out: string[] = [];
  /** Indentation depth of the statement being printed (for function expressions). */
  private depth = 0;

  private w(s: string): void {
    this.out.push(s);
  }

  private indent(n: number): void {
    if (n > 0) this.out.push("  ".repeat(n));
  }

  // ---- expressions ---------------------------------------------------------------------------

  expr(e: JSExpr, level: L): void {
    switch (e.k) {
      case "id":
        this.w(e.name);
        return;
      case "num": {
        const text = jsNumber(e.value);
        // `-1` and `-0` are unary minus: parenthesise where a prefix expression may not go.
        const wrap = text.startsWith("-") && level >= L.Prefix;
        this.w(wrap ? `(${text})` : text);
        return;
      }
      case "str":
        this.w(jsString(e.value));
        return;
      case "lit":
        this.w(e.value === undefined ? "void 0" : String(e.value));
        return;
      case "bin":
        this.binary(e, level);
        return;
      case "un":
        this.unary(e.op, e.e, level);
        return;
      case "assign":
        this.wrapped(level > L.Assign, () => {
          this.expr(e.target, L.Postfix);
          this.w(" = ");
          this.expr(e.e, L.Assign);
        });
        return;
      case "update":
        this.wrapped(level > L.Postfix, () => {
          this.expr(e.target, L.Postfix);
          this.w(e.op);
        });
        return;
      case "cond":
        this.conditional(e, level);
        return;
      case "call":
        this.wrapped(level > L.Call, () => {
          this.expr(e.callee, L.Call);
          this.args(e.args);
        });
        return;
      case "dot":
        this.wrapped(level > L.Member, () => {
          this.expr(e.obj, L.Member);
          this.w(`.${e.name}`);
        });
        return;
      case "index":
        this.wrapped(level > L.Member, () => {
          this.expr(e.obj, L.Member);
          this.w("[");
          this.expr(e.index, L.Lowest);
          this.w("]");
        });
        return;
      case "seq":
        this.wrapped(level > L.Comma, () => {
          for (let i = 0; i < e.items.length; i++) {
            if (i > 0) this.w(", ");
            this.expr(e.items[i], L.Assign);
          }
        });
        return;
      case "array":
        this.w("[");
        this.list(e.items);
        this.w("]");
        return;
      case "fn":
        // A function expression at the start of a statement would parse as a declaration.
        this.wrapped(level >= L.Call || level === L.Lowest, () => this.fn(e.fn, this.depth));
        return;
      case "yield":
        this.wrapped(level > L.Yield, () => {
          this.w(e.delegate ? "yield* " : "yield ");
          this.expr(e.e, L.Yield);
        });
        return;
    }
  }

  private wrapped(wrap: boolean, body: () => void): void {
    if (wrap) this.w("(");
    body();
    if (wrap) this.w(")");
  }

  private args(args: readonly JSExpr[]): void {
    this.w("(");
    this.list(args);
    this.w(")");
  }

  private list(items: readonly JSExpr[]): void {
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.w(", ");
      this.expr(items[i], L.Assign);
    }
  }

  private unary(op: "!" | "-" | "typeof" | "void", operand: JSExpr, level: L): void {
    this.wrapped(level > L.Prefix, () => {
      this.w(op === "typeof" || op === "void" ? `${op} ` : op);
      // `- -x` must not print as `--x`.
      const inner = operand.k === "un" && op === "-" && operand.op === "-";
      const negLit = op === "-" && operand.k === "num" && (operand.value < 0 || Object.is(operand.value, -0));
      if (inner || negLit) this.w(" ");
      this.expr(operand, L.Prefix);
    });
  }

  /** Left-nested chains are walked on a heap stack (no recursion on the left spine). */
  private binary(top: Extract<JSExpr, { k: "bin" }>, level: L): void {
    const spine: Extract<JSExpr, { k: "bin" }>[] = [];
    let n: JSExpr = top;
    // Collect the left spine while each left operand prints without parentheses.
    while (n.k === "bin") {
      const lv = BIN_LEVEL[n.op];
      if (spine.length > 0) {
        const parent = spine[spine.length - 1];
        if (lv < BIN_LEVEL[parent.op]) break;
      } else if (lv < level) break;
      spine.push(n);
      n = n.l;
    }
    if (spine.length === 0) {
      this.w("(");
      this.binary(top, L.Lowest);
      this.w(")");
      return;
    }
    this.expr(n, BIN_LEVEL[spine[spine.length - 1].op]);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i];
      this.w(` ${b.op} `);
      this.expr(b.r, BIN_LEVEL[b.op] + 1);
    }
  }

  /** `a ? b : c ? d : e` — the else spine is walked iteratively. */
  private conditional(top: Extract<JSExpr, { k: "cond" }>, level: L): void {
    this.wrapped(level > L.Conditional, () => {
      let n: JSExpr = top;
      while (n.k === "cond") {
        this.expr(n.test, L.LogicalOr);
        this.w(" ? ");
        this.expr(n.then, L.Assign);
        this.w(" : ");
        n = n.else;
      }
      this.expr(n, L.Assign);
    });
  }

  fn(f: JSFunction, depth: number): void {
    const saved = this.depth;
    if (f.arrow) this.w(`(${f.params.join(", ")}) => {\n`);
    else this.w(`function${f.generator ? "*" : ""}${f.name !== null ? ` ${f.name}` : ""}(${f.params.join(", ")}) {\n`);
    this.stmts(f.body, depth + 1);
    this.depth = saved;
    this.indent(depth);
    this.w("}");
  }

  // ---- statements ----------------------------------------------------------------------------

  stmts(list: readonly JSStmt[], depth: number): void {
    for (const s of list) this.stmt(s, depth);
  }

  private block(body: readonly JSStmt[], depth: number): void {
    this.w("{\n");
    this.stmts(body, depth + 1);
    this.indent(depth);
    this.w("}");
  }

  private stmt(s: JSStmt, depth: number): void {
    this.depth = depth;
    this.indent(depth);
    switch (s.k) {
      case "expr":
        this.expr(s.e, L.Lowest);
        this.w(";\n");
        return;
      case "decl":
        this.decl(s);
        this.w(";\n");
        return;
      case "fndecl":
        this.fn(s.fn, depth);
        this.w("\n");
        return;
      case "return":
        this.w("return");
        if (s.e !== null) {
          this.w(" ");
          this.expr(s.e, L.Comma);
        }
        this.w(";\n");
        return;
      case "throw":
        this.w("throw ");
        this.expr(s.e, L.Comma);
        this.w(";\n");
        return;
      case "if":
        this.ifChain(s, depth);
        return;
      case "while":
        if (s.label !== undefined) this.w(`${s.label}: `);
        this.w("while (");
        this.expr(s.test, L.Lowest);
        this.w(") ");
        this.block(s.body, depth);
        this.w("\n");
        return;
      case "for":
        this.w("for (");
        if (s.init !== null) {
          if (s.init.k === "decl") this.decl(s.init);
          else if (s.init.k === "expr") this.expr(s.init.e, L.Lowest);
        }
        this.w("; ");
        if (s.test !== null) this.expr(s.test, L.Lowest);
        this.w("; ");
        if (s.update !== null) this.expr(s.update, L.Lowest);
        this.w(") ");
        this.block(s.body, depth);
        this.w("\n");
        return;
      case "forof":
        this.w(`for (const ${s.name} of `);
        this.expr(s.iterable, L.Assign);
        this.w(") ");
        this.block(s.body, depth);
        this.w("\n");
        return;
      case "block":
        if (s.label !== undefined) this.w(`${s.label}: `);
        this.block(s.body, depth);
        this.w("\n");
        return;
      case "break":
        this.w(s.label !== undefined ? `break ${s.label};\n` : "break;\n");
        return;
      case "continue":
        this.w("continue;\n");
        return;
      case "try":
        this.w("try ");
        this.block(s.body, depth);
        if (s.handler !== null) {
          this.w(` catch (${s.param ?? "$e"}) `);
          this.block(s.handler, depth);
        }
        if (s.finalizer !== null) {
          this.w(" finally ");
          this.block(s.finalizer, depth);
        }
        this.w("\n");
        return;
      case "comment":
        this.w(`// ${s.text.replace(/[\r\n\u2028\u2029]/g, " ")}\n`);
        return;
    }
  }

  private decl(s: Extract<JSStmt, { k: "decl" }>): void {
    this.w(`${s.kind} `);
    for (let i = 0; i < s.decls.length; i++) {
      if (i > 0) this.w(", ");
      const d = s.decls[i];
      this.w(d.name);
      if (d.init !== null) {
        this.w(" = ");
        this.expr(d.init, L.Assign);
      }
    }
  }

  /** `if … else if … else …` printed iteratively along the else chain. */
  private ifChain(s: Extract<JSStmt, { k: "if" }>, depth: number): void {
    let n: Extract<JSStmt, { k: "if" }> = s;
    for (;;) {
      this.w("if (");
      this.expr(n.test, L.Lowest);
      this.w(") ");
      this.block(n.then, depth);
      const e = n.else;
      if (e === null) break;
      if (e.length === 1 && e[0].k === "if") {
        this.w(" else ");
        n = e[0];
        continue;
      }
      this.w(" else ");
      this.block(e, depth);
      break;
    }
    this.w("\n");
  }
}
