// Token kinds and THE token table (design.md R3): each kind's display label, whether it is a
// keyword (and which keyword class of language.md §2.4), and its binary precedence. The lexer,
// the parser and the message catalogue read facts about tokens from here and nowhere else.
import { Prec } from "./precedence.js";
import type { BinaryOp, CompoundOp } from "./ast.js";

export enum TokenKind {
  EOF,
  /** A lexical error (bad char, bad number, bad string); the lexer reported it already. */
  Error,
  Ident,
  Number,
  String,
  Underscore,
  // keywords (language.md §2.4)
  Let,
  Var,
  Fn,
  Type,
  If,
  Else,
  While,
  For,
  In,
  Return,
  Break,
  Continue,
  True,
  False,
  Null,
  Import,
  Export,
  From,
  Extern,
  Match,
  As,
  Extends,
  Is,
  Async,
  Await,
  // operators and punctuation (language.md §2.7)
  Plus,
  PlusPlus,
  PlusEq,
  Minus,
  MinusMinus,
  MinusEq,
  Arrow,
  Star,
  StarEq,
  Slash,
  SlashEq,
  Percent,
  PercentEq,
  Eq,
  EqEq,
  FatArrow,
  Bang,
  BangEq,
  Lt,
  LtEq,
  Gt,
  GtEq,
  Amp,
  AmpAmp,
  Pipe,
  PipePipe,
  LParen,
  RParen,
  LBrace,
  RBrace,
  LBracket,
  RBracket,
  Semi,
  Comma,
  Colon,
  Dot,
  Question,
}

/** One token: kind, UTF-16 span in SourceFile.text, and a value. */
export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /**
   * Ident: the name. Number: the lexeme. String: the decoded contents. Keywords and
   * punctuation: their text. Error: the offending source text.
   */
  readonly value: string;
}

/**
 * How a keyword behaves where an identifier is expected (language.md §2.4):
 * "reserved" → AT1005 `Cannot use reserved keyword …`; "future" → the same plus
 * `. This keyword is reserved for future use`; "plain" → AT1004 `Expected … but found …`.
 */
export type KeywordClass = "reserved" | "future" | "plain";

export interface TokenInfo {
  /** Source text for keywords/punctuation (shown as `'<label>'`), else a description. */
  readonly label: string;
  readonly keyword: KeywordClass | null;
  /** Binary operator precedence, or null when the token is not a binary operator. */
  readonly binary: Prec | null;
}

function info(label: string, keyword: KeywordClass | null = null, binary: Prec | null = null): TokenInfo {
  return { label, keyword, binary };
}

/** Indexed by TokenKind. */
export const TOKENS: readonly TokenInfo[] = (() => {
  const t: TokenInfo[] = [];
  const set = (k: TokenKind, i: TokenInfo): void => {
    t[k] = i;
  };
  set(TokenKind.EOF, info("end of input"));
  set(TokenKind.Error, info("invalid token"));
  set(TokenKind.Ident, info("identifier"));
  set(TokenKind.Number, info("number"));
  set(TokenKind.String, info("string"));
  set(TokenKind.Underscore, info("_"));
  const kw: [TokenKind, string, KeywordClass][] = [
    [TokenKind.Let, "let", "reserved"],
    [TokenKind.Var, "var", "reserved"],
    [TokenKind.Fn, "fn", "reserved"],
    [TokenKind.Type, "type", "reserved"],
    [TokenKind.If, "if", "reserved"],
    [TokenKind.Else, "else", "reserved"],
    [TokenKind.While, "while", "reserved"],
    [TokenKind.For, "for", "reserved"],
    [TokenKind.In, "in", "plain"],
    [TokenKind.Return, "return", "reserved"],
    [TokenKind.Break, "break", "reserved"],
    [TokenKind.Continue, "continue", "reserved"],
    [TokenKind.True, "true", "reserved"],
    [TokenKind.False, "false", "reserved"],
    [TokenKind.Null, "null", "reserved"],
    [TokenKind.Import, "import", "future"],
    [TokenKind.Export, "export", "plain"],
    [TokenKind.From, "from", "plain"],
    [TokenKind.Extern, "extern", "plain"],
    [TokenKind.Match, "match", "future"],
    [TokenKind.As, "as", "plain"],
    [TokenKind.Extends, "extends", "plain"],
    [TokenKind.Is, "is", "reserved"],
    [TokenKind.Async, "async", "reserved"],
    [TokenKind.Await, "await", "reserved"],
  ];
  for (const [k, text, cls] of kw) set(k, info(text, cls));
  const punct: [TokenKind, string, Prec | null][] = [
    [TokenKind.Plus, "+", Prec.Additive],
    [TokenKind.PlusPlus, "++", null],
    [TokenKind.PlusEq, "+=", null],
    [TokenKind.Minus, "-", Prec.Additive],
    [TokenKind.MinusMinus, "--", null],
    [TokenKind.MinusEq, "-=", null],
    [TokenKind.Arrow, "->", null],
    [TokenKind.Star, "*", Prec.Multiplicative],
    [TokenKind.StarEq, "*=", null],
    [TokenKind.Slash, "/", Prec.Multiplicative],
    [TokenKind.SlashEq, "/=", null],
    [TokenKind.Percent, "%", Prec.Multiplicative],
    [TokenKind.PercentEq, "%=", null],
    [TokenKind.Eq, "=", null],
    [TokenKind.EqEq, "==", Prec.Equality],
    [TokenKind.FatArrow, "=>", null],
    [TokenKind.Bang, "!", null],
    [TokenKind.BangEq, "!=", Prec.Equality],
    [TokenKind.Lt, "<", Prec.Comparison],
    [TokenKind.LtEq, "<=", Prec.Comparison],
    [TokenKind.Gt, ">", Prec.Comparison],
    [TokenKind.GtEq, ">=", Prec.Comparison],
    [TokenKind.Amp, "&", null],
    [TokenKind.AmpAmp, "&&", Prec.And],
    [TokenKind.Pipe, "|", null],
    [TokenKind.PipePipe, "||", Prec.Or],
    [TokenKind.LParen, "(", null],
    [TokenKind.RParen, ")", null],
    [TokenKind.LBrace, "{", null],
    [TokenKind.RBrace, "}", null],
    [TokenKind.LBracket, "[", null],
    [TokenKind.RBracket, "]", null],
    [TokenKind.Semi, ";", null],
    [TokenKind.Comma, ",", null],
    [TokenKind.Colon, ":", null],
    [TokenKind.Dot, ".", null],
    [TokenKind.Question, "?", null],
  ];
  for (const [k, text, prec] of punct) set(k, info(text, null, prec));
  return t;
})();

/** Keyword text → kind. */
export const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map(
  TOKENS.flatMap((ti, k): [string, TokenKind][] => (ti.keyword !== null ? [[ti.label, k as TokenKind]] : [])),
);

/** Binary operator text for a token kind with `binary` precedence. */
export function binaryOp(k: TokenKind): BinaryOp {
  return TOKENS[k].label as BinaryOp;
}

/** Compound assignment operators (`+=` …), statements only (language.md §3.3.4). */
export const COMPOUND_OPS: ReadonlyMap<TokenKind, CompoundOp> = new Map([
  [TokenKind.PlusEq, "+="],
  [TokenKind.MinusEq, "-="],
  [TokenKind.StarEq, "*="],
  [TokenKind.SlashEq, "/="],
  [TokenKind.PercentEq, "%="],
]);

/** Statement-start keywords the recovery stops before (language.md §13.1.2). */
export const SYNC_KEYWORDS: ReadonlySet<TokenKind> = new Set([
  TokenKind.Fn,
  TokenKind.Async,
  TokenKind.Type,
  TokenKind.Let,
  TokenKind.Var,
  TokenKind.If,
  TokenKind.While,
  TokenKind.For,
  TokenKind.Return,
]);
