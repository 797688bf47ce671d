// Table tests for the lexer (language.md §2) and source decoding (§13.1.9).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SourceFile } from "../../src/diagnostics/span.js";
import { lex } from "../../src/syntax/lexer.js";
import { decodeSource } from "../../src/syntax/source.js";
import { TOKENS, TokenKind } from "../../src/syntax/tokens.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/** `kind` for fixed tokens, `kind:value` for identifiers, numbers, strings and error tokens. */
function show(src: string): string {
  const { tokens } = lex(new SourceFile("t.atl", src));
  return tokens
    .filter((t) => t.kind !== TokenKind.EOF)
    .map((t) => {
      switch (t.kind) {
        case TokenKind.Ident:
          return `id:${t.value}`;
        case TokenKind.Number:
          return `num:${t.value}`;
        case TokenKind.String:
          return `str:${JSON.stringify(t.value)}`;
        case TokenKind.Error:
          return `err:${JSON.stringify(t.value)}`;
        default:
          return TOKENS[t.kind].label;
      }
    })
    .join(" ");
}

function diag(d: Diagnostic): string {
  if (!d.span) return `${d.code} ? ${d.message}`;
  const p = d.span.file.position(d.span.start);
  return `${d.code} ${p.line}:${p.column}+${d.span.end - d.span.start} ${d.message}`;
}

function diags(src: string): string[] {
  return lex(new SourceFile("t.atl", src)).diagnostics.map(diag);
}

const TOKEN_CASES: [string, string][] = [
  ["", ""],
  ["let x = 1;", "let id:x = num:1 ;"],
  ["var fn type if else while for in return break continue", "var fn type if else while for in return break continue"],
  ["true false null import export from extern match as extends is async await", "true false null import export from extern match as extends is async await"],
  ["_ _x __ x_1 X", "_ id:_x id:__ id:x_1 id:X"],
  ["número π 日本 𝑥1 x٣", "id:número id:π id:日本 id:𝑥1 id:x٣"],
  ["Some None Ok Err number string", "id:Some id:None id:Ok id:Err id:number id:string"],
  ["0 007 1.5 1. .5 1e3 1E+3 2e-10 1.5e2", "num:0 num:007 num:1.5 num:1 . . num:5 num:1e3 num:1E+3 num:2e-10 num:1.5e2"],
  ["2fast 1.e5", "num:2 id:fast num:1 . id:e5"],
  ['"" "a" "a\\nb\\t\\r\\\\\\"" "x\ny"', 'str:"" str:"a" str:"a\\nb\\t\\r\\\\\\"" str:"x\\ny"'],
  ["+ ++ += - -- -= -> * *= / /= % %= = == => ! != < <= > >= & && | ||", "+ ++ += - -- -= -> * *= / /= % %= = == => ! != < <= > >= & && | ||"],
  ["( ) { } [ ] ; , : . ?", "( ) { } [ ] ; , : . ?"],
  ["+++ ---> ===> >>= a<b>c", "++ + -- -> == => > >= id:a < id:b > id:c"],
  ["Option<Option<number>>", "id:Option < id:Option < id:number > >"],
  ["a // comment\nb /// doc\nc /* x\ny */ d /**/ e", "id:a id:b id:c id:d id:e"],
  ["/* a /* b */ c */", "id:c * /"],
  ["x\r\ny\tz", "id:x id:y id:z"],
];

test("lexer: token kinds and lexemes", () => {
  for (const [src, want] of TOKEN_CASES) assert.equal(show(src), want, JSON.stringify(src));
});

const DIAG_CASES: [string, string[]][] = [
  ["let x = 1;", []],
  ["a @ b", ["AT1001 1:3+1 Unexpected character '@'"]],
  ["#$~`", ["AT1001 1:1+1 Unexpected character '#'", "AT1001 1:2+1 Unexpected character '$'", "AT1001 1:3+1 Unexpected character '~'", "AT1001 1:4+1 Unexpected character '`'"]],
  ["a\u00a0b", ["AT1001 1:2+1 Unexpected character '\u00a0'"]],
  ["a\fb", ["AT1001 1:2+1 Unexpected character '\f'"]],
  ["x 😀 y", ["AT1001 1:3+2 Unexpected character '😀'"]],
  ["1e", ["AT1001 1:1+2 Invalid number: exponent requires digits"]],
  ["x = 1e+;", ["AT1001 1:5+3 Invalid number: exponent requires digits"]],
  ["2easy", ["AT1001 1:1+2 Invalid number: exponent requires digits"]],
  ["1.5E-", ["AT1001 1:1+5 Invalid number: exponent requires digits"]],
  ['"abc', ["AT1002 1:1+4 Unterminated string literal"]],
  ['x = "abc\n\n', ["AT1002 1:5+6 Unterminated string literal"]],
  ['"abc\\', ["AT1002 1:1+5 Unterminated string literal"]],
  ['"a\\qb"', ["AT1003 1:3+2 Invalid escape sequence '\\q'"]],
  ['"\\x\\y" "\\0"', ["AT1003 1:2+2 Invalid escape sequence '\\x'", "AT1003 1:4+2 Invalid escape sequence '\\y'", "AT1003 1:9+2 Invalid escape sequence '\\0'"]],
  ['"\\e', ["AT1003 1:2+2 Invalid escape sequence '\\e'", "AT1002 1:1+3 Unterminated string literal"]],
  ["a /* b", ["AT1004 1:3+2 Unterminated multi-line comment"]],
  ["a\n  /* b\n c", ["AT1004 2:3+2 Unterminated multi-line comment"]],
  ["日本 @", ["AT1001 1:4+1 Unexpected character '@'"]],
];

test("lexer: diagnostics (code line:col+length message)", () => {
  for (const [src, want] of DIAG_CASES) assert.deepEqual(diags(src), want, JSON.stringify(src));
});

test("lexer: labels and help texts", () => {
  const [c] = lex(new SourceFile("t.atl", "/* x")).diagnostics;
  assert.equal(c.label, "comment starts here");
  assert.equal(c.help, "add '*/' to close the multi-line comment");
  for (const src of ["@", "1e", '"a', '"\\q"']) {
    const [d] = lex(new SourceFile("t.atl", src)).diagnostics;
    assert.equal(d.label, "lexer error", src);
    assert.equal(d.help, undefined, src);
    assert.equal(d.severity, "error");
  }
});

test("lexer: error tokens keep spans; EOF sits right after the last token", () => {
  const { tokens } = lex(new SourceFile("t.atl", "a @ 1e+ b  \n// tail\n"));
  assert.deepEqual(
    tokens.map((t) => [TokenKind[t.kind], t.start, t.end]),
    [
      ["Ident", 0, 1],
      ["Error", 2, 3],
      ["Error", 4, 7],
      ["Ident", 8, 9],
      ["EOF", 9, 9],
    ],
  );
  assert.deepEqual(lex(new SourceFile("t.atl", "  // only\n")).tokens, [{ kind: TokenKind.EOF, start: 0, end: 0, value: "" }]);
});

test("lexer: 1 MB of source is fast", () => {
  const line = 'let value_1 = foo(a + 12.5e3, "str\\n", [x, y]) >= -3 && !done; // comment\n';
  const src = line.repeat(Math.ceil(1_000_000 / line.length));
  const t0 = performance.now();
  const { tokens, diagnostics } = lex(new SourceFile("big.atl", src));
  const ms = performance.now() - t0;
  assert.equal(diagnostics.length, 0);
  assert.ok(tokens.length > 200_000);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

const enc = new TextEncoder();

test("decodeSource: BOM removal and valid UTF-8", () => {
  const r = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode("let é = 1;")]), "a.atl", "/x/a.atl");
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.file.text, "let é = 1;");
  assert.equal(r.file.path, "a.atl");
  assert.equal(r.file.absPath, "/x/a.atl");
  // only a leading BOM is removed
  const r2 = decodeSource(new Uint8Array([0x61, 0xef, 0xbb, 0xbf]), "b.atl", null);
  assert.equal(r2.file.text, "a\ufeff");
});

const UTF8_CASES: [number[], string][] = [
  [[0x61, 0x62, 0xff, 0x63], "AT1001 1:3+1 Invalid UTF-8 in source"],
  [[...enc.encode("ab\nцд"), 0xc3], "AT1001 2:3+1 Invalid UTF-8 in source"],
  [[0x78, 0xc0, 0x80], "AT1001 1:2+1 Invalid UTF-8 in source"], // overlong
  [[0x78, 0xed, 0xa0, 0x80], "AT1001 1:2+1 Invalid UTF-8 in source"], // surrogate
  [[0x78, 0xf4, 0x90, 0x80, 0x80], "AT1001 1:2+1 Invalid UTF-8 in source"], // > U+10FFFF
  [[0x78, 0xe2, 0x82, 0x41], "AT1001 1:2+1 Invalid UTF-8 in source"], // truncated
  [[0xef, 0xbb, 0xbf, ...enc.encode("😀"), 0x80], "AT1001 1:2+1 Invalid UTF-8 in source"],
];

test("decodeSource: invalid UTF-8 is AT1001 at the first bad byte", () => {
  for (const [bytes, want] of UTF8_CASES) {
    const r = decodeSource(new Uint8Array(bytes), "u.atl", null);
    assert.deepEqual(r.diagnostics.map(diag), [want], JSON.stringify(bytes));
    assert.equal(r.diagnostics[0].label, "lexer error");
    const s = r.diagnostics[0].span;
    assert.ok(s);
    assert.equal(r.file.text.slice(s.start, s.end), "\ufffd");
  }
});
