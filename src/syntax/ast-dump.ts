// A stable S-expression dump of AST nodes, for `atlas ast FILE` and parser golden tests
// (jlox's AstPrinter). Deterministic: depends only on node kinds and fields, never on spans.
//
// Format. Every node is `(Kind field…)`; a Name is its bare text; strings are JSON-quoted;
// numbers are shown by their source lexeme. Optional parts appear only when present:
//   (VarDecl let x (type (NamedType number)) (NumberLit 1))   (VarDecl var y (Ident x))
//   (FnDecl async f (typeParams (TypeParam T (NamedType number))) (params (Param a (NamedType T)))
//     (returns (NamedType bool)) (predicate a (NamedType string)) (Block …))
//   (If cond (Block …) else)  (While cond (Block …))  (ForIn x iterable (Block …))
//   (For init|_ cond|_ step|_ (Block …))  (Return [value])  (Break)  (Continue)  (Empty)
//   (ExprStmt e)  (Assign target value)  (CompoundAssign += target value)  (IncDec ++ target)
//   (Import (names a b) "./m")  (Import (namespace ns) "./m")  (Export decl)
//   (TypeAlias Name (typeParams …) type)
//   (NumberLit 1.5)  (StringLit "s")  (BoolLit true)  (NullLit)  (Ident a)  (ArrayLit e…)
//   (Paren e)  (Unary - e)  (Await e)  (Binary + l r)  (Call callee arg…)  (Index t i)
//   (Member t name) for `t.name`, (Member t name (args a…)) for `t.name(a…)`  (Try e)
//   (FnExpr [async] (params …) (returns T) (Block …))
//   (Match scrutinee <arms, one per line>)  (MatchArm pattern (if guard) body)
//   patterns: (LiteralPattern 1|"s"|true|null) (WildcardPattern) (BindingPattern x)
//     (ConstructorPattern Some (args p…)) and bare `None` as (ConstructorPattern None)
//     (ArrayPattern p…) (OrPattern p…)
//   types: (NamedType Option (NamedType number)) (NullType) (FnType (params T…) R)
//     (ArrayType T) (UnionType T…) (IntersectionType T…) (StructType (field a T)…)
// Layout. A Program prints one top-level item per line. A Block prints `(Block` and then each
// statement on its own line indented two spaces deeper than the line the block starts on;
// match arms likewise; everything else stays on one line.
import type * as ast from "./ast.js";
import { assertNever } from "./ast.js";

/** Dumps any node. A Program gives its items joined by newlines (no trailing newline). */
export function dumpAst(node: ast.Node): string {
  if (node.kind === "Program") return node.body.map((s) => dump(s, "")).join("\n");
  return dump(node, "");
}

function list(tag: string, items: string[]): string {
  return items.length === 0 ? `(${tag})` : `(${tag} ${items.join(" ")})`;
}

function opt<T>(x: T | null, f: (x: T) => string): string[] {
  return x === null ? [] : [f(x)];
}

function lines(tag: string, head: string[], items: string[], ind: string): string {
  const first = list(tag, head);
  if (items.length === 0) return first;
  return `${first.slice(0, -1)}${items.map((s) => `\n${ind}  ${s}`).join("")})`;
}

function dump(n: ast.Node, ind: string): string {
  return chainChild(n) === null ? dumpNode(n, ind) : dumpChain(n, ind);
}

/**
 * The node a left-nested chain continues with: binary operands, postfix operands, `else if`
 * and `T[]` element types. Such chains can be 10,000 long (§13.1.10), so they are dumped by a
 * loop: `(Binary + (Binary + a b) c)` is the heads `(Binary + `, `(Binary + `, the innermost
 * `a`, then the tails ` b)`, ` c)`.
 */
function chainChild(n: ast.Node): ast.Node | null {
  switch (n.kind) {
    case "Binary":
      return n.left;
    case "Call":
      return n.callee;
    case "Index":
    case "Member":
      return n.target;
    case "Try":
      return n.operand;
    case "If":
      return n.else;
    case "ArrayType":
      return n.element;
    default:
      return null;
  }
}

function dumpChain(n: ast.Node, ind: string): string {
  const d = (x: ast.Node): string => dump(x, ind);
  const heads: string[] = [];
  const tails: string[] = [];
  let cur = n;
  for (let child = chainChild(cur); child !== null; child = chainChild(cur)) {
    switch (cur.kind) {
      case "Binary":
        heads.push(`(Binary ${cur.op} `);
        tails.push(` ${d(cur.right)})`);
        break;
      case "Call":
        heads.push("(Call ");
        tails.push(`${cur.args.map((a) => ` ${d(a)}`).join("")})`);
        break;
      case "Index":
        heads.push("(Index ");
        tails.push(` ${d(cur.index)})`);
        break;
      case "Member": {
        const args = cur.args === null ? "" : ` ${list("args", cur.args.map(d))}`;
        heads.push("(Member ");
        tails.push(` ${cur.name.name}${args})`);
        break;
      }
      case "If":
        heads.push(`(If ${d(cur.cond)} ${d(cur.then)} `);
        tails.push(")");
        break;
      default:
        heads.push(`(${cur.kind} `);
        tails.push(")");
    }
    cur = child;
  }
  return heads.join("") + dumpNode(cur, ind) + tails.reverse().join("");
}

function dumpNode(n: ast.Node, ind: string): string {
  const d = (x: ast.Node): string => dump(x, ind);
  switch (n.kind) {
    case "Program":
      return lines("Program", [], n.body.map((s) => dump(s, `${ind}  `)), ind);
    case "Name":
      return n.name;
    case "Block":
      return lines("Block", [], n.body.map((s) => dump(s, `${ind}  `)), ind);
    case "VarDecl":
      return list("VarDecl", [n.mutable ? "var" : "let", n.name.name, ...opt(n.type, (t) => list("type", [d(t)])), d(n.init)]);
    case "FnDecl":
      return list("FnDecl", [
        ...(n.isAsync ? ["async"] : []),
        n.name.name,
        ...(n.typeParams.length > 0 ? [list("typeParams", n.typeParams.map(d))] : []),
        list("params", n.params.map(d)),
        ...opt(n.returnType, (t) => list("returns", [d(t)])),
        ...opt(n.predicate, d),
        d(n.body),
      ]);
    case "TypeParam":
      return list("TypeParam", [n.name.name, ...opt(n.bound, d)]);
    case "Param":
      return list("Param", [n.name.name, ...opt(n.type, d)]);
    case "TypePredicate":
      return list("predicate", [n.param.name, d(n.type)]);
    case "If":
      return list("If", [d(n.cond), d(n.then), ...opt(n.else, d)]);
    case "While":
      return list("While", [d(n.cond), d(n.body)]);
    case "For":
      return list("For", [n.init ? d(n.init) : "_", n.cond ? d(n.cond) : "_", n.step ? d(n.step) : "_", d(n.body)]);
    case "ForIn":
      return list("ForIn", [n.name.name, d(n.iterable), d(n.body)]);
    case "Return":
      return list("Return", opt(n.value, d));
    case "Break":
    case "Continue":
    case "Empty":
      return `(${n.kind})`;
    case "ExprStmt":
      return list("ExprStmt", [d(n.expr)]);
    case "Assign":
      return list("Assign", [d(n.target), d(n.value)]);
    case "CompoundAssign":
      return list("CompoundAssign", [n.op, d(n.target), d(n.value)]);
    case "IncDec":
      return list("IncDec", [n.op, d(n.target)]);
    case "Import": {
      const what = n.namespace ? list("namespace", [n.namespace.name]) : list("names", n.names.map((x) => x.name));
      return list("Import", [what, JSON.stringify(n.source.value)]);
    }
    case "Export":
      return list("Export", [d(n.decl)]);
    case "TypeAlias":
      return list("TypeAlias", [
        n.name.name,
        ...(n.typeParams.length > 0 ? [list("typeParams", n.typeParams.map(d))] : []),
        d(n.type),
      ]);
    default:
      return dumpExpr(n, ind);
  }
}

function dumpExpr(n: Exclude<ast.Node, ast.Stmt | ast.Program | ast.Name | ast.TypeParam | ast.Param | ast.TypePredicate>, ind: string): string {
  const d = (x: ast.Node): string => dump(x, ind);
  switch (n.kind) {
    case "NumberLit":
      return list("NumberLit", [n.raw]);
    case "StringLit":
      return list("StringLit", [JSON.stringify(n.value)]);
    case "BoolLit":
      return list("BoolLit", [String(n.value)]);
    case "NullLit":
      return "(NullLit)";
    case "Ident":
      return list("Ident", [n.name]);
    case "ArrayLit":
      return list("ArrayLit", n.elements.map(d));
    case "Paren":
      return list("Paren", [d(n.expr)]);
    case "Unary":
      return list("Unary", [n.op, d(n.operand)]);
    case "Await":
      return list("Await", [d(n.operand)]);
    case "Binary":
      return list("Binary", [n.op, d(n.left), d(n.right)]);
    case "Call":
      return list("Call", [d(n.callee), ...n.args.map(d)]);
    case "Index":
      return list("Index", [d(n.target), d(n.index)]);
    case "Member":
      return list("Member", [d(n.target), n.name.name, ...opt(n.args, (a) => list("args", a.map(d)))]);
    case "Try":
      return list("Try", [d(n.operand)]);
    case "Match":
      return lines("Match", [d(n.scrutinee)], n.arms.map((a) => dump(a, `${ind}  `)), ind);
    case "MatchArm":
      return list("MatchArm", [d(n.pattern), ...opt(n.guard, (g) => list("if", [d(g)])), d(n.body)]);
    case "FnExpr":
      return list("FnExpr", [
        ...(n.isAsync ? ["async"] : []),
        list("params", n.params.map(d)),
        ...opt(n.returnType, (t) => list("returns", [d(t)])),
        d(n.body),
      ]);
    default:
      return dumpPatternOrType(n, ind);
  }
}

function dumpPatternOrType(n: ast.Pattern | ast.TypeExpr, ind: string): string {
  const d = (x: ast.Node): string => dump(x, ind);
  switch (n.kind) {
    case "LiteralPattern":
      return list("LiteralPattern", [typeof n.value === "string" ? JSON.stringify(n.value) : String(n.value)]);
    case "WildcardPattern":
      return "(WildcardPattern)";
    case "ConstructorPattern":
      return list("ConstructorPattern", [n.name.name, ...(n.parens ? [list("args", n.args.map(d))] : [])]);
    case "BindingPattern":
      return list("BindingPattern", [n.name.name]);
    case "ArrayPattern":
      return list("ArrayPattern", n.elements.map(d));
    case "OrPattern":
      return list("OrPattern", n.alternatives.map(d));
    case "NamedType":
      return list("NamedType", [n.name.name, ...n.args.map(d)]);
    case "NullType":
      return "(NullType)";
    case "FnType":
      return list("FnType", [list("params", n.params.map(d)), d(n.result)]);
    case "ArrayType":
      return list("ArrayType", [d(n.element)]);
    case "UnionType":
      return list("UnionType", n.members.map(d));
    case "IntersectionType":
      return list("IntersectionType", n.members.map(d));
    case "StructType":
      return list("StructType", n.members.map((m) => list("field", [m.name.name, d(m.type)])));
    default:
      return assertNever(n);
  }
}
