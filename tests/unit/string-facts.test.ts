// The surrogate-free string analysis (src/engines/compiler/string-facts.ts): for small
// programs, which let/var bindings come out "free" (can never hold a surrogate pair), and
// which expressions are free; REPL mode has no free bindings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check } from "./compile-helpers.js";
import { StringFacts } from "../../src/engines/compiler/string-facts.js";
import type * as ast from "../../src/syntax/ast.js";

/** Names of the free let/var bindings of `source` (sorted). */
function freeNames(source: string, extra: Record<string, string> = {}, repl = false): string[] {
  const program = check(source, extra);
  const facts = new StringFacts(program, repl);
  const names: string[] = [];
  for (const [node, b] of program.decls) if (node.kind === "VarDecl" && facts.isFreeBinding(b)) names.push(b.name);
  return names.sort();
}

const CASES: [string, string, string[]][] = [
  ["literals", 'let a = "abc"; var n = 1; let b = true; let z = null; let e = "é日本";', ["a", "b", "e", "n", "z"]],
  ["emoji literal", 'let a = "a🌟"; let b = "ok";', ["b"]],
  ["concatenation of free", 'let a = "x"; var b = a + "y"; b = b + a; let c = (a + b);', ["a", "b", "c"]],
  ["one emoji store poisons", 'var s = "x"; s = s + "y"; s = s + "🌟"; let t = s; let u = "v";', ["u"]],
  ["poison propagates through chains", 'var a = "x"; var b = a; var c = b; a = "🌟";', []],
  ["cycle stays free", 'var a = "x"; var b = "y"; a = b; b = a + b;', ["a", "b"]],
  ["index of free is free", 'let s = "abc"; let c = s[1]; let d = "x🌟"; let e = d[0];', ["c", "s"]],
  ["str of free", 'var n = 3; let t = str(n); let u = str(n + 1);', ["n", "t", "u"]],
  ["compound numeric stores", 'var n = 1; n += 2; n -= 1; n *= 3; n++; n--;', ["n"]],
  ["numeric += next to a poisoned string", 'var s = "a"; s = s + "🌟"; var m = 1; m += 2;', ["m"]],
  ["parameter is not free", 'fn f(p: string) -> string { let q = p; let r = "x"; return q + r; } print(f("a"));', ["r"]],
  ["for-in variable is not free", 'var acc = ""; for c in ["a", "b"] { acc = acc + c; } let k = "k";', ["k"]],
  ["call result is not free", 'fn g() -> string { return "a"; } let s = g(); let t = repeat("a", 2);', []],
  ["closure store poisons", 'var s = "a"; let f = fn () { s = "🌟"; }; let t = "b";', ["t"]],
  ["closure store of free stays free", 'var s = "a"; fn f() { s = s + "b"; } f(); print(len(s));', ["s"]],
  ["match binding is not free", 'let v = Some("a"); let s = match v { Some(x) => x, None => "n" };', []],
  [
    "number and bool operators are free whatever their operands",
    'fn g() -> number { return 1; } let n = g() - 2; let b = g() < 2; let u = -g(); let o = b && g() == 1; let t = str(g() % 3); let x = str(g());',
    ["b", "n", "o", "t", "u"],
  ],
  ["for header variables", 'for (var i = 0; i < 3; i++) { var w = ""; w = w + "a"; print(len(w)); }', ["i", "w"]],
];

for (const [name, source, expected] of CASES) {
  test(`string facts: ${name}`, () => assert.deepEqual(freeNames(source), expected.sort()));
}

test("string facts: an exporter's emoji store poisons the importer's bindings", () => {
  const m = 'export var s = "a"; export fn set() { s = "🌟"; }';
  assert.deepEqual(freeNames('import { s, set } from "./m.atl"; let t = s + "x"; let u = "u";', { "m.atl": m }), ["u"]);
});

test("string facts: REPL/eval mode has no free bindings", () => {
  assert.deepEqual(freeNames('let a = "abc"; var b = a;', {}, true), []);
});

test("string facts: expressions", () => {
  const program = check('let s = "abc"; var t = "x🌟"; fn f(p: string) -> string { return p; }\nlet xs = [s + s[0], t, f(s), (s), "🌟", str(1)];');
  const facts = new StringFacts(program, false);
  const stmts = program.modules[0].ast.body;
  const list = (stmts[stmts.length - 1] as ast.VarDecl).init as ast.ArrayLit;
  assert.deepEqual(
    list.elements.map((a) => facts.isFree(a)),
    [true, false, false, true, false, true],
  );
});
