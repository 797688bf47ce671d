// The native fast paths of runtime/json.ts (JSON.parse / JSON.stringify) must be invisible:
// every case where they would differ from the exact parser and writer goes to those instead
// (expected texts recorded from the exact implementation), and random documents agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJsonText, stringifyJson, valueToJsonText } from "../../src/runtime/json.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import type { Value } from "../../src/runtime/values.js";

const deep = (n: number): string => "[".repeat(n) + "]".repeat(n);

const PARSE: [string, string][] = [
  ['{"a":' + deep(513) + ',"a":1}', "error: nesting too deep (limit 512) at line 1, column 517"],
  ['{"a":' + deep(511) + ',"a":1}', '{"a":1}'],
  ['{"a":1e400,"a":1}', "error: number out of range at line 1, column 6"],
  ['{"a":"\\ud800","a":1}', "error: lone leading surrogate in hex escape at line 1, column 7"],
  ["[1" + "0".repeat(400) + "]", "error: number out of range at line 1, column 2"],
  ['{"b":1,"2":2,"1":3,"b":4}', '{"b":4,"2":2,"1":3}'],
  ['["\\ud83d\\ude00", -0, 1E2, 1.5e-7]', '["😀",-0,100,0.00000015]'],
  ['{"__proto__":[1],"constructor":{}}', '{"__proto__":[1],"constructor":{}}'],
  [deep(512), deep(512)],
  [deep(513), "error: nesting too deep (limit 512) at line 1, column 513"],
  ['[1, 2,]', "error: trailing comma at line 1, column 7"],
];

for (const [text, expected] of PARSE) {
  test(`parseJsonText ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text)}`, () => {
    const r = parseJsonText(text);
    assert.equal(r.ok ? stringifyJson(r.data) : `error: ${r.error.text}`, expected);
  });
}

const cyclic: Value[] = [1];
cyclic.push(cyclic);

const TO_JSON: [string, Value, string][] = [
  ["positional numbers and -0", [1e21, 1e-7, -0, 0.1], "[1000000000000000000000,0.0000001,-0,0.1]"],
  ["NaN before a cycle", [NaN, cyclic], "AT0001 Type error: Cannot serialize NaN or Infinity to JSON"],
  ["a cycle before NaN", [cyclic, NaN], "AT0001 Type error: Circular reference detected in array"],
  ["a lone surrogate", "\ud800\n", '"\\ud800\\n"'],
  ["plain records", [[1, "a", true, null, 1.5]], '[[1,"a",true,null,1.5]]'],
];

for (const [name, v, expected] of TO_JSON) {
  test(`valueToJsonText: ${name}`, () => {
    let got: string;
    try {
      got = valueToJsonText(v);
    } catch (e) {
      assert.ok(e instanceof RuntimeError);
      got = `${e.code} ${e.message}`;
    }
    assert.equal(got, expected);
  });
}

test("random documents: parse → compact text is a fixed point and agrees with JSON.parse order rules", () => {
  let seed = 7;
  const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const atoms = ["0", "-0", "1.25", "-7", '"x"', '"\\n\\u0041"', "true", "false", "null"];
  const gen = (d: number): string => {
    const r = rnd();
    if (d > 3 || r < 0.4) return atoms[Math.floor(rnd() * atoms.length)];
    const n = Math.floor(rnd() * 4);
    if (r < 0.7) return "[" + Array.from({ length: n }, () => gen(d + 1)).join(",") + "]";
    return "{" + Array.from({ length: n }, (_, i) => `"k${i % 2}":` + gen(d + 1)).join(",") + "}";
  };
  for (let i = 0; i < 2000; i++) {
    const text = gen(0);
    const r = parseJsonText(text);
    assert.ok(r.ok, text);
    const compact = stringifyJson(r.data);
    const again = parseJsonText(compact);
    assert.ok(again.ok);
    assert.equal(stringifyJson(again.data), compact);
    // No index-like keys, no exponents, no -0 ambiguity: JSON.stringify(JSON.parse) agrees.
    if (!text.includes("-0")) assert.equal(compact, JSON.stringify(JSON.parse(text)));
  }
});
