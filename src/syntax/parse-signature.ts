// Builtin signatures in stdlib.md §1.2 notation → ast.SignatureDecl[]: overloads separated by
// `;`, each `[<T, U extends B>](name: T, opt?: T, ...rest: T[]) -> R`, or a constant's plain type.
// Signatures come from the registry, so malformed text is an InternalBug, not a diagnostic.
import { SourceFile } from "../diagnostics/span.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { InternalBug } from "../runtime/errors.js";
import type * as ast from "./ast.js";
import { lex } from "./lexer.js";
import { Parser } from "./parser.js";
import { TOKENS, TokenKind } from "./tokens.js";
import { SYN, expectedButFound } from "./messages.js";
import { parseType, parseTypeParams } from "./parse-type.js";

/**
 * Parses `(s: string) -> number ; <T>(arr: T[]) -> number` into one decl per overload, or
 * `number` into one decl with `constantType` set. Throws InternalBug on malformed input.
 */
export function parseSignature(text: string): ast.SignatureDecl[] {
  const file = new SourceFile("<signature>", text);
  const { tokens, diagnostics } = lex(file);
  if (diagnostics.length > 0) throw bug(text, diagnostics[0]);
  const p = new Parser(file, tokens, false);
  let decls: ast.SignatureDecl[] = [];
  p.run(() => {
    decls = parseOverloads(p);
  });
  if (p.diagnostics.length > 0) throw bug(text, p.diagnostics[0]);
  return decls;
}

/**
 * Parses a type written in Atlas source syntax (e.g. the signature of `rt.registerNative`,
 * `"(number, string) -> bool"`), reporting syntax errors as diagnostics instead of throwing.
 */
export function parseTypeText(text: string, name = "<type>"): { type: ast.TypeExpr | null; diagnostics: Diagnostic[] } {
  const file = new SourceFile(name, text);
  const { tokens, diagnostics } = lex(file);
  if (diagnostics.length > 0) return { type: null, diagnostics };
  const p = new Parser(file, tokens, false);
  let type: ast.TypeExpr | null = null;
  p.run(() => {
    const t = parseType(p);
    if (!p.at(TokenKind.EOF)) p.fail(expectedButFound("end of type", p.found(p.peek())));
    type = t;
  });
  return p.diagnostics.length > 0 ? { type: null, diagnostics: p.diagnostics } : { type, diagnostics: [] };
}

function bug(text: string, d: Diagnostic): InternalBug {
  const col = d.span ? d.span.start + 1 : 0;
  return new InternalBug(`malformed builtin signature ${JSON.stringify(text)} at column ${col}: ${d.message}`);
}

function parseOverloads(p: Parser): ast.SignatureDecl[] {
  if (!startsSignature(p)) {
    const type = parseType(p);
    if (!p.at(TokenKind.EOF)) p.fail(expectedButFound("end of signature", p.found(p.peek())));
    return [{ typeParams: [], params: [], result: type, constantType: type }];
  }
  const decls: ast.SignatureDecl[] = [];
  for (;;) {
    decls.push(parseOverload(p));
    if (p.at(TokenKind.EOF)) return decls;
    p.expect(TokenKind.Semi, expectedButFound("';' or end of signature", p.found(p.peek())));
  }
}

/** `<…>(` or `(` followed by `)`, `...`, `name:` or `name?:` (a function type is a constant). */
function startsSignature(p: Parser): boolean {
  if (p.at(TokenKind.Lt)) return true;
  if (!p.at(TokenKind.LParen)) return false;
  const k1 = p.peekKind(1);
  if (k1 === TokenKind.RParen || k1 === TokenKind.Dot) return true;
  const k2 = p.peekKind(2);
  return isParamName(k1) && (k2 === TokenKind.Colon || k2 === TokenKind.Question);
}

/** Parameter names are documentation (§13.1.11), so keywords such as `from` are allowed. */
function isParamName(k: TokenKind): boolean {
  return k === TokenKind.Ident || TOKENS[k].keyword !== null;
}

function parseOverload(p: Parser): ast.SignatureDecl {
  const typeParams = p.at(TokenKind.Lt) ? parseTypeParams(p) : [];
  p.expect(TokenKind.LParen, expectedButFound("'('", p.found(p.peek())));
  const params: ast.SignatureParam[] = [];
  while (!p.at(TokenKind.RParen)) {
    params.push(parseSigParam(p));
    if (!p.eat(TokenKind.Comma)) break;
  }
  p.expect(TokenKind.RParen, SYN.rparenParams);
  p.expect(TokenKind.Arrow, expectedButFound("'->'", p.found(p.peek())));
  const result = parseType(p);
  return { typeParams, params, result, constantType: null };
}

/** `name: T`, `name?: T` or `...name: T` (a non-array rest type T is stored as `T[]`). */
function parseSigParam(p: Parser): ast.SignatureParam {
  let rest = false;
  if (p.at(TokenKind.Dot)) {
    for (let i = 0; i < 3; i++) p.expect(TokenKind.Dot, expectedButFound("'...'", p.found(p.peek())));
    rest = true;
  }
  const name = isParamName(p.peek().kind) ? p.advance().value : p.expectName("parameter name").name;
  const optional = p.eat(TokenKind.Question) !== null;
  p.expect(TokenKind.Colon, SYN.colonParam);
  let type = parseType(p);
  if (rest && type.kind !== "ArrayType") type = { kind: "ArrayType", span: type.span, element: type };
  return { name, type, optional, rest };
}
