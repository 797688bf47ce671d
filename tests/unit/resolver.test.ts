// Table tests for name resolution (language.md §5.1–§5.3, §5.14, §10.2): refs, scopes, hops,
// redeclarations, unknown names, warnings, REPL inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SourceFile, type Span } from "../../src/diagnostics/span.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { parseProgram } from "../../src/syntax/parser.js";
import type * as ast from "../../src/syntax/ast.js";
import {
  EMPTY_REPL_STATE,
  resolveModules,
  resolveReplInput,
  type BuiltinNames,
  type ReplScopeState,
  type ResolveResult,
} from "../../src/check/resolver.js";
import type { Ref } from "../../src/check/program.js";
import { FrontendSession, compileSource } from "../../src/check/frontend.js";
import { buildBuiltinTable } from "../../src/check/builtin-types.js";
import { displayType } from "../../src/check/types.js";
import { BUILTINS } from "../../src/stdlib/registry.js";

const PROTECTED = `print len str split join trim trimStart trimEnd indexOf lastIndexOf includes toUpperCase
  toLowerCase substring charAt repeat replace padStart padEnd startsWith endsWith pop shift
  unshift reverse concat flatten arrayIndexOf arrayLastIndexOf arrayIncludes slice map filter
  reduce forEach find findIndex flatMap some every sort sortBy abs floor ceil round min max sqrt
  pow log sin cos tan asin acos atan clamp sign random parseJSON toJSON isValidJSON
  prettifyJSON minifyJSON`.split(/\s+/);
const OTHERS = ["push", "Some", "None", "Ok", "Err", "typeof", "sleep", "PI", "E", "SQRT2", "LN2", "LN10"];

const STUB_BUILTINS: BuiltinNames = {
  has: (n) => PROTECTED.includes(n) || OTHERS.includes(n),
  isProtected: (n) => PROTECTED.includes(n),
};

function pos(s: Span): string {
  const p = s.file.position(s.start);
  return `${p.line}:${p.column}`;
}

function describeRef(r: Ref): string {
  switch (r.kind) {
    case "builtin":
      return "builtin";
    case "global":
      return `global ${r.binding.name}@${pos(r.binding.span)} m${r.moduleIndex}`;
    case "local":
      return `local ${r.binding.name}@${pos(r.binding.span)} hops=${r.hops}`;
  }
}

/** Refs in source order (one file). */
function refLines(res: ResolveResult): string[] {
  return [...res.refs.entries()]
    .sort(([a], [b]) => a.span.start - b.span.start)
    .map(([id, r]) => `${id.name}@${pos(id.span)} -> ${describeRef(r)}`);
}

function diagLines(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${d.span ? pos(d.span) : "-"} ${d.message}`);
}

function parse(src: string, name = "t.atl", repl = false): { file: SourceFile; program: ast.Program } {
  const file = new SourceFile(name, src, null);
  const parsed = parseProgram(file, { repl });
  assert.deepEqual(diagLines(parsed.diagnostics), [], `parse errors in ${JSON.stringify(src)}`);
  return { file, program: parsed.program };
}

function resolve(src: string): ResolveResult {
  const { file, program } = parse(src);
  return resolveModules([{ file, ast: program, importTargets: new Map() }], STUB_BUILTINS);
}

interface Case {
  name: string;
  src: string;
  /** Exact list of refs in source order (omit to skip). */
  refs?: string[];
  /** Errors in report order (default: none). */
  errors?: string[];
  /** Warnings (default: none). */
  warnings?: string[];
}

const CASES: Case[] = [
  {
    name: "module-scope let read at top level is a global ref",
    src: "let x = 1;\nprint(x);",
    refs: ["print@2:1 -> builtin", "x@2:7 -> global x@1:5 m0"],
  },
  {
    name: "§5.1: `let x = x + 1;` in a block reads the outer x",
    src: "let x = 1;\n{\n  let x = x + 1;\n  print(x);\n}",
    refs: ["x@3:11 -> global x@1:5 m0", "print@4:3 -> builtin", "x@4:9 -> local x@3:7 hops=0"],
  },
  {
    name: "§5.1: a read before the inner declaration sees the outer one",
    src: "let x = 1;\nfn g() {\n  print(x);\n  let x = 2;\n}",
    refs: ["print@3:3 -> builtin", "x@3:9 -> global x@1:5 m0"],
    warnings: ["AT2001 4:7 Unused variable 'x'"],
  },
  {
    name: "§5.1: no outer declaration → AT2002",
    src: "fn g() {\n  print(x);\n  let x = 2;\n  print(x);\n}",
    errors: ["AT2002 2:9 Unknown symbol 'x'"],
  },
  {
    name: "top-level `let x = x + 1;` is unknown",
    src: "let x = x + 1;",
    errors: ["AT2002 1:9 Unknown symbol 'x'"],
  },
  {
    name: "function bodies see later top-level variables",
    src: "fn f() -> number { return y; }\nlet y = 1;",
    refs: ["y@1:27 -> global y@2:5 m0"],
  },
  {
    name: "function bodies see later variables of the enclosing function (size-0 scope skipped)",
    src: "fn outer() {\n  fn inner() -> number { return z; }\n  let z = 1;\n  print(inner());\n}",
    refs: ["z@2:33 -> local z@3:7 hops=0", "print@4:3 -> builtin", "inner@4:9 -> local inner@2:6 hops=0"],
  },
  {
    name: "anonymous functions: params one frame up",
    src: "fn outer(a: number) {\n  let f = fn(b: number) -> number { return a + b; };\n  print(f(1));\n}",
    refs: [
      "a@2:44 -> local a@1:10 hops=1",
      "b@2:48 -> local b@2:14 hops=0",
      "print@3:3 -> builtin",
      "f@3:9 -> local f@2:7 hops=0",
    ],
  },
  {
    name: "`let f = fn…` may refer to itself inside its body",
    src: "let f = fn(n: number) -> number { return f(n); };",
    refs: ["f@1:42 -> global f@1:5 m0", "n@1:44 -> local n@1:12 hops=0"],
  },
  {
    name: "hoisting: top-level call before the declaration",
    src: "print(f());\nfn f() -> number { return 1; }",
    refs: ["print@1:1 -> builtin", "f@1:7 -> global f@2:4 m0"],
  },
  {
    name: "hoisting within a block",
    src: "{\n  print(g());\n  fn g() -> number { return 2; }\n}",
    refs: ["print@2:3 -> builtin", "g@2:9 -> local g@3:6 hops=0"],
  },
  {
    name: "hops skip scopes without bindings",
    src: "{ let a = 1; { let b = 2; { print(a + b); } } }",
    refs: ["print@1:29 -> builtin", "a@1:35 -> local a@1:7 hops=1", "b@1:39 -> local b@1:20 hops=0"],
  },
  {
    name: "closures in a C-style loop: header scope, body scope",
    src:
      "var xs: (() -> number)[] = [];\n" +
      "for (var i = 0; i < 3; i++) {\n" +
      "  let k = i;\n" +
      "  push(xs, fn() -> number { return i + k; });\n" +
      "}",
    refs: [
      "i@2:17 -> local i@2:10 hops=0",
      "i@2:24 -> local i@2:10 hops=0",
      "i@3:11 -> local i@2:10 hops=1",
      "push@4:3 -> builtin",
      "xs@4:8 -> global xs@1:5 m0",
      "i@4:36 -> local i@2:10 hops=1",
      "k@4:40 -> local k@3:7 hops=0",
    ],
  },
  {
    name: "for header initializer does not see its own variable",
    src: "let i = 5;\nfor (var i = i; i < 10; i++) { print(i); }",
    refs: [
      "i@2:14 -> global i@1:5 m0",
      "i@2:17 -> local i@2:10 hops=0",
      "i@2:25 -> local i@2:10 hops=0",
      "print@2:32 -> builtin",
      "i@2:38 -> local i@2:10 hops=0",
    ],
  },
  {
    name: "for-in: iterable resolved outside, variable inside",
    src: "let x = [1];\nfor x in x { print(x); }",
    refs: ["x@2:10 -> global x@1:5 m0", "print@2:14 -> builtin", "x@2:20 -> local x@2:5 hops=0"],
  },
  {
    name: "match: bindings visible in guard and body; constructor names not resolved",
    src: "let v = Some(1);\nlet r = match v { Some(n) if n > 0 => n, None => 0, _ => 1 };",
    refs: [
      "Some@1:9 -> builtin",
      "v@2:15 -> global v@1:5 m0",
      "n@2:30 -> local n@2:24 hops=0",
      "n@2:39 -> local n@2:24 hops=0",
    ],
  },
  {
    name: "match: OR alternatives share one binding",
    src: "let r = match [1, 2] { [a, 1] | [1, a] => a, _ => 0 };",
    refs: ["a@1:43 -> local a@1:25 hops=0"],
  },
  {
    name: "match arm block: declarations share the arm scope",
    src: "fn f(o: Option<number>) {\n  match o { Some(n) => { let m = n; print(m); }, None => {} }\n}",
    refs: [
      "o@2:9 -> local o@1:6 hops=0",
      "n@2:34 -> local n@2:18 hops=0",
      "print@2:37 -> builtin",
      "m@2:43 -> local m@2:30 hops=0",
    ],
  },
  {
    name: "else-if chain branches are separate scopes",
    src: "let c = true;\nif (c) { let a = 1; print(a); } else if (c) { let a = 2; print(a); } else { print(c); }",
    refs: [
      "c@2:5 -> global c@1:5 m0",
      "print@2:21 -> builtin",
      "a@2:27 -> local a@2:14 hops=0",
      "c@2:42 -> global c@1:5 m0",
      "print@2:58 -> builtin",
      "a@2:64 -> local a@2:51 hops=0",
      "print@2:77 -> builtin",
      "c@2:83 -> global c@1:5 m0",
    ],
  },
  {
    name: "assignment targets resolve too",
    src: "var n = 0;\nn = n + 1;\nn += 2;\nn++;",
    refs: [
      "n@2:1 -> global n@1:5 m0",
      "n@2:5 -> global n@1:5 m0",
      "n@3:1 -> global n@1:5 m0",
      "n@4:1 -> global n@1:5 m0",
    ],
  },
  {
    name: "predefined constants are builtins and may be shadowed in nested scopes",
    src: "print(PI);\nfn f() { let PI = 3; print(PI); }",
    refs: ["print@1:1 -> builtin", "PI@1:7 -> builtin", "print@2:22 -> builtin", "PI@2:28 -> local PI@2:14 hops=0"],
  },
  {
    name: "non-protected builtins may be shadowed at top level",
    src: "let Some = 1;\nprint(Some);",
    refs: ["print@2:1 -> builtin", "Some@2:7 -> global Some@1:5 m0"],
  },
  {
    name: "protected builtins may be shadowed in nested scopes",
    src: "fn f(print: number) -> number { return print; }",
    refs: ["print@1:40 -> local print@1:6 hops=0"],
  },

  // ── AT2003 / AT1012 ──
  { name: "duplicate let", src: "let x = 1;\nlet x = 2;", errors: ["AT2003 2:5 Symbol 'x' is already defined in this scope"] },
  { name: "duplicate fn", src: "fn f() {}\nfn f() {}", errors: ["AT2003 2:4 Function 'f' is already defined"] },
  { name: "later kind decides the message", src: "let f = 1;\nfn f() {}", errors: ["AT2003 2:4 Function 'f' is already defined"] },
  { name: "fn then let", src: "fn f() {}\nlet f = 1;", errors: ["AT2003 2:5 Symbol 'f' is already defined in this scope"] },
  {
    name: "parameter redeclared in the body's outermost block",
    src: "fn f(a: number) { let a = 2; print(a); }",
    errors: ["AT2003 1:23 Symbol 'a' is already defined in this scope"],
  },
  {
    name: "parameter shadowed in a nested block is fine",
    src: "fn f(a: number) { { let a = 2; print(a); } print(a); }",
    refs: ["print@1:32 -> builtin", "a@1:38 -> local a@1:25 hops=0", "print@1:44 -> builtin", "a@1:50 -> local a@1:6 hops=0"],
  },
  { name: "duplicate parameters", src: "fn f(a: number, a: number) { print(a); }", errors: ["AT2003 1:17 Symbol 'a' is already defined in this scope"] },
  { name: "duplicate type parameters", src: "fn f<T, T>(x: T) { print(x); }", errors: ["AT2003 1:9 Duplicate type parameter 'T'"] },
  { name: "duplicate alias", src: "type A = number;\ntype A = string;", errors: ["AT2003 2:6 Type alias 'A' already defined"] },
  { name: "alias named like a built-in type", src: "type Option = number;", errors: ["AT2003 1:6 Type alias 'Option' already defined"] },
  { name: "duplicate alias type parameter", src: "type P<T, T> = T[];", errors: ["AT2003 1:11 Duplicate type parameter 'T'"] },
  { name: "types and values are separate namespaces", src: "type A = number;\nlet A = 1;\nprint(A);" },
  { name: "predefined constant at top level", src: "let PI = 3;", errors: ["AT2003 1:5 Symbol 'PI' is already defined in this scope"] },
  { name: "predefined constant as fn", src: "fn E() {}", errors: ["AT2003 1:4 Function 'E' is already defined"] },
  { name: "AT1012 let", src: "let print = 1;", errors: ["AT1012 1:5 Cannot shadow prelude builtin 'print' in global scope"] },
  { name: "AT1012 fn", src: "fn len() {}", errors: ["AT1012 1:4 Cannot shadow prelude builtin 'len' in global scope"] },
  { name: "AT1012 exported var", src: "export var map = 1;", errors: ["AT1012 1:12 Cannot shadow prelude builtin 'map' in global scope"] },
  {
    name: "pattern binding redeclared in the arm block",
    src: "let r = match 1 { x => { let x = 2; print(x); }, };",
    errors: ["AT2003 1:30 Symbol 'x' is already defined in this scope"],
  },
  { name: "name bound twice in one pattern", src: "let r = match [1, 2] { [x, x] => x, _ => 0 };", errors: ["AT2003 1:28 Symbol 'x' is already defined in this scope"] },
  { name: "duplicate export", src: "export let a = 1;\nexport fn a() {}", errors: ["AT2003 2:11 Function 'a' is already defined"] },
  { name: "namespace import", src: 'import * as ns from "./m";\nprint(ns);', errors: ["AT5007 1:1 Namespace imports not yet supported"] },
  { name: "unknown symbol", src: "print(y);", errors: ["AT2002 1:7 Unknown symbol 'y'"] },

  // ── warnings ──
  {
    name: "AT2001: unread params and variables; writes are not reads",
    src: "fn f(a: number) {\n  let b = 1;\n  var c = 0;\n  c = 1;\n  c++;\n  c += 1;\n}",
    warnings: ["AT2001 1:6 Unused parameter 'a'", "AT2001 2:7 Unused variable 'b'", "AT2001 3:7 Unused variable 'c'"],
  },
  {
    name: "AT2001: exemptions (underscore, top level, for-in, patterns)",
    src:
      "let t = 1;\n{ let u = 1; }\nfn f(_a: number, xs: number[]) {\n  let _b = 1;\n  for x in xs {}\n" +
      "  let r = match 1 { n => 0 };\n  print(r);\n}",
  },
  {
    name: "AT2001: reads through closures and index targets count",
    src: "fn f(a: number[]) {\n  let k = 1;\n  let g = fn() -> number { return k; };\n  a[0] = g();\n}",
  },
  {
    name: "AT2001: params of anonymous functions warn too",
    src: "let g = fn(x: number) -> number { return 1; };",
    warnings: ["AT2001 1:12 Unused parameter 'x'"],
  },
  {
    name: "AT2002: statements after return (fn declarations and `;` exempt)",
    src: "fn f() -> number {\n  return 1;\n  print(2);\n  fn g() {}\n  ;\n  let z = 3;\n}",
    warnings: ["AT2002 3:3 Unreachable code", "AT2002 6:3 Unreachable code", "AT2001 6:7 Unused variable 'z'"],
  },
  { name: "AT2002: not after break/continue", src: "while (true) { break; print(1); }\nwhile (true) { continue; print(2); }" },
];

for (const c of CASES) {
  test(`resolve: ${c.name}`, () => {
    const res = resolve(c.src);
    assert.deepEqual(diagLines(res.errors), c.errors ?? [], "errors");
    if (res.errors.length === 0) assert.deepEqual(diagLines(res.warnings), c.warnings ?? [], "warnings");
    if (c.refs !== undefined) assert.deepEqual(refLines(res), c.refs, "refs");
  });
}

test("AT2003 carries label and related location; AT2002 label and help", () => {
  const res = resolve("let x = 1;\nlet x = 2;\nprint(y);");
  const [redecl, unknown] = res.errors;
  assert.equal(redecl.label, "redeclaration");
  assert.deepEqual(redecl.related.map((r) => `${pos(r.span)} ${r.message}`), ["1:5 'x' first defined here"]);
  assert.equal(unknown.label, "undefined variable");
  assert.equal(unknown.help, "declare 'y' before using it, or check for typos");
  const w = resolve("fn f(a: number) {}").warnings[0];
  assert.equal(w.severity, "warning");
  assert.equal(w.label, "declared here but never used");
  assert.equal(w.help, "remove the variable or prefix with underscore: _a");
});

test("scopes, slots, decls and hoisted functions", () => {
  const { file, program } = parse("fn f(a: number) { let b = a; fn g() {} print(b); g(); }\nlet c = 1;");
  const res = resolveModules([{ file, ast: program, importTargets: new Map() }], STUB_BUILTINS);
  const fnNode = program.body[0] as ast.FnDecl;
  const fscope = res.scopes.get(fnNode);
  assert.ok(fscope);
  assert.deepEqual(fscope.bindings.map((b) => `${b.name}:${b.kind}:${b.slot}`), ["a:param:0", "b:let:1", "g:fn:2"]);
  assert.equal(fscope.size, 3);
  assert.equal(fscope.moduleIndex, -1);
  assert.deepEqual(fscope.hoisted.map((h) => h.name.name), ["g"]);
  assert.equal(res.scopes.get(fnNode.body), undefined, "a function body opens no scope of its own");
  const mod = res.modules[0];
  assert.deepEqual(mod.scope.bindings.map((b) => `${b.name}:${b.kind}:${b.slot}:${b.mutable}`), ["f:fn:0:false", "c:let:1:false"]);
  assert.equal(res.decls.get(fnNode)?.fn, fnNode);
  assert.equal(res.decls.get(fnNode.params[0])?.name, "a");
  const ids = new Set([...res.decls.values()].map((b) => b.id));
  assert.equal(ids.size, res.decls.size, "binding ids are unique");
});

test("long chains and many statements resolve without deep recursion", () => {
  const chain = "let a = 1;\nlet s = " + Array.from({ length: 10000 }, () => "a").join(" + ") + ";\nprint(s);";
  const res = resolve(chain);
  assert.equal(res.errors.length, 0);
  assert.equal(res.refs.size, 10002);
  const stmts = Array.from({ length: 10000 }, (_, i) => `let v${i} = ${i === 0 ? "0" : `v${i - 1}`} + 1;`).join("\n");
  assert.equal(resolve(stmts).errors.length, 0);
  const calls = "fn f() -> number { return 1; }\nlet r = f" + "()".repeat(1) + Array.from({ length: 10000 }, () => " + f()").join("") + ";";
  assert.equal(resolve(calls).errors.length, 0);
  const elseIfs = "let c = 1;\nif (c == 0) {}" + Array.from({ length: 10000 }, (_, i) => ` else if (c == ${i}) { print(c); }`).join("") + " else {}";
  assert.equal(resolve(elseIfs).errors.length, 0);
});

// ── REPL inputs (resolveReplInput) ──

interface ReplRun {
  state: ReplScopeState;
  results: ResolveResult[];
}

function replSequence(inputs: string[]): ReplRun {
  let state = EMPTY_REPL_STATE;
  const results: ResolveResult[] = [];
  for (const src of inputs) {
    const { file, program } = parse(src, "<repl>", true);
    const { result, next } = resolveReplInput(state, file, program, STUB_BUILTINS);
    if (result.errors.length === 0) state = next;
    results.push(result);
  }
  return { state, results };
}

test("REPL: later inputs see earlier declarations as module-0 globals", () => {
  const { results } = replSequence(["let x = 1;", "fn f() -> number { return x; }", "f() + x"]);
  assert.deepEqual(refLines(results[2]), ["f@1:1 -> global f@1:4 m0", "x@1:7 -> global x@1:5 m0"]);
  assert.equal(results[2].modules.length, 1);
  assert.equal(results[2].modules[0].scope.size, 2);
});

test("REPL: redeclaration replaces with a new binding and slot; the initializer sees the old one", () => {
  const { state, results } = replSequence(["let x = 1;", "let x = x + 1;", "x"]);
  const oldX = results[0].modules[0].scope.bindings[0];
  const second = results[1];
  assert.deepEqual(refLines(second), ["x@1:9 -> global x@1:5 m0"]);
  const ref = [...second.refs.values()][0];
  assert.ok(ref.kind === "global" && ref.binding === oldX, "initializer reads the earlier x");
  const newX = second.modules[0].scope.bindings[1];
  assert.notEqual(newX, oldX);
  assert.equal(newX.slot, 1);
  assert.notEqual(newX.id, oldX.id);
  const third = [...results[2].refs.values()][0];
  assert.ok(third.kind === "global" && third.binding === newX);
  assert.equal(state.bindings.length, 2);
  assert.equal(results[1].modules[0].scope.hoisted.length, 0);
});

test("REPL: a function of the same input sees a later redeclaration", () => {
  const { results } = replSequence(["let y = 1;", "fn g() -> number { return y; }\nlet y = 2;"]);
  const ref = [...results[1].refs.values()][0];
  assert.ok(ref.kind === "global" && ref.binding.slot === 2, "g reads the new y (slot 2)");
});

test("REPL: a failed input changes nothing; AT5009 for imports; AT1012 still applies", () => {
  const { state, results } = replSequence([
    "let a = 1;",
    "let b = 2;\nlet b = 3;",
    'import { q } from "./m";\nq',
    "let print = 1;",
    "b",
    "a",
  ]);
  assert.deepEqual(diagLines(results[1].errors), ["AT2003 2:5 Symbol 'b' is already defined in this scope"]);
  assert.deepEqual(diagLines(results[2].errors), ["AT5009 1:1 Import declarations are not supported in the REPL"]);
  assert.deepEqual(diagLines(results[3].errors), ["AT1012 1:5 Cannot shadow prelude builtin 'print' in global scope"]);
  assert.deepEqual(diagLines(results[4].errors), ["AT2002 1:1 Unknown symbol 'b'"]);
  assert.deepEqual(diagLines(results[5].errors), []);
  assert.deepEqual([...state.names.keys()], ["a"]);
});

test("REPL: type aliases carry over and may be redeclared", () => {
  const { state, results } = replSequence(["type N = number;", "type N = string;\nlet n: N = \"s\";"]);
  assert.deepEqual(diagLines(results[1].errors), []);
  assert.equal(results[1].modules[0].typeAliases.get("N")?.alias.type.kind, "NamedType");
  assert.equal(state.typeAliases.get("N"), results[1].modules[0].typeAliases.get("N")?.alias);
});

// ── FrontendSession (parse + resolve + check per input) ──

test("FrontendSession: inputs build on each other; failures change nothing; checkInput does not commit", () => {
  const s = new FrontendSession(buildBuiltinTable(BUILTINS));
  const run = (src: string): string => {
    const r = s.addInput(src, "<repl>");
    const t = r.lastExprType ? displayType(r.lastExprType) : "-";
    return `${r.program ? "ok" : "fail"} ${t} ${r.diagnostics.map((d) => d.code).join(",")}`;
  };
  assert.equal(run("let x = 1;"), "ok - ");
  assert.equal(run("x + 1"), "ok number ");
  assert.equal(run('let x = "s";'), "ok - ");
  assert.equal(run("x"), "ok string ");
  assert.equal(run("let y: number = x;"), "fail - AT3001");
  assert.equal(run("y"), "fail - AT2002");
  assert.equal(run("fn f() -> string { return x; }\nf()"), "ok string ");
  assert.equal(run('import { a } from "./a";'), "fail - AT5009");
  const probe = s.checkInput("let z = 2;\nz", "<repl>");
  assert.equal(probe.lastExprType && displayType(probe.lastExprType), "number");
  assert.equal(run("z"), "fail - AT2002");
  assert.deepEqual(
    s.globals().map((g) => `${g.name}#${g.binding.slot}: ${g.type ? displayType(g.type) : "?"}`),
    ["x#1: string", "f#2: () -> string"],
  );
  const r = s.addInput("x", "<repl>");
  assert.ok(r.program !== null);
  assert.equal(r.program.modules.length, 1);
  assert.equal(r.program.modules[0].scope.size, 3);
  s.reset();
  assert.equal(run("x"), "fail - AT2002");
});

test("compileSource: one fresh input, final `;` optional, warnings returned", () => {
  const r = compileSource("fn f(a: number) { return; }\nprint(1)", "<eval>", buildBuiltinTable(BUILTINS));
  assert.ok(r.program !== null);
  assert.deepEqual(diagLines(r.diagnostics), ["AT2001 1:6 Unused parameter 'a'"]);
  assert.equal(r.program.modules[0].file.path, "<eval>");
});
