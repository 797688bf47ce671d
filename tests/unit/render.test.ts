// Table tests for diagnostic rendering (language.md §8.3, §8.4).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SourceFile, span } from "../../src/diagnostics/span.js";
import { errorDiag } from "../../src/diagnostics/diagnostic.js";
import { renderHuman, renderJson } from "../../src/diagnostics/render.js";

const main = new SourceFile("main.atl", 'let a = 1;\nlet b = 2;\nlet count: number = "three";\n');

test("human format matches language.md §8.4 example", () => {
  const start = main.text.indexOf("let count");
  const d = errorDiag("AT3001", "Type mismatch: expected number, found string", span(main, start, start + 28), {
    label: "expected number, found string",
  });
  assert.equal(
    renderHuman(d),
    "error[AT3001]: Type mismatch: expected number, found string\n" +
      "  --> main.atl:3:1\n" +
      "   |\n" +
      ' 3 | let count: number = "three";\n' +
      "   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ expected number, found string\n\n",
  );
  assert.equal(
    renderJson(d),
    '{"diag_version":1,"level":"error","code":"AT3001","message":"Type mismatch: expected number, found string","file":"main.atl","line":3,"column":1,"length":28,"snippet":"let count: number = \\"three\\";","label":"expected number, found string"}',
  );
});

const cases: [string, string, number, number, string][] = [
  // [text, needle, line, column, caret line]
  ["x\n\tyy z", "z", 2, 5, "   | \t   ^"],
  ["🌟🌟 ab", "ab", 1, 4, "   |    ^^"],
];
for (const [text, needle, line, column, caretLine] of cases) {
  test(`positions are in chars: ${JSON.stringify(text)}`, () => {
    const f = new SourceFile("t.atl", text);
    const s = text.indexOf(needle);
    const out = renderHuman(errorDiag("AT0001", "m", span(f, s, s + needle.length)));
    assert.ok(out.includes(`--> t.atl:${line}:${column}`), out);
    assert.ok(out.split("\n").includes(caretLine), out);
  });
}
