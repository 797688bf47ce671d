// The Atlas lexer (language.md §2): source text → tokens ending in EOF. Never throws: every
// lexical error is recorded (label `lexer error`) and becomes an Error token that keeps its span.
import type { SourceFile } from "../diagnostics/span.js";
import { errorDiag, type Diagnostic } from "../diagnostics/diagnostic.js";
import { KEYWORDS, TokenKind, type Token } from "./tokens.js";
import { COMMENT_HELP, COMMENT_LABEL, LEX, LEXER_LABEL, type Msg } from "./messages.js";

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const ID_START = /^[\p{Alphabetic}_]$/u;
const ID_CONTINUE = /^[\p{Alphabetic}\p{N}_]$/u;

// Char codes used below.
const C_TAB = 9;
const C_LF = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_QUOTE = 34;
const C_STAR = 42;
const C_DOT = 46;
const C_SLASH = 47;
const C_0 = 48;
const C_9 = 57;
const C_BACKSLASH = 92;
const C_UNDERSCORE = 95;

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9;
}

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C_UNDERSCORE;
}

/** Code point at `i` (a lone surrogate is returned as itself). */
function codePointAt(text: string, i: number): number {
  return text.codePointAt(i) ?? 0;
}

function cpLength(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

function isIdStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiIdStart(c);
  return ID_START.test(String.fromCodePoint(codePointAt(text, i)));
}

function isIdContinue(c: number, text: string, i: number): boolean {
  if (c < 128) return isAsciiIdStart(c) || isDigit(c);
  return ID_CONTINUE.test(String.fromCodePoint(codePointAt(text, i)));
}

/**
 * Punctuation by first char: candidates longest first (maximal munch, §2.7). `_` is handled
 * with identifiers.
 */
const PUNCT: ReadonlyMap<number, readonly [string, TokenKind][]> = (() => {
  const table: [string, TokenKind][] = [
    ["++", TokenKind.PlusPlus],
    ["+=", TokenKind.PlusEq],
    ["+", TokenKind.Plus],
    ["--", TokenKind.MinusMinus],
    ["-=", TokenKind.MinusEq],
    ["->", TokenKind.Arrow],
    ["-", TokenKind.Minus],
    ["*=", TokenKind.StarEq],
    ["*", TokenKind.Star],
    ["/=", TokenKind.SlashEq],
    ["/", TokenKind.Slash],
    ["%=", TokenKind.PercentEq],
    ["%", TokenKind.Percent],
    ["==", TokenKind.EqEq],
    ["=>", TokenKind.FatArrow],
    ["=", TokenKind.Eq],
    ["!=", TokenKind.BangEq],
    ["!", TokenKind.Bang],
    ["<=", TokenKind.LtEq],
    ["<", TokenKind.Lt],
    [">=", TokenKind.GtEq],
    [">", TokenKind.Gt],
    ["&&", TokenKind.AmpAmp],
    ["&", TokenKind.Amp],
    ["||", TokenKind.PipePipe],
    ["|", TokenKind.Pipe],
    ["(", TokenKind.LParen],
    [")", TokenKind.RParen],
    ["{", TokenKind.LBrace],
    ["}", TokenKind.RBrace],
    ["[", TokenKind.LBracket],
    ["]", TokenKind.RBracket],
    [";", TokenKind.Semi],
    [",", TokenKind.Comma],
    [":", TokenKind.Colon],
    [".", TokenKind.Dot],
    ["?", TokenKind.Question],
  ];
  const map = new Map<number, [string, TokenKind][]>();
  for (const entry of table) {
    const c = entry[0].charCodeAt(0);
    const list = map.get(c) ?? [];
    list.push(entry);
    map.set(c, list);
  }
  return map;
})();

/** Lexes a whole file. The token list always ends with one EOF token. */
export function lex(file: SourceFile): LexResult {
  return new Lexer(file).run();
}

class Lexer {
  private readonly text: string;
  private pos = 0;
  private readonly tokens: Token[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly file: SourceFile) {
    this.text = file.text;
  }

  run(): LexResult {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos);
      if (c === C_SPACE || c === C_LF || c === C_TAB || c === C_CR) this.pos++;
      else if (c === C_SLASH && text.charCodeAt(this.pos + 1) === C_SLASH) this.lineComment();
      else if (c === C_SLASH && text.charCodeAt(this.pos + 1) === C_STAR) this.blockComment();
      else if (isDigit(c)) this.number();
      else if (c === C_QUOTE) this.string();
      else if (isIdStart(text, this.pos)) this.identifier();
      else this.punctuation(c);
    }
    // EOF sits right after the last token (§3.4: errors at end of input point there).
    const last = this.tokens.length > 0 ? this.tokens[this.tokens.length - 1].end : 0;
    this.tokens.push({ kind: TokenKind.EOF, start: last, end: last, value: "" });
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  private push(kind: TokenKind, start: number, end: number, value: string): void {
    this.tokens.push({ kind, start, end, value });
  }

  private error(msg: Msg, start: number, end: number, label = LEXER_LABEL, help?: string): void {
    const span = { file: this.file, start, end };
    this.diagnostics.push(errorDiag(msg.code, msg.text, span, help === undefined ? { label } : { label, help }));
  }

  private lineComment(): void {
    const nl = this.text.indexOf("\n", this.pos);
    this.pos = nl < 0 ? this.text.length : nl;
  }

  /** `/* … *\/`, not nesting (§2.2). */
  private blockComment(): void {
    const start = this.pos;
    const close = this.text.indexOf("*/", start + 2);
    if (close < 0) {
      this.error(LEX.unterminatedComment, start, start + 2, COMMENT_LABEL, COMMENT_HELP);
      this.pos = this.text.length;
    } else {
      this.pos = close + 2;
    }
  }

  /** NUMBER of §2.5; a missing exponent digit makes the whole literal an Error token. */
  private number(): void {
    const text = this.text;
    const start = this.pos;
    let i = start;
    while (isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === C_DOT && isDigit(text.charCodeAt(i + 1))) {
      i += 2;
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(text.charCodeAt(i))) {
        this.error(LEX.exponentDigits, start, i);
        this.push(TokenKind.Error, start, i, text.slice(start, i));
        this.pos = i;
        return;
      }
      while (isDigit(text.charCodeAt(i))) i++;
    }
    this.push(TokenKind.Number, start, i, text.slice(start, i));
    this.pos = i;
  }

  /** String literal of §2.6: escapes `\n \r \t \\ \"`; raw line breaks are kept. */
  private string(): void {
    const text = this.text;
    const n = text.length;
    const start = this.pos;
    let i = start + 1;
    let value = "";
    let chunk = i;
    let bad = false;
    for (;;) {
      if (i >= n) {
        this.error(LEX.unterminatedString, start, n);
        this.push(TokenKind.Error, start, n, text.slice(start, n));
        this.pos = n;
        return;
      }
      const c = text.charCodeAt(i);
      if (c === C_QUOTE) break;
      if (c !== C_BACKSLASH) {
        i++;
        continue;
      }
      value += text.slice(chunk, i);
      if (i + 1 >= n) {
        i++;
        chunk = i;
        continue; // unterminated: reported on the next iteration
      }
      const cp = codePointAt(text, i + 1);
      const esc = ESCAPES.get(cp);
      if (esc === undefined) {
        const len = cpLength(cp);
        this.error(LEX.invalidEscape(String.fromCodePoint(cp)), i, i + 1 + len);
        bad = true;
        i += 1 + len;
      } else {
        value += esc;
        i += 2;
      }
      chunk = i;
    }
    value += text.slice(chunk, i);
    i++; // closing quote
    if (bad) this.push(TokenKind.Error, start, i, text.slice(start, i));
    else this.push(TokenKind.String, start, i, value);
    this.pos = i;
  }

  private identifier(): void {
    const text = this.text;
    const start = this.pos;
    let i = start + cpLength(codePointAt(text, start));
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (!isIdContinue(c, text, i)) break;
      i += c < 128 ? 1 : cpLength(codePointAt(text, i));
    }
    const word = text.slice(start, i);
    this.pos = i;
    if (word === "_") {
      this.push(TokenKind.Underscore, start, i, word);
      return;
    }
    this.push(KEYWORDS.get(word) ?? TokenKind.Ident, start, i, word);
  }

  private punctuation(c: number): void {
    const text = this.text;
    const start = this.pos;
    const candidates = PUNCT.get(c);
    if (candidates !== undefined) {
      for (const [p, kind] of candidates) {
        if (p.length === 1 || text.startsWith(p, start)) {
          this.push(kind, start, start + p.length, p);
          this.pos = start + p.length;
          return;
        }
      }
    }
    const cp = codePointAt(text, start);
    const end = start + cpLength(cp);
    const ch = String.fromCodePoint(cp);
    this.error(LEX.unexpectedChar(ch), start, end);
    this.push(TokenKind.Error, start, end, ch);
    this.pos = end;
  }
}

const ESCAPES: ReadonlyMap<number, string> = new Map([
  [110, "\n"],
  [114, "\r"],
  [116, "\t"],
  [C_BACKSLASH, "\\"],
  [C_QUOTE, '"'],
]);

