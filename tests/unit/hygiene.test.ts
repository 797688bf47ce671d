// Hygiene and safety of generated code (design.md R7, security/sandbox.ts): hostile Atlas
// identifiers and strings compile to valid JS that behaves exactly like the interpreter, no
// Atlas name is emitted as a JS keyword, host global or runtime name, and generated code has no
// way to name `globalThis`, `process`, `require` or `Function`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, runBoth } from "./compile-helpers.js";
import { compileProgram } from "../../src/engines/compiler/compile.js";
import { NameTable, isReservedJsName, jsString } from "../../src/engines/compiler/names.js";
import { SHADOWED_GLOBALS, shadowingPreamble } from "../../src/security/sandbox.js";

const HOSTILE = [
  "constructor",
  "__proto__",
  "eval",
  "arguments",
  "toString",
  "prototype",
  "globalThis",
  "require",
  "process",
  "Function",
  "undefined",
  "NaN",
  "Infinity",
  "this",
  "new",
  "class",
  "delete",
  "yield",
  "await$",
  "valueOf",
  "hasOwnProperty",
  "Object",
  "Array",
];

for (const name of HOSTILE.filter((n) => !n.includes("$"))) {
  test(`hostile identifier '${name}' as let, param, fn and pattern binding`, async () => {
    const src = [
      `let ${name} = 1;`,
      `fn f_${name}(${name}: number) -> number { return ${name} + 1; }`,
      `let g = fn(${name}: number) -> number { let q = match Some(${name}) { Some(${name}) => ${name} * 2, None => 0 }; return q; };`,
      `print(${name} + f_${name}(${name}) + g(${name}));`,
    ].join("\n");
    let program;
    try {
      program = check(src);
    } catch {
      return; // a keyword of Atlas or a protected name: rejected by the front end, nothing to emit
    }
    const js = compileProgram(program).js;
    // No identifier token of generated code is the hostile name itself (strings stripped).
    const code = js.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    assert.doesNotMatch(code, new RegExp(`(^|[^$\\w.])${name}(?![$\\w])`));
    const [i, c] = await runBoth(src);
    assert.deepEqual(c, i);
    assert.equal(c.stdout, "5\n");
  });
}

test("`$` cannot appear in Atlas identifiers, so `$rt` and compiler names are unreachable", () => {
  assert.throws(() => check("let $rt = 1;"));
  assert.throws(() => check("print($S);"));
});

const STRINGS = ['</script><script>alert(1)</script>', 'q"uo\'te`${x}`', "back\\slash\\", "line\u2028sep\u2029para", "<!-- comment -->", "🌟 astral"];

test("hostile strings are emitted as escaped literals and print verbatim", async () => {
  for (const s of STRINGS) {
    const atlasLiteral = `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`; // raw U+2028/U+2029 in the source
    const src = `let s = ${atlasLiteral};\nprint(s);\nprint(len(s));`;
    const [i, c] = await runBoth(src);
    assert.deepEqual(c, i, s);
    assert.ok(c.stdout.startsWith(s + "\n"), s);
    const lit = jsString(s);
    assert.doesNotMatch(lit, /<\/script|[\u2028\u2029]|<!--/);
    assert.equal(JSON.parse(lit.replace(/\\u003c/g, "<")), s);
  }
});

test("names: reserved words and globals are never emitted verbatim", () => {
  const t = new NameTable(false);
  for (const n of HOSTILE) t.declare(n);
  HOSTILE.forEach((n, i) => {
    const js = t.name(i + 1, n);
    if (isReservedJsName(n)) assert.equal(js, `${n}$${i + 1}`);
    assert.ok(!SHADOWED_GLOBALS.includes(js));
  });
  const u = new NameTable(false);
  u.declare("café");
  assert.equal(u.name(7, "café"), "caf$ue9$7");
});

test("generated code is strict, shadows host globals and names none of them", () => {
  const js = compileProgram(check('let process = "p"; let require = 2; print(process); print(require);')).js;
  assert.ok(js.startsWith('"use strict";\n'));
  for (const g of ["globalThis", "process", "require", "Function", "eval"]) {
    assert.doesNotMatch(js.replace(/"[^"]*"/g, '""'), new RegExp(`(^|[^$\\w])${g}([^$\\w]|$)`), g);
  }
  const pre = shadowingPreamble();
  for (const g of ["globalThis", "process", "require", "Function"]) assert.match(pre, new RegExp(`\\b${g} = void 0`));
});
