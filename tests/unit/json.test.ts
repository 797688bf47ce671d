// Table tests for JSON text ↔ json values (stdlib.md §6) and json value helpers (language.md §6.12).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  jsonAsBool,
  jsonAsNumber,
  jsonAsString,
  jsonIndex,
  jsonIsNull,
  parseJsonText,
  prettifyJsonData,
  stringifyJson,
  valueToJsonText,
} from "../../src/runtime/json.js";
import { display } from "../../src/runtime/display.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { instantiateBuiltins } from "../../src/stdlib/registry.js";
import {
  ErrorValue,
  Handle,
  JsonObject,
  JsonValue,
  NONE,
  ok,
  tagFunction,
  type AtlasFunction,
  type JsonData,
  type Value,
} from "../../src/runtime/values.js";

const B = instantiateBuiltins({ writeOut: () => {}, writeErr: () => {}, callSpan: null });
function call(name: string, ...args: Value[]): Value {
  return (B.get(name) as AtlasFunction)(...args);
}
function throwsAt(f: () => unknown, code: string, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof RuntimeError, `not a RuntimeError: ${String(e)}`);
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    return true;
  });
}
function parse(text: string): JsonData {
  const r = parseJsonText(text);
  if (!r.ok) throw new Error(r.error.text);
  return r.data;
}
const J = (text: string): JsonValue => new JsonValue(parse(text));

test("minify round trips (compact form, JSON number format)", () => {
  const cases: [string, string][] = [
    ["null", "null"],
    [" true ", "true"],
    ["\t\r\n false\n", "false"],
    ["0", "0"],
    ["-0", "-0"],
    ["1.0", "1"],
    ["1e2", "100"],
    ["1E+2", "100"],
    ["-1.5e-7", "-0.00000015"],
    ["1e21", "1000000000000000000000"],
    ["18446744073709551616", "18446744073709552000"],
    ["0.1", "0.1"],
    ["123456789012345678901234567890", "123456789012345680000000000000"],
    ["1.00000000000000000000000001", "1"],
    ["4.9e-324", "0." + "0".repeat(323) + "5"],
    ['"a\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"', '"aé\\n\\t\\"\\\\/\\b\\f\\r"'],
    ['"\\u0001\\u001f"', '"\\u0001\\u001f"'],
    ['"\\ud83c\\udf1f"', '"🌟"'],
    ['"\u2028\u2029/"', '"\u2028\u2029/"'],
    ["[ 1 , [ ] , { } , [ [ ] ] ]", "[1,[],{},[[]]]"],
    ['{ "b" : 1 , "a" : [true, null] }', '{"b":1,"a":[true,null]}'],
    ['{"2": "x", "1": "y", "__proto__": {"z": 1}}', '{"2":"x","1":"y","__proto__":{"z":1}}'],
    ['{"a": 1, "b": 2, "a": 3}', '{"a":3,"b":2}'],
    ['{"constructor": 1, "toString": 2}', '{"constructor":1,"toString":2}'],
  ];
  for (const [text, want] of cases) {
    assert.equal(call("minifyJSON", text), want, text);
    assert.equal(stringifyJson(parse(want)), want, `re-minify ${want}`);
  }
});

test("ordered keys: integer-like keys stay in place, __proto__ is ordinary", () => {
  const data = parse('{"b": 1, "10": 2, "__proto__": 3, "1": 4}');
  assert.ok(data instanceof JsonObject);
  assert.deepEqual([...data.entries.keys()], ["b", "10", "__proto__", "1"]);
  assert.equal(jsonAsNumber(jsonIndex(new JsonValue(data), "__proto__")), 3);
  assert.equal(display(new JsonValue(data)), '{"b": 1, "10": 2, "__proto__": 3, "1": 4}');
});

test("prettify (stdlib.md §6.1.6)", () => {
  assert.equal(
    call("prettifyJSON", '{"a":[1,2],"b":{}}', 2),
    '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}',
  );
  assert.equal(call("prettifyJSON", '{"a":[1,{"c":null}]}', 0), '{\n"a": [\n1,\n{\n"c": null\n}\n]\n}');
  assert.equal(call("prettifyJSON", "[]", 4), "[]");
  assert.equal(call("prettifyJSON", "  3.50 ", 4), "3.5");
  assert.equal(call("prettifyJSON", '{"z":1,"a":2}', 1), '{\n "z": 1,\n "a": 2\n}');
  assert.equal(call("prettifyJSON", "[[[]]]", -0), "[\n[\n[]\n]\n]");
  assert.equal(prettifyJsonData(parse('["x"]'), 3), '[\n   "x"\n]');
  for (const bad of [-1, 1.5, NaN, Infinity]) {
    throwsAt(() => call("prettifyJSON", "[]", bad), "AT0001", "Type error: prettifyJSON() indent must be non-negative integer");
  }
  throwsAt(() => call("prettifyJSON", "[", 2), "AT0001", "Type error: Invalid JSON: EOF while parsing a list at line 1, column 2");
  throwsAt(
    () => call("prettifyJSON", "[[1]]", 200_000_000),
    "AT0007",
    "prettifyJSON(): result too large (limit 268435456)",
  );
});

test("parse errors: reason, line and column (code points)", () => {
  const cases: [string, string][] = [
    ["", "EOF while parsing a value at line 1, column 1"],
    ["   ", "EOF while parsing a value at line 1, column 4"],
    ["x", "expected value at line 1, column 1"],
    ["\uFEFF1", "expected value at line 1, column 1"],
    ["[1,]", "trailing comma at line 1, column 4"],
    ['{"a":1,}', "trailing comma at line 1, column 8"],
    ["[1 2]", "expected `,` or `]` at line 1, column 4"],
    ['{"a":1 "b":2}', "expected `,` or `}` at line 1, column 8"],
    ['{"a" 1}', "expected `:` at line 1, column 6"],
    ["{1:2}", "key must be a string at line 1, column 2"],
    ["{'a':1}", "key must be a string at line 1, column 2"],
    ["[", "EOF while parsing a list at line 1, column 2"],
    ["[1,", "EOF while parsing a value at line 1, column 4"],
    ["{", "EOF while parsing an object at line 1, column 2"],
    ['{"a":', "EOF while parsing a value at line 1, column 6"],
    ['{"a":1', "EOF while parsing an object at line 1, column 7"],
    ['"abc', "EOF while parsing a string at line 1, column 5"],
    ['"a\\', "EOF while parsing a string at line 1, column 4"],
    ['"a\\x"', "invalid escape at line 1, column 4"],
    ['"\\u12G4"', "invalid escape at line 1, column 6"],
    ['"\\ud800"', "lone leading surrogate in hex escape at line 1, column 2"],
    ['"\\ud800\\u0041"', "lone leading surrogate in hex escape at line 1, column 2"],
    ['"\\udc00"', "lone trailing surrogate in hex escape at line 1, column 2"],
    ['"a\nb"', "control character (\\u0000-\\u001F) found while parsing a string at line 1, column 3"],
    ["tru", "EOF while parsing a value at line 1, column 4"],
    ["trux", "expected ident at line 1, column 4"],
    ["nul", "EOF while parsing a value at line 1, column 4"],
    ["NaN", "expected value at line 1, column 1"],
    ["Infinity", "expected value at line 1, column 1"],
    ["-", "EOF while parsing a value at line 1, column 2"],
    ["-a", "invalid number at line 1, column 2"],
    ["1.", "invalid number at line 1, column 3"],
    ["1.e5", "invalid number at line 1, column 3"],
    ["1e", "invalid number at line 1, column 3"],
    ["1e+", "invalid number at line 1, column 4"],
    [".5", "expected value at line 1, column 1"],
    ["01", "trailing characters at line 1, column 2"],
    ["+1", "expected value at line 1, column 1"],
    ["1e400", "number out of range at line 1, column 1"],
    ["[-1e309]", "number out of range at line 1, column 2"],
    ["1 2", "trailing characters at line 1, column 3"],
    ["[1]]", "trailing characters at line 1, column 4"],
    ["[1] // c", "trailing characters at line 1, column 5"],
    ["[\n  1,\n  x\n]", "expected value at line 3, column 3"],
    ['{"日本": 1, "é": ?}', "expected value at line 1, column 16"],
    ['["🌟🌟", x]', "expected value at line 1, column 8"],
    ["\r\n\r\n  ?", "expected value at line 3, column 3"],
  ];
  for (const [text, want] of cases) {
    const r = parseJsonText(text);
    assert.equal(r.ok, false, `${JSON.stringify(text)} should fail`);
    if (!r.ok) assert.equal(r.error.text, want, JSON.stringify(text));
    throwsAt(() => call("parseJSON", text), "AT0001", `Type error: Invalid JSON: ${want}`);
    throwsAt(() => call("minifyJSON", text), "AT0001", `Type error: Invalid JSON: ${want}`);
    assert.equal(call("isValidJSON", text), false);
  }
});

test("nesting depth limit 512", () => {
  const ok512 = "[".repeat(512) + "]".repeat(512);
  assert.equal(call("isValidJSON", ok512), true);
  assert.equal(call("minifyJSON", ok512), ok512);
  assert.equal((call("prettifyJSON", ok512, 0) as string).split("\n").length, 1023);
  const objs = '{"a":'.repeat(512) + "1" + "}".repeat(512);
  assert.equal(call("minifyJSON", objs), objs);
  const bad = "[".repeat(513) + "]".repeat(513);
  throwsAt(() => call("parseJSON", bad), "AT0001", "Type error: Invalid JSON: nesting too deep (limit 512) at line 1, column 513");
  assert.equal(call("isValidJSON", bad), false);
  assert.equal(call("isValidJSON", "[".repeat(100_000)), false);
});

test("parseJSON values, Display and indexing", () => {
  const doc = call("parseJSON", '{"name": "Atlas", "tags": ["lang", "async"], "version": 0.2}') as JsonValue;
  assert.ok(doc instanceof JsonValue);
  assert.equal(jsonAsString(jsonIndex(doc, "name")), "Atlas");
  assert.equal(display(jsonIndex(jsonIndex(doc, "tags"), 1)), '"async"');
  assert.equal(display(jsonIndex(jsonIndex(doc, "tags"), 5)), "null");
  assert.equal(jsonAsNumber(jsonIndex(doc, "version")) * 10, 2);
  assert.equal(jsonIsNull(jsonIndex(doc, "missing")), true);
  assert.equal(display(doc), '{"name": "Atlas", "tags": ["lang", "async"], "version": 0.2}');
  const arr = J("[10, 20]");
  const idx: [Value, string][] = [
    [0, "10"],
    [-0, "10"],
    [1, "20"],
    [2, "null"],
    [-1, "null"],
    [0.5, "null"],
    [NaN, "null"],
    [Infinity, "null"],
    ["0", "null"],
    [true, "null"],
  ];
  for (const [k, want] of idx) assert.equal(display(jsonIndex(arr, k)), want, `index ${String(k)}`);
  assert.equal(display(jsonIndex(J('"str"'), 0)), "null");
  assert.equal(display(jsonIndex(J("{}"), "toString")), "null");
  assert.equal(display(jsonIndex(J('{"a": {}}'), 0)), "null");
});

test("json extraction helpers and builtins", () => {
  assert.equal(call("jsonAsString", J('"x"')), "x");
  assert.equal(call("jsonAsNumber", J("-0.5")), -0.5);
  assert.equal(call("jsonAsBool", J("false")), false);
  assert.equal(call("jsonIsNull", J("null")), true);
  assert.equal(call("jsonIsNull", J("0")), false);
  assert.equal(jsonAsBool(J("true")), true);
  const kinds: [string, string][] = [
    ["null", "null"],
    ["true", "bool"],
    ["1", "number"],
    ['"s"', "string"],
    ["[]", "array"],
    ["{}", "object"],
  ];
  for (const [text, kind] of kinds) {
    if (kind !== "string") {
      throwsAt(() => call("jsonAsString", J(text)), "AT0001", `Type error: Cannot extract string from JSON value of type '${kind}'`);
    }
    if (kind !== "number") {
      throwsAt(() => jsonAsNumber(J(text)), "AT0001", `Type error: Cannot extract number from JSON value of type '${kind}'`);
    }
    if (kind !== "bool") {
      throwsAt(() => call("jsonAsBool", J(text)), "AT0001", `Type error: Cannot extract bool from JSON value of type '${kind}'`);
    }
  }
  throwsAt(() => call("jsonAsString", "x"), "AT0102", "jsonAsString(): expected json, got string");
  throwsAt(() => call("parseJSON", 1), "AT0102", "parseJSON(): expected string, got number");
});

class FakeHandle extends Handle {
  constructor(readonly typeName: string) {
    super();
  }
  display(): string {
    return `<${this.typeName}>`;
  }
}

test("toJSON of Atlas values", () => {
  const shared = [1];
  const cases: [Value, string][] = [
    [null, "null"],
    [true, "true"],
    [-0, "-0"],
    [2 ** 64, "18446744073709552000"],
    [1.5e-7, "0.00000015"],
    ["a\"b\\\n\u0007é🌟", '"a\\"b\\\\\\n\\u0007é🌟"'],
    [[], "[]"],
    [[1, "x", [null, false]], '[1,"x",[null,false]]'],
    [[shared, shared], "[[1],[1]]"],
    [J('{"a": [1, {"b": "c"}]}'), '{"a":[1,{"b":"c"}]}'],
    [[J("null"), J("{}")], "[null,{}]"],
  ];
  for (const [v, want] of cases) assert.equal(call("toJSON", v), want);
  throwsAt(() => call("toJSON", NaN), "AT0001", "Type error: Cannot serialize NaN or Infinity to JSON");
  throwsAt(() => call("toJSON", [1, [-Infinity]]), "AT0001", "Type error: Cannot serialize NaN or Infinity to JSON");
  const kinds: [Value, string][] = [
    [tagFunction(() => null, "function", "f"), "function"],
    [B.get("print") as Value, "function"],
    [NONE, "Option"],
    [ok(1), "Result"],
    [new ErrorValue("E", "m", null), "Error"],
    [new FakeHandle("hashmap"), "HashMap"],
    [new FakeHandle("regex"), "Regex"],
    [new FakeHandle("HttpResponse"), "HttpResponse"],
    [new FakeHandle("future"), "Future"],
  ];
  for (const [v, kind] of kinds) {
    throwsAt(() => call("toJSON", v), "AT0001", `Type error: Cannot serialize ${kind} to JSON`);
    throwsAt(() => call("toJSON", [1, [v]]), "AT0001", `Type error: Cannot serialize ${kind} to JSON`);
  }
  const cyc: Value[] = [1];
  cyc.push([cyc]);
  throwsAt(() => call("toJSON", cyc), "AT0001", "Type error: Circular reference detected in array");
  let deep: Value = [];
  for (let i = 1; i < 512; i++) deep = [deep];
  assert.equal((call("toJSON", deep) as string).length, 1024);
  throwsAt(() => call("toJSON", [deep]), "AT0007", "toJSON(): result too large (limit 512)");
  throwsAt(() => call("toJSON", [J("[" + "[".repeat(511) + "]".repeat(511) + "]")]), "AT0007", "toJSON(): result too large (limit 512)");
  assert.equal(valueToJsonText(J("[" + "[".repeat(511) + "]".repeat(511) + "]")).length, 1024);
});
