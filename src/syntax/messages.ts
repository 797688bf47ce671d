// The lexer/parser message catalogue: every code, message, label and help text of the syntax
// layer (language.md §2, §3.4, §8.6, §13.1). Texts are verbatim where the spec states them;
// the others follow the spec's patterns (decisions listed below).
//
// DECISIONS (the spec gives examples, not a full list; these complete it consistently):
// - Class of a missing token (§3.4): `;` → AT1002 `Expected ';' after <what>`; `)` `]` `}` →
//   AT1003; any other token → AT1004; AT1000 for "Expected expression/type/pattern" and the
//   general errors. All use label `syntax error` and help `check your syntax…` (also the
//   parser's AT1001 `Invalid number literal`).
// - A `{` that must open a block (function body, if/else/while/for body, match braces) is
//   always `Expected '{'`; an unclosed block at end of input is `Expected '}'` (both bare, as
//   in the spec's examples).
// - `;` contexts: expression, variable declaration, return, break, continue, import, type
//   alias, assignment (`=` and compound), increment/decrement (`x++;`/`x--;`), and in a
//   C-style for header `loop initializer` / `loop condition`.
// - Identifier contexts (for `Expected <context> but found <found>` and AT1005): variable
//   name, function name, parameter name, type name, type parameter name, field name, member
//   name, import name, namespace name; `module path` for the import specifier string.
// - `fn <non-(>` / `async fn <non-(>` at statement start is a declaration attempt, so
//   `fn match() {}` reports AT1005 `… as function name. This keyword is reserved for future
//   use` rather than `Expected '(' after 'fn'` (which is reserved for function expressions).
// - A `for` not followed by `(` is a for-in loop: `for 1 in x` → `Expected variable name but
//   found number '1'`.
// - `return` followed by a token that cannot start an expression has no value: `return }` →
//   `Expected ';' after return`.
// - Errors that the spec places "at a token" use the current token; `Unexpected empty type
//   group` and `Expected '->' after function type parameters` therefore point at the token
//   after `)`; `Match expression must have at least one arm` points at the `}`.
// - Identical diagnostics (same code, message and span) are reported once: several blocks left
//   open at end of input give one `Expected '}'`.
// - Recovery follows §13.1.2 literally: braces opened before the error are not counted, so in
//   `let s = match x { -1 => 0 };` it stops before the match's `}`, which is then reported as
//   `Unexpected '}'` at top level; `let let = 1;` stops before the second `let` (a sync
//   keyword) and also reports `Expected variable name but found '='`. The one addition: it
//   never stops where the failing statement began (a misplaced `type` in a block is consumed),
//   which guarantees progress.
// - `match x { }` consumes its `}` before reporting `Match expression must have at least one
//   arm` (span: that `}`), so the complete match gives one error.
// - `extern` is reported at the keyword; recovery then resumes at a following `fn`/`let`….
// - In a REPL input only the last top-level simple statement (expression, assignment,
//   `x++`) may omit its `;` (§13.1.4); declarations still need it.
// - `...rest: T` in a library signature: the stored type is always an array type (`T[]`
//   written as-is; a non-array `T`, as stdlib.md writes pathJoin, is wrapped into `T[]`).

/** A code and a message text. */
export interface Msg {
  readonly code: string;
  readonly text: string;
}

const m = (code: string, text: string): Msg => ({ code, text });

// ───────────── labels and help texts ─────────────

export const LEXER_LABEL = "lexer error";
export const SYNTAX_LABEL = "syntax error";
export const SYNTAX_HELP = "check your syntax for typos or missing tokens";
export const COMMENT_LABEL = "comment starts here";
export const COMMENT_HELP = "add '*/' to close the multi-line comment";

// ───────────── lexical errors (§2, §8.6) ─────────────

export const LEX = {
  unexpectedChar: (c: string): Msg => m("AT1001", `Unexpected character '${c}'`),
  exponentDigits: m("AT1001", "Invalid number: exponent requires digits"),
  unterminatedString: m("AT1002", "Unterminated string literal"),
  invalidEscape: (c: string): Msg => m("AT1003", `Invalid escape sequence '\\${c}'`),
  unterminatedComment: m("AT1004", "Unterminated multi-line comment"),
  invalidUtf8: m("AT1001", "Invalid UTF-8 in source"),
} as const;

// ───────────── syntax errors (§3.4, §13.1) ─────────────

/** Where an identifier is expected (`Expected <context> but found …`, AT1005 `… as <context>`). */
export type IdentContext =
  | "variable name"
  | "function name"
  | "parameter name"
  | "type name"
  | "type parameter name"
  | "field name"
  | "member name"
  | "import name"
  | "namespace name";

export const SYN = {
  // AT1000 general
  expectedExpression: m("AT1000", "Expected expression"),
  expectedType: m("AT1000", "Expected type"),
  expectedPattern: m("AT1000", "Expected pattern"),
  invalidTarget: m("AT1000", "Invalid assignment target"),
  noArms: m("AT1000", "Match expression must have at least one arm"),
  exportWhat: m("AT1000", "Expected 'fn', 'async', 'let', 'var', or 'type' after 'export'"),
  emptyTypeGroup: m("AT1000", "Unexpected empty type group"),
  importNotTop: m("AT1000", "Import declarations are only allowed at the top level"),
  exportNotTop: m("AT1000", "Export declarations are only allowed at the top level"),
  typeNotTop: m("AT1000", "Type aliases are only allowed at the top level"),
  extern: m("AT1000", "extern declarations are not supported"),
  strayRBrace: m("AT1000", "Unexpected '}'"),
  tooDeep: m("AT1000", "Nesting too deep (limit 256)"),

  // AT1002 missing `;`
  semiExpression: m("AT1002", "Expected ';' after expression"),
  semiVarDecl: m("AT1002", "Expected ';' after variable declaration"),
  semiReturn: m("AT1002", "Expected ';' after return"),
  semiBreak: m("AT1002", "Expected ';' after break"),
  semiContinue: m("AT1002", "Expected ';' after continue"),
  semiImport: m("AT1002", "Expected ';' after import"),
  semiTypeAlias: m("AT1002", "Expected ';' after type alias"),
  semiAssignment: m("AT1002", "Expected ';' after assignment"),
  semiIncrement: m("AT1002", "Expected ';' after increment"),
  semiDecrement: m("AT1002", "Expected ';' after decrement"),
  semiForInit: m("AT1002", "Expected ';' after loop initializer"),
  semiForCond: m("AT1002", "Expected ';' after loop condition"),

  // AT1003 missing `)` `]` `}`
  rparenIfCond: m("AT1003", "Expected ')' after if condition"),
  rparenWhileCond: m("AT1003", "Expected ')' after while condition"),
  rparenForClauses: m("AT1003", "Expected ')' after for clauses"),
  rparenArgs: m("AT1003", "Expected ')' after arguments"),
  rparenExpr: m("AT1003", "Expected ')' after expression"),
  rparenParams: m("AT1003", "Expected ')' after parameters"),
  rparenPatternArgs: m("AT1003", "Expected ')' after pattern arguments"),
  rparenFnTypeParams: m("AT1003", "Expected ')' after function type parameters"),
  rparenType: m("AT1003", "Expected ')' after type"),
  rbracketIndex: m("AT1003", "Expected ']' after index"),
  rbracketArray: m("AT1003", "Expected ']' after array elements"),
  rbracketPattern: m("AT1003", "Expected ']' after array pattern"),
  rbracketArrayType: m("AT1003", "Expected ']' in array type"),
  rbrace: m("AT1003", "Expected '}'"),
  rbraceImport: m("AT1003", "Expected '}' after import list"),
  rbraceStructType: m("AT1003", "Expected '}' after structural type"),

  // AT1004 any other expected token
  lbrace: m("AT1004", "Expected '{'"),
  lparenIf: m("AT1004", "Expected '(' after 'if'"),
  lparenWhile: m("AT1004", "Expected '(' after 'while'"),
  lparenFn: m("AT1004", "Expected '(' after 'fn'"),
  lparenFnName: m("AT1004", "Expected '(' after function name"),
  fnAfterAsync: m("AT1004", "Expected 'fn' after 'async'"),
  eqVarDecl: m("AT1004", "Expected '=' in variable declaration"),
  eqTypeAlias: m("AT1004", "Expected '=' in type alias"),
  fatArrowPattern: m("AT1004", "Expected '=>' after pattern"),
  fatArrowGuard: m("AT1004", "Expected '=>' after guard"),
  commaArm: m("AT1004", "Expected ',' after match arm"),
  inForIn: m("AT1004", "Expected 'in' after variable name"),
  colonParam: m("AT1004", "Expected ':' after parameter name"),
  colonField: m("AT1004", "Expected ':' after field name"),
  arrowFnType: m("AT1004", "Expected '->' after function type parameters"),
  gtTypeArgs: m("AT1004", "Expected '>' after type arguments"),
  gtTypeParams: m("AT1004", "Expected '>' after type parameters"),
  importWhat: m("AT1004", "Expected '{' or '*' after 'import'"),
  asNamespace: m("AT1004", "Expected 'as' after '*'"),
  fromImport: m("AT1004", "Expected 'from' after import list"),
} as const;

/** AT1004 `Expected <context> but found <found>` (§3.4). */
export function expectedButFound(context: string, found: string): Msg {
  return m("AT1004", `Expected ${context} but found ${found}`);
}

/** AT1005 `Cannot use reserved keyword '<kw>' as <context>` (§2.4). */
export function reservedKeyword(kw: string, context: string, future: boolean): Msg {
  const tail = future ? ". This keyword is reserved for future use" : "";
  return m("AT1005", `Cannot use reserved keyword '${kw}' as ${context}${tail}`);
}

/** AT1001 from the parser: a number literal whose value is not finite (§2.5). */
export function invalidNumberLiteral(lexeme: string): Msg {
  return m("AT1001", `Invalid number literal: '${lexeme}'`);
}

/** AT9995 for a bug in the syntax layer (never expected). */
export function internalError(detail: string): Msg {
  return m("AT9995", `Internal error: ${detail}`);
}
