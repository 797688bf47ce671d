// Table tests for Display, typeof and equality (language.md §6.1, §6.5, §7, §13.3.5).
import { test } from "node:test";
import assert from "node:assert/strict";
import { display, formatJsonNumber, formatNumber, kindTypeName, typeOf } from "../../src/runtime/display.js";
import { sameValueZeroKey, valuesEqual } from "../../src/runtime/equality.js";
import { RuntimeError } from "../../src/runtime/errors.js";
import { parseJsonOrThrow } from "../../src/runtime/json.js";
import { STRING_LIMIT } from "../../src/runtime/capacity.js";
import {
  ErrorValue,
  Handle,
  JsonObject,
  JsonValue,
  NONE,
  err,
  ok,
  some,
  tagFunction,
  type Value,
} from "../../src/runtime/values.js";

class FakeHandle extends Handle {
  constructor(
    readonly typeName: string,
    private readonly text: string,
  ) {
    super();
  }
  display(): string {
    return this.text;
  }
}

const fnAdd = tagFunction(() => null, "function", "add");
const fnAnon = tagFunction(() => null, "function", null);
const bPrint = tagFunction(() => null, "builtin", "print");
const j = (text: string): JsonValue => new JsonValue(parseJsonOrThrow(text));

test("number formatting (language.md §7.1)", () => {
  const cases: [number, string][] = [
    [42, "42"],
    [-5, "-5"],
    [0, "0"],
    [-0, "-0"],
    [10 / 4, "2.5"],
    [3.14, "3.14"],
    [0.001, "0.001"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1 / 3, "0.3333333333333333"],
    [1e21, "1000000000000000000000"],
    [2 ** 64, "18446744073709551616"],
    [2 ** 53 + 2, "9007199254740994"],
    [-(2 ** 70), "-1180591620717411303424"],
    [2e-7, "0.0000002"],
    [-1.5e-7, "-0.00000015"],
    [1e-7, "0.0000001"],
    [1.2345e-10, "0.00000000012345"],
    [123456789.123, "123456789.123"],
    [5e-324, "0." + "0".repeat(323) + "5"],
    [
      1.7976931348623157e308,
      "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781" +
        "7154045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586" +
        "8508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
    ],
    [NaN, "NaN"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [1e15, "1000000000000000"],
    [999999999999999.9, "999999999999999.9"],
  ];
  for (const [n, want] of cases) assert.equal(formatNumber(n), want, `formatNumber(${n})`);
  assert.equal(BigInt(formatNumber(1.7976931348623157e308)), BigInt(1.7976931348623157e308));
});

test("JSON number format (stdlib.md §6.1.3)", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [-0, "-0"],
    [1e21, "1000000000000000000000"],
    [2 ** 64, "18446744073709552000"],
    [1.5e-7, "0.00000015"],
    [0.1, "0.1"],
    [-12.5, "-12.5"],
    [123456789012345, "123456789012345"],
    [1e300, "1" + "0".repeat(300)],
  ];
  for (const [n, want] of cases) assert.equal(formatJsonNumber(n), want, `formatJsonNumber(${n})`);
});

test("Display examples of language.md §7.3 and every value kind", () => {
  const self: Value[] = [1];
  self.push(self);
  const b = [1];
  const nested: Value[] = [];
  nested.push([nested]);
  const cases: [Value, string][] = [
    [42, "42"],
    ["a b", "a b"],
    [true, "true"],
    [false, "false"],
    [null, "null"],
    [["a", "b"], "[a, b]"],
    [[[1, 2], []], "[[1, 2], []]"],
    [some("x"), "Some(x)"],
    [NONE, "None"],
    [ok([1, 2]), "Ok([1, 2])"],
    [err("bad input"), "Err(bad input)"],
    [some(some(NONE)), "Some(Some(None))"],
    [j('{"a": [1, "x", null], "b": true}'), '{"a": [1, "x", null], "b": true}'],
    [j('["q\\"uote"]'), '["q\\"uote"]'],
    [j('"s\\n"'), '"s\\n"'],
    [j("{}"), "{}"],
    [j("[]"), "[]"],
    [j("1e21"), "1000000000000000000000"],
    [j("-0"), "-0"],
    [j('{"a":{"b":[{}]}}'), '{"a": {"b": [{}]}}'],
    [[j('"x"'), "x"], '["x", x]'],
    [fnAdd, "<fn add>"],
    [fnAnon, "<fn anonymous>"],
    [bPrint, "<builtin print>"],
    [new ErrorValue("AT0400", "disk full", null), "AT0400: disk full"],
    [new FakeHandle("hashmap", "<HashMap size=2>"), "<HashMap size=2>"],
    [self, "[1, [...]]"],
    [[b, b], "[[1], [1]]"],
    [nested, "[[[...]]]"],
    [[some(self)], "[Some([1, [...]])]"],
  ];
  for (const [v, want] of cases) assert.equal(display(v), want);
  assert.equal(display(null) + display(true) + display(1.5), "nulltrue1.5");
});

test("Display of very deep values does not overflow the stack", () => {
  let v: Value = 1;
  for (let i = 0; i < 200_000; i++) v = [v];
  assert.equal(display(v).length, 400_001);
  let o: Value = NONE;
  for (let i = 0; i < 200_000; i++) o = some(o);
  assert.ok(display(o).startsWith("Some(Some("));
  let x: Value = NONE;
  let y: Value = NONE;
  for (let i = 0; i < 200_000; i++) {
    x = some(x);
    y = some(y);
  }
  assert.equal(valuesEqual(x, y), true);
});

test("Display larger than the string capacity raises AT0007", () => {
  let v: Value = ["x".repeat(1 << 20)];
  for (let i = 0; i < 9; i++) v = [v, v];
  assert.throws(
    () => display(v, "str"),
    (e: unknown) =>
      e instanceof RuntimeError && e.code === "AT0007" && e.message === `str(): result too large (limit ${STRING_LIMIT})`,
  );
});

test("typeOf of every kind (language.md §6.1)", () => {
  const cases: [Value, string][] = [
    [1, "number"],
    [NaN, "number"],
    ["", "string"],
    [true, "bool"],
    [null, "null"],
    [[], "array"],
    [fnAdd, "function"],
    [fnAnon, "function"],
    [bPrint, "builtin"],
    [j("null"), "json"],
    [j("{}"), "json"],
    [NONE, "option"],
    [ok(1), "result"],
    [new ErrorValue("E", "m", null), "error"],
    [new FakeHandle("hashmap", ""), "hashmap"],
    [new FakeHandle("HttpRequest", ""), "HttpRequest"],
    [new FakeHandle("future", ""), "future"],
  ];
  for (const [v, want] of cases) assert.equal(typeOf(v), want);
  assert.equal(kindTypeName(new FakeHandle("hashmap", "")), "HashMap");
  assert.equal(kindTypeName(NONE), "Option");
  assert.equal(kindTypeName(bPrint), "function");
  assert.equal(kindTypeName(new FakeHandle("HttpResponse", "")), "HttpResponse");
});

test("equality table (language.md §6.5)", () => {
  const arr = [1];
  const h = new FakeHandle("queue", "<Queue size=0>");
  const e = new ErrorValue("E", "m", null);
  const obj1 = new JsonValue(
    new JsonObject(
      new Map<string, null | number>([
        ["a", 1],
        ["b", null],
      ]),
    ),
  );
  const eq: [Value, Value, boolean][] = [
    [1, 1, true],
    [0, -0, true],
    [NaN, NaN, false],
    [1, "1", false],
    ["ab", "ab", true],
    ["a", "b", false],
    [true, true, true],
    [true, false, false],
    [null, null, true],
    [null, false, false],
    [arr, arr, true],
    [[1], [1], false],
    [h, h, true],
    [h, new FakeHandle("queue", "<Queue size=0>"), false],
    [e, e, true],
    [e, new ErrorValue("E", "m", null), false],
    [fnAdd, fnAdd, true],
    [fnAdd, tagFunction(() => null, "function", "add"), false],
    [bPrint, tagFunction(() => null, "builtin", "print"), true],
    [bPrint, tagFunction(() => null, "builtin", "str"), false],
    [j('{"a": 1, "b": null}'), j('{"b": null, "a": 1}'), true],
    [obj1, j('{"b": null, "a": 1.0}'), true],
    [j('{"a": 1}'), j('{"a": 1, "b": 2}'), false],
    [j("[1, 2]"), j("[1, 2]"), true],
    [j("[1, 2]"), j("[2, 1]"), false],
    [j("0"), j("-0"), true],
    [j("null"), null, false],
    [j('"x"'), "x", false],
    [j("{}"), j("[]"), false],
    [some(1), some(1), true],
    [some(NaN), some(NaN), false],
    [some(arr), some(arr), true],
    [some([1]), some([1]), false],
    [NONE, NONE, true],
    [some(null), NONE, false],
    [ok(1), ok(1), true],
    [ok(1), err(1), false],
    [err("x"), err("x"), true],
    [ok(some(j("[1]"))), ok(some(j("[1]"))), true],
    [some(1), ok(1), false],
  ];
  for (const [a, b, want] of eq) {
    assert.equal(valuesEqual(a, b), want, `${display(a)} == ${display(b)}`);
    assert.equal(valuesEqual(b, a), want, `${display(b)} == ${display(a)}`);
  }
});

test("SameValueZero keys (stdlib.md §1.7)", () => {
  assert.ok(Object.is(sameValueZeroKey(-0), 0));
  assert.ok(Number.isNaN(sameValueZeroKey(NaN)));
  assert.equal(sameValueZeroKey("1"), "1");
  assert.equal(sameValueZeroKey(null), null);
  assert.throws(
    () => sameValueZeroKey([1]),
    (e: unknown) =>
      e instanceof RuntimeError &&
      e.code === "AT0140" &&
      e.message === "Cannot hash type array - only number, string, bool, null are hashable",
  );
});
