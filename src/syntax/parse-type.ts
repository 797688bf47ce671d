// Types (language.md §3.1 `type`, §3.3.10, §13.1.1) and patterns (§3.3.7, §13.1.5). Union and
// intersection members and `T[]` suffixes are parsed by loops; `(`, `<`, `{` and nested
// patterns open nesting levels (§13.1.10).
import type * as ast from "./ast.js";
import type { Span } from "../diagnostics/span.js";
import type { Parser } from "./parser.js";
import { TokenKind } from "./tokens.js";
import { SYN, type Msg } from "./messages.js";
import { numberValue } from "./parse-expr.js";

/**
 * `item { sep item }`: the items of a union, intersection or or-pattern, at least one.
 * `span` covers them all (meaningful when there are two or more).
 */
function parseSeparated<T extends { span: Span }>(p: Parser, sep: TokenKind, item: (p: Parser) => T): { items: T[]; span: Span } {
  const items = [item(p)];
  while (p.eat(sep)) items.push(item(p));
  return { items, span: p.span(items[0].span.start, items[items.length - 1].span.end) };
}

/** `type = isect_type { "|" isect_type }` */
export function parseType(p: Parser): ast.TypeExpr {
  const { items: members, span } = parseSeparated(p, TokenKind.Pipe, parseIntersection);
  return members.length === 1 ? members[0] : { kind: "UnionType", span, members };
}

/** `isect_type = array_type { "&" array_type }` */
function parseIntersection(p: Parser): ast.TypeExpr {
  const { items: members, span } = parseSeparated(p, TokenKind.Amp, parseArrayType);
  return members.length === 1 ? members[0] : { kind: "IntersectionType", span, members };
}

/** `array_type = type_atom { "[" "]" }` */
function parseArrayType(p: Parser): ast.TypeExpr {
  let t = parseTypeAtom(p);
  while (p.at(TokenKind.LBracket)) {
    p.advance();
    const close = p.expect(TokenKind.RBracket, SYN.rbracketArrayType);
    t = { kind: "ArrayType", span: p.span(t.span.start, close.end), element: t };
  }
  return t;
}

function parseTypeAtom(p: Parser): ast.TypeExpr {
  const t = p.peek();
  switch (t.kind) {
    case TokenKind.Ident: {
      p.advance();
      const name: ast.Name = { kind: "Name", span: p.spanOf(t), name: t.value };
      if (!p.at(TokenKind.Lt)) return { kind: "NamedType", span: name.span, name, args: [] };
      const open = p.advance();
      p.enter(open);
      const args = [parseType(p)];
      while (p.eat(TokenKind.Comma)) {
        if (p.at(TokenKind.Gt)) break;
        args.push(parseType(p));
      }
      const close = p.expect(TokenKind.Gt, SYN.gtTypeArgs);
      p.leave();
      return { kind: "NamedType", span: p.span(t.start, close.end), name, args };
    }
    case TokenKind.Null:
      p.advance();
      return { kind: "NullType", span: p.spanOf(t) };
    case TokenKind.LParen:
      return parseParenType(p);
    case TokenKind.LBrace:
      return parseStructType(p);
    default:
      return p.fail(SYN.expectedType);
  }
}

/**
 * `(A, B) -> R`, `() -> R`, `(A,) -> R` or a grouping `(A)`. The level opened by `(` lasts
 * through the result type, so `() -> () -> …` chains count as nesting. A grouping returns
 * its inner type with the span widened over the parentheses.
 */
function parseParenType(p: Parser): ast.TypeExpr {
  const open = p.advance();
  p.enter(open);
  const params: ast.TypeExpr[] = [];
  let comma = false;
  if (!p.at(TokenKind.RParen)) {
    params.push(parseType(p));
    while (p.eat(TokenKind.Comma)) {
      comma = true;
      if (p.at(TokenKind.RParen)) break;
      params.push(parseType(p));
    }
  }
  const close = p.expect(TokenKind.RParen, comma ? SYN.rparenFnTypeParams : SYN.rparenType);
  if (!p.eat(TokenKind.Arrow)) {
    if (params.length === 0) p.fail(SYN.emptyTypeGroup);
    if (comma) p.fail(SYN.arrowFnType);
    p.leave();
    return { ...params[0], span: p.span(open.start, close.end) };
  }
  const result = parseType(p);
  p.leave();
  return { kind: "FnType", span: p.span(open.start, result.span.end), params, result };
}

/** `"{" IDENT ":" type { "," IDENT ":" type } [ "," ] "}"` */
function parseStructType(p: Parser): ast.TypeExpr {
  const open = p.openBrace(SYN.expectedType);
  const members: { name: ast.Name; type: ast.TypeExpr }[] = [];
  for (;;) {
    const name = p.expectName("field name");
    p.expect(TokenKind.Colon, SYN.colonField);
    members.push({ name, type: parseType(p) });
    if (!p.eat(TokenKind.Comma) || p.at(TokenKind.RBrace)) break;
  }
  const close = p.expect(TokenKind.RBrace, SYN.rbraceStructType);
  p.leave();
  return { kind: "StructType", span: p.span(open.start, close.end), members };
}

/** `type_params = "<" type_param { "," type_param } [ "," ] ">"`, at the current `<`. */
export function parseTypeParams(p: Parser): ast.TypeParam[] {
  const open = p.advance();
  p.enter(open);
  const params: ast.TypeParam[] = [];
  for (;;) {
    const name = p.expectName("type parameter name");
    const bound = p.eat(TokenKind.Extends) ? parseType(p) : null;
    const end = bound === null ? name.span.end : bound.span.end;
    params.push({ kind: "TypeParam", span: p.span(name.span.start, end), name, bound });
    if (!p.eat(TokenKind.Comma) || p.at(TokenKind.Gt)) break;
  }
  p.expect(TokenKind.Gt, SYN.gtTypeParams);
  p.leave();
  return params;
}

// ───────────────────────────── patterns ─────────────────────────────

/** `or_pattern = pattern { "|" pattern }` */
export function parseOrPattern(p: Parser): ast.Pattern {
  const { items: alternatives, span } = parseSeparated(p, TokenKind.Pipe, parsePattern);
  return alternatives.length === 1 ? alternatives[0] : { kind: "OrPattern", span, alternatives };
}

function parsePattern(p: Parser): ast.Pattern {
  const t = p.peek();
  const span = p.spanOf(t);
  switch (t.kind) {
    case TokenKind.Number:
      p.advance();
      return { kind: "LiteralPattern", span, value: numberValue(p, t) };
    case TokenKind.String:
      p.advance();
      return { kind: "LiteralPattern", span, value: t.value };
    case TokenKind.True:
    case TokenKind.False:
      p.advance();
      return { kind: "LiteralPattern", span, value: t.kind === TokenKind.True };
    case TokenKind.Null:
      p.advance();
      return { kind: "LiteralPattern", span, value: null };
    case TokenKind.Underscore:
      p.advance();
      return { kind: "WildcardPattern", span };
    case TokenKind.Ident: {
      p.advance();
      const name: ast.Name = { kind: "Name", span, name: t.value };
      if (p.at(TokenKind.LParen)) {
        const { items, end } = parsePatternList(p, TokenKind.RParen, SYN.rparenPatternArgs);
        return { kind: "ConstructorPattern", span: p.span(t.start, end), name, args: items, parens: true };
      }
      if (t.value === "None") return { kind: "ConstructorPattern", span, name, args: [], parens: false };
      return { kind: "BindingPattern", span, name };
    }
    case TokenKind.LBracket: {
      const { items, end } = parsePatternList(p, TokenKind.RBracket, SYN.rbracketPattern);
      return { kind: "ArrayPattern", span: p.span(t.start, end), elements: items };
    }
    default:
      return p.fail(SYN.expectedPattern);
  }
}

/** `open [ or_pattern { "," or_pattern } [ "," ] ] close`, at the current opener. */
function parsePatternList(
  p: Parser,
  close: TokenKind,
  closeMsg: Msg,
): { items: ast.Pattern[]; end: number } {
  const open = p.advance();
  p.enter(open);
  const items: ast.Pattern[] = [];
  while (!p.at(close)) {
    items.push(parseOrPattern(p));
    if (!p.eat(TokenKind.Comma)) break;
  }
  const end = p.expect(close, closeMsg).end;
  p.leave();
  return { items, end };
}
