// Long flat chains and maximal nesting through every front-end phase (language.md §13.1.10),
// in-process on Node's default main-thread stack (no Worker, no --stack-size): lexer, parser,
// AST dump, resolver and type checker must handle 10,000-long chains of every kind, and 256
// levels of the stack-heaviest nestings. Also: nested overloaded calls check in linear time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileProgram, compileSource } from "../../src/check/frontend.js";
import { buildBuiltinTable } from "../../src/check/builtin-types.js";
import { BUILTINS } from "../../src/stdlib/registry.js";
import { SourceFile } from "../../src/diagnostics/span.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { parseProgram } from "../../src/syntax/parser.js";
import { dumpAst } from "../../src/syntax/ast-dump.js";

const TABLE = buildBuiltinTable(BUILTINS);
const N = 10_000;

function rep(s: string, n: number, sep = ""): string {
  return Array(n).fill(s).join(sep);
}

function nest(open: string, close: string, n: number, inner: string): string {
  return open.repeat(n) + inner + close.repeat(n);
}

function fmt(d: Diagnostic): string {
  const p = d.span ? d.span.file.position(d.span.start) : { line: 0, column: 0 };
  return `${d.code} ${p.line}:${p.column} ${d.message}`;
}

/**
 * Compiles `src` as a file (compileProgram) and as an input (compileSource), dumps its AST, and
 * returns the errors of the file compilation; both must agree and neither may leak AT9995.
 */
function errorsOf(src: string): string[] {
  const bytes = new TextEncoder().encode(src);
  const host = {
    readFile: (p: string): Uint8Array | null => (p === "/d/main.atl" ? bytes : null),
    realpath: (p: string): string | null => (p === "/d/main.atl" ? p : null),
    displayPath: (): string => "main.atl",
  };
  const asFile = compileProgram("/d/main.atl", host, TABLE).diagnostics;
  const asInput = compileSource(src, "main.atl", TABLE, { repl: false }).diagnostics;
  for (const d of [...asFile, ...asInput]) assert.notEqual(d.code, "AT9995", `${d.message} for ${src.slice(0, 80)}`);
  assert.deepEqual(asInput.map(fmt), asFile.map(fmt));
  const parsed = parseProgram(new SourceFile("main.atl", src));
  assert.equal(typeof dumpAst(parsed.program), "string");
  return asFile.filter((d) => d.severity === "error").map(fmt);
}

/** [name, source, expected errors (exactly), or a count of errors all with this prefix]. */
type Row = [string, string, string[] | { count: number; prefix: string }];

const NEVER = "fn f() -> never { while (true) { } }\n";

const CHAINS: Row[] = [
  // postfix chains (§13.1.10: calls, indexing, members and `?` do not nest)
  ["f()()()…", `${NEVER}let x = f${rep("()", N)};`, []],
  ["a[0][0]… on json", `let j = parseJSON("[]");\nlet x = j${rep("[0]", N)};`, []],
  ['j["k"]["k"]… on json', `let j = parseJSON("{}");\nlet x: json = j${rep('["k"]', N)};`, []],
  ["s[0][0]… on a string", `let s = "abc";\nlet x: string = s${rep("[0]", N)};`, []],
  ["j[0].m()[0].m()… mixed", `let j = parseJSON("[]");\nlet x = j[0]${rep("[1]", N / 2)}.as_string();`, []],
  ["j.is_null.is_null… (one error, then ?)", `let j = parseJSON("{}");\nlet x = j${rep(".is_null", N)};`, ["AT3010 2:19 Type 'bool' has no method named 'is_null'"]],
  [
    "r()???… on Result then never",
    `fn r() -> Result<never, string> { return Err("e"); }\nfn g() -> Result<number, string> {\n  let x = r()${rep("?", N)};\n  return Ok(1);\n}`,
    [],
  ],
  ["f()[0]?.m()… (never absorbs)", `${NEVER}let x = f()${rep("[0]?.m()(1)", N / 4)};`, []],
  ["a[0][0]… = v (assignment target)", `let j = parseJSON("[]");\nvar xs = [[1]];\nxs[0]${rep("[0]", 200)} = 1;`, { count: 1, prefix: "AT3001" }],
  // binary chains of each operator class (left-associative, §3.2)
  ["a + a + …", `let a = 1;\nlet x: number = ${rep("a", N, " + ")};`, []],
  ["a - a - …", `let a = 1;\nlet x: number = ${rep("a", N, " - ")};`, []],
  ["a * a / a % …", `let a = 1;\nlet x: number = ${rep("a * a / a % a", N / 4, " - ")};`, []],
  ['"s" + "s" + …', `let x: string = ${rep('"s"', N, " + ")};`, []],
  ["b == b != b == …", `let x: bool = ${rep("true", N / 2, " == ")} != ${rep("false", N / 2, " != ")};`, []],
  ["a < a < … (each level an error)", `let a = 1;\nlet x = ${rep("a", 2000, " < ")};`, { count: 1998, prefix: "AT3002" }],
  ["a + … < a + … && …", `let a = 1;\nlet x: bool = ${rep(`${rep("a", 10, " + ")} < a`, Math.floor(N / 11), " && ")};`, []],
  ["b && b && …", `let b = true;\nlet x: bool = ${rep("b", N, " && ")};`, []],
  ["b || b || …", `let b = true;\nlet x: bool = ${rep("b", N, " || ")};`, []],
  ["narrowing through && …", `let u: number | string = 1;\nlet x: bool = ${rep("isNumber(u) && u > 0", N / 4, " && ")};`, []],
  ["chain in a condition", `let a = 1;\nif (${rep("a", N, " + ")} > 0 || ${rep("a", N, " * ")} < 0) { print(a); }`, []],
  // statement-level chains
  ["10,000 statements", rep("print(1);\n", N), []],
  ["10,000 declarations", Array.from({ length: N }, (_, i) => `let v${i} = ${i === 0 ? "1" : `v${i - 1} + 1`};`).join("\n"), []],
  ["10,000 functions", Array.from({ length: N }, (_, i) => `fn f${i}() -> number { return ${i === N - 1 ? 0 : `f${i + 1}()`}; }`).join("\n"), []],
  ["10,000 statements in a function", `fn big() -> number {\n  var s = 0;\n${rep("  s += 1;\n", N)}  return s;\n}`, []],
  ["10,000 else-ifs", `let a = 1;\nif (a == 0) { print(0); }${Array.from({ length: N }, (_, i) => ` else if (a == ${i + 1}) { print(${i}); }`).join("")} else { print(-1); }`, []],
  [
    "10,000 else-ifs that all return (§5.7 always-returns)",
    `fn pick(a: number) -> number {\n  if (a == 0) { return 0; }${rep(" else if (a == 1) { return 1; }", N)} else { return 2; }\n}`,
    [],
  ],
  [
    "10,000 else-ifs narrowing one variable",
    `let u: number | string | null = 1;\nif (isString(u)) { print(u); }${rep(" else if (isNumber(u)) { print(u + 1); }", N)} else { let n: null = u; print(n); }`,
    [],
  ],
  // wide lists
  ["10,000-element array literal", `let xs: number[] = [${rep("1", N, ", ")}];`, []],
  ["10,000-element array of arrays", `let xs = [${rep("[1, 2]", N, ", ")}];`, []],
  [
    "10,000 call arguments",
    `fn f(${Array.from({ length: N }, (_, i) => `_p${i}: number`).join(",\n")}) -> number { return _p0 + _p${N - 1}; }\nlet x = f(${rep("1", N, ", ")});`,
    [],
  ],
  ["10,000 arguments to a 1-parameter builtin", `print(${rep("1", N, ", ")});`, ["AT3005 1:1 Function expects 1 argument, found 10000"]],
  ["10,000 match arms", `let a = 1;\nlet x: number = match a { ${Array.from({ length: N }, (_, i) => `${i} => ${i}`).join(", ")}, _ => 0 };`, []],
  ["10,000 guarded Option arms", `let o = Some(1);\nlet x = match o { ${rep("Some(v) if v > 0 => v", N, ", ")}, Some(_) => 0, None => 0 };`, []],
  ["10,000 block arms", `let a = 1;\nmatch a { ${Array.from({ length: N }, (_, i) => `${i} => { print(${i}); }`).join(", ")}, _ => { } }`, []],
  ["10,000 OR alternatives", `let a = 1;\nlet x = match a { ${rep("1", N, " | ")} => 1, v | v => v };`, []],
  ["10,000 union members", `let x: ${rep("number", N, " | ")} = 1;`, []],
  ["10,000-member struct type", `let x: { ${Array.from({ length: N }, (_, i) => `f${i}: number`).join(", ")} } = 1;`, { count: 1, prefix: "AT3001" }],
  // types built by 10,000 statements or written with 10,000 suffixes (display, aliases)
  ["10,000 statements nesting an array type", `let x0 = 1;\n${Array.from({ length: N }, (_, i) => `let x${i + 1} = [x${i}];`).join("\n")}\nlet y: number = x${N};`, { count: 1, prefix: "AT3001 10002:1 Type mismatch: expected number, found number[][]" }],
  ["10,000 statements nesting an Option type", `let x0 = 1;\n${Array.from({ length: N }, (_, i) => `let x${i + 1} = Some(x${i});`).join("\n")}\nlet y: number = x${N};`, { count: 1, prefix: "AT3001 10002:1 Type mismatch: expected number, found Option<Option<" }],
  ["10,000 '[]' type suffixes", `let x: number${rep("[]", N)} = [];\nlet y: number${rep("[]", N - 1)} = x[0];`, []],
  ["10,000 aliases, each naming the next", `${Array.from({ length: N }, (_, i) => `type T${i} = ${i === N - 1 ? "number" : `T${i + 1}[]`};`).join("\n")}\nlet y: T${N - 1} = 1;`, []],
  ["10,000 aliases, each naming the previous", `${Array.from({ length: N }, (_, i) => `type T${i} = ${i === 0 ? "number" : `T${i - 1}`};`).join("\n")}\nlet y: T${N - 1} = 1;`, []],
  // prefix operators nest (§13.1.10): the 257th opens level 257
  ["256 '-'", `let x = ${rep("- ", 256)}1;`, []],
  ["10,000 '-'", `let x = ${rep("- ", N)}1;`, ["AT1000 1:521 Nesting too deep (limit 256)"]],
  ["10,000 '!'", `let x = ${rep("!", N)}true;`, ["AT1000 1:265 Nesting too deep (limit 256)"]],
  ["10,000 'await'", `let x = ${rep("await ", N)}futureResolve(1);`, ["AT1000 1:1545 Nesting too deep (limit 256)"]],
];

for (const [name, src, want] of CHAINS) {
  test(`chain: ${name}`, () => {
    const errors = errorsOf(src);
    if (Array.isArray(want)) assert.deepEqual(errors, want);
    else {
      assert.equal(errors.length, want.count, errors.slice(0, 3).join("\n"));
      for (const e of errors) assert.ok(e.startsWith(want.prefix), e);
    }
  });
}

// ───────────────────────────── maximal nesting ─────────────────────────────

/** 256 levels of the constructs whose checking uses the most stack per level. */
const NESTINGS: Row[] = [
  ["callbacks to an overloaded generic builtin", `let x = ${nest("futureThen(futureResolve(1), fn(v) { return ", "; })", 127, "1")};`, []],
  ["callbacks to map", `let x = ${nest("map([1], fn(v) { return ", "; })", 127, "v")};`, []],
  ["callbacks with an error inside", `let x = ${nest("map([1], fn(v) { return ", "; })", 127, 'v + "s"')};`, { count: 1, prefix: "AT3002" }],
  ["immediately called function expressions", `let x = ${nest("fn() { return ", "; }()", 127, "1")};`, []],
  ["annotated (deferred) function expressions", `let x = ${nest("fn() -> unknown { return ", "; }", 127, "1")};`, []],
  ["match expressions", `let x = ${nest("match 1 { _ => ", " }", 255, "1")};`, []],
  ["match block arms", nest("match 1 { _ => { ", " } }", 127, "print(1);"), []],
  ["if blocks", nest("if (true) { ", " }", 255, "print(1);"), []],
  ["for-in loops", nest("for v in [1] { ", " }", 255, "print(v);"), []],
  ["function declarations", nest("fn f() { ", " }", 255, "print(1);"), []],
  ["generic calls", `fn id<T>(x: T) -> T { return x; }\nlet x: number = ${nest("id(", ")", 255, "1")};`, []],
  ["constructor calls", `let x = ${nest("Some(", ")", 255, "1")};`, []],
  ["overloaded calls that all fail", `let x = ${nest("len(", ")", 255, "1")};`, { count: 255, prefix: "AT3001" }],
  ["parenthesised && with narrowing", `let u: number | null = 1;\nlet x = ${nest("(isNumber(u) && ", ")", 255, "u > 0")};`, []],
  ["nested constructor patterns", `let x = match Some(1) { ${nest("Some(", ")", 254, "y")} => 1, _ => 2 };`, { count: 1, prefix: "AT3025" }],
  ["nested generic types", `let x: ${nest("Option<", ">", 255, "number")} = None;`, []],
  ["nested function types", `let x: ${rep("() -> ", 255)}number = ${nest("fn() { return ", "; }", 127, "1")};`, { count: 1, prefix: "AT3001" }],
];

for (const [name, src, want] of NESTINGS) {
  test(`nesting: ${name}`, () => {
    const errors = errorsOf(src);
    if (Array.isArray(want)) assert.deepEqual(errors, want);
    else {
      assert.equal(errors.length, want.count, errors.slice(0, 3).join("\n"));
      for (const e of errors) assert.ok(e.startsWith(want.prefix), e);
    }
  });
}

/** Milliseconds of CPU time since `t0` (timing bounds must hold on a loaded machine too). */
function cpuMs(t0: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000;
}

test("nested overloaded calls check in linear time (argument cache)", () => {
  // Each `len` tries both overloads and retries the first: without the cache 3^depth checks.
  for (const depth of [20, 100]) {
    const t0 = process.cpuUsage();
    const errors = errorsOf(`let x = ${nest("len(", ")", depth, "1")};`);
    assert.equal(errors.length, depth);
    assert.ok(cpuMs(t0) < 2000, `len nested ${depth} deep took ${cpuMs(t0)} ms`);
  }
  const t0 = process.cpuUsage();
  errorsOf(`let x = ${nest("len(str(len(", ")))", 80, "[1]")};`);
  errorsOf(`let x = ${nest("unwrap_or(Some(", "), 1)", 120, "1")};`);
  assert.ok(cpuMs(t0) < 4000);
});
