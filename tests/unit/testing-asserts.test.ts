// Table tests for deep equality and the assertion builtins (stdlib.md §17.1–§17.2): exact
// failure messages (AT0001 `Type error: …`), returned values, assertThrows/assertNoThrow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBuiltins } from "../../src/stdlib/registry.js";
import { display } from "../../src/runtime/display.js";
import { InternalBug, RuntimeError } from "../../src/runtime/errors.js";
import { parseJsonOrThrow } from "../../src/runtime/json.js";
import { SourceFile, span } from "../../src/diagnostics/span.js";
import { deepEqual } from "../../src/stdlib/testing.js";
import {
  ErrorValue,
  JsonValue,
  NONE,
  err,
  ok,
  some,
  tagFunction,
  type AtlasFunction,
  type Value,
} from "../../src/runtime/values.js";

const ctx = { writeOut: () => {}, writeErr: () => {}, callSpan: null as ReturnType<typeof span> | null };
const B = instantiateBuiltins(ctx);

function call(name: string, ...args: Value[]): Value {
  const f = B.get(name);
  assert.ok(typeof f === "function", `no builtin ${name}`);
  return f(...args);
}
const fn = (f: (...a: Value[]) => Value): AtlasFunction => tagFunction(f, "function", null);
const J = (text: string): JsonValue => new JsonValue(parseJsonOrThrow(text));
function throwsAt(f: () => unknown, code: string, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof RuntimeError, `not a RuntimeError: ${String(e)}`);
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    return true;
  });
}

test("deep equality (§17.1)", () => {
  const shared = [1];
  const cyc1: Value[] = [1];
  cyc1.push(cyc1);
  const cyc2: Value[] = [1];
  cyc2.push(cyc2);
  const m = call("hashMapNew");
  const e1 = new ErrorValue("E", "m", null);
  const cases: [Value, Value, boolean][] = [
    [1, 1, true],
    [0, -0, true],
    [NaN, NaN, false],
    ["é", "é", true],
    [null, null, true],
    [true, false, false],
    [[1, [2, "x"]], [1, [2, "x"]], true],
    [[1, 2], [1, 2, 3], false],
    [[[NaN]], [[NaN]], false],
    [[shared, shared], [[1], [1]], true],
    [cyc1, cyc2, true],
    [some([1]), some([1]), true],
    [some(1), NONE, false],
    [ok([1]), err([1]), false],
    [err("x"), err("x"), true],
    [e1, new ErrorValue("E", "m", null), true],
    [e1, new ErrorValue("E", "n", null), false],
    [J('{"a": [1, 2], "b": null}'), J('{"b": null, "a": [1, 2]}'), true],
    [m, m, true],
    [m, call("hashMapNew"), false],
    [B.get("len") as Value, B.get("len") as Value, true],
    [1, "1", false],
    [[1], some(1), false],
  ];
  for (const [a, b, want] of cases) assert.equal(deepEqual(a, b), want, `${display(a)} vs ${display(b)}`);
  // deep nesting does not overflow the JS stack
  let x: Value = [];
  let y: Value = [];
  for (let i = 0; i < 200_000; i++) {
    x = [x];
    y = [y];
  }
  assert.equal(deepEqual(x, y), true);
});

test("passing assertions return null or the unwrapped value", () => {
  const cases: [string, Value[], Value][] = [
    ["assert", [true, "m"], null],
    ["assertFalse", [false, "m"], null],
    ["assertEqual", [[1, [2]], [1, [2]]], null],
    ["assertNotEqual", [[1], [2]], null],
    ["assertOk", [ok(5)], 5],
    ["assertErr", [err("bad")], "bad"],
    ["assertSome", [some("v")], "v"],
    ["assertNone", [NONE], null],
    ["assertContains", [[1, [2]], [2]], null],
    ["assertEmpty", [[]], null],
    ["assertLength", [[1, 2], 2], null],
    ["assertLength", [[], -0], null],
  ];
  for (const [name, args, want] of cases) assert.equal(call(name, ...args), want, name);
});

test("failing assertions: AT0001 with the exact messages", () => {
  const T = "Type error: ";
  const cases: [string, Value[], string][] = [
    ["assert", [false, "x > 0"], "Assertion failed: x > 0"],
    ["assertFalse", [true, ""], "Assertion failed (expected false): "],
    ["assertEqual", [[1, "a"], [1, "b"]], "Assertion failed: values not equal\n  Actual:   [1, a]\n  Expected: [1, b]"],
    ["assertEqual", [NaN, NaN], "Assertion failed: values not equal\n  Actual:   NaN\n  Expected: NaN"],
    ["assertNotEqual", [some(-0), some(0)], "Assertion failed: values are equal (expected them to differ)\n  Value: Some(-0)"],
    ["assertOk", [err("boom")], "assertOk: expected Ok, got Err(boom)"],
    ["assertErr", [ok([1, 2])], "assertErr: expected Err, got Ok([1, 2])"],
    ["assertSome", [NONE], "assertSome: expected Some, got None"],
    ["assertNone", [some(J('"q"'))], 'assertNone: expected None, got Some("q")'],
    ["assertContains", [[1, 2], 3.5], "assertContains: array does not contain 3.5"],
    ["assertContains", [[NaN], NaN], "assertContains: array does not contain NaN"],
    ["assertEmpty", [[1, 2, 3]], "assertEmpty: expected empty array, got length 3"],
    ["assertLength", [[1], 2], "assertLength: expected length 2, got 1"],
    ["assertLength", [[1], -1], "assertLength: expected a non-negative integer length, got -1"],
    ["assertLength", [[1], 1.5], "assertLength: expected a non-negative integer length, got 1.5"],
    ["assertLength", [[1], NaN], "assertLength: expected a non-negative integer length, got NaN"],
    ["assertLength", [[1], Infinity], "assertLength: expected a non-negative integer length, got inf"],
  ];
  for (const [name, args, message] of cases) throwsAt(() => call(name, ...args), "AT0001", T + message);
});

test("ill-typed assertion calls raise AT0102", () => {
  const cases: [string, Value[], string][] = [
    ["assert", [1, "m"], "assert(): expected bool, got number"],
    ["assertFalse", [false, null], "assertFalse(): expected string, got null"],
    ["assertOk", [some(1)], "assertOk(): expected Result, got option"],
    ["assertSome", [ok(1)], "assertSome(): expected Option, got result"],
    ["assertEmpty", ["abc"], "assertEmpty(): expected array, got string"],
    ["assertLength", [[], "1"], "assertLength(): expected number, got string"],
    ["assertThrows", [1], "assertThrows(): expected function, got number"],
    ["assertNoThrow", [], "assertNoThrow(): expected function, got nothing"],
    ["assertEqual", [1], "assertEqual(): expected a value, got nothing"],
  ];
  for (const [name, args, message] of cases) throwsAt(() => call(name, ...args), "AT0102", message);
});

test("assertThrows / assertNoThrow observe runtime errors raised by the callback", () => {
  const file = new SourceFile("t.atl", "assertThrows(f);\n1 / 0;", null);
  const callSite = span(file, 0, 15);
  const inner = span(file, 17, 22);
  ctx.callSpan = callSite;
  const thrown = call("assertThrows", fn(() => {
    throw new RuntimeError("AT0005", "Divide by zero", inner, "division by zero is undefined");
  }));
  assert.ok(thrown instanceof ErrorValue);
  assert.equal(display(thrown), "AT0005: Divide by zero");
  assert.equal(thrown.origin, inner);
  assert.equal(thrown.help, "division by zero is undefined");
  // an error without a span (a builtin used directly as the callback) gets the call's span
  const viaBuiltin = call("assertThrows", fn(() => call("unwrap", NONE)));
  assert.ok(viaBuiltin instanceof ErrorValue);
  assert.equal(call("errorMessage", viaBuiltin), "Type error: unwrap() called on None");
  assert.equal(call("errorCode", viaBuiltin), "AT0001");
  assert.equal(viaBuiltin.origin, callSite);
  // a host stack overflow is AT0008
  const deep = call("assertThrows", fn(() => {
    const r = (n: number): number => r(n + 1) + 1;
    return r(0);
  }));
  assert.equal(display(deep), "AT0008: Stack overflow");
  // nothing thrown
  throwsAt(
    () => call("assertThrows", fn(() => 1)),
    "AT0001",
    "Type error: assertThrows: expected function to throw, but it returned successfully",
  );
  // internal bugs are not swallowed
  assert.throws(() => call("assertThrows", fn(() => { throw new InternalBug("x"); })), InternalBug);

  assert.equal(call("assertNoThrow", fn(() => "fine")), "fine");
  throwsAt(
    () => call("assertNoThrow", fn(() => call("hashMapGet", 1, 2))),
    "AT0001",
    "Type error: assertNoThrow: expected function to succeed, but it threw: AT0102: hashMapGet(): expected HashMap, got number",
  );
  ctx.callSpan = null;
});
