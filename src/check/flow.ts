// Control-flow facts used by the checker (language.md §5.7 always-returns, §13.2.6, §5.10
// block arms that always exit) and an iterative AST walker (stack-safe on long chains).
import type * as ast from "../syntax/ast.js";

/** Direct children (statements, expressions, blocks, arms) of a node; types and patterns excluded. */
export function childNodes(n: ast.Node): ast.Node[] {
  switch (n.kind) {
    case "Program":
    case "Block":
      return n.body;
    case "VarDecl":
      return [n.init];
    case "FnDecl":
      return [n.body];
    case "If":
      return n.else ? [n.cond, n.then, n.else] : [n.cond, n.then];
    case "While":
      return [n.cond, n.body];
    case "For": {
      const out: ast.Node[] = [];
      if (n.init) out.push(n.init);
      if (n.cond) out.push(n.cond);
      if (n.step) out.push(n.step);
      out.push(n.body);
      return out;
    }
    case "ForIn":
      return [n.iterable, n.body];
    case "Return":
      return n.value ? [n.value] : [];
    case "ExprStmt":
      return [n.expr];
    case "Assign":
    case "CompoundAssign":
      return [n.target, n.value];
    case "IncDec":
      return [n.target];
    case "Export":
      return [n.decl];
    case "ArrayLit":
      return n.elements;
    case "Paren":
      return [n.expr];
    case "Unary":
    case "Await":
    case "Try":
      return [n.operand];
    case "Binary":
      return [n.left, n.right];
    case "Call":
      return [n.callee, ...n.args];
    case "Index":
      return [n.target, n.index];
    case "Member":
      return n.args ? [n.target, ...n.args] : [n.target];
    case "Match":
      return [n.scrutinee, ...n.arms];
    case "MatchArm":
      return n.guard ? [n.guard, n.body] : [n.body];
    case "FnExpr":
      return [n.body];
    default:
      return [];
  }
}

/**
 * Visits `root` and its descendants depth-first with an explicit stack. `enter` returns false
 * to skip a node's children. `fnOwner` is the innermost enclosing function (null: top level).
 */
export function walk(
  root: ast.Node,
  enter: (n: ast.Node, fnOwner: ast.FnDecl | ast.FnExpr | null) => boolean,
  owner: ast.FnDecl | ast.FnExpr | null = null,
): void {
  const stack: [ast.Node, ast.FnDecl | ast.FnExpr | null][] = [[root, owner]];
  while (stack.length > 0) {
    const [n, o] = stack.pop()!;
    if (!enter(n, o)) continue;
    const inner = n.kind === "FnDecl" || n.kind === "FnExpr" ? n : o;
    const kids = childNodes(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], inner]);
  }
}

/** Whether a loop body contains a `break` targeting that loop. */
export function hasBreakFor(body: ast.Block): boolean {
  let found = false;
  walk(body, (n) => {
    if (found) return false;
    switch (n.kind) {
      case "Break":
        found = true;
        return false;
      case "While":
      case "For":
      case "ForIn":
      case "FnDecl":
      case "FnExpr":
        return false;
      default:
        return true;
    }
  });
  return found;
}

function isTrueLiteral(e: ast.Expr): boolean {
  while (e.kind === "Paren") e = e.expr;
  return e.kind === "BoolLit" && e.value;
}

/** §5.7 always-returns (with §13.2.6); with `exits`, `break`/`continue` also end the path (§5.10). */
function ends(s: ast.Stmt, exits: boolean): boolean {
  let cur: ast.Stmt = s;
  for (;;) {
    switch (cur.kind) {
      case "Return":
        return true;
      case "Break":
      case "Continue":
        return exits;
      case "Block":
        return listEnds(cur.body, exits);
      case "While":
        return isTrueLiteral(cur.cond) && !hasBreakFor(cur.body);
      case "If": {
        if (!cur.else || !listEnds(cur.then.body, exits)) return false;
        if (cur.else.kind === "Block") return listEnds(cur.else.body, exits);
        cur = cur.else;
        continue;
      }
      default:
        return false;
    }
  }
}

function listEnds(stmts: readonly ast.Stmt[], exits: boolean): boolean {
  return stmts.some((s) => ends(s, exits));
}

export function alwaysReturns(stmts: readonly ast.Stmt[]): boolean {
  return listEnds(stmts, false);
}

export function alwaysExits(stmts: readonly ast.Stmt[]): boolean {
  return listEnds(stmts, true);
}
