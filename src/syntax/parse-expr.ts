// Expressions (language.md §3.1, §3.2): binary levels by an explicit operator stack driven by
// TOKENS[k].binary (no recursion per operator, so 10,000-term chains are flat), prefix and
// postfix chains by loops, primaries, `match` and function expressions.
import type * as ast from "./ast.js";
import type { Parser } from "./parser.js";
import { TOKENS, TokenKind, binaryOp, type Token } from "./tokens.js";
import { SYN, invalidNumberLiteral, type Msg } from "./messages.js";
import { parseBlock } from "./parse-stmt.js";
import { parseOrPattern, parseType } from "./parse-type.js";

/** Tokens that can begin an expression (used e.g. by `return [expr] ;`). */
export function canStartExpr(k: TokenKind): boolean {
  switch (k) {
    case TokenKind.Number:
    case TokenKind.String:
    case TokenKind.True:
    case TokenKind.False:
    case TokenKind.Null:
    case TokenKind.Ident:
    case TokenKind.LParen:
    case TokenKind.LBracket:
    case TokenKind.Match:
    case TokenKind.Fn:
    case TokenKind.Async:
    case TokenKind.Minus:
    case TokenKind.Bang:
    case TokenKind.Await:
    case TokenKind.Error:
      return true;
    default:
      return false;
  }
}

/**
 * `expr = or_expr`. Operator precedence by shunting-yard: `a + b * c - d` keeps `+` on the
 * stack while `*` (tighter) reduces first; equal levels reduce left to right.
 */
export function parseExpr(p: Parser): ast.Expr {
  const operands: ast.Expr[] = [parseUnary(p)];
  const ops: TokenKind[] = [];
  for (;;) {
    const k = p.peek().kind;
    const prec = TOKENS[k].binary;
    if (prec === null) break;
    while (ops.length > 0 && (TOKENS[ops[ops.length - 1]].binary ?? 0) >= prec) reduce(p, operands, ops);
    ops.push(k);
    p.advance();
    operands.push(parseUnary(p));
  }
  while (ops.length > 0) reduce(p, operands, ops);
  return operands[0];
}

function reduce(p: Parser, operands: ast.Expr[], ops: TokenKind[]): void {
  const right = operands.pop() as ast.Expr;
  const left = operands.pop() as ast.Expr;
  const op = binaryOp(ops.pop() as TokenKind);
  operands.push({ kind: "Binary", span: p.span(left.span.start, right.span.end), op, left, right });
}

/** `("-" | "!" | "await") unary | postfix`, iteratively; each prefix opens a nesting level. */
function parseUnary(p: Parser): ast.Expr {
  const k = p.peek().kind;
  if (k !== TokenKind.Minus && k !== TokenKind.Bang && k !== TokenKind.Await) return parsePostfix(p);
  const prefixes: Token[] = [];
  for (;;) {
    const t = p.peek();
    if (t.kind !== TokenKind.Minus && t.kind !== TokenKind.Bang && t.kind !== TokenKind.Await) break;
    p.enter(t);
    prefixes.push(p.advance());
  }
  let e = parsePostfix(p);
  for (let i = prefixes.length - 1; i >= 0; i--) {
    const t = prefixes[i];
    const span = p.span(t.start, e.span.end);
    e =
      t.kind === TokenKind.Await
        ? { kind: "Await", span, operand: e }
        : { kind: "Unary", span, op: t.kind === TokenKind.Minus ? "-" : "!", operand: e };
    p.leave();
  }
  return e;
}

/** `primary { call | index | member | "?" }` — a loop: postfix chains do not nest. */
function parsePostfix(p: Parser): ast.Expr {
  let e = parsePrimary(p);
  for (;;) {
    const t = p.peek();
    switch (t.kind) {
      case TokenKind.LParen: {
        const { items, end } = parseCallArgs(p);
        e = { kind: "Call", span: p.span(e.span.start, end), callee: e, args: items };
        break;
      }
      case TokenKind.LBracket: {
        p.enter(t);
        p.advance();
        const index = parseExpr(p);
        const close = p.expect(TokenKind.RBracket, SYN.rbracketIndex);
        p.leave();
        e = { kind: "Index", span: p.span(e.span.start, close.end), target: e, index };
        break;
      }
      case TokenKind.Dot: {
        p.advance();
        const name = p.expectName("member name");
        let args: ast.Expr[] | null = null;
        let end = name.span.end;
        if (p.at(TokenKind.LParen)) {
          const call = parseCallArgs(p);
          args = call.items;
          end = call.end;
        }
        e = { kind: "Member", span: p.span(e.span.start, end), target: e, name, args };
        break;
      }
      case TokenKind.Question:
        p.advance();
        e = { kind: "Try", span: p.span(e.span.start, t.end), operand: e };
        break;
      default:
        return e;
    }
  }
}

/** `"(" [ args ] ")"` at the current `(`. */
function parseCallArgs(p: Parser): { items: ast.Expr[]; end: number } {
  const open = p.advance();
  p.enter(open);
  const items = parseExprList(p, TokenKind.RParen, SYN.rparenArgs);
  const close = p.expect(TokenKind.RParen, SYN.rparenArgs);
  p.leave();
  return { items, end: close.end };
}

/** `[ expr { "," expr } [ "," ] ]` up to (not including) `close`. */
function parseExprList(p: Parser, close: TokenKind, closeMsg: Msg): ast.Expr[] {
  const items: ast.Expr[] = [];
  while (!p.at(close)) {
    items.push(parseExpr(p));
    if (!p.eat(TokenKind.Comma)) {
      if (!p.at(close)) p.fail(closeMsg);
      break;
    }
  }
  return items;
}

function parsePrimary(p: Parser): ast.Expr {
  const t = p.peek();
  const span = p.spanOf(t);
  switch (t.kind) {
    case TokenKind.Number:
      p.advance();
      return { kind: "NumberLit", span, value: numberValue(p, t), raw: t.value };
    case TokenKind.String:
      p.advance();
      return { kind: "StringLit", span, value: t.value };
    case TokenKind.True:
    case TokenKind.False:
      p.advance();
      return { kind: "BoolLit", span, value: t.kind === TokenKind.True };
    case TokenKind.Null:
      p.advance();
      return { kind: "NullLit", span };
    case TokenKind.Ident:
      p.advance();
      return { kind: "Ident", span, name: t.value };
    case TokenKind.LParen: {
      p.enter(t);
      p.advance();
      const expr = parseExpr(p);
      const close = p.expect(TokenKind.RParen, SYN.rparenExpr);
      p.leave();
      return { kind: "Paren", span: p.span(t.start, close.end), expr };
    }
    case TokenKind.LBracket: {
      p.enter(t);
      p.advance();
      const elements = parseExprList(p, TokenKind.RBracket, SYN.rbracketArray);
      const close = p.expect(TokenKind.RBracket, SYN.rbracketArray);
      p.leave();
      return { kind: "ArrayLit", span: p.span(t.start, close.end), elements };
    }
    case TokenKind.Match:
      return parseMatch(p);
    case TokenKind.Fn:
    case TokenKind.Async:
      return parseFnExpr(p);
    default:
      return p.fail(SYN.expectedExpression);
  }
}

/** The value of a NUMBER token; a non-finite value is AT1001 (§2.5). */
export function numberValue(p: Parser, t: Token): number {
  const v = Number(t.value);
  if (!Number.isFinite(v)) p.fail(invalidNumberLiteral(t.value), p.spanOf(t));
  return v;
}

/** `match_expr = "match" expr "{" arm { "," arm } [ "," ] "}"` */
export function parseMatch(p: Parser): ast.Match {
  const kw = p.advance();
  const scrutinee = parseExpr(p);
  p.openBrace(SYN.lbrace);
  if (p.at(TokenKind.RBrace)) {
    const close = p.advance(); // the match is complete: recovery goes on after it
    p.fail(SYN.noArms, p.spanOf(close));
  }
  const arms: ast.MatchArm[] = [];
  for (;;) {
    arms.push(parseArm(p));
    if (p.eat(TokenKind.Comma)) {
      if (p.at(TokenKind.RBrace)) break;
      continue;
    }
    if (p.at(TokenKind.RBrace)) break;
    p.fail(SYN.commaArm);
  }
  const close = p.advance();
  p.leave();
  return { kind: "Match", span: p.span(kw.start, close.end), scrutinee, arms };
}

/** `arm = or_pattern [ "if" expr ] "=>" ( expr | block )` */
function parseArm(p: Parser): ast.MatchArm {
  const pattern = parseOrPattern(p);
  let guard: ast.Expr | null = null;
  if (p.eat(TokenKind.If)) guard = parseExpr(p);
  p.expect(TokenKind.FatArrow, guard === null ? SYN.fatArrowPattern : SYN.fatArrowGuard);
  const body: ast.Expr | ast.Block = p.at(TokenKind.LBrace) ? parseBlock(p) : parseExpr(p);
  return { kind: "MatchArm", span: p.span(pattern.span.start, body.span.end), pattern, guard, body };
}

/** `fn_expr = [ "async" ] "fn" "(" [ fparam { "," fparam } [ "," ] ] ")" [ "->" type ] block` */
function parseFnExpr(p: Parser): ast.FnExpr {
  const start = p.peek().start;
  const isAsync = p.eat(TokenKind.Async) !== null;
  p.expect(TokenKind.Fn, SYN.fnAfterAsync);
  const open = p.expect(TokenKind.LParen, SYN.lparenFn);
  const params = parseParams(p, open, false);
  const returnType = p.eat(TokenKind.Arrow) ? parseType(p) : null;
  const body = parseBlock(p);
  return { kind: "FnExpr", span: p.span(start, body.span.end), isAsync, params, returnType, body };
}

/**
 * Parameters after the consumed `(` (token `open`) through the closing `)`. Named functions
 * require `: type` (`Expected ':' after parameter name`); function expressions do not.
 */
export function parseParams(p: Parser, open: Token, typeRequired: boolean): ast.Param[] {
  p.enter(open);
  const params: ast.Param[] = [];
  while (!p.at(TokenKind.RParen)) {
    const name = p.expectName("parameter name");
    let type: ast.TypeExpr | null = null;
    if (typeRequired) {
      p.expect(TokenKind.Colon, SYN.colonParam);
      type = parseType(p);
    } else if (p.eat(TokenKind.Colon)) {
      type = parseType(p);
    }
    const end = type === null ? name.span.end : type.span.end;
    params.push({ kind: "Param", span: p.span(name.span.start, end), name, type });
    if (!p.eat(TokenKind.Comma)) break;
  }
  p.expect(TokenKind.RParen, SYN.rparenParams);
  p.leave();
  return params;
}
