// Table tests for the parser (language.md §3, §13.1): AST dumps, syntax diagnostics with
// positions, spans, recovery, REPL mode, flat 10,000-long chains, the nesting limit, and
// parseSignature on real library signatures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { SourceFile } from "../../src/diagnostics/span.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { parseProgram } from "../../src/syntax/parser.js";
import { dumpAst } from "../../src/syntax/ast-dump.js";
import { parseSignature, parseTypeText } from "../../src/syntax/parse-signature.js";
import type * as ast from "../../src/syntax/ast.js";
import { InternalBug } from "../../src/runtime/errors.js";

function parse(src: string, repl = false): { program: ast.Program; diagnostics: Diagnostic[] } {
  return parseProgram(new SourceFile("t.atl", src), { repl });
}

function diag(d: Diagnostic): string {
  if (!d.span) return `${d.code} ? ${d.message}`;
  const p = d.span.file.position(d.span.start);
  return `${d.code} ${p.line}:${p.column} ${d.message}`;
}

function dumpOk(src: string, repl = false): string {
  const r = parse(src, repl);
  assert.deepEqual(r.diagnostics.map(diag), [], JSON.stringify(src));
  return dumpAst(r.program);
}

// ───────────── source → dump ─────────────

const DUMP_CASES: [string, string][] = [
  ["1 + 2 * 3 - 4;", "(ExprStmt (Binary - (Binary + (NumberLit 1) (Binary * (NumberLit 2) (NumberLit 3))) (NumberLit 4)))"],
  ["a || b && c == d < e + f * -g;", "(ExprStmt (Binary || (Ident a) (Binary && (Ident b) (Binary == (Ident c) (Binary < (Ident d) (Binary + (Ident e) (Binary * (Ident f) (Unary - (Ident g)))))))))"],
  ["a - b - c;", "(ExprStmt (Binary - (Binary - (Ident a) (Ident b)) (Ident c)))"],
  ["a < b < c;", "(ExprStmt (Binary < (Binary < (Ident a) (Ident b)) (Ident c)))"],
  ["a == b != c;", "(ExprStmt (Binary != (Binary == (Ident a) (Ident b)) (Ident c)))"],
  ["-!x;", "(ExprStmt (Unary - (Unary ! (Ident x))))"],
  ["-f(x);", "(ExprStmt (Unary - (Call (Ident f) (Ident x))))"],
  ["await f()?;", "(ExprStmt (Await (Try (Call (Ident f)))))"],
  ["(await f())?;", "(ExprStmt (Try (Paren (Await (Call (Ident f))))))"],
  ["await(x);", "(ExprStmt (Await (Paren (Ident x))))"],
  ["a.b.c(1, 2)[0]?.d;", "(ExprStmt (Member (Try (Index (Member (Member (Ident a) b) c (args (NumberLit 1) (NumberLit 2))) (NumberLit 0))) d))"],
  ["j.m;", "(ExprStmt (Member (Ident j) m))"],
  ["f()(1)[2];", "(ExprStmt (Index (Call (Call (Ident f)) (NumberLit 1)) (NumberLit 2)))"],
  ["[1, 2, 3,];", "(ExprStmt (ArrayLit (NumberLit 1) (NumberLit 2) (NumberLit 3)))"],
  ["[];", "(ExprStmt (ArrayLit))"],
  ["f(a, b,);", "(ExprStmt (Call (Ident f) (Ident a) (Ident b)))"],
  ["print(\"a\\n\\\"b\\\"\");", "(ExprStmt (Call (Ident print) (StringLit \"a\\n\\\"b\\\"\")))"],
  ["x = 1;", "(Assign (Ident x) (NumberLit 1))"],
  ["a[i] += 2;", "(CompoundAssign += (Index (Ident a) (Ident i)) (NumberLit 2))"],
  ["a[0][1] -= 1;", "(CompoundAssign -= (Index (Index (Ident a) (NumberLit 0)) (NumberLit 1)) (NumberLit 1))"],
  ["x *= 2; x /= 2; x %= 3;", "(CompoundAssign *= (Ident x) (NumberLit 2))\n(CompoundAssign /= (Ident x) (NumberLit 2))\n(CompoundAssign %= (Ident x) (NumberLit 3))"],
  ["x++; a[0]--;", "(IncDec ++ (Ident x))\n(IncDec -- (Index (Ident a) (NumberLit 0)))"],
  ["let x = 1;", "(VarDecl let x (NumberLit 1))"],
  ["var y: number = 2;", "(VarDecl var y (type (NamedType number)) (NumberLit 2))"],
  ["let z: Option<Option<number>> = None;", "(VarDecl let z (type (NamedType Option (NamedType Option (NamedType number)))) (Ident None))"],
  ["let f: (number) -> number | string = g;", "(VarDecl let f (type (FnType (params (NamedType number)) (UnionType (NamedType number) (NamedType string)))) (Ident g))"],
  ["let g: ((number) -> number)[] = [];", "(VarDecl let g (type (ArrayType (FnType (params (NamedType number)) (NamedType number)))) (ArrayLit))"],
  ["let h: () -> () -> null = k;", "(VarDecl let h (type (FnType (params) (FnType (params) (NullType)))) (Ident k))"],
  ["let u: number | string & bool[] = v;", "(VarDecl let u (type (UnionType (NamedType number) (IntersectionType (NamedType string) (ArrayType (NamedType bool))))) (Ident v))"],
  ["let s: { a: number, b: string[], } = t;", "(VarDecl let s (type (StructType (field a (NamedType number)) (field b (ArrayType (NamedType string))))) (Ident t))"],
  ["let n: (number | string)[] = [];", "(VarDecl let n (type (ArrayType (UnionType (NamedType number) (NamedType string)))) (ArrayLit))"],
  ["let q: Result<number, string,> = r;", "(VarDecl let q (type (NamedType Result (NamedType number) (NamedType string))) (Ident r))"],
  ["fn add(a: number, b: number) -> number { return a + b; }", "(FnDecl add (params (Param a (NamedType number)) (Param b (NamedType number))) (returns (NamedType number)) (Block\n  (Return (Binary + (Ident a) (Ident b)))))"],
  ["async fn work(name: string, ms: number) -> Future<string> { await sleep(ms); return name; }", "(FnDecl async work (params (Param name (NamedType string)) (Param ms (NamedType number))) (returns (NamedType Future (NamedType string))) (Block\n  (ExprStmt (Await (Call (Ident sleep) (Ident ms))))\n  (Return (Ident name))))"],
  ["fn id<T>(x: T) -> T { return x; }", "(FnDecl id (typeParams (TypeParam T)) (params (Param x (NamedType T))) (returns (NamedType T)) (Block\n  (Return (Ident x))))"],
  ["fn f<K extends number | string, V,>(m: HashMap<K, V>,) -> null { }", "(FnDecl f (typeParams (TypeParam K (UnionType (NamedType number) (NamedType string))) (TypeParam V)) (params (Param m (NamedType HashMap (NamedType K) (NamedType V)))) (returns (NullType)) (Block))"],
  ["fn isStr(x: unknown) -> bool is x: string { return typeof(x) == \"string\"; }", "(FnDecl isStr (params (Param x (NamedType unknown))) (returns (NamedType bool)) (predicate x (NamedType string)) (Block\n  (Return (Binary == (Call (Ident typeof) (Ident x)) (StringLit \"string\")))))"],
  ["fn f() { }", "(FnDecl f (params) (Block))"],
  ["let f = fn(x, y: number) -> number { return x; };", "(VarDecl let f (FnExpr (params (Param x) (Param y (NamedType number))) (returns (NamedType number)) (Block\n  (Return (Ident x)))))"],
  ["let g = async fn() { await h(); };", "(VarDecl let g (FnExpr async (params) (Block\n  (ExprStmt (Await (Call (Ident h)))))))"],
  ["fn() { }();", "(ExprStmt (Call (FnExpr (params) (Block))))"],
  ["async fn() { };", "(ExprStmt (FnExpr async (params) (Block)))"],
  ["if (a) { x; }", "(If (Ident a) (Block\n  (ExprStmt (Ident x))))"],
  ["if (a) { x; } else { y; }", "(If (Ident a) (Block\n  (ExprStmt (Ident x))) (Block\n  (ExprStmt (Ident y))))"],
  ["if (a) { } else if (b) { } else if (c) { } else { z; }", "(If (Ident a) (Block) (If (Ident b) (Block) (If (Ident c) (Block) (Block\n  (ExprStmt (Ident z))))))"],
  ["while (i < 10) { i++; }", "(While (Binary < (Ident i) (NumberLit 10)) (Block\n  (IncDec ++ (Ident i))))"],
  ["for (var i = 0; i < 3; i++) { }", "(For (VarDecl var i (NumberLit 0)) (Binary < (Ident i) (NumberLit 3)) (IncDec ++ (Ident i)) (Block))"],
  ["for (i = 0; ; i += 1) { break; }", "(For (Assign (Ident i) (NumberLit 0)) _ (CompoundAssign += (Ident i) (NumberLit 1)) (Block\n  (Break)))"],
  ["for (;;) { continue; }", "(For _ _ _ (Block\n  (Continue)))"],
  ["for (f(); x; g()) { }", "(For (ExprStmt (Call (Ident f))) (Ident x) (ExprStmt (Call (Ident g))) (Block))"],
  ["for x in xs { print(x); }", "(ForIn x (Ident xs) (Block\n  (ExprStmt (Call (Ident print) (Ident x)))))"],
  ["return; return 1;", "(Return)\n(Return (NumberLit 1))"],
  ["{ let x = 2; { } }", "(Block\n  (VarDecl let x (NumberLit 2))\n  (Block))"],
  [";", "(Empty)"],
  ["match x { 1 => \"one\", _ => \"other\" }", "(ExprStmt (Match (Ident x)\n  (MatchArm (LiteralPattern 1) (StringLit \"one\"))\n  (MatchArm (WildcardPattern) (StringLit \"other\"))))"],
  ["match x { 1 => 2 };", "(ExprStmt (Match (Ident x)\n  (MatchArm (LiteralPattern 1) (NumberLit 2))))"],
  ["let m = match r { Ok(v) => v, Err(e) => 0, };", "(VarDecl let m (Match (Ident r)\n  (MatchArm (ConstructorPattern Ok (args (BindingPattern v))) (Ident v))\n  (MatchArm (ConstructorPattern Err (args (BindingPattern e))) (NumberLit 0))))"],
  ["match o { Some(1 | 2) => a, None => b, Some(_) if c => { break; }, }", "(ExprStmt (Match (Ident o)\n  (MatchArm (ConstructorPattern Some (args (OrPattern (LiteralPattern 1) (LiteralPattern 2)))) (Ident a))\n  (MatchArm (ConstructorPattern None) (Ident b))\n  (MatchArm (ConstructorPattern Some (args (WildcardPattern))) (if (Ident c)) (Block\n    (Break)))))"],
  ["match a { [1 | 2, x] => x, [] => 0, [[y], _] => y, }", "(ExprStmt (Match (Ident a)\n  (MatchArm (ArrayPattern (OrPattern (LiteralPattern 1) (LiteralPattern 2)) (BindingPattern x)) (Ident x))\n  (MatchArm (ArrayPattern) (NumberLit 0))\n  (MatchArm (ArrayPattern (ArrayPattern (BindingPattern y)) (WildcardPattern)) (Ident y))))"],
  ["match v { true => 1, false => 2, null => 3, \"s\" => 4, 1.5 => 5, Foo(a, b,) => 6, Some => 7, None() => 8 }", "(ExprStmt (Match (Ident v)\n  (MatchArm (LiteralPattern true) (NumberLit 1))\n  (MatchArm (LiteralPattern false) (NumberLit 2))\n  (MatchArm (LiteralPattern null) (NumberLit 3))\n  (MatchArm (LiteralPattern \"s\") (NumberLit 4))\n  (MatchArm (LiteralPattern 1.5) (NumberLit 5))\n  (MatchArm (ConstructorPattern Foo (args (BindingPattern a) (BindingPattern b))) (NumberLit 6))\n  (MatchArm (BindingPattern Some) (NumberLit 7))\n  (MatchArm (ConstructorPattern None (args)) (NumberLit 8))))"],
  ["match x { n if n >= 90 => \"A\", 80 | 85 => \"B\", _ => \"C\" }", "(ExprStmt (Match (Ident x)\n  (MatchArm (BindingPattern n) (if (Binary >= (Ident n) (NumberLit 90))) (StringLit \"A\"))\n  (MatchArm (OrPattern (LiteralPattern 80) (LiteralPattern 85)) (StringLit \"B\"))\n  (MatchArm (WildcardPattern) (StringLit \"C\"))))"],
  ["let m = match x { _ => 1 }.foo;", "(VarDecl let m (Member (Match (Ident x)\n  (MatchArm (WildcardPattern) (NumberLit 1))) foo))"],
  ["import { a, b, } from \"./m\";", "(Import (names a b) \"./m\")"],
  ["import * as ns from \"./m.atl\";", "(Import (namespace ns) \"./m.atl\")"],
  ["export fn f() { }", "(Export (FnDecl f (params) (Block)))"],
  ["export async fn g() -> Future<null> { }", "(Export (FnDecl async g (params) (returns (NamedType Future (NullType))) (Block)))"],
  ["export let x = 1;", "(Export (VarDecl let x (NumberLit 1)))"],
  ["export var y = 2;", "(Export (VarDecl var y (NumberLit 2)))"],
  ["export type T = number;", "(Export (TypeAlias T (NamedType number)))"],
  ["type Pair<A, B> = { first: A, second: B };", "(TypeAlias Pair (typeParams (TypeParam A) (TypeParam B)) (StructType (field first (NamedType A)) (field second (NamedType B))))"],
  ["type F = (number, string,) -> bool;", "(TypeAlias F (FnType (params (NamedType number) (NamedType string)) (NamedType bool)))"],
  ["x = 007 + 1e3 + 2.50;", "(Assign (Ident x) (Binary + (Binary + (NumberLit 007) (NumberLit 1e3)) (NumberLit 2.50)))"],
  ["id<number>(4);", "(ExprStmt (Binary > (Binary < (Ident id) (Ident number)) (Paren (NumberLit 4))))"],
];

test("parser: source → AST dump", () => {
  for (const [src, want] of DUMP_CASES) assert.equal(dumpOk(src), want, JSON.stringify(src));
});

test("ast-dump: blocks indent their statements; Program prints one item per line", () => {
  const src = "fn f(x: number) -> number {\n  if (x > 0) {\n    return x;\n  }\n  return 0;\n}\nprint(f(1));\n";
  assert.equal(
    dumpOk(src),
    [
      "(FnDecl f (params (Param x (NamedType number))) (returns (NamedType number)) (Block",
      "  (If (Binary > (Ident x) (NumberLit 0)) (Block",
      "    (Return (Ident x))))",
      "  (Return (NumberLit 0))))",
      "(ExprStmt (Call (Ident print) (Call (Ident f) (NumberLit 1))))",
    ].join("\n"),
  );
  assert.equal(dumpOk(""), "");
  const p = parse("let x = [1];").program;
  assert.equal(dumpAst(p.body[0]), "(VarDecl let x (ArrayLit (NumberLit 1)))");
  const decl = p.body[0] as ast.VarDecl;
  assert.equal(dumpAst(decl.name), "x");
});

// ───────────── source → diagnostics ─────────────
// Recovery is §13.1.2 to the letter: after an error it stops before a sync keyword (even the
// offending one, as in `let let = 1;`) and before a `}` at depth 0 (even a match's own `}`),
// so some inputs show a follow-up error.

const DIAG_CASES: [string, string[]][] = [
  ["let x = ;", ["AT1000 1:9 Expected expression"]],
  ["let x = 1", ["AT1002 1:10 Expected ';' after variable declaration"]],
  ["x", ["AT1002 1:2 Expected ';' after expression"]],
  ["f(1) g(2);", ["AT1002 1:6 Expected ';' after expression"]],
  ["return 1", ["AT1002 1:9 Expected ';' after return"]],
  ["return }", ["AT1002 1:8 Expected ';' after return","AT1000 1:8 Unexpected '}'"]],
  ["fn f() { return 1 }", ["AT1002 1:19 Expected ';' after return"]],
  ["break", ["AT1002 1:6 Expected ';' after break"]],
  ["continue x;", ["AT1002 1:10 Expected ';' after continue"]],
  ["import { a } from \"./m\"", ["AT1002 1:24 Expected ';' after import"]],
  ["type T = number", ["AT1002 1:16 Expected ';' after type alias"]],
  ["x = 1", ["AT1002 1:6 Expected ';' after assignment"]],
  ["x += 1 y", ["AT1002 1:8 Expected ';' after assignment"]],
  ["x++ y", ["AT1002 1:5 Expected ';' after increment"]],
  ["x-- y", ["AT1002 1:5 Expected ';' after decrement"]],
  ["let x: number;", ["AT1004 1:14 Expected '=' in variable declaration"]],
  ["let = 1;", ["AT1004 1:5 Expected variable name but found '='"]],
  ["let 5 = 1;", ["AT1004 1:5 Expected variable name but found number '5'"]],
  ["let \"s\\n\" = 1;", ["AT1004 1:5 Expected variable name but found string \"s\\n\""]],
  ["let x = 1; let y = x +;", ["AT1000 1:23 Expected expression"]],
  ["(x) = 1;", ["AT1000 1:1 Invalid assignment target"]],
  ["(a[0]) = 1;", ["AT1000 1:1 Invalid assignment target"]],
  ["f() = 1;", ["AT1000 1:1 Invalid assignment target"]],
  ["a.b = 1;", ["AT1000 1:1 Invalid assignment target"]],
  ["a + 1 += 2;", ["AT1000 1:1 Invalid assignment target"]],
  ["-x++;", ["AT1000 1:1 Invalid assignment target"]],
  ["a = b = c;", ["AT1002 1:7 Expected ';' after assignment"]],
  ["f(x++);", ["AT1003 1:4 Expected ')' after arguments"]],
  ["let y = (x = 1);", ["AT1003 1:12 Expected ')' after expression"]],
  ["let let = 1;", ["AT1005 1:5 Cannot use reserved keyword 'let' as variable name","AT1004 1:9 Expected variable name but found '='"]],
  ["var if = 1;", ["AT1005 1:5 Cannot use reserved keyword 'if' as variable name","AT1004 1:8 Expected '(' after 'if'"]],
  ["fn fn() {}", ["AT1005 1:4 Cannot use reserved keyword 'fn' as function name","AT1002 1:11 Expected ';' after expression"]],
  ["let match = 1;", ["AT1005 1:5 Cannot use reserved keyword 'match' as variable name. This keyword is reserved for future use"]],
  ["fn import() {}", ["AT1005 1:4 Cannot use reserved keyword 'import' as function name. This keyword is reserved for future use"]],
  ["let is = 1;", ["AT1005 1:5 Cannot use reserved keyword 'is' as variable name"]],
  ["let async = 1;", ["AT1005 1:5 Cannot use reserved keyword 'async' as variable name","AT1004 1:11 Expected 'fn' after 'async'"]],
  ["let await = 1;", ["AT1005 1:5 Cannot use reserved keyword 'await' as variable name"]],
  ["let null = 1;", ["AT1005 1:5 Cannot use reserved keyword 'null' as variable name"]],
  ["let in = 1;", ["AT1004 1:5 Expected variable name but found 'in'"]],
  ["let from = 1;", ["AT1004 1:5 Expected variable name but found 'from'"]],
  ["let extern = 1;", ["AT1004 1:5 Expected variable name but found 'extern'"]],
  ["let as = 1;", ["AT1004 1:5 Expected variable name but found 'as'"]],
  ["let extends = 1;", ["AT1004 1:5 Expected variable name but found 'extends'"]],
  ["let export = 1;", ["AT1004 1:5 Expected variable name but found 'export'"]],
  ["fn f(type: number) {}", ["AT1005 1:6 Cannot use reserved keyword 'type' as parameter name","AT1004 1:10 Expected type name but found ':'"]],
  ["fn f<let>() {}", ["AT1005 1:6 Cannot use reserved keyword 'let' as type parameter name","AT1004 1:9 Expected variable name but found '>'"]],
  ["x.match;", ["AT1005 1:3 Cannot use reserved keyword 'match' as member name. This keyword is reserved for future use"]],
  ["x.in;", ["AT1004 1:3 Expected member name but found 'in'"]],
  ["for var in x {}", ["AT1005 1:5 Cannot use reserved keyword 'var' as variable name","AT1004 1:9 Expected variable name but found 'in'"]],
  ["let x = 1e400;", ["AT1001 1:9 Invalid number literal: '1e400'"]],
  ["match x { 1e400 => 1 }", ["AT1001 1:11 Invalid number literal: '1e400'","AT1000 1:22 Unexpected '}'"]],
  ["let x: () = 1;", ["AT1000 1:11 Unexpected empty type group"]],
  ["let x: () -> = 1;", ["AT1000 1:14 Expected type"]],
  ["let x: (number,) = 1;", ["AT1004 1:18 Expected '->' after function type parameters"]],
  ["let x: (a, b) = 1;", ["AT1004 1:15 Expected '->' after function type parameters"]],
  ["let x: (a b) = 1;", ["AT1003 1:11 Expected ')' after type"]],
  ["let x: (a, b c) -> d = 1;", ["AT1003 1:14 Expected ')' after function type parameters"]],
  ["let x: Option<number>= 1;", ["AT1004 1:21 Expected '>' after type arguments"]],
  ["let x: Option<> = 1;", ["AT1000 1:15 Expected type"]],
  ["let x: Map<a b> = 1;", ["AT1004 1:14 Expected '>' after type arguments"]],
  ["let x: number[5] = 1;", ["AT1003 1:15 Expected ']' in array type"]],
  // after a stray `}` recovery skips past the next `;` like after any statement error (§13.1.2)
  ["let x: {} = 1;", ["AT1004 1:9 Expected field name but found '}'","AT1000 1:9 Unexpected '}'"]],
  ["}\nlet y = ;", ["AT1000 1:1 Unexpected '}'", "AT1000 2:9 Expected expression"]],
  ["} } x = ;\nlet y = ;", ["AT1000 1:1 Unexpected '}'", "AT1000 1:3 Unexpected '}'", "AT1000 2:9 Expected expression"]],
  ["let x: { a number } = 1;", ["AT1004 1:12 Expected ':' after field name","AT1000 1:19 Unexpected '}'"]],
  ["let x: { a: number b: c } = 1;", ["AT1003 1:20 Expected '}' after structural type","AT1000 1:25 Unexpected '}'"]],
  ["let x: 5 = 1;", ["AT1000 1:8 Expected type"]],
  ["let x: fn = 1;", ["AT1000 1:8 Expected type","AT1004 1:11 Expected function name but found '='"]],
  ["fn f<T extends>() {}", ["AT1000 1:15 Expected type"]],
  ["fn f<T U>() {}", ["AT1004 1:8 Expected '>' after type parameters"]],
  ["fn f<>() {}", ["AT1004 1:6 Expected type parameter name but found '>'"]],
  ["fn f() -> bool is { }", ["AT1004 1:19 Expected parameter name but found '{'"]],
  ["fn f() -> bool is x { }", ["AT1004 1:21 Expected ':' after parameter name"]],
  ["fn f() number { }", ["AT1004 1:8 Expected '{'"]],
  ["fn f() { ", ["AT1003 1:9 Expected '}'"]],
  ["fn f(", ["AT1004 1:6 Expected parameter name but found end of input"]],
  ["fn f(a: number b: number) {}", ["AT1003 1:16 Expected ')' after parameters"]],
  ["fn f(a) {}", ["AT1004 1:7 Expected ':' after parameter name"]],
  ["fn (x) {}", ["AT1002 1:10 Expected ';' after expression"]],
  ["fn f x", ["AT1004 1:6 Expected '(' after function name"]],
  ["async", ["AT1004 1:6 Expected 'fn' after 'async'"]],
  ["async x;", ["AT1004 1:7 Expected 'fn' after 'async'"]],
  ["async let x = 1;", ["AT1004 1:7 Expected 'fn' after 'async'"]],
  ["let f = async x;", ["AT1004 1:15 Expected 'fn' after 'async'"]],
  ["let f = fn x() {};", ["AT1004 1:12 Expected '(' after 'fn'"]],
  ["let f = fn<T>(x) {};", ["AT1004 1:11 Expected '(' after 'fn'"]],
  ["let f = fn(a b) {};", ["AT1003 1:14 Expected ')' after parameters"]],
  ["let f = fn() -> number;", ["AT1004 1:23 Expected '{'"]],
  ["if x {}", ["AT1004 1:4 Expected '(' after 'if'"]],
  ["if (x {}", ["AT1003 1:7 Expected ')' after if condition"]],
  ["if (x) y;", ["AT1004 1:8 Expected '{'"]],
  ["if (x) {} else y;", ["AT1004 1:16 Expected '{'"]],
  ["if (x) {} else if y {}", ["AT1004 1:19 Expected '(' after 'if'"]],
  ["while x {}", ["AT1004 1:7 Expected '(' after 'while'"]],
  ["while (x {}", ["AT1003 1:10 Expected ')' after while condition"]],
  ["while (x) y;", ["AT1004 1:11 Expected '{'"]],
  ["for (let i = 0 i < 3; i++) {}", ["AT1002 1:16 Expected ';' after loop initializer","AT1002 1:26 Expected ';' after increment"]],
  ["for (let i = 0; i < 3 i++) {}", ["AT1002 1:23 Expected ';' after loop condition"]],
  ["for (let i = 0; i < 3; i++ {}", ["AT1003 1:28 Expected ')' after for clauses"]],
  ["for (x; y; z) x;", ["AT1004 1:15 Expected '{'"]],
  ["for 1 in x {}", ["AT1004 1:5 Expected variable name but found number '1'"]],
  ["for x of y {}", ["AT1004 1:7 Expected 'in' after variable name"]],
  ["for x in {}", ["AT1000 1:10 Expected expression"]],
  ["for x in y z", ["AT1004 1:12 Expected '{'"]],
  ["for (let i = 0; i < 3; let j = 1) {}", ["AT1000 1:24 Expected expression","AT1002 1:33 Expected ';' after variable declaration"]],
  ["match x { }", ["AT1000 1:11 Match expression must have at least one arm"]],
  ["match x { -1 => 2 }", ["AT1000 1:11 Expected pattern","AT1000 1:19 Unexpected '}'"]],
  ["match x { - => 2 }", ["AT1000 1:11 Expected pattern","AT1000 1:18 Unexpected '}'"]],
  ["match x { 1 => 2 3 => 4 }", ["AT1004 1:18 Expected ',' after match arm","AT1000 1:25 Unexpected '}'"]],
  ["match x { 1 2 }", ["AT1004 1:13 Expected '=>' after pattern","AT1000 1:15 Unexpected '}'"]],
  ["match x { n if n > 0 2 }", ["AT1004 1:22 Expected '=>' after guard","AT1000 1:24 Unexpected '}'"]],
  ["match x { 1 => 2", ["AT1004 1:17 Expected ',' after match arm"]],
  ["match x { 1 => 2,", ["AT1000 1:18 Expected pattern"]],
  ["match x 1 => 2", ["AT1004 1:9 Expected '{'"]],
  ["match x { Some(1 => 2 }", ["AT1003 1:18 Expected ')' after pattern arguments","AT1000 1:23 Unexpected '}'"]],
  ["match x { [1, 2 => 3 }", ["AT1003 1:17 Expected ']' after array pattern","AT1000 1:22 Unexpected '}'"]],
  ["match x { let => 1 }", ["AT1000 1:11 Expected pattern","AT1004 1:15 Expected variable name but found '=>'","AT1000 1:20 Unexpected '}'"]],
  ["match x { 1 => let }", ["AT1000 1:16 Expected expression","AT1004 1:20 Expected variable name but found '}'","AT1000 1:20 Unexpected '}'"]],
  ["match x { 1 => { return 1 }, _ => 2 }", ["AT1002 1:27 Expected ';' after return"]],
  ["match x { _ => 1 }.foo;", ["AT1000 1:19 Expected expression"]],
  ["import a from \"m\";", ["AT1004 1:8 Expected '{' or '*' after 'import'"]],
  ["import { } from \"m\";", ["AT1004 1:10 Expected import name but found '}'","AT1000 1:10 Unexpected '}'"]],
  ["import { a b } from \"m\";", ["AT1003 1:12 Expected '}' after import list","AT1000 1:14 Unexpected '}'"]],
  ["import { a } \"m\";", ["AT1004 1:14 Expected 'from' after import list"]],
  ["import { a } from m;", ["AT1004 1:19 Expected module path but found identifier 'm'"]],
  ["import { a } from 5;", ["AT1004 1:19 Expected module path but found number '5'"]],
  ["import * from \"m\";", ["AT1004 1:10 Expected 'as' after '*'"]],
  ["import * as from \"m\";", ["AT1004 1:13 Expected namespace name but found 'from'"]],
  ["import { if } from \"m\";", ["AT1005 1:10 Cannot use reserved keyword 'if' as import name","AT1004 1:13 Expected '(' after 'if'","AT1000 1:13 Unexpected '}'"]],
  ["export 5;", ["AT1000 1:8 Expected 'fn', 'async', 'let', 'var', or 'type' after 'export'"]],
  ["export x;", ["AT1000 1:8 Expected 'fn', 'async', 'let', 'var', or 'type' after 'export'"]],
  ["export import { a } from \"m\";", ["AT1000 1:8 Expected 'fn', 'async', 'let', 'var', or 'type' after 'export'"]],
  ["export async x;", ["AT1004 1:14 Expected 'fn' after 'async'"]],
  ["export fn (x) {}", ["AT1004 1:11 Expected function name but found '('"]],
  ["export let x = 1", ["AT1002 1:17 Expected ';' after variable declaration"]],
  ["{ export let x = 1; }", ["AT1000 1:3 Export declarations are only allowed at the top level"]],
  ["{ import { a } from \"m\"; }", ["AT1000 1:3 Import declarations are only allowed at the top level"]],
  ["fn f() { import { a } from \"m\"; }", ["AT1000 1:10 Import declarations are only allowed at the top level"]],
  ["{ type T = number; }", ["AT1000 1:3 Type aliases are only allowed at the top level"]],
  ["fn f() { type T = number; let y = 1; }", ["AT1000 1:10 Type aliases are only allowed at the top level"]],
  ["extern fn f(x: number) -> number;", ["AT1000 1:1 extern declarations are not supported","AT1004 1:33 Expected '{'"]],
  ["extern fn f(); let y = ;", ["AT1000 1:1 extern declarations are not supported","AT1004 1:14 Expected '{'","AT1000 1:24 Expected expression"]],
  ["{ extern x; }", ["AT1000 1:3 extern declarations are not supported"]],
  ["}", ["AT1000 1:1 Unexpected '}'"]],
  ["x; } y; }", ["AT1000 1:4 Unexpected '}'","AT1000 1:9 Unexpected '}'"]],
  ["fn f() {} }", ["AT1000 1:11 Unexpected '}'"]],
  ["[1, 2", ["AT1003 1:6 Expected ']' after array elements"]],
  ["[1 2]", ["AT1003 1:4 Expected ']' after array elements"]],
  ["f(1 2)", ["AT1003 1:5 Expected ')' after arguments"]],
  ["a[1", ["AT1003 1:4 Expected ']' after index"]],
  ["a[1 2]", ["AT1003 1:5 Expected ']' after index"]],
  ["(1 2)", ["AT1003 1:4 Expected ')' after expression"]],
  ["(1", ["AT1003 1:3 Expected ')' after expression"]],
  ["x.;", ["AT1004 1:3 Expected member name but found ';'"]],
  ["x.5;", ["AT1004 1:3 Expected member name but found number '5'"]],
  ["f(,);", ["AT1000 1:3 Expected expression"]],
  ["[,];", ["AT1000 1:2 Expected expression"]],
  ["let x = ", ["AT1000 1:8 Expected expression"]],
  ["_ = 1;", ["AT1000 1:1 Expected expression"]],
  ["let x = _;", ["AT1000 1:9 Expected expression"]],
  ["else {}", ["AT1000 1:1 Expected expression"]],
  ["in;", ["AT1000 1:1 Expected expression"]],
  ["=> 1;", ["AT1000 1:1 Expected expression"]],
  ["let x = y z;", ["AT1002 1:11 Expected ';' after variable declaration"]],
  ["let x = y if;", ["AT1002 1:11 Expected ';' after variable declaration","AT1004 1:13 Expected '(' after 'if'"]],
  ["let a = ;\nfn f() {\n  let b = 1\n  return b;\n}\nlet c = 2;\nprint(c +);\n}\n", ["AT1000 1:9 Expected expression","AT1002 4:3 Expected ';' after variable declaration","AT1000 7:10 Expected expression","AT1000 8:1 Unexpected '}'"]],
  ["fn f() { if (x) { while (y) {", ["AT1003 1:30 Expected '}'"]],
  ["let r = match x {\n  -1 => \"neg\",\n  _ => \"other\",\n};\nlet ok = 1;\n", ["AT1000 2:3 Expected pattern","AT1000 4:1 Unexpected '}'"]],
  ["fn f() {\n  let x = 1 +;\n  let y = [1, 2;\n  let z = 3;\n}\nfn g() { return 1 }\ng(;\n", ["AT1000 2:14 Expected expression","AT1003 3:16 Expected ']' after array elements","AT1002 6:19 Expected ';' after return","AT1000 7:3 Expected expression"]],
  ["let a = 1 let b = 2; let c = 3", ["AT1002 1:11 Expected ';' after variable declaration","AT1002 1:31 Expected ';' after variable declaration"]],
];

test("parser: syntax diagnostics (code line:col message)", () => {
  for (const [src, want] of DIAG_CASES) assert.deepEqual(parse(src).diagnostics.map(diag), want, JSON.stringify(src));
});

test("parser: every syntax error has label and help; spans are the token (empty at EOF)", () => {
  const r = parse("let x = 1 + ;\nlet y = 2");
  assert.equal(r.diagnostics.length, 2);
  for (const d of r.diagnostics) {
    assert.equal(d.label, "syntax error");
    assert.equal(d.help, "check your syntax for typos or missing tokens");
    assert.equal(d.severity, "error");
  }
  const [a, b] = r.diagnostics;
  assert.deepEqual([a.span?.start, a.span?.end], [12, 13]);
  // at end of input: empty, right after the last token (not after trailing blanks)
  const c = parse("let y = 2   \n// trailing\n").diagnostics[0];
  assert.deepEqual([c.span?.start, c.span?.end], [9, 9]);
  assert.deepEqual([b.span?.start, b.span?.end], [23, 23]);
  const t = parse("(x) = 1;").diagnostics[0];
  assert.deepEqual([t.span?.start, t.span?.end], [0, 3]);
  const n = parse("x = 1e400 ;").diagnostics[0];
  assert.equal(n.label, "syntax error");
  assert.deepEqual([n.span?.start, n.span?.end], [4, 9]);
});

test("parser: lexical errors are reported alone (§8.5)", () => {
  const r = parse('let x = @;\nlet = ;\nlet s = "a\\q";');
  assert.deepEqual(r.diagnostics.map(diag), ["AT1001 1:9 Unexpected character '@'", "AT1003 3:11 Invalid escape sequence '\\q'"]);
  assert.equal(r.diagnostics[0].label, "lexer error");
});

test("parser: identical errors are reported once (several blocks open at EOF)", () => {
  assert.deepEqual(parse("fn f() {\n  if (x) {\n    while (y) {\n").diagnostics.map(diag), ["AT1003 3:16 Expected '}'"]);
});

// ───────────── spans ─────────────

/** Depth-first search for the first node of `kind`. */
function find(node: unknown, kind: string): { span: { start: number; end: number } } | null {
  if (node === null || typeof node !== "object") return null;
  if (Array.isArray(node)) {
    for (const x of node) {
      const r = find(x, kind);
      if (r) return r;
    }
    return null;
  }
  const rec = node as Record<string, unknown>;
  if (rec.kind === kind) return rec as unknown as { span: { start: number; end: number } };
  for (const [k, v] of Object.entries(rec)) {
    if (k === "span") continue;
    const r = find(v, kind);
    if (r) return r;
  }
  return null;
}

const SPAN_CASES: [string, string, string][] = [
  // [source, node kind (first in depth-first order), source text of its span]
  ["let x = 1 + 2;  ", "VarDecl", "let x = 1 + 2;"],
  ["  f(a)[0] ;", "ExprStmt", "f(a)[0] ;"],
  ["x = y;", "Assign", "x = y;"],
  ["a[i] += 1;", "CompoundAssign", "a[i] += 1;"],
  ["x++ ;", "IncDec", "x++ ;"],
  ["return  ;", "Return", "return  ;"],
  ["break;", "Break", "break;"],
  [";", "Empty", ";"],
  ["{ x; }", "Block", "{ x; }"],
  ["a + b * c;", "Binary", "a + b * c"],
  ["-f(x)?;", "Unary", "-f(x)?"],
  ["-f(x)?;", "Try", "f(x)?"],
  ["await g();", "Await", "await g()"],
  ["(a);", "Paren", "(a)"],
  ["a.b(1, 2);", "Member", "a.b(1, 2)"],
  ["a.b;", "Member", "a.b"],
  ["[1, 2,];", "ArrayLit", "[1, 2,]"],
  ["x[1];", "Index", "x[1]"],
  ["fn f(a: number) -> number { return a; } x;", "FnDecl", "fn f(a: number) -> number { return a; }"],
  ["async fn f() {}", "FnDecl", "async fn f() {}"],
  ["fn f(a: number[]) {}", "Param", "a: number[]"],
  ["fn f<T extends A | B>() {}", "TypeParam", "T extends A | B"],
  ["fn f(x: unknown) -> bool is x: string {}", "TypePredicate", "x: string"],
  ["let g = async fn(x) { };", "FnExpr", "async fn(x) { }"],
  ["if (a) {} else if (b) {} else {} x;", "If", "if (a) {} else if (b) {} else {}"],
  ["while (a) { } x;", "While", "while (a) { }"],
  ["for (let i = 0; i < 1; i++) { } x;", "For", "for (let i = 0; i < 1; i++) { }"],
  ["for (let i = 0; i < 1; i++) { } x;", "VarDecl", "let i = 0"],
  ["for x in xs { }", "ForIn", "for x in xs { }"],
  ["match x { 1 => 2 } y;", "ExprStmt", "match x { 1 => 2 }"],
  ["match x { 1 => 2 }; y;", "ExprStmt", "match x { 1 => 2 };"],
  ["match x { 1 => 2 }; y;", "Match", "match x { 1 => 2 }"],
  ["match x { Some(y) if y => { }, }", "MatchArm", "Some(y) if y => { }"],
  ["match x { Some(1 | 2) => 0 }", "ConstructorPattern", "Some(1 | 2)"],
  ["match x { Some(1 | 2) => 0 }", "OrPattern", "1 | 2"],
  ["match x { [a, _] => 0 }", "ArrayPattern", "[a, _]"],
  ["match x { None => 0 }", "ConstructorPattern", "None"],
  ['import { a } from "./m";', "Import", 'import { a } from "./m";'],
  ['import { a } from "./m";', "StringLit", '"./m"'],
  ["export let x = 1;", "Export", "export let x = 1;"],
  ["type T<A> = A[];", "TypeAlias", "type T<A> = A[];"],
  ["let x: Option<number[]> = y;", "NamedType", "Option<number[]>"],
  ["let x: (number | string)[] = y;", "ArrayType", "(number | string)[]"],
  ["let x: (number | string)[] = y;", "UnionType", "(number | string)"],
  ["let x: (a, b) -> c | d = y;", "FnType", "(a, b) -> c | d"],
  ["let x: { a: number, } = y;", "StructType", "{ a: number, }"],
  ["let x: a & b = y;", "IntersectionType", "a & b"],
];

test("parser: node spans (statements include their `;`)", () => {
  for (const [src, kind, want] of SPAN_CASES) {
    const r = parse(src);
    assert.deepEqual(r.diagnostics, [], src);
    const node = find(r.program.body, kind);
    assert.ok(node, `${kind} in ${src}`);
    assert.equal(src.slice(node.span.start, node.span.end), want, `${kind} in ${src}`);
  }
});

// ───────────── REPL mode (§13.1.4) ─────────────

test("parser: REPL input may omit the final simple statement's `;`", () => {
  assert.equal(dumpOk("1 + 2", true), "(ExprStmt (Binary + (NumberLit 1) (NumberLit 2)))");
  assert.equal(dumpOk("let x = 1; x = 2", true), "(VarDecl let x (NumberLit 1))\n(Assign (Ident x) (NumberLit 2))");
  assert.equal(dumpOk("x++", true), "(IncDec ++ (Ident x))");
  assert.equal(dumpOk("f(1);", true), "(ExprStmt (Call (Ident f) (NumberLit 1)))");
  const stmt = parse("foo(1)  ", true).program.body[0];
  assert.deepEqual([stmt.span.start, stmt.span.end], [0, 6]);
  // only the final one, only at top level, only simple statements
  assert.deepEqual(parse("x y", true).diagnostics.map(diag), ["AT1002 1:3 Expected ';' after expression"]);
  assert.deepEqual(parse("let x = 1", true).diagnostics.map(diag), ["AT1002 1:10 Expected ';' after variable declaration"]);
  assert.deepEqual(parse("{ x }", true).diagnostics.map(diag), ["AT1002 1:5 Expected ';' after expression"]);
  assert.deepEqual(parse("return 1", true).diagnostics.map(diag), ["AT1002 1:9 Expected ';' after return"]);
  assert.deepEqual(parse("x", false).diagnostics.map(diag), ["AT1002 1:2 Expected ';' after expression"]);
});

// ───────────── long flat chains (§13.1.10) ─────────────

test("parser: 10,000-term binary chain is left-nested and flat to parse", () => {
  const r = parse("let x = " + Array(10_000).fill("a").join(" + ") + ";");
  assert.deepEqual(r.diagnostics, []);
  let e = (r.program.body[0] as ast.VarDecl).init;
  let n = 1;
  while (e.kind === "Binary") {
    assert.equal(e.right.kind, "Ident");
    e = e.left;
    n++;
  }
  assert.equal(n, 10_000);
  const mixed = parse("x = " + Array(10_000).fill("a * b - c").join(" || ") + ";");
  assert.deepEqual(mixed.diagnostics, []);
});

test("parser: 10,000 statements, long postfix chains and else-if chains", () => {
  const stmts = parse("x = 1;\n".repeat(10_000));
  assert.deepEqual(stmts.diagnostics, []);
  assert.equal(stmts.program.body.length, 10_000);
  const post = parse("f" + "(1)[2].m(3).n?".repeat(10_000) + ";");
  assert.deepEqual(post.diagnostics, []);
  const chain = parse("if (a) { }" + " else if (b) { x; }".repeat(10_000) + " else { }");
  assert.deepEqual(chain.diagnostics, []);
  let node: ast.If | ast.Block | null = chain.program.body[0] as ast.If;
  let depth = 0;
  while (node !== null && node.kind === "If") {
    node = node.else;
    depth++;
  }
  assert.equal(depth, 10_001);
  const unary = parse("x = " + "- ".repeat(250) + "1;");
  assert.deepEqual(unary.diagnostics, []);
});

// ───────────── nesting limit (§13.1.10) ─────────────

/** [opener kind, source builder for n nested levels, offset of the n-th opener]. */
const NESTING: [string, (n: number) => string, (n: number) => number][] = [
  ["( paren", (n) => "x = " + "(".repeat(n) + "1" + ")".repeat(n) + ";", (n) => 4 + n - 1],
  ["( call", (n) => "x = " + "f(".repeat(n) + "1" + ")".repeat(n) + ";", (n) => 4 + 2 * (n - 1) + 1],
  ["[ array", (n) => "x = " + "[".repeat(n) + "1" + "]".repeat(n) + ";", (n) => 4 + n - 1],
  ["[ index", (n) => "x = " + "a[".repeat(n) + "1" + "]".repeat(n) + ";", (n) => 4 + 2 * (n - 1) + 1],
  ["{ block", (n) => "{".repeat(n) + "}".repeat(n), (n) => n - 1],
  // the parameter list's `(` inside 256 open bodies is the 257th level
  ["{ fn body", (n) => "fn f() {".repeat(n) + "}".repeat(n), (n) => 8 * (n - 1) + 4],
  ["{ match", (n) => "x = " + "match y { _ => ".repeat(n) + "1" + " }".repeat(n) + ";", (n) => 4 + 15 * (n - 1) + 8],
  ["{ struct type", (n) => "let x: " + "{ a: ".repeat(n) + "b" + " }".repeat(n) + " = y;", (n) => 7 + 5 * (n - 1)],
  ["- prefix", (n) => "x = " + "- ".repeat(n) + "1;", (n) => 4 + 2 * (n - 1)],
  ["! prefix", (n) => "x = " + "!".repeat(n) + "y;", (n) => 4 + n - 1],
  ["await prefix", (n) => "x = " + "await ".repeat(n) + "y;", (n) => 4 + 6 * (n - 1)],
  ["< type args", (n) => "let x: " + "A<".repeat(n) + "b" + ">".repeat(n) + " = y;", (n) => 7 + 2 * (n - 1) + 1],
  ["( type group", (n) => "let x: " + "(".repeat(n) + "b" + ")".repeat(n) + " = y;", (n) => 7 + n - 1],
  ["( function type", (n) => "let x: " + "() -> ".repeat(n) + "b = y;", (n) => 7 + 6 * (n - 1)],
  // the match's `{` is the first level, then n - 1 nested patterns
  ["( nested constructor pattern", (n) => "match x { " + "S(".repeat(n - 1) + "y" + ")".repeat(n - 1) + " => 1 }", (n) => 10 + 2 * (n - 2) + 1],
  ["[ nested array pattern", (n) => "match x { " + "[".repeat(n - 1) + "y" + "]".repeat(n - 1) + " => 1 }", (n) => 10 + n - 2],
];

test("parser: 256 nested levels parse; the 257th opener is AT1000 Nesting too deep", () => {
  for (const [name, build, offset] of NESTING) {
    const ok = parse(build(256));
    assert.deepEqual(ok.diagnostics.map(diag), [], `${name} 256`);
    // Recovery continues after the nesting error like after any other syntax error (§13.1.2):
    // braces opened before the error are not counted, so their `}`s may be reported as stray.
    const src = build(257) + "\nlet after = ;";
    const bad = parse(src).diagnostics.map((d) => `${d.code} ${d.message} @${d.span?.start}`);
    assert.equal(bad[0], `AT1000 Nesting too deep (limit 256) @${offset(257)}`, `${name} 257`);
    assert.equal(bad.at(-1), `AT1000 Expected expression @${src.length - 1}`, `${name} 257`);
    assert.ok(bad.slice(1, -1).every((d) => d.startsWith("AT1000 Unexpected '}'")), `${name} 257: ${bad.join(", ")}`);
    assert.equal(parse(src).diagnostics[0].label, "syntax error");
  }
});

test("parser: 100,000 openers of every kind never overflow the stack", () => {
  const inputs = [
    "(".repeat(100_000),
    "[".repeat(100_000),
    "{".repeat(100_000),
    "x = " + "- ".repeat(100_000),
    "x = " + "!".repeat(100_000),
    "x = " + "await ".repeat(100_000),
    "f" + "(".repeat(100_000),
    "let x: " + "A<".repeat(100_000),
    "let x: " + "() -> ".repeat(100_000),
    "match x { " + "S(".repeat(100_000),
    "fn f() { ".repeat(100_000),
    "let f = " + "fn() { return ".repeat(100_000),
    "if (x) { ".repeat(100_000),
  ];
  for (const src of inputs) {
    // the nesting error; an unclosed block then also misses its `}` at the end of input
    const r = parse(src);
    const messages = r.diagnostics.map((d) => d.message);
    assert.equal(messages[0], "Nesting too deep (limit 256)", src.slice(0, 20));
    assert.ok(messages.slice(1).every((m) => m === "Expected '}'"), `${src.slice(0, 20)}: ${messages.join(", ")}`);
  }
});

// Speed is measured by the benchmarks, never asserted by a timed unit test (flaky on a loaded
// machine); this checks that a 1 MB program parses completely and without diagnostics.
test("parser: 1 MB of source parses", () => {
  const line =
    'fn f(a: number, b: string[]) -> Option<number> { let v = foo(a + 12.5e3, "s\\n", [x, y]) >= -3 && !done; if (x) { return match y { Some(z) => z, _ => 0 }; } }\n';
  const src = line.repeat(Math.ceil(1_000_000 / line.length));
  const r = parse(src);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.program.body.length, Math.ceil(1_000_000 / line.length));
});

// ───────────── parseSignature (stdlib.md §1.2) ─────────────

const SIGNATURES: [string, string][] = [
  // [signature, dump of each overload: typeParams / params / result]
  ["(s: string) -> number ; <T>(arr: T[]) -> number", "() (s:(NamedType string)) (NamedType number) | (T) (arr:(ArrayType (NamedType T))) (NamedType number)"],
  ["<T>(value: T) -> null", "(T) (value:(NamedType T)) (NullType)"],
  ["<T>(arr: T[]) -> (T | T[])[]", "(T) (arr:(ArrayType (NamedType T))) (ArrayType (UnionType (NamedType T) (ArrayType (NamedType T))))"],
  ["<T, A>(arr: T[], f: (A, T) -> A, initial: A) -> A", "(T A) (arr:(ArrayType (NamedType T)) f:(FnType (params (NamedType A) (NamedType T)) (NamedType A)) initial:(NamedType A)) (NamedType A)"],
  ["<T>(body: () -> Future<T>, name?: string) -> Task<T>", "(T) (body:(FnType (params) (NamedType Future (NamedType T))) name?:(NamedType string)) (NamedType Task (NamedType T))"],
  ["<K extends number | string | bool | null, V>() -> HashMap<K, V>", "(K<:(UnionType (NamedType number) (NamedType string) (NamedType bool) (NullType)) V) () (NamedType HashMap (NamedType K) (NamedType V))"],
  ["(first: string, ...rest: string[]) -> string", "() (first:(NamedType string) ...rest:(ArrayType (NamedType string))) (NamedType string)"],
  ["(first: string, ...rest: string) -> string", "() (first:(NamedType string) ...rest:(ArrayType (NamedType string))) (NamedType string)"],
  ["(command: string | string[], options?: json | null) -> Result<json, string>", "() (command:(UnionType (NamedType string) (ArrayType (NamedType string))) options?:(UnionType (NamedType json) (NullType))) (NamedType Result (NamedType json) (NamedType string))"],
  ["<T>(executor: ((T) -> null, (string | Error) -> null) -> null) -> Future<T>", "(T) (executor:(FnType (params (FnType (params (NamedType T)) (NullType)) (FnType (params (UnionType (NamedType string) (NamedType Error))) (NullType))) (NullType))) (NamedType Future (NamedType T))"],
  ["(from: string, to: string) -> string", "() (from:(NamedType string) to:(NamedType string)) (NamedType string)"],
  ["(re: Regex, text: string) -> Option<(string | null)[]>", "() (re:(NamedType Regex) text:(NamedType string)) (NamedType Option (ArrayType (UnionType (NamedType string) (NullType))))"],
  ["() -> number", "() () (NamedType number)"],
  ["(ms: number, f: () -> void) -> Timer", "() (ms:(NamedType number) f:(FnType (params) (NamedType void))) (NamedType Timer)"],
  ["<T, U>(f: Future<T>, onOk: (T) -> Future<U>) -> Future<U> ; <T, U>(f: Future<T>, onOk: (T) -> U) -> Future<U>", "(T U) (f:(NamedType Future (NamedType T)) onOk:(FnType (params (NamedType T)) (NamedType Future (NamedType U)))) (NamedType Future (NamedType U)) | (T U) (f:(NamedType Future (NamedType T)) onOk:(FnType (params (NamedType T)) (NamedType U))) (NamedType Future (NamedType U))"],
  ["<K, V>(map: HashMap<K, V>) -> (K | V)[][]", "(K V) (map:(NamedType HashMap (NamedType K) (NamedType V))) (ArrayType (ArrayType (UnionType (NamedType K) (NamedType V))))"],
];

function showDecl(d: ast.SignatureDecl): string {
  const tps = d.typeParams.map((t) => (t.bound ? `${t.name.name}<:${dumpAst(t.bound)}` : t.name.name)).join(" ");
  const ps = d.params.map((p) => `${p.rest ? "..." : ""}${p.name}${p.optional ? "?" : ""}:${dumpAst(p.type)}`).join(" ");
  return `(${tps}) (${ps}) ${dumpAst(d.result)}`;
}

test("parseSignature: real library signatures", () => {
  for (const [sig, want] of SIGNATURES) {
    const decls = parseSignature(sig);
    assert.equal(decls.map(showDecl).join(" | "), want, sig);
    for (const d of decls) assert.equal(d.constantType, null);
  }
});

test("parseSignature: constants are a plain type", () => {
  for (const [text, want] of [
    ["number", "(NamedType number)"],
    ["string[]", "(ArrayType (NamedType string))"],
    ["(number, string) -> bool", "(FnType (params (NamedType number) (NamedType string)) (NamedType bool))"],
    ["Option<never>", "(NamedType Option (NamedType never))"],
  ]) {
    const decls = parseSignature(text);
    assert.equal(decls.length, 1);
    const c = decls[0].constantType;
    assert.ok(c, text);
    assert.equal(dumpAst(c), want);
    assert.deepEqual([decls[0].params, decls[0].typeParams], [[], []]);
  }
});

test("parseSignature: malformed input is an InternalBug", () => {
  for (const bad of ["", "(a: number) ->", "(a number) -> x", "<T>(a: T)", "(a: @) -> x", "(a: T) -> x ; ", "number number", "(a: T) -> x y"]) {
    assert.throws(() => parseSignature(bad), InternalBug, JSON.stringify(bad));
  }
});

test("parseTypeText: a type in source syntax, diagnostics instead of throwing", () => {
  const ok = parseTypeText("(number, string) -> Future<json>");
  assert.deepEqual(ok.diagnostics, []);
  assert.ok(ok.type);
  assert.equal(dumpAst(ok.type), "(FnType (params (NamedType number) (NamedType string)) (NamedType Future (NamedType json)))");
  const bad = parseTypeText("(number) ->");
  assert.equal(bad.type, null);
  assert.deepEqual(bad.diagnostics.map((d) => d.message), ["Expected type"]);
});

/** Every signature cell of the spec's tables (when the spec is present): `\|` is a table-escaped `|`. */
test("parseSignature: every signature in stdlib.md and async.md tables parses", () => {
  // The spec lives beside the repository (../shared/spec), as on developers' machines and in CI.
  const dir = new URL("../../../../shared/spec", import.meta.url).pathname;
  const files = ["stdlib.md", "async.md"].map((f) => `${dir}/${f}`).filter((f) => existsSync(f));
  let count = 0;
  for (const f of files) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      if (!line.startsWith("| `")) continue;
      const cells = line.split(/(?<!\\)\|/);
      const cell = cells[2] ?? "";
      for (const m of cell.matchAll(/`([^`]+)`/g)) {
        const text = m[1].replaceAll("\\|", "|");
        if (!/^[<(]/.test(text) || !text.includes("->")) continue;
        if (text.includes("await")) continue;
        assert.doesNotThrow(() => parseSignature(text), text);
        count++;
      }
    }
  }
  if (files.length > 0) assert.ok(count > 100, `only ${count} signatures found`);
});
