// Statements, blocks, declarations and statement lists with error recovery (language.md §3.1,
// §3.3, §13.1.2–§13.1.8). Each statement list catches the ParseError of one statement,
// records it and skips to a sync point, so every statement reports at most one error.
import type * as ast from "./ast.js";
import { ParseError, type Parser } from "./parser.js";
import { COMPOUND_OPS, TokenKind, type Token } from "./tokens.js";
import { SYN, expectedButFound, type Msg } from "./messages.js";
import { canStartExpr, parseExpr, parseMatch, parseParams } from "./parse-expr.js";
import { parseType, parseTypeParams } from "./parse-type.js";

/**
 * Parses statements into `out` until `}` (left for the caller) or EOF. At top level (`top`)
 * imports, exports and type aliases are allowed and a stray `}` is AT1000 `Unexpected '}'`.
 */
export function parseStatementList(p: Parser, top: boolean, out: ast.Stmt[]): void {
  for (;;) {
    const t = p.peek();
    if (t.kind === TokenKind.EOF) return;
    if (t.kind === TokenKind.RBrace) {
      if (!top) return;
      // A stray `}` is a statement error: recovery skips past the next `;` (§13.1.2), but may
      // stop at once before a sync keyword, since the `}` itself was consumed.
      p.report(p.syntaxDiag(SYN.strayRBrace, p.spanOf(t)));
      p.advance();
      p.synchronize(-1);
      continue;
    }
    const start = p.pos;
    const depth = p.depth;
    try {
      out.push(parseStatement(p, top));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      p.report(e.diag);
      p.depth = depth;
      p.synchronize(start);
    }
  }
}

/** `block = "{" { stmt } "}"` */
export function parseBlock(p: Parser): ast.Block {
  const open = p.openBrace(SYN.lbrace);
  const body: ast.Stmt[] = [];
  parseStatementList(p, false, body);
  const close = p.expect(TokenKind.RBrace, SYN.rbrace);
  p.leave();
  return { kind: "Block", span: p.span(open.start, close.end), body };
}

function parseStatement(p: Parser, top: boolean): ast.Stmt {
  const t = p.peek();
  switch (t.kind) {
    case TokenKind.Let:
    case TokenKind.Var: {
      const decl = parseVarHead(p);
      const semi = p.expect(TokenKind.Semi, SYN.semiVarDecl);
      return { ...decl, span: p.span(decl.span.start, semi.end) };
    }
    case TokenKind.Fn:
      if (p.peekKind(1) !== TokenKind.LParen) return parseFnDecl(p);
      break;
    case TokenKind.Async:
      if (p.peekKind(1) !== TokenKind.Fn) {
        p.advance();
        p.fail(SYN.fnAfterAsync);
      }
      if (p.peekKind(2) !== TokenKind.LParen) return parseFnDecl(p);
      break;
    case TokenKind.If:
      return parseIf(p);
    case TokenKind.While:
      return parseWhile(p);
    case TokenKind.For:
      return parseFor(p);
    case TokenKind.Return:
      return parseReturn(p);
    case TokenKind.Break:
    case TokenKind.Continue: {
      p.advance();
      const isBreak = t.kind === TokenKind.Break;
      const semi = p.expect(TokenKind.Semi, isBreak ? SYN.semiBreak : SYN.semiContinue);
      return { kind: isBreak ? "Break" : "Continue", span: p.span(t.start, semi.end) };
    }
    case TokenKind.LBrace:
      return parseBlock(p);
    case TokenKind.Semi:
      p.advance();
      return { kind: "Empty", span: p.spanOf(t) };
    case TokenKind.Match: {
      // A statement-level match: `;` optional, never followed by postfix operators (§13.1.6).
      const expr = parseMatch(p);
      const semi = p.eat(TokenKind.Semi);
      return { kind: "ExprStmt", span: semi ? p.span(expr.span.start, semi.end) : expr.span, expr };
    }
    case TokenKind.Import:
      return top ? parseImport(p) : p.fail(SYN.importNotTop);
    case TokenKind.Export:
      return top ? parseExport(p) : p.fail(SYN.exportNotTop);
    case TokenKind.Type:
      return top ? parseTypeAlias(p) : p.fail(SYN.typeNotTop);
    case TokenKind.Extern:
      return p.fail(SYN.extern);
    default:
      break;
  }
  return parseSimpleStatement(p, top);
}

/** `simple_stmt ";"`; in a REPL input the last top-level one may omit the `;` (§13.1.4). */
function parseSimpleStatement(p: Parser, top: boolean): ast.SimpleStmt {
  const s = parseSimple(p);
  const semi = p.eat(TokenKind.Semi);
  if (semi) return { ...s, span: p.span(s.span.start, semi.end) };
  if (top && p.repl && p.at(TokenKind.EOF)) return s;
  return p.fail(semiMessage(s));
}

function semiMessage(s: ast.SimpleStmt): Msg {
  switch (s.kind) {
    case "ExprStmt":
      return SYN.semiExpression;
    case "Assign":
    case "CompoundAssign":
      return SYN.semiAssignment;
    case "IncDec":
      return s.op === "++" ? SYN.semiIncrement : SYN.semiDecrement;
  }
}

/**
 * `simple_stmt` without its `;` (also a for-loop initializer or step): an expression, or an
 * assignment, compound assignment or `++`/`--` whose target must be an identifier or index.
 */
function parseSimple(p: Parser): ast.SimpleStmt {
  const expr = parseExpr(p);
  const t = p.peek();
  if (t.kind === TokenKind.Eq) {
    const target = checkTarget(p, expr);
    p.advance();
    const value = parseExpr(p);
    return { kind: "Assign", span: p.span(expr.span.start, value.span.end), target, value };
  }
  const op = COMPOUND_OPS.get(t.kind);
  if (op !== undefined) {
    const target = checkTarget(p, expr);
    p.advance();
    const value = parseExpr(p);
    return { kind: "CompoundAssign", span: p.span(expr.span.start, value.span.end), op, target, value };
  }
  if (t.kind === TokenKind.PlusPlus || t.kind === TokenKind.MinusMinus) {
    const target = checkTarget(p, expr);
    p.advance();
    const incOp = t.kind === TokenKind.PlusPlus ? "++" : "--";
    return { kind: "IncDec", span: p.span(expr.span.start, t.end), op: incOp, target };
  }
  return { kind: "ExprStmt", span: expr.span, expr };
}

/** Parentheses are not transparent: `(x) = 1` is invalid (§13.1.3). */
function checkTarget(p: Parser, e: ast.Expr): ast.Target {
  if (e.kind === "Ident" || e.kind === "Index") return e;
  return p.fail(SYN.invalidTarget, e.span);
}

/** `var_head = ( "let" | "var" ) IDENT [ ":" type ] "=" expr` (span without `;`). */
function parseVarHead(p: Parser): ast.VarDecl {
  const kw = p.advance();
  const name = p.expectName("variable name");
  const type = p.eat(TokenKind.Colon) ? parseType(p) : null;
  p.expect(TokenKind.Eq, SYN.eqVarDecl);
  const init = parseExpr(p);
  const mutable = kw.kind === TokenKind.Var;
  return { kind: "VarDecl", span: p.span(kw.start, init.span.end), mutable, name, type, init };
}

/** `fn_decl = [ "async" ] "fn" IDENT [ type_params ] "(" params ")" [ "->" type [ "is" IDENT ":" type ] ] block` */
function parseFnDecl(p: Parser): ast.FnDecl {
  const start = p.peek().start;
  const isAsync = p.eat(TokenKind.Async) !== null;
  p.expect(TokenKind.Fn, SYN.fnAfterAsync);
  const name = p.expectName("function name");
  const typeParams = p.at(TokenKind.Lt) ? parseTypeParams(p) : [];
  const open = p.expect(TokenKind.LParen, SYN.lparenFnName);
  const params = parseParams(p, open, true);
  let returnType: ast.TypeExpr | null = null;
  let predicate: ast.TypePredicate | null = null;
  if (p.eat(TokenKind.Arrow)) {
    returnType = parseType(p);
    if (p.eat(TokenKind.Is)) {
      const param = p.expectName("parameter name");
      p.expect(TokenKind.Colon, SYN.colonParam);
      const type = parseType(p);
      predicate = { kind: "TypePredicate", span: p.span(param.span.start, type.span.end), param, type };
    }
  }
  const body = parseBlock(p);
  return { kind: "FnDecl", span: p.span(start, body.span.end), isAsync, name, typeParams, params, returnType, predicate, body };
}

/** `if_stmt`, with `else if` chains parsed by a loop (a chain is not nesting, §13.1.10). */
function parseIf(p: Parser): ast.If {
  const chain: { start: number; cond: ast.Expr; then: ast.Block }[] = [];
  let last: ast.Block | null = null;
  for (;;) {
    const kw = p.advance();
    const cond = parseCondition(p, SYN.lparenIf, SYN.rparenIfCond);
    const then = parseBlock(p);
    chain.push({ start: kw.start, cond, then });
    if (!p.eat(TokenKind.Else)) break;
    if (p.at(TokenKind.If)) continue;
    last = parseBlock(p);
    break;
  }
  const end = last !== null ? last.span.end : chain[chain.length - 1].then.span.end;
  let node: ast.If | ast.Block | null = last;
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i];
    node = { kind: "If", span: p.span(c.start, end), cond: c.cond, then: c.then, else: node };
  }
  return node as ast.If;
}

/** `"(" expr ")"` of `if`/`while`. */
function parseCondition(p: Parser, openMsg: Msg, closeMsg: Msg): ast.Expr {
  const open = p.expect(TokenKind.LParen, openMsg);
  p.enter(open);
  const cond = parseExpr(p);
  p.expect(TokenKind.RParen, closeMsg);
  p.leave();
  return cond;
}

function parseWhile(p: Parser): ast.While {
  const kw = p.advance();
  const cond = parseCondition(p, SYN.lparenWhile, SYN.rparenWhileCond);
  const body = parseBlock(p);
  return { kind: "While", span: p.span(kw.start, body.span.end), cond, body };
}

/** `for (init; cond; step) block` or `for IDENT in expr block` (§3.3.3, §3.3.5). */
function parseFor(p: Parser): ast.For | ast.ForIn {
  const kw = p.advance();
  if (p.at(TokenKind.LParen)) return parseCFor(p, kw);
  const name = p.expectName("variable name");
  p.expect(TokenKind.In, SYN.inForIn);
  const iterable = parseExpr(p);
  const body = parseBlock(p);
  return { kind: "ForIn", span: p.span(kw.start, body.span.end), name, iterable, body };
}

function parseCFor(p: Parser, kw: Token): ast.For {
  const open = p.advance();
  p.enter(open);
  let init: ast.VarDecl | ast.SimpleStmt | null = null;
  if (!p.at(TokenKind.Semi)) {
    init = p.at(TokenKind.Let) || p.at(TokenKind.Var) ? parseVarHead(p) : parseSimple(p);
  }
  p.expect(TokenKind.Semi, SYN.semiForInit);
  const cond = p.at(TokenKind.Semi) ? null : parseExpr(p);
  p.expect(TokenKind.Semi, SYN.semiForCond);
  const step = p.at(TokenKind.RParen) ? null : parseSimple(p);
  p.expect(TokenKind.RParen, SYN.rparenForClauses);
  p.leave();
  const body = parseBlock(p);
  return { kind: "For", span: p.span(kw.start, body.span.end), init, cond, step, body };
}

function parseReturn(p: Parser): ast.Return {
  const kw = p.advance();
  const value = canStartExpr(p.peek().kind) ? parseExpr(p) : null;
  const semi = p.expect(TokenKind.Semi, SYN.semiReturn);
  return { kind: "Return", span: p.span(kw.start, semi.end), value };
}

/** `import { a, b } from "./m";` / `import * as ns from "./m";` (top level only). */
function parseImport(p: Parser): ast.Import {
  const kw = p.advance();
  const names: ast.Name[] = [];
  let namespace: ast.Name | null = null;
  if (p.eat(TokenKind.LBrace)) {
    names.push(p.expectName("import name"));
    while (p.eat(TokenKind.Comma)) {
      if (p.at(TokenKind.RBrace)) break;
      names.push(p.expectName("import name"));
    }
    p.expect(TokenKind.RBrace, SYN.rbraceImport);
  } else if (p.eat(TokenKind.Star)) {
    p.expect(TokenKind.As, SYN.asNamespace);
    namespace = p.expectName("namespace name");
  } else {
    p.fail(SYN.importWhat);
  }
  p.expect(TokenKind.From, SYN.fromImport);
  const s = p.peek();
  if (s.kind !== TokenKind.String) p.fail(expectedButFound("module path", p.found(s)));
  p.advance();
  const source: ast.StringLit = { kind: "StringLit", span: p.spanOf(s), value: s.value };
  const semi = p.expect(TokenKind.Semi, SYN.semiImport);
  return { kind: "Import", span: p.span(kw.start, semi.end), names, namespace, source };
}

/** `export ( fn_decl | var_decl | type_alias )` (§13.1.8). */
function parseExport(p: Parser): ast.Export {
  const kw = p.advance();
  let decl: ast.FnDecl | ast.VarDecl | ast.TypeAlias;
  switch (p.peek().kind) {
    case TokenKind.Fn:
    case TokenKind.Async:
      decl = parseFnDecl(p);
      break;
    case TokenKind.Let:
    case TokenKind.Var: {
      const head = parseVarHead(p);
      const semi = p.expect(TokenKind.Semi, SYN.semiVarDecl);
      decl = { ...head, span: p.span(head.span.start, semi.end) };
      break;
    }
    case TokenKind.Type:
      decl = parseTypeAlias(p);
      break;
    default:
      return p.fail(SYN.exportWhat);
  }
  return { kind: "Export", span: p.span(kw.start, decl.span.end), decl };
}

/** `type_alias = "type" IDENT [ type_params ] "=" type ";"` */
function parseTypeAlias(p: Parser): ast.TypeAlias {
  const kw = p.advance();
  const name = p.expectName("type name");
  const typeParams = p.at(TokenKind.Lt) ? parseTypeParams(p) : [];
  p.expect(TokenKind.Eq, SYN.eqTypeAlias);
  const type = parseType(p);
  const semi = p.expect(TokenKind.Semi, SYN.semiTypeAlias);
  return { kind: "TypeAlias", span: p.span(kw.start, semi.end), name, typeParams, type };
}
