// Table tests for the type checker (language.md §4–§5): source → error diagnostics
// ("AT3001 3:1 message"), source → type of the final expression, exact labels/help/related
// for selected diagnostics, multi-module programs, REPL sessions, deep inputs, and the builtin
// signature table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram, compileSource, FrontendSession } from "../../src/check/frontend.js";
import { buildBuiltinTable, parseTypeForTests, typeFromText, type BuiltinDefLike } from "../../src/check/builtin-types.js";
import { BUILTINS } from "../../src/stdlib/registry.js";
import { displayType } from "../../src/check/types.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SPEC_SIGNATURES } from "./checker-fixture.js";

const have = new Set(BUILTINS.map((d) => d.name));
const DEFS: BuiltinDefLike[] = [
  ...BUILTINS,
  ...SPEC_SIGNATURES.filter(([n]) => !have.has(n)).map(([name, signature]) => ({ name, signature, protected: false })),
];
const TABLE = buildBuiltinTable(DEFS);

function fmt(d: Diagnostic): string {
  if (!d.span) return `${d.code} ${d.message}`;
  const p = d.span.file.position(d.span.start);
  return `${d.code} ${p.line}:${p.column} ${d.message}`;
}

function errorsOf(src: string): string[] {
  const r = compileSource(src, "t.atl", TABLE, { repl: true });
  return r.diagnostics.filter((d) => d.severity === "error").map(fmt);
}

function diagOf(src: string): Diagnostic {
  const r = compileSource(src, "t.atl", TABLE, { repl: true });
  const d = r.diagnostics.find((x) => x.severity === "error");
  assert.ok(d, "expected an error");
  return d;
}

function typeOf(src: string): string {
  const r = compileSource(src, "t.atl", TABLE, { repl: true });
  const errs = r.diagnostics.filter((d) => d.severity === "error").map(fmt);
  assert.deepEqual(errs, [], `unexpected errors for ${src}`);
  assert.ok(r.lastExprType, "no final expression");
  return displayType(r.lastExprType);
}

// ───────────────────────────── source → diagnostics ─────────────────────────────

const DIAGNOSTICS: [string, string[]][] = [
  // §5.9 declarations and assignments
  ['let count: number = "three";', ["AT3001 1:1 Type mismatch: expected number, found string"]],
  ["let n: number = null;", ["AT3001 1:1 Type mismatch: expected number, found null"]],
  ["var s = \"a\";\ns = 42;", ["AT3001 2:1 Type mismatch in assignment: expected string, found number"]],
  ["var xs = [];", ["AT3001 1:10 Cannot infer the element type of '[]'; add a type annotation"]],
  ["let xs: number[] = [];\nlet ys = [[]];", []],
  ["let x = 1;\nx = 2;", ["AT3003 2:1 Cannot assign to immutable variable 'x'"]],
  ["let x = 1;\nx += 2;", ["AT3003 2:1 Cannot modify immutable variable 'x'"]],
  ["let x = 1;\nx++;", ["AT3003 2:1 Cannot modify immutable variable 'x'"]],
  ["fn f(p: number) -> null { p = 2; return null; }", ["AT3003 1:27 Cannot assign to immutable variable 'p'"]],
  ["for v in [1] { v = 2; }", ["AT3003 1:16 Cannot assign to immutable variable 'v'"]],
  ["fn g() -> null { return null; }\ng = g;", ["AT3003 2:1 Cannot assign to immutable variable 'g'"]],
  ["PI = 3;", ["AT3003 1:1 Cannot assign to immutable variable 'PI'"]],
  ["let a = [1, 2];\na[0] = 5;", []],
  ['let a = [1, 2];\na[0] = "x";', ["AT3001 2:1 Type mismatch in assignment: expected number, found string"]],
  ['let a = [1, 2];\na["0"] = 1;', ["AT3001 2:3 Array index must be number, found string"]],
  ['var s = "abc";\ns[0] = "x";', ["AT3001 2:1 Cannot index into non-array type string"]],
  ['var s = "a";\ns += "b";', ["AT3001 2:1 Compound assignment requires number type, found string"]],
  ['var n = 1;\nn += "2";', ["AT3001 2:6 Compound assignment requires number value, found string"]],
  ['var s = "a";\ns++;', ["AT3001 2:1 Increment requires number type, found string"]],
  ["var b = true;\nb--;", ["AT3001 2:1 Decrement requires number type, found bool"]],
  ["let a = [1];\na[0] += 1;\na[0]++;", []],
  // §5.9 conditions, loops, break/continue
  ["if (1) { }", ["AT3001 1:5 Condition must be bool, found number"]],
  ['while ("x") { }', ["AT3001 1:8 Condition must be bool, found string"]],
  ["for (var i = 0; i; i++) { }", ["AT3001 1:17 Condition must be bool, found number"]],
  ['for c in "abc" { }', ["AT3001 1:10 for-in requires an array, found string"]],
  ["break;", ["AT3010 1:1 Break statement outside loop"]],
  ["continue;", ["AT3010 1:1 Continue statement outside loop"]],
  ["while (true) { let f = fn() { continue; }; break; }", ["AT3010 1:31 Continue statement outside loop"]],
  ["while (true) { match 1 { _ => { break; } } }", []],
  ["return 1;", ["AT3011 1:1 Return statement outside function"]],
  // §5.5 operators
  ['let z = 1 + "a";', ["AT3002 1:9 '+' requires matching types, found number and string"]],
  ['let z = "a" + "b" + "c";', []],
  ['let z = "a" - 1;', ["AT3002 1:9 Arithmetic operator requires number operands, found string and number"]],
  ['let z = "a" < "b";', ["AT3002 1:9 Comparison requires number operands, found string and string"]],
  ["let z = 1 < 2 < 3;", ["AT3002 1:9 Comparison requires number operands, found bool and number"]],
  ['let z = 1 == "a";', ["AT3002 1:9 Equality comparison requires same types, found number and string"]],
  ["let o: Option<number> = None;\nlet z = o == None;", []],
  ["let u: number | null = null;\nlet z = u == null;", []],
  ["let z = 1 && true;", ["AT3002 1:9 Logical operators require bool operands, found number and bool"]],
  ['let z = -"a";', ["AT3002 1:9 Unary '-' requires number operand, found string"]],
  ["let z = !1;", ["AT3002 1:9 Unary '!' requires bool operand, found number"]],
  [
    'let z = -"a" + !1;',
    ["AT3002 1:9 Unary '-' requires number operand, found string", "AT3002 1:16 Unary '!' requires bool operand, found number"],
  ],
  ['let z = (1 + "a") * 2;', ["AT3002 1:10 '+' requires matching types, found number and string"]],
  // §5.5 indexing and json
  ['let z = [1][""];', ["AT3001 1:13 Array index must be number, found string"]],
  ["let z = 5[0];", ["AT3001 1:9 Cannot index into type number"]],
  ['let z = "abc"[1];', []],
  ['let j = parseJSON("{}");\nlet z = j[true];', ["AT3001 2:11 JSON index must be string or number, found bool"]],
  ['let j = parseJSON("{}");\nlet z: number = j["a"];', ["AT3001 2:1 Type mismatch: expected number, found json"]],
  ['let j = parseJSON("{}");\nlet z = j.foo();', ["AT3010 2:11 Type 'json' has no method named 'foo'"]],
  ['let z = "s".as_string();', ["AT3010 1:13 Type 'string' has no method named 'as_string'"]],
  ['let j = parseJSON("1");\nlet z = j.as_number(1);', ["AT3005 2:9 Method 'as_number' expects 0 arguments, found 1"]],
  ['let j = parseJSON("1");\nlet z = j.is_null;', []],
  // §5.5 array literals
  ['let z = [1, "a"];', ["AT3001 1:13 Array element 1 has wrong type: expected number, found string"]],
  ['let z: (number | string)[] = [1, "a"];', []],
  ['let z: number[] = [1, "a"];', ["AT3001 1:23 Array element 1 has wrong type: expected number, found string"]],
  ['let z: number[] | null = [1, "a"];', ["AT3001 1:30 Array element 1 has wrong type: expected number, found string"]],
  // §5.6 calls
  ["let z = len(1, 2);", ["AT3005 1:9 Function expects 1 argument, found 2"]],
  ["fn f(a: number, b: number) -> number { return a; }\nlet z = f(1);", ["AT3005 2:9 Function expects 2 arguments, found 1"]],
  ["fn f() -> number { return 1; }\nlet z = f(1);", ["AT3005 2:9 Function expects 0 arguments, found 1"]],
  ['fn f(a: number) -> number { return a; }\nlet z = f("x");', ["AT3001 2:11 Argument 1 type mismatch: expected number, found string"]],
  ["let z = len(42);", ["AT3001 1:13 Argument 1 type mismatch: expected string, found number"]],
  ["let x = 5;\nlet z = x(1);", ["AT3006 2:9 Cannot call non-function type number"]],
  [
    "fn a(x: number) -> number { return x; }\nfn b(x: string) -> number { return 1; }\nlet fs = [a, b];",
    ["AT3001 3:14 Array element 1 has wrong type: expected (number) -> number, found (string) -> number"],
  ],
  [
    "let f: ((number) -> number) | ((string) -> number) = fn(x: number) -> number { return x; };\nlet z = f(1);",
    ["AT3005 2:9 Cannot call union of incompatible function signatures"],
  ],
  [
    "let f: ((number) -> number) | ((number) -> string) = fn(x: number) -> number { return x; };\nlet z: number | string = f(1);",
    [],
  ],
  ["let z = None(1);", ["AT3005 1:9 Function expects 0 arguments, found 1"]],
  ["let z = fileLines();", ["AT3005 1:9 Function expects 1 to 2 arguments, found 0"]],
  ['let z = pathJoin();', ["AT3005 1:9 Function expects at least 1 argument, found 0"]],
  ['let z = pathJoin("a", "b", "c");', []],
  ["fn identity<U>(u: U) -> U { return u; }\nfn twice<T>(_f: (T) -> T) -> number { return 0; }\nlet z = twice(identity);", ["AT9999 3:9 Cannot infer type parameter(s): T"]],
  ["let z = hashSetFromArray([[1]]);", ["AT3001 1:9 Type argument 'number[]' must satisfy constraint number | string | bool | null, found number[]"]],
  ["let z = map([1], fn(x) { return x; });", []],
  ["let f = fn(x) { return x; };", ["AT3043 1:12 Cannot infer type of parameter 'x'; add a type annotation"]],
  ["let z = print(fn(x) { return 1; });", ["AT3043 1:18 Cannot infer type of parameter 'x'; add a type annotation"]],
  ["let f: (number) -> number = fn(x) { return x * 2; };", []],
  ['let f: (number) -> number = fn(x) { return "s"; };', ["AT3001 1:1 Type mismatch: expected (number) -> number, found (number) -> string"]],
  ["let f: (number) -> void = fn(x) { return x; };", []],
  ["fn v() -> void { }\nlet f: () -> null = v;", ["AT3001 2:1 Type mismatch: expected () -> null, found () -> void"]],
  ["let f: (number | string) -> number = fn(x: number) -> number { return x; };", ["AT3001 1:1 Type mismatch: expected (number | string) -> number, found (number) -> number"]],
  ["let f: (number) -> number = fn(x: number | string) -> number { return 1; };", []],
  // §5.7 functions and returns
  ['fn name() -> string { return 42; }', ["AT3001 1:23 Return type mismatch: expected string, found number"]],
  ["fn half(x: number) -> number {\n  if (x < 0) { return; }\n  return x / 2;\n}", ["AT3001 2:16 Return type mismatch: expected number, found void"]],
  ["fn f() -> null { return; }\nfn g() -> void { return; }\nfn h() { return; }", []],
  ["fn f() -> void { return null; }", ["AT3001 1:18 Return type mismatch: expected void, found null"]],
  ["fn sgn(x: number) -> number {\n  if (x > 0) { return 1; }\n}", ["AT3004 1:4 Not all code paths return a value"]],
  ["fn sgn(x: number) -> number {\n  if (x > 0) { return 1; } else if (x < 0) { return -1; } else { return 0; }\n}", []],
  ["fn f(x: number) -> number {\n  while (x > 0) { return 1; }\n}", ["AT3004 1:4 Not all code paths return a value"]],
  ["fn f() -> number {\n  while (true) { }\n}", []],
  ["fn f() -> number {\n  while (true) { break; }\n}", ["AT3004 1:4 Not all code paths return a value"]],
  ["fn f() -> number {\n  while (true) { while (true) { break; } }\n}", []],
  ["fn f(o: Option<number>) -> number {\n  match o { Some(v) => { return v; }, None => { return 0; } }\n}", ["AT3004 1:4 Not all code paths return a value"]],
  ["fn f() -> number | null { }", []],
  ["fn f() -> unknown { }", []],
  ["let g = fn(x: number) { if (x > 0) { return 1; } };", ["AT3004 1:9 Not all code paths return a value"]],
  ["let g = async fn(x: number) { if (x > 0) { return 1; } };", ["AT3004 1:15 Not all code paths return a value"]],
  ["let g = async /* fn */ fn() -> Future<number> { };", ["AT3004 1:24 Not all code paths return a value"]],
  ["let g = async // fn\n  fn() -> Future<number> { };", ["AT3004 2:3 Not all code paths return a value"]],
  ["let f = fn() { return y; };\nlet y = 1;", ["AT3001 1:23 Cannot determine the type of 'y' here; add a type annotation to its declaration"]],
  ["let f = fn() { return y; };\nlet y: number = 1;", []],
  ["let f = fn() -> number { return y; };\nlet y = 1;", []],
  ["fn g() -> number { return y; }\nlet y = 1;", []],
  ["fn outer() -> null {\n  fn inner() -> number { return later; }\n  let later = 2;\n  return null;\n}", []],
  ["let f = fn() { return f; };", ["AT3001 1:23 Cannot determine the type of 'f' here; add a type annotation to its declaration"]],
  ["fn isStr(x: number | string) -> number is x: string { return 1; }", ["AT3001 1:33 Type predicate requires bool return type, found number"]],
  ["fn isStr(x: number | string) -> bool is y: string { return true; }", ["AT3001 1:41 Type predicate refers to unknown parameter 'y'"]],
  ["fn isStr(x: number | string) -> bool is x: bool { return true; }", ["AT3001 1:44 Predicate type bool is not assignable to parameter type number | string"]],
  ["fn f<T extends T>(x: T) -> T { return x; }", ["AT3001 1:16 Type parameter 'T' cannot be constrained by itself"]],
  ["fn f<T extends Foo>(x: T) -> T { return x; }", ["AT3001 1:16 Unknown constraint type Foo"]],
  ["fn f<T extends number & string>(x: T) -> T { return x; }", ["AT3001 1:16 Constraint for type parameter 'T' is unsatisfiable"]],
  ["fn f<T extends U, U extends T>(x: T) -> U { return x; }", ["AT3001 1:16 Conflicting constraints for type parameter 'T'"]],
  ["fn add<T>(a: T, b: T) -> T { return a + b; }", ["AT3002 1:37 '+' requires matching types, found T and T"]],
  ["fn add<T extends number>(a: T, b: T) -> number { return a + b; }", []],
  ["fn first<T>(xs: T[]) -> T { return xs[0]; }\nlet z: string = first([1]);", ["AT3001 2:1 Type mismatch: expected string, found number"]],
  // §5.8 async
  ["fn f() -> null { await sleep(1); return null; }", ["AT3040 1:18 await is only allowed inside async functions and at the top level"]],
  ["async fn f() -> Future<null> { let g = fn() { await sleep(1); }; return null; }", ["AT3040 1:47 await is only allowed inside async functions and at the top level"]],
  ["await sleep(1);\nif (true) { await sleep(1); }\nasync fn f() -> Future<number> { await sleep(1); return 1; }", []],
  ["async fn f() -> number { return 1; }", ["AT3041 1:17 Async function return type must be Future<T>, found number"]],
  ["let g = async fn() -> number { return 1; };", ["AT3041 1:23 Async function return type must be Future<T>, found number"]],
  ["let z = await 5;", ["AT3042 1:9 await requires Future<T> or Task<T>, found number"]],
  ["async fn f() -> Future<number> { return \"s\"; }", ["AT3001 1:34 Return type mismatch: expected number, found string"]],
  ["async fn f() -> Future<number> { }", ["AT3004 1:10 Not all code paths return a value"]],
  ["async fn f() { }\nlet z: Future<null> = f();", []],
  // §5.10 match
  ['let z = match 1 { "a" => 1, _ => 2 };', ["AT3022 1:19 Pattern type mismatch: expected number, found string"]],
  ["let o = Some(1);\nlet z = match o { Some(a, b) => 1, None => 2 };", ["AT3023 2:19 Some expects 1 argument, found 2"]],
  ["let o = Some(1);\nlet z = match o { Some(a) => 1, None(x) => 2 };", ["AT3023 2:33 None expects 0 arguments, found 1"]],
  ["let o = Some(1);\nlet z = match o { Ok(a) => 1, _ => 2 };", ["AT3024 2:19 Unknown Option constructor: Ok"]],
  ["let r: Result<number, string> = Ok(1);\nlet z = match r { Some(a) => 1, _ => 2 };", ["AT3024 2:19 Unknown Result constructor: Some"]],
  ["let z = match 1 { Some(a) => 1, _ => 2 };", ["AT3025 1:19 Constructor patterns not supported for type number"]],
  ['let z = match "ab" { [a, b] => 1, _ => 2 };', ["AT3026 1:22 Array pattern used on non-array type: string"]],
  ["let o = Some(1);\nlet z = match o { Some(a) | None => 1 };", ["AT3001 2:19 All alternatives of an OR pattern must bind the same names"]],
  ["let z = match [1, 2] { [a, 2] | [2, a] => a, _ => 0 };", []],
  ["let z = match 1 { n if n => 1, _ => 2 };", ["AT3029 1:24 Guard expression must be bool, found number"]],
  ["let o = Some(1);\nlet z = match o { Some(a) => a };", ["AT3027 2:9 Non-exhaustive match on Option: missing None"]],
  ["let o = Some(1);\nlet z = match o { Some(a) if a > 0 => a, None => 0 };", ["AT3027 2:9 Non-exhaustive match on Option: missing Some(_)"]],
  ["let r: Result<number, string> = Ok(1);\nlet z = match r { Ok(v) => v };", ["AT3027 2:9 Non-exhaustive match on Result: missing Err(_)"]],
  ["let z = match true { true => 1 };", ["AT3027 1:9 Non-exhaustive match on bool: missing false"]],
  ["let z = match 3 { 1 => 1, 2 => 2 };", ["AT3027 1:9 Non-exhaustive match on number: patterns must cover all possible values"]],
  ['let z = match "s" { "a" => 1 };', ["AT3027 1:9 Non-exhaustive match on string: patterns must cover all possible values"]],
  ["let u: Option<number> | null = null;\nlet z = match u { Some(a) => 1, None => 2 };", ["AT3027 2:9 Non-exhaustive match on null: patterns must cover all possible values"]],
  ["let u: Option<number> | null = null;\nlet z = match u { Some(a) => 1, None => 2, null => 3 };", []],
  ["let z = match [1] { [] => 1, [a] => 2 };", ["AT3027 1:9 Non-exhaustive match on number[]: patterns must cover all possible values"]],
  ["let z = match true { true | false => 1 };\nlet q = match 1 { x => x };", []],
  ["let j = parseJSON(\"1\");\nlet z = match j { _ => 1 };", []],
  // §5.11 `?`
  ["fn f(x: number) -> Result<number, string> { let v = x?; return Ok(v); }", ["AT3027 1:53 ? operator requires Result<T, E> type, found number"]],
  ["let r: Result<number, string> = Ok(1);\nlet v = r?;", ["AT3028 2:9 ? operator can only be used inside functions"]],
  ["fn f(r: Result<number, string>) -> number { return r?; }", ["AT3030 1:52 ? operator requires function to return Result<T, E>, found number"]],
  ["fn f(r: Result<number, Error>) -> Result<number, string> { return Ok(r?); }", ["AT3029 1:70 ? operator error type mismatch: expression has error type Error, but function returns string"]],
  ["fn f(r: Result<number, never>) -> Result<number, string> { return Ok(r?); }", []],
  ["let g = fn(r: Result<number, string>) { let v = r?; return v; };", ["AT3030 1:49 ? operator requires function to return Result<T, E>, found Result<never, string> | number"]],
  ["async fn f(r: Result<number, string>) -> Future<Result<number, string>> { return Ok(r?); }", []],
  // §4.2 written types
  ["let x: Foo = 1;", ["AT3001 1:8 Unknown type 'Foo'"]],
  ["let x: Option = None;", ["AT3001 1:8 Generic type 'Option' expects 1 type argument(s), found 0"]],
  ["let x: Result<number> = Ok(1);", ["AT3001 1:8 Generic type 'Result' expects 2 type argument(s), found 1"]],
  ["let x: number<string> = 1;", ["AT3001 1:8 Type 'number' is not generic"]],
  ["let x: Regex<string> = 1;", ["AT3001 1:8 Type 'Regex' is not generic"]],
  ["type Pair<T> = T[];\nlet x: Pair = [1];", ["AT3001 2:8 Type alias 'Pair' expects 1 type argument(s), found 0"]],
  ["type A = B[];\ntype B = A[];", ["AT3001 2:10 Circular type alias detected: A -> B -> A"]],
  ["type A = A;", ["AT3001 1:10 Circular type alias detected: A -> A"]],
  ["let m: HashMap<number[], string> = hashMapNew();", ["AT3001 1:16 Type argument 'number[]' must satisfy constraint number | string | bool | null, found number[]"]],
  ["let s: HashSet<Option<number>> = hashSetNew();", ["AT3001 1:16 Type argument 'Option<number>' must satisfy constraint number | string | bool | null, found Option<number>"]],
  ["type Num = number;\nlet x: Num = \"s\";", ["AT3001 2:1 Type mismatch: expected number, found string"]],
  ["let x: Array<number> = [1];\nlet y: Comparable = 1;\nlet z: Equatable = null;\nlet w: Serializable = parseJSON(\"1\");\nlet v: Iterable = [1];", []],
  ["let x: { a: number } = 1;", ["AT3001 1:1 Type mismatch: expected { a: number }, found number"]],
  // §5.12 narrowing
  ["let u: number | string = 1;\nif (isString(u)) { let s: string = u; } else { let n: number = u; }", []],
  ["let u: number | string = 1;\nlet s: string = u;", ["AT3001 2:1 Type mismatch: expected string, found number | string"]],
  ["let u: number | null = 1;\nif (u != null) { let n: number = u; }", []],
  ["let u: number | null = 1;\nif (u == null) { } else { let n: number = u; }", []],
  ['let u: unknown = 1;\nif (typeof(u) == "string") { let s: string = u; }', []],
  ['let u: unknown = 1;\nif (isType(u, "number")) { let n: number = u + 1; }', []],
  ["let u: number | string | null = 1;\nif (!isNull(u) && !isString(u)) { let n: number = u; }", []],
  ["let u: number | string | null = 1;\nif (u == null || isString(u)) { } else { let n: number = u; }", []],
  ["let u: number | string = 1;\nif (isString(u) || isNumber(u)) { let n: number = u; }", ["AT3001 2:35 Type mismatch: expected number, found string | number"]],
  ["var u: number | string = 1;\nif (isNumber(u)) { u = \"s\"; let n: number = u; }", ["AT3001 2:29 Type mismatch: expected number, found number | string"]],
  ["var u: number | string = 1;\nlet f = fn() -> null { u = 1; return null; };\nif (isNumber(u)) { let n: number = u; }", ["AT3001 3:20 Type mismatch: expected number, found number | string"]],
  ["var u: number | string = 1;\nif (isNumber(u)) { let g = fn() -> number { return u; }; }", ["AT3001 2:45 Return type mismatch: expected number, found number | string"]],
  ["let u: number | string = 1;\nif (isNumber(u)) { let g = fn() -> number { return u; }; }", []],
  ["let u: number | string = 1;\nif (isNumber(u)) { fn g() -> number { return u; } }", []],
  ["var u: number | string = 1;\nwhile (isNumber(u)) { let n: number = u; u = \"x\"; }", []],
  ["let u: number | string = 1;\nif (isString(u)) { return1(); }\nlet n: number = u;\nfn return1() -> null { return null; }", ["AT3001 3:1 Type mismatch: expected number, found number | string"]],
  ["fn isStr(x: number | string) -> bool is x: string { return isString(x); }\nlet u: number | string = 1;\nif (isStr(u)) { let s: string = u; } else { let n: number = u; }", []],
  ["let f: ((number) -> number) | string = \"s\";\nif (isFunction(f)) { let z = f(1); } else { let s: string = f; }", ["AT3001 2:45 Type mismatch: expected string, found ((number) -> number) | string"]],
  ["let u: unknown = 1;\nif (isArray(u)) { let z = u[0]; }", ["AT3001 2:27 Cannot index into type unknown"]],
  ["let u: number | string = 1;\nlet ok = isString(u) && len(u) > 0;", []],
  // misc
  ["let x: number = 1;\nlet y: string = x;\nlet z: bool = y;", ["AT3001 2:1 Type mismatch: expected string, found number", "AT3001 3:1 Type mismatch: expected bool, found string"]],
  ["let x = undefinedThing + 1;", ["AT2002 1:9 Unknown symbol 'undefinedThing'"]],
  ["let x: Foo = 1;\nlet y = x + 1;\nlet z = x.foo();", ["AT3001 1:8 Unknown type 'Foo'"]],
  ["let v: void = print(1);", ["AT3001 1:1 Type mismatch: expected void, found null"]],
  ["fn f() -> void { }\nlet v = f();\nlet n: null = v;", ["AT3001 3:1 Type mismatch: expected null, found void"]],
  ['let j = parseJSON("1");\nlet s: string = j;', ["AT3001 2:1 Type mismatch: expected string, found json"]],
  ["let o: Option<string> = Some(1);", ["AT3001 1:1 Type mismatch: expected Option<string>, found Option<number>"]],
  ["let f: Future<number> = futureResolve(\"x\");", ["AT3001 1:1 Type mismatch: expected Future<number>, found Future<string>"]],
  ["let t: Task<number> = spawn(fn() { return 1; });\nlet f: Future<number> = t;\nlet g: Task<number> = futureResolve(1);", ["AT3001 3:1 Type mismatch: expected Task<number>, found Future<number>"]],
  ["let m: HashMap<string, number | null> = hashMapNew();\nlet n: HashMap<string, number> = m;", ["AT3001 2:1 Type mismatch: expected HashMap<string, number>, found HashMap<string, number | null>"]],
  ["let xs: number[] = [1];\nlet ys: (number | string)[] = xs;", []],
  ['let z = [Ok(1), Err("x")];', ["AT3001 1:17 Array element 1 has wrong type: expected Result<number, never>, found Result<never, string>"]],
  ['let z: Result<number, string>[] = [Ok(1), Err("x")];', []],
  ['let a = hashSetFromArray(["a"]);\nlet z = hashSetUnion(a, hashSetNew());\nlet y: HashSet<string> = z;', []],
  ["let f: Foo = fn(x) { return x; };", ["AT3001 1:8 Unknown type 'Foo'"]],
  ["let z = len(fn(x) { return x; }, 2);", ["AT3005 1:9 Function expects 1 argument, found 2"]],
  ["let z = [1, 2];\nlet w = z(fn(x) { return x; });", ["AT3006 2:9 Cannot call non-function type number[]"]],
];

for (const [src, want] of DIAGNOSTICS) {
  test(`diagnostics: ${src.replace(/\n/g, "⏎")}`, () => {
    assert.deepEqual(errorsOf(src), want);
  });
}

// ───────────────────────────── source → type ─────────────────────────────

const TYPES: [string, string][] = [
  ["1", "number"],
  ['"s"', "string"],
  ["true", "bool"],
  ["null", "null"],
  ["[1, 2]", "number[]"],
  ["[]", "never[]"],
  ["[[1], []]", "number[][]"],
  ["[[], [1]]", "number[][]"],
  ["[None, Some(1)]", "Option<number>[]"],
  ["[Some(1), None]", "Option<number>[]"],
  ["Some(1)", "Option<number>"],
  ["None", "Option<never>"],
  ["None()", "Option<never>"],
  ["Ok(1)", "Result<number, never>"],
  ['Err("x")', "Result<never, string>"],
  ["let r: Result<number, string> = Ok(1);\nr", "Result<number, string>"],
  ["len", "(string) -> number"],
  ["print", "<T>(T) -> null"],
  ["pathJoin", "(string, string) -> string"],
  ["PI", "number"],
  ["fn id<T>(x: T) -> T { return x; }\nid", "<T>(T) -> T"],
  ["fn id<T>(x: T) -> T { return x; }\nid(5)", "number"],
  ["fn id<T>(x: T) -> T { return x; }\nlet f: (string) -> string = id;\nf", "(string) -> string"],
  ["fn b<T extends number>(x: T) -> T { return x; }\nb", "<T extends number>(T) -> T"],
  ['len("abc")', "number"],
  ["len([1])", "number"],
  ["len([])", "number"],
  ["map([1, 2], fn(x) { return x * 2; })", "number[]"],
  ['map([1, 2], fn(x) { return str(x) + "!"; })', "string[]"],
  ['map([["a"], ["b"]], len)', "number[]"],
  ["map([1], str)", "string[]"],
  ["filter([1, 2], fn(x) { return x > 1; })", "number[]"],
  ["reduce([1, 2], fn(acc, x) { return acc + x; }, 0)", "number"],
  ['reduce([1, 2], fn(acc, x) { return acc + str(x); }, "")', "string"],
  ["flatMap([1], fn(x) { return [x, x]; })", "number[]"],
  ["sort([3, 1], fn(a, b) { return a - b; })", "number[]"],
  ['find(["a"], fn(s) { return s == "a"; })', "string | null"],
  ["pop([1, 2])", "(number | number[])[]"],
  ["unwrap(Some(1))", "number"],
  ["let r: Result<string, number> = Ok(\"a\");\nunwrap(r)", "string"],
  ["unwrap_or(None, 5)", "number"],
  ['result_map(Ok(1), fn(x) { return str(x); })', "Result<string, never>"],
  ["let m: HashMap<string, number> = hashMapNew();\nm", "HashMap<string, number>"],
  ["hashMapNew()", "HashMap<never, never>"],
  ["let m: HashMap<string, number> = hashMapNew();\nhashMapGet(m, \"a\")", "Option<number>"],
  ["let m: HashMap<string, number> = hashMapNew();\nhashMapEntries(m)", "(string | number)[][]"],
  ["futureResolve(1)", "Future<number>"],
  ["await futureResolve(1)", "number"],
  ['let x: number = await futureReject("boom");\nx', "number"],
  ['futureReject("x")', "Future<never>"],
  ['futureCatch(futureReject("bad"), fn(e) { return 0; })', "Future<number>"],
  ['[futureResolve(1), futureReject("x")]', "Future<number>[]"],
  ["futureThen(futureResolve(1), fn(v) { return v + 1; })", "Future<number>"],
  ["futureThen(futureResolve(1), fn(v) { return futureResolve(str(v)); })", "Future<string>"],
  ["let p: Future<number> = futureNew(fn(resolve, reject) { resolve(1); return null; });\np", "Future<number>"],
  ["spawn(fn() { return 5; })", "Task<number>"],
  ["spawn(async fn() { return 5; })", "Task<number>"],
  ["await spawn(fn() { return 5; })", "number"],
  ["futureAll([spawn(fn() { return 1; }), futureResolve(2)])", "Future<number[]>"],
  ["let c: Channel<number> = channelBounded(1);\nawait channelReceive(c)", "Option<number>"],
  ["let c: Channel<number> = channelBounded(1);\nselect([onReceive(c, fn(v) { return 1; }), onTimeout(5, fn() { return 2; })])", "Future<number>"],
  ["sleep(1)", "Future<null>"],
  ["fn(x: number) { return x; }", "(number) -> number"],
  ["fn(x: number) { if (x > 0) { return 1; } return \"s\"; }", "(number) -> number | string"],
  ["fn() { }", "() -> null"],
  ["fn(x: number) { if (x > 0) { return; } return 1; }", "(number) -> null | number"],
  ["async fn() { return 1; }", "() -> Future<number>"],
  ["async fn() { }", "() -> Future<null>"],
  ["fn(r: Result<number, string>) { return Ok(r?); }", "(Result<number, string>) -> Result<number, string>"],
  ["fn(x: number) -> number { return x; }", "(number) -> number"],
  ["async fn f() -> Future<string> { return \"s\"; }\nf", "() -> Future<string>"],
  ["async fn f() { }\nf", "() -> Future<null>"],
  ["fn f() { }\nf", "() -> null"],
  ["fn isStr(x: number | string) -> bool is x: string { return isString(x); }\nisStr", "(number | string) -> bool"],
  ["let o = Some(1);\nmatch o { Some(v) => v, None => 0 }", "number"],
  ["let o = Some(1);\nmatch o { Some(v) => v, None => \"none\" }", "number | string"],
  ["let o: Option<number> = None;\nwhile (true) { let m = match o { Some(v) => v, None => { break; } };\nm; break; }\n1", "number"],
  ["match 1 { 1 => { }, _ => 2 }", "null | number"],
  ["match [1, 2] { [a, b] => a + b, _ => 0 }", "number"],
  ["let u: number | string = 1;\nif (isString(u)) { u; }\nu", "number | string"],
  ["type P<T> = Option<T>[];\nlet x: P<string> = [];\nx", "Option<string>[]"],
  ["type Fn = (number) -> bool;\nlet f: Fn[] = [];\nf", "((number) -> bool)[]"],
  ["let x: number | (number | string) = 1;\nx", "number | string"],
  ["let x: Option<number> | Option<string> = None;\nx", "Option<number | string>"],
  ["let x: (number | string) & string = \"a\";\nx", "string"],
  ["type Both = (number | string[]) & string[];\nlet x: Both = [];\nx", "string[]"],
  ["[1, 2][0]", "number"],
  ["let a: number[] | string[] = [1];\na[0]", "number | string"],
  ['"abc"[0]', "string"],
  ['parseJSON("{}")["a"][0]', "json"],
  ['parseJSON("{}").as_string()', "string"],
  ["-1", "number"],
  ["!true", "bool"],
  ["1 + 2 * 3", "number"],
  ['"a" + "b"', "string"],
  ["1 < 2 && 2 < 3 || false", "bool"],
  ["let xs: number[] = [];\nxs", "number[]"],
  ["typeof(1)", "string"],
  ["let e = errorNew(\"X1\", \"m\");\ne", "Error"],
];

for (const [src, want] of TYPES) {
  test(`type: ${src.replace(/\n/g, "⏎")}`, () => {
    assert.equal(typeOf(src), want);
  });
}

// ───────────────────────────── exact diagnostic records ─────────────────────────────

interface Exact {
  code: string;
  label: string;
  help?: string;
  related?: string[];
  length?: number;
}

const EXACT: [string, Exact][] = [
  ['let count: number = "three";', { code: "AT3001", label: "expected number, found string", length: 28 }],
  ['let z = 1 + "a";', { code: "AT3002", label: "found number and string" }],
  ['let z = "a" - 1;', { code: "AT3002", label: "type mismatch" }],
  ["let x: Foo = 1;", { code: "AT3001", label: "unknown type", length: 3 }],
  [
    "let x = 1;\nx = 2;",
    { code: "AT3003", label: "immutable variable", help: "declare 'x' as mutable: var x = ...", related: ["1:5 'x' declared here as immutable"], length: 1 },
  ],
  ["fn f(p: number) -> null { p++; return null; }", { code: "AT3003", label: "immutable variable", related: ["1:6 'p' declared here as immutable"] }],
  ["fn f() -> number { }", { code: "AT3004", label: "missing return", length: 1 }],
  ["let z = len(1, 2);", { code: "AT3005", label: "argument count mismatch", length: 9 }],
  ["let x = 5;\nlet z = x(1);", { code: "AT3006", label: "not callable", length: 4 }],
  ["break;", { code: "AT3010", label: "", length: 6 }],
  ["return 1;", { code: "AT3011", label: "invalid return" }],
  ['let z = match 1 { "a" => 1, _ => 2 };', { code: "AT3022", label: "type mismatch" }],
  ["let z = match Some(1) { Some(a, b) => 1, None => 2 };", { code: "AT3023", label: "wrong arity" }],
  ["let z = match Some(1) { Ok(a) => 1, _ => 2 };", { code: "AT3024", label: "unknown constructor" }],
  ["let z = match 1 { Some(a) => 1, _ => 2 };", { code: "AT3025", label: "unsupported pattern" }],
  ["let z = match 1 { [a] => 1, _ => 2 };", { code: "AT3026", label: "not an array" }],
  ["let z = match Some(1) { Some(a) => a };", { code: "AT3027", label: "non-exhaustive", help: "Add arm: None => ..." }],
  ["let z = match true { true => 1 };", { code: "AT3027", label: "non-exhaustive", help: "Add arm: false => ..." }],
  ["let z = match 1 { 1 => 1 };", { code: "AT3027", label: "non-exhaustive", help: "Add wildcard pattern: _ => ..." }],
  [
    "async fn fetch() -> Future<Result<number, string>> { return Ok(1); }\nasync fn run() -> Future<Result<number, string>> { let v = await fetch()?; return Ok(v); }",
    { code: "AT3027", label: "", help: "write (await e)?", length: 8 },
  ],
  ["fn f() -> null { await sleep(1); return null; }", { code: "AT3040", label: "await outside async function", help: "mark the enclosing function async" }],
  ["async fn f() -> number { return 1; }", { code: "AT3041", label: "not a Future type", length: 6 }],
  ["let z = await 5;", { code: "AT3042", label: "not awaitable", length: 7 }],
  ["let f = fn(x) { return 1; };", { code: "AT3043", label: "missing type annotation", length: 1 }],
  ["fn identity<U>(u: U) -> U { return u; }\nfn twice<T>(_f: (T) -> T) -> number { return 0; }\nlet z = twice(identity);", { code: "AT9999", label: "", length: 15 }],
];

for (const [src, want] of EXACT) {
  test(`exact: ${src.replace(/\n/g, "⏎")}`, () => {
    const d = diagOf(src);
    assert.equal(d.code, want.code);
    assert.equal(d.label, want.label);
    assert.equal(d.help, want.help);
    if (want.length !== undefined) assert.equal(d.span!.end - d.span!.start, want.length);
    const rel = d.related.map((r) => {
      const p = r.span.file.position(r.span.start);
      return `${p.line}:${p.column} ${r.message}`;
    });
    assert.deepEqual(rel, want.related ?? []);
  });
}

// ───────────────────────────── speculative overloads ─────────────────────────────

test("diagnostics of skipped overloads are discarded (callback bodies included)", () => {
  // futureThen's first overload expects a Future-returning callback; the body is re-checked.
  assert.deepEqual(errorsOf("let t = futureThen(futureResolve(1), fn(v) { return v + 1; });"), []);
  // An error inside the callback is reported once, for the overload that is used.
  assert.deepEqual(errorsOf('let t = futureThen(futureResolve(1), fn(v) { return v + "x"; });'), [
    "AT3002 1:53 '+' requires matching types, found number and string",
  ]);
});

test("a cached callback body is not reused when an enclosing callback's parameters differ", () => {
  // Step 0 gives T = string, x does not fit, inference is redone with T = number: the inner
  // callback reads `a` and must be re-checked.
  const src =
    "fn apply<T>(f: (T) -> T, x: T) -> T { return f(x); }\n" +
    "let r: string = apply(fn(a) { return map([1], fn(y) { return a; })[0]; }, 1);";
  assert.deepEqual(errorsOf(src), ["AT3001 2:1 Type mismatch: expected string, found number"]);
  const src2 = "let a = map([1], fn(x) { return map([\"s\"], fn(y) { return x; }); });\nlet b: number[][] = a;";
  assert.deepEqual(errorsOf(src2), []);
});

test("nested overloaded callbacks check quickly (callback cache)", () => {
  let src = "1";
  for (let i = 0; i < 14; i++) src = `futureThen(futureResolve(1), fn(v${i}) { return ${src}; })`;
  const t0 = Date.now();
  assert.deepEqual(errorsOf(`let z = ${src};`), []);
  assert.ok(Date.now() - t0 < 5000);
});

// ───────────────────────────── modules ─────────────────────────────

function compileFiles(files: Record<string, string>, entry: string): string[] {
  const enc = new TextEncoder();
  const host = {
    readFile: (p: string): Uint8Array | null => (p in files ? enc.encode(files[p]) : null),
    realpath: (p: string): string | null => (p in files ? p : null),
    displayPath: (p: string): string => p.replace(/^\/p\//, ""),
  };
  const r = compileProgram(entry, host, TABLE);
  return r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.span?.file.path} ${fmt(d)}`);
}

test("modules: exported types, aliases, imported bindings are read-only and not narrowed", () => {
  const files = {
    "/p/m.atl":
      "export type Id = number;\nexport let base: Id = 1;\nexport var count: number | string = 0;\nexport fn twice(x: Id) -> Id { return x * 2; }\n",
    "/p/main.atl":
      'import { Id, base, count, twice } from "./m";\nlet a: Id = twice(base);\nlet b: string = twice(1);\ncount = 2;\nif (isNumber(count)) { let n: number = count; }\n',
  };
  assert.deepEqual(compileFiles(files, "/p/main.atl"), [
    "main.atl AT3001 3:1 Type mismatch: expected string, found number",
    "main.atl AT3003 4:1 Cannot assign to immutable variable 'count'",
    "main.atl AT3001 5:24 Type mismatch: expected number, found number | string",
  ]);
});

test("modules: import related location points at the import", () => {
  const enc = new TextEncoder();
  const files: Record<string, string> = {
    "/p/m.atl": "export var v = 1;\n",
    "/p/main.atl": 'import { v } from "./m";\nv = 2;\n',
  };
  const host = {
    readFile: (p: string): Uint8Array | null => (p in files ? enc.encode(files[p]) : null),
    realpath: (p: string): string | null => (p in files ? p : null),
    displayPath: (p: string): string => p.replace(/^\/p\//, ""),
  };
  const d = compileProgram("/p/main.atl", host, TABLE).diagnostics[0];
  assert.equal(d.code, "AT3003");
  assert.equal(d.help, undefined);
  assert.equal(d.related[0].span.file.path, "main.atl");
  assert.equal(d.related[0].message, "'v' declared here as immutable");
});

// ───────────────────────────── REPL sessions ─────────────────────────────

test("REPL: later inputs see earlier bindings, aliases and types", () => {
  const s = new FrontendSession(TABLE);
  const ok = (src: string): string | undefined => {
    const r = s.addInput(src, "<repl>");
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error").map(fmt), [], src);
    return r.lastExprType ? displayType(r.lastExprType) : undefined;
  };
  ok("let xs = [1, 2];");
  ok("type Name = string;");
  assert.equal(ok("xs"), "number[]");
  assert.equal(ok('let n: Name = "a";\nn'), "string");
  ok("var u: number | string = 1;\nfn setU() -> null { u = \"s\"; return null; }");
  const r = s.addInput("if (isNumber(u)) { let k: number = u; }", "<repl>");
  assert.deepEqual(r.diagnostics.map(fmt), ["AT3001 1:20 Type mismatch: expected number, found number | string"]);
  assert.equal(ok("await futureResolve(3)"), "number");
});

// ───────────────────────────── deep inputs ─────────────────────────────

test("10,000-term chains and 10,000 statements check without stack overflow", () => {
  const plus = "let a = 1;\nlet b = " + Array(10000).fill("a").join(" + ") + ";\n";
  const and = "let c = " + Array(10000).fill("true").join(" && ") + ";\n";
  const mixed = "let d = " + Array(10000).fill("a").join(" + ") + " == 2 || false;\n";
  const stmts = Array.from({ length: 10000 }, (_, i) => `let v${i} = ${i} + a;`).join("\n");
  const elseIf = "if (a == 0) { }" + " else if (a == 1) { }".repeat(3000) + " else { }\n";
  const t0 = Date.now();
  assert.deepEqual(errorsOf(plus + and + mixed + stmts + "\n" + elseIf), []);
  assert.ok(Date.now() - t0 < 10000);
});

// ───────────────────────────── builtin signatures ─────────────────────────────

test("every builtin signature (registry and spec tables) parses and converts", () => {
  for (const d of DEFS) {
    assert.doesNotThrow(() => TABLE.typeOf(d.name), d.name);
    assert.ok(TABLE.typeOf(d.name), `no type for ${d.name}`);
  }
  assert.equal(TABLE.has("print"), true);
  assert.equal(TABLE.isProtected("print"), true);
  assert.equal(TABLE.isProtected("Some"), false);
  assert.equal(TABLE.overloads("spawn").length, 3);
  assert.equal(displayType(TABLE.typeOf("fileLines")!), "(string) -> Channel<string>");
  assert.equal(displayType(TABLE.typeOf("hashMapNew")!), "<K extends number | string | bool | null, V>() -> HashMap<K, V>");
  assert.equal(buildBuiltinTable(DEFS), TABLE);
});

test("every builtin of the registry alone converts", () => {
  const reg = buildBuiltinTable(BUILTINS);
  for (const d of BUILTINS) assert.ok(reg.typeOf(d.name), d.name);
});

test("types from text (embedding API signatures)", () => {
  assert.equal(displayType(parseTypeForTests("(number, string) -> bool")), "(number, string) -> bool");
  assert.equal(displayType(parseTypeForTests("Option<number> | Option<string>")), "Option<number | string>");
  assert.equal(typeFromText("Foo").error, "Unknown type 'Foo'");
  assert.equal(typeFromText("(number").type, null);
});
