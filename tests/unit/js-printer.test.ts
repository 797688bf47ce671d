// Table tests for the JS printer (design.md R8): parentheses from precedence levels only,
// statement forms, and stack safety on 10,000-deep left-nested chains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { printExpression, printProgram } from "../../src/engines/compiler/js-printer.js";
import { assign, bin, call, cond, dot, id, index, lit, num, seq, str, un, type JSExpr } from "../../src/engines/compiler/js-ast.js";

const a = id("a");
const b = id("b");
const c = id("c");

const EXPRS: [JSExpr, string][] = [
  [bin("-", bin("-", a, b), c), "a - b - c"],
  [bin("-", a, bin("-", b, c)), "a - (b - c)"],
  [bin("*", bin("+", a, b), c), "(a + b) * c"],
  [bin("+", a, bin("*", b, c)), "a + b * c"],
  [bin("||", a, bin("&&", b, c)), "a || b && c"],
  [bin("&&", bin("||", a, b), c), "(a || b) && c"],
  [bin("===", bin(">>>", a, num(0)), a), "a >>> 0 === a"],
  [un("-", un("-", a)), "- -a"],
  [un("-", num(-1)), "- (-1)"],
  [bin("-", a, num(-1)), "a - -1"],
  [un("!", bin("===", a, b)), "!(a === b)"],
  [un("typeof", a), "typeof a"],
  [cond(a, b, cond(c, a, b)), "a ? b : c ? a : b"],
  [cond(cond(a, b, c), a, b), "(a ? b : c) ? a : b"],
  [seq([assign(a, num(1)), b]), "a = 1, b"],
  [call(id("f"), [seq([a, b]), c]), "f((a, b), c)"],
  [dot(bin("+", a, b), "length"), "(a + b).length"],
  [index(a, seq([a, b])), "a[a, b]"],
  [bin("+", a, cond(a, b, c)), "a + (a ? b : c)"],
  [assign(a, cond(a, b, c)), "a = a ? b : c"],
  [str('q"\\\u2028</script>'), '"q\\"\\\\\\u2028\\u003c/script>"'],
  [lit(undefined), "void 0"],
  [num(-0), "-0"],
  [num(1e21), "1e+21"],
  [num(Infinity), "(1 / 0)"],
  [{ k: "yield", e: a, delegate: false }, "yield a"],
  [bin("+", { k: "yield", e: a, delegate: false }, b), "(yield a) + b"],
  [{ k: "fn", fn: { name: null, params: ["x"], body: [], generator: false, arrow: false } }, "(function(x) {\n})"],
];

for (const [e, want] of EXPRS) {
  test(`prints ${want.replace(/\n/g, "\\n")}`, () => assert.equal(printExpression(e), want));
}

test("10,000-deep left-nested chains print without recursion on the spine", () => {
  let e: JSExpr = a;
  for (let i = 0; i < 10000; i++) e = bin("+", e, b);
  const s = printExpression(e);
  assert.equal(s.length, 1 + 10000 * 4);
  let t: JSExpr = a;
  for (let i = 0; i < 10000; i++) t = cond(a, b, t);
  assert.ok(printExpression(t).startsWith("a ? b : a ? b"));
});

test("statements: if/else chains, loops, try, labels", () => {
  const js = printProgram([
    { k: "if", test: a, then: [{ k: "break" }], else: [{ k: "if", test: b, then: [{ k: "continue" }], else: [{ k: "return", e: null }] }] },
    { k: "for", init: { k: "decl", kind: "let", decls: [{ name: "i", init: num(0) }] }, test: bin("<", id("i"), num(3)), update: { k: "update", op: "++", target: id("i") }, body: [] },
    { k: "try", body: [], param: "$e", handler: [{ k: "throw", e: id("$e") }], finalizer: [] },
  ]);
  assert.equal(
    js,
    "if (a) {\n  break;\n} else if (b) {\n  continue;\n} else {\n  return;\n}\nfor (let i = 0; i < 3; i++) {\n}\ntry {\n} catch ($e) {\n  throw $e;\n} finally {\n}\n",
  );
});
