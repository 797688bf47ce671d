// The parser's entry point and cursor (language.md §3, §13.1): token access, expect/eat,
// syntax errors as thrown ParseError values caught per statement list (parse-stmt.ts), the
// recovery skip of §13.1.2 and the nesting limit of §13.1.10. Never throws to its caller.
import type { SourceFile, Span } from "../diagnostics/span.js";
import { errorDiag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type * as ast from "./ast.js";
import { lex } from "./lexer.js";
import { SYNC_KEYWORDS, TOKENS, TokenKind, type Token } from "./tokens.js";
import {
  SYN,
  SYNTAX_HELP,
  SYNTAX_LABEL,
  expectedButFound,
  internalError,
  reservedKeyword,
  type IdentContext,
  type Msg,
} from "./messages.js";
import { parseStatementList } from "./parse-stmt.js";

/** More nested levels than this is AT1000 `Nesting too deep (limit 256)` (§13.1.10). */
export const MAX_NESTING = 256;

/** A syntax error on its way to the innermost statement list (never escapes the parser). */
export class ParseError {
  constructor(readonly diag: Diagnostic) {}
}

export interface ParseOptions {
  /** REPL / eval input: the final top-level simple statement may omit its `;` (§13.1.4). */
  repl?: boolean;
}

export interface ParseResult {
  program: ast.Program;
  diagnostics: Diagnostic[];
}

/**
 * Lexes and parses one file. Diagnostics are the lexical errors if there are any (§8.5),
 * else the syntax errors. The program holds every statement that parsed without error.
 */
export function parseProgram(file: SourceFile, opts: ParseOptions = {}): ParseResult {
  const { tokens, diagnostics: lexical } = lex(file);
  const p = new Parser(file, tokens, opts.repl === true);
  const body: ast.Stmt[] = [];
  p.run(() => parseStatementList(p, true, body));
  const program: ast.Program = { kind: "Program", span: { file, start: 0, end: file.text.length }, body };
  return { program, diagnostics: lexical.length > 0 ? lexical : p.diagnostics };
}

export class Parser {
  pos = 0;
  /** Open nesting levels (§13.1.10). */
  depth = 0;
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly last: number;

  constructor(
    readonly file: SourceFile,
    readonly tokens: readonly Token[],
    readonly repl: boolean,
  ) {
    this.last = tokens.length - 1;
  }

  /** Runs a parse, turning a syntax error or an internal failure into a recorded diagnostic. */
  run(body: () => void): void {
    try {
      body();
    } catch (e) {
      if (e instanceof ParseError) {
        this.report(e.diag);
        return;
      }
      const detail = e instanceof Error ? e.message : String(e);
      const m = internalError(`parser: ${detail}`);
      this.diagnostics.push(errorDiag(m.code, m.text, this.spanOf(this.peek())));
    }
  }

  // ───────────── token access ─────────────

  peek(): Token {
    return this.tokens[this.pos];
  }

  /** Kind of the token `offset` ahead (EOF beyond the end). */
  peekKind(offset = 0): TokenKind {
    const i = this.pos + offset;
    return i < this.last ? this.tokens[i].kind : TokenKind.EOF;
  }

  at(kind: TokenKind): boolean {
    return this.tokens[this.pos].kind === kind;
  }

  /** Consumes and returns the current token (never moves past EOF). */
  advance(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.last) this.pos++;
    return t;
  }

  eat(kind: TokenKind): Token | null {
    return this.tokens[this.pos].kind === kind ? this.advance() : null;
  }

  /** Consumes a token of `kind`, else raises `msg` at the current token. */
  expect(kind: TokenKind, msg: Msg): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== kind) this.fail(msg);
    return this.advance();
  }

  /** End offset of the last consumed token. */
  prevEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1].end : 0;
  }

  // ───────────── spans and errors ─────────────

  span(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  spanOf(t: Token): Span {
    return { file: this.file, start: t.start, end: t.end };
  }

  syntaxDiag(msg: Msg, span: Span): Diagnostic {
    return errorDiag(msg.code, msg.text, span, { label: SYNTAX_LABEL, help: SYNTAX_HELP });
  }

  /** Raises a syntax error at `span` (default: the current token). */
  fail(msg: Msg, span: Span = this.spanOf(this.peek())): never {
    throw new ParseError(this.syntaxDiag(msg, span));
  }

  /** Records a diagnostic once (identical code, message and span are reported once). */
  report(d: Diagnostic): void {
    const key = `${d.code}\u0000${d.message}\u0000${d.span?.start ?? -1}\u0000${d.span?.end ?? -1}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  /** How a token is named in `Expected <context> but found <found>` (§3.4). */
  found(t: Token): string {
    switch (t.kind) {
      case TokenKind.Ident:
        return `identifier '${t.value}'`;
      case TokenKind.Number:
        return `number '${t.value}'`;
      case TokenKind.String:
        return `string ${JSON.stringify(t.value)}`;
      case TokenKind.EOF:
        return "end of input";
      case TokenKind.Error:
        return `'${t.value}'`;
      default:
        return `'${TOKENS[t.kind].label}'`;
    }
  }

  /** An identifier where one is required; keywords get AT1005 or AT1004 (§2.4). */
  expectName(context: IdentContext): ast.Name {
    const t = this.peek();
    if (t.kind === TokenKind.Ident) {
      this.advance();
      return { kind: "Name", span: this.spanOf(t), name: t.value };
    }
    const kw = TOKENS[t.kind].keyword;
    if (kw === "reserved" || kw === "future") this.fail(reservedKeyword(t.value, context, kw === "future"));
    return this.fail(expectedButFound(context, this.found(t)));
  }

  // ───────────── nesting (§13.1.10) ─────────────

  /**
   * Opens a nesting level at token `t` (which opens it). The 257th level is a syntax error of
   * the innermost statement, recovered from like any other (the statement list that catches it
   * restores `depth`), so the parser's own recursion never goes deeper than the limit.
   */
  enter(t: Token): void {
    if (++this.depth > MAX_NESTING) this.fail(SYN.tooDeep, this.spanOf(t));
  }

  /**
   * Consumes a `{` (else raises `msg`) and opens a nesting level at it. The level is opened
   * before the brace is consumed, so after `Nesting too deep` recovery skips that brace too and
   * counts it (§13.1.2): its matching `}` is not left over as a stray one.
   */
  openBrace(msg: Msg): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== TokenKind.LBrace) this.fail(msg);
    this.enter(t);
    return this.advance();
  }

  leave(): void {
    this.depth--;
  }

  // ───────────── recovery (§13.1.2) ─────────────

  /**
   * Skips after an error in a statement that began at token index `stmtStart`: counting
   * `{`/`}` among skipped tokens, stops just past a `;` at depth 0, before a `}` at depth 0,
   * or before a sync keyword at depth 0 — but never stops where the statement began, so the
   * statement list always makes progress (a misplaced `type` inside a block is an error at a
   * sync keyword that nothing consumed). Braces opened before the error are not counted, as
   * §13.1.2 says: in `let s = match x { -1 => 0 };` recovery stops before the match's `}`,
   * which is then a stray `}` at top level.
   */
  synchronize(stmtStart: number): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === TokenKind.EOF) return;
      if (depth === 0) {
        if (t.kind === TokenKind.RBrace && this.pos !== stmtStart) return;
        if (SYNC_KEYWORDS.has(t.kind) && this.pos !== stmtStart) return;
      }
      this.advance();
      if (t.kind === TokenKind.LBrace) depth++;
      else if (t.kind === TokenKind.RBrace) depth--;
      else if (t.kind === TokenKind.Semi && depth === 0) return;
    }
  }
}
